package calibrate

import (
	"math/rand/v2"
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

// chase is a pointer-chasing ring over a working set: each visited element
// holds the index of the next, in a random cyclic order, one per cache line,
// so every step is a dependent load that misses the levels smaller than the
// working set.
type chase struct {
	next []uint32
}

func newChase(bytes int, r *rand.Rand) *chase {
	const stride = 16 // uint32s per 64-byte line
	lines := max(bytes/64, 2)
	c := &chase{next: hugeUint32s(lines * stride)}
	order := r.Perm(lines)
	for k := range lines {
		c.next[order[k]*stride] = uint32(order[(k+1)%lines] * stride)
	}
	return c
}

func (c *chase) run(n int) {
	j := uint32(0)
	next := c.next
	for i := 0; i < n; i++ {
		j = next[j]
	}
	sinkInt = int(j)
}

// CacheProbe is the measured load-to-use latency of one cache level.
type CacheProbe struct {
	Level      string  // "L1d", "L2", "L3", "memory"
	WorkingSet int     // bytes chased
	NS         float64 // per dependent load (median)
	Cycles     float64 // NS × measured clock
	// Capped is set on the L3 probe when the sweep saw the latency
	// jump toward memory's beyond WorkingSet: the level holds less
	// than the next working set swept (effectiveL3).
	Capped bool
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

// measureChase returns the median ns per step of a chase over bytes.
func measureChase(bytes int, o Options, r *rand.Rand) float64 {
	c := newChase(bytes, r)
	t := timed{name: "chase", run: c.run}
	c.run(len(c.next) / 16) // touch every line once
	n := pickN(t, o.SampleTime)
	xs := make([]float64, 0, o.Rounds)
	for range max(3, o.Rounds/2) {
		xs = append(xs, sample(t, n))
	}
	med, _ := medianSpread(xs)
	return med
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

// MapMissProbe is what a map lookup costs beyond the same lookup in
// cache when its map is larger than the private caches: the input of
// the profile's memory.random_overlap (HostProfile), which compares it
// with what the probed latencies charge a random access to a working set
// that size (costmodel.Profile.MissCycles).
type MapMissProbe struct {
	WorkingSet float64 // bytes of the large map's tables
	ExtraNS    float64 // per lookup, large map minus small (median)
}

// mapMissEntries is the large map of the probe: 256k int entries, some
// 9 MB of tables (512 tables of 1024 slots), beyond every built-in
// profile's L2 and within its L3.
const mapMissEntries = 1 << 18

// lookupLoop sums m[k] for the keys 0, 1, … n−1 taken modulo size: the
// keys are independent of the lookups, as in most loops, and the hash
// scatters them over the table.
func lookupLoop(m map[int]int, size, n int) {
	s, k := 0, 0
	for i := 0; i < n; i++ {
		s += m[k]
		k++
		if k == size {
			k = 0
		}
	}
	sinkInt = s
}

// measureMapMiss times lookups in a map of 1024 entries (in cache) and in
// one of mapMissEntries, interleaved, and returns the median difference
// per lookup with the large map's heap size.
func measureMapMiss(o Options) MapMissProbe {
	small := make(map[int]int)
	for i := range 1024 {
		small[i] = i
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	large := make(map[int]int)
	for i := range mapMissEntries {
		large[i] = i
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	ts := timed{name: "map small", run: func(n int) { lookupLoop(small, 1024, n) }}
	tl := timed{name: "map large", run: func(n int) { lookupLoop(large, mapMissEntries, n) }}
	tl.run(mapMissEntries) // touch every group once
	n := pickN(tl, o.SampleTime)
	xs := make([]float64, 0, o.Rounds)
	for range max(3, o.Rounds/2) {
		xs = append(xs, sample(tl, n)-sample(ts, n))
	}
	med, _ := medianSpread(xs)
	runtime.KeepAlive(large)
	return MapMissProbe{WorkingSet: float64(after.HeapAlloc) - float64(before.HeapAlloc), ExtraNS: med}
}
