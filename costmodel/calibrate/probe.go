package calibrate

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
)

// Probes measure hardware figures directly rather than through the fitted
// model: the core clock, the branch-mispredict penalty, cache and memory
// latency, copy bandwidth, and the garbage collector's mark cost.

// xorshiftBranches runs n iterations of a xorshift generator and one
// branch; with random true the branch follows a bit of the generator
// (taken half the time, unpredictably), otherwise the parity of i (taken
// half the time, predictably). The two differ only in mispredictions.
func xorshiftBranches(random bool, n int) {
	x := uint64(n) | 1
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		c := uint64(i)
		if random {
			c = x >> 32
		}
		if c&1 != 0 {
			hits[8] = i
		}
	}
	sinkU64 = x
}

// hostCache is a data or unified cache level of this host, from sysfs.
type hostCache struct {
	Level    int
	SizeKiB  float64
	SharedBy int
}

// hostCaches reads the cache hierarchy of cpu0 from Linux sysfs; it returns
// nil elsewhere.
func hostCaches() []hostCache {
	var cs []hostCache
	dirs, _ := filepath.Glob("/sys/devices/system/cpu/cpu0/cache/index*")
	for _, d := range dirs {
		read := func(f string) string {
			b, _ := os.ReadFile(filepath.Join(d, f))
			return strings.TrimSpace(string(b))
		}
		if t := read("type"); t != "Data" && t != "Unified" {
			continue
		}
		level, _ := strconv.Atoi(read("level"))
		size := read("size")
		mult := 1.0
		switch {
		case strings.HasSuffix(size, "K"):
			size = strings.TrimSuffix(size, "K")
		case strings.HasSuffix(size, "M"):
			size, mult = strings.TrimSuffix(size, "M"), 1024
		}
		kib, err := strconv.ParseFloat(size, 64)
		if err != nil || level == 0 {
			continue
		}
		shared := 1
		if l := read("shared_cpu_list"); l != "" {
			shared = countCPUs(l)
		}
		cs = append(cs, hostCache{Level: level, SizeKiB: kib * mult, SharedBy: shared})
	}
	return cs
}

// countCPUs counts the CPUs in a sysfs list such as "0-3,8".
func countCPUs(list string) int {
	n := 0
	for _, part := range strings.Split(list, ",") {
		lo, hi, ok := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b := a
		var err2 error
		if ok {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 == nil && err2 == nil && b >= a {
			n += b - a + 1
		}
	}
	return max(n, 1)
}

// measureCopyGBps returns single-core copy bandwidth, counting the bytes read
// plus the bytes written, in GB/s.
func measureCopyGBps(o Options) float64 {
	const size = 64 << 20
	a, b := make([]byte, size), make([]byte, size)
	for i := range a {
		a[i] = byte(i)
	}
	copy(b, a)
	var xs []float64
	for range 5 {
		start := threadCPU()
		copy(b, a)
		xs = append(xs, 2*size/float64((threadCPU()-start).Nanoseconds()))
	}
	med, _ := medianSpread(xs)
	return med
}

// GCProbe is the garbage collector's cost measured at two live-heap sizes.
type GCProbe struct {
	LiveBytes [2]float64 // live heap after collection, bytes
	CPUNS     [2]float64 // GC CPU time per forced cycle, ns (runtime/metrics)
	// MarkNSPerByte and FixedNS are the line through the two points.
	MarkNSPerByte, FixedNS float64
}

type gcObj struct {
	p   *gcObj
	pad [7]int
}

// measureGC builds live heaps of pointer-holding 64-byte objects and reads
// the GC CPU time of forced cycles from runtime/metrics.
func measureGC(o Options) GCProbe {
	var g GCProbe
	for k, size := range [2]int{16 << 20, 128 << 20} {
		objs := make([]*gcObj, size/64)
		for i := range objs {
			objs[i] = &gcObj{}
			if i > 0 {
				objs[i].p = objs[i-1]
			}
		}
		runtime.GC()
		// The process does nothing else meanwhile, so its CPU time over
		// forced collections is the collector's (mark, sweep and pauses on
		// every thread). Median of several cycles.
		var xs []float64
		for range 5 {
			cpu0 := processCPU()
			runtime.GC()
			xs = append(xs, float64(processCPU()-cpu0))
		}
		g.LiveBytes[k] = liveHeapBytes()
		g.CPUNS[k], _ = medianSpread(xs)
		runtime.KeepAlive(objs)
		o.progress("calibrate: GC with %.0f MiB live: %.2f ms CPU per cycle", g.LiveBytes[k]/(1<<20), g.CPUNS[k]/1e6)
	}
	runtime.GC()
	if d := g.LiveBytes[1] - g.LiveBytes[0]; d > 0 {
		g.MarkNSPerByte = max((g.CPUNS[1]-g.CPUNS[0])/d, 1e-4)
	}
	g.FixedNS = max(g.CPUNS[0]-g.MarkNSPerByte*g.LiveBytes[0], 0)
	return g
}

func liveHeapBytes() float64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return float64(s[0].Value.Uint64())
}
