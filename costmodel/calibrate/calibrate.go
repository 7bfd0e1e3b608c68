package calibrate

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
)

// Result is everything one calibration run measured and fitted.
type Result struct {
	Host       string // host name
	CPU        string // processor model name, from /proc/cpuinfo
	CPUID      costmodel.CPUID
	GoVersion  string
	GOMAXPROCS int    // during the measurements
	CPUs       int    // logical CPUs of the host
	Date       string // UTC, YYYY-MM-DD
	Base       string // the profile the priors came from
	Rounds     int
	Quantile   float64

	GHz          float64 // measured core clock
	Benchmarks   []Benchmark
	Measurements []Measurement // by benchmark, in Suite order
	Fit          *Fit          // fitted on every benchmark: the host profile's values
	CV           *CrossValidation

	MispredictCycles float64
	IntChainCycles   float64      // cycles per int op in one dependency chain (probe, not fitted)
	Caches           []CacheProbe // one per level; L3's from the sweep (effectiveL3)
	// L3Sweep is the L3 probe at every working set swept, from twice L2
	// up; nil when the host has no L3.
	L3Sweep  []CacheProbe
	CopyGBps float64
	// MapMiss is what a lookup in a map beyond the private caches costs
	// over one in cache (zero: not measured), which gives the profile's
	// memory.random_overlap.
	MapMiss MapMissProbe
	GC      GCProbe
	// SteadyAlloc is allocation with the collector on, by the wall
	// clock, at the malloc curve's sizes: the profile's runtime.gc.steady
	// curve, over the malloc curve.
	SteadyAlloc SteadyAllocProbe
	// PageFaultNS is the CPU time of the first touch of a page of fresh
	// memory (0: not measured).
	PageFaultNS float64
	// ClockRandom is what a clock read and a crypto/rand read cost (zero:
	// not measured).
	ClockRandom ClockRandomProbe
	Elapsed     time.Duration
}

// Run calibrates the current host: it measures the suite and the probes and
// fits the model, starting from base (whose values are the fit's priors).
func Run(base *costmodel.Profile, o Options) (*Result, error) {
	if o.Rounds < 3 {
		return nil, errors.New("calibrate: need at least 3 rounds")
	}
	if o.SampleTime <= 0 {
		o.SampleTime = DefaultOptions.SampleTime
	}
	if o.Quantile <= 0 || o.Quantile >= 1 {
		o.Quantile = 0.5
	}
	// Steady allocation first, as go test runs a benchmark: with the heap
	// as small as a test binary's (after the probes below, working sets of
	// some 600 MiB and a collection marking 146 MiB, the same allocations
	// cost half as much again, twice as much at 32 KiB) and the goroutine
	// not locked to its thread (a locked one hands its P from thread to
	// thread whenever the collector stops it: 16-byte objects cost 60% more).
	start := time.Now()
	steady := measureSteadyAlloc(o)
	o.progress("calibrate: steady allocation with the collector on: %s", steady)

	// Thread CPU time is only meaningful if the goroutine stays on its
	// thread. One P: no idle P spins for work or runs GC workers beside the
	// benchmark (on an SMT sibling that would slow it down), and goroutine
	// benchmarks measure creation and scheduling, not cross-core wake-ups.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	procs := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(procs)
	host, _ := os.Hostname()
	res := &Result{
		Host: host, GoVersion: runtime.Version(), GOMAXPROCS: 1, CPUs: runtime.NumCPU(),
		Date: start.UTC().Format("2006-01-02"), Base: base.Name, Rounds: o.Rounds, Quantile: o.Quantile,
	}
	res.CPU, res.CPUID = costmodel.HostCPU()
	bs := Suite()
	res.Benchmarks = bs
	res.SteadyAlloc = steady

	// The memory-hierarchy probes' working sets, built before the timing
	// starts: they are sampled with everything else (memprobe.go).
	r := rand.New(rand.NewPCG(3, 4))
	plan := probeSizes(base, o)
	chases := make([]*chase, len(plan))
	for i, c := range plan {
		chases[i] = newChase(c.WorkingSet, r)
		plan[i].HugePages = chases[i].hugePages()
	}
	mapSmall, mapLarge, mapBytes := mapMissKernels()

	// Everything timed in one interleaved set: the clock, the suite, and the
	// probes that are plain kernels.
	ts := []timed{{name: "clock", run: func(n int) { sinkInt = addChain(n) }}}
	for _, b := range bs {
		var bytes float64
		for _, a := range b.Allocs {
			bytes += a.Size * a.Count
		}
		ts = append(ts, timed{name: b.Name, allocs: bytes, threads: b.Threads, run: b.Run})
	}
	iChain := len(ts)
	ts = append(ts,
		timed{name: "int/chain", run: intChain},
		timed{name: "branch/xorshift-parity", run: func(n int) { xorshiftBranches(false, n) }},
		timed{name: "branch/xorshift-random", run: func(n int) { xorshiftBranches(true, n) }})
	iChase := len(ts)
	for i, c := range plan {
		ts = append(ts, chases[i].timed("chase/"+c.Level+"/"+sizeString(c.WorkingSet), c.Level != "memory"))
	}
	iMap := len(ts)
	ts = append(ts, mapSmall, mapLarge)
	o.progress("calibrate: %d microbenchmarks × %d interleaved rounds of ~%v CPU time each, the %d memory probes %d samples of ~%v a round (other load on the machine adds noise)",
		iChase, o.Rounds, o.SampleTime, len(ts)-iChase, probeReps, probeSample)
	ms := measureAll(ts, o)
	res.GHz = addsPerIteration / ms[0].Time
	o.progress("calibrate: core clock %.2f GHz", res.GHz)
	res.Measurements = ms[1:iChain]
	res.IntChainCycles = ms[iChain].Time * res.GHz / (24 + 2)
	measured := make([]float64, len(bs))
	for i, m := range res.Measurements {
		measured[i] = m.Time
	}
	// One branch per iteration, half of the random ones mispredicted.
	parity, random := ms[iChain+1].Time, ms[iChain+2].Time
	res.MispredictCycles = max(random-parity, 0) / 0.5 * res.GHz

	prior := Prior(base)
	var err error
	if res.Fit, err = FitModel(bs, measured, prior, func(b Benchmark) bool { return b.Fold >= 0 }); err != nil {
		return nil, err
	}
	if res.CV, err = CrossValidate(bs, measured, prior); err != nil {
		return nil, err
	}
	o.progress("calibrate: fit R²(log) %.4f, RMS error %.1f%%; cross-validated max error %.1f%%",
		res.Fit.R2Log, 100*res.Fit.RMSRel, 100*res.CV.MaxRel)

	var probes []CacheProbe
	for i, c := range plan {
		m := ms[iChase+i]
		c.NS, c.Cycles = m.Time, m.Time*res.GHz
		c.Spread, c.Samples = m.Spread, len(m.Samples)
		probes = append(probes, c)
		o.progress("calibrate: %s latency (%s working set, %.0f%% on huge pages): %.1f ns = %.0f cycles, spread %.0f%% over %d samples",
			c.Level, sizeString(c.WorkingSet), 100*max(c.HugePages, 0), c.NS, c.Cycles, 100*c.Spread, c.Samples)
	}
	res.Caches, res.L3Sweep = effectiveL3(probes)
	res.MapMiss = MapMissProbe{WorkingSet: mapBytes, ExtraNS: ms[iMap+1].Time - ms[iMap].Time}
	o.progress("calibrate: map lookup beyond the private caches (%s of tables): %.1f ns over one in cache", sizeString(int(res.MapMiss.WorkingSet)), res.MapMiss.ExtraNS)
	// The probes' working sets (some 600 MiB) are garbage from here:
	// collect them and return their memory before the probes that follow
	// measure the heap.
	debug.FreeOSMemory()
	res.CopyGBps = measureCopyGBps(o)
	o.progress("calibrate: single-core copy bandwidth %.1f GB/s", res.CopyGBps)
	res.GC = measureGC(o)
	res.PageFaultNS = measurePageFault(o)
	o.progress("calibrate: first touch of a fresh 4 KiB page %.2f µs", res.PageFaultNS/1e3)
	res.ClockRandom = measureClockRandom(o)
	o.progress("calibrate: time.Now %.1f ns, time.Since %.1f ns, crypto/rand.Read %.0f ns + %.2f ns/byte",
		res.ClockRandom.NowNS, res.ClockRandom.SinceNS, res.ClockRandom.RandomNS, res.ClockRandom.RandomNSPerByte)
	res.Elapsed = time.Since(start)
	return res, nil
}

// effectiveL3 collapses the L3 sweep among probes into one L3 probe: the
// plateau of working sets that hit in L3. A pointer chase over a working set
// larger than the cache it runs in misses on (nearly) every step, so the
// latency stays near the first sweep point's while the set fits and jumps
// toward main memory's once it does not; the plateau is the points whose
// latency is closer to the first point's than to memory's. The L3 probe
// returned has the plateau's median latency, and as working set the largest
// plateau point, a lower bound on the capacity this core really gets (on a
// cloud guest, often a fraction of what sysfs reports: other tenants share
// it). When the first point is already closer to memory's latency than to
// L2's, there is no plateau: the level is the first point alone, capped
// there, at the latency measured (memory's, in effect). Its samples are
// the plateau's, its spread their median spread. It returns the probes
// with the sweep replaced, and the sweep.
func effectiveL3(probes []CacheProbe) (out, sweep []CacheProbe) {
	var l2, mem float64
	for _, p := range probes {
		switch p.Level {
		case "L2":
			l2 = p.NS
		case "L3":
			sweep = append(sweep, p)
		case "memory":
			mem = p.NS
		}
	}
	if len(sweep) == 0 {
		return probes, nil
	}
	mid := (sweep[0].NS + mem) / 2
	plateau := []CacheProbe{sweep[0]}
	capped := false
	if l2 > 0 && mem > 0 && sweep[0].NS > (l2+mem)/2 {
		// Already memory-like at twice L2: this core gets less
		// L3 than that. The first point stands for the level, at
		// memory's latency, so that beyond L2 is charged as memory.
		capped = len(sweep) > 1
	} else {
		for _, p := range sweep[1:] {
			if p.NS > mid {
				capped = true
				break
			}
			plateau = append(plateau, p)
		}
	}
	ns := make([]float64, len(plateau))
	cyc := make([]float64, len(plateau))
	spread := make([]float64, len(plateau))
	samples := 0
	for i, p := range plateau {
		ns[i], cyc[i], spread[i] = p.NS, p.Cycles, p.Spread
		samples += p.Samples
	}
	slices.Sort(ns)
	slices.Sort(cyc)
	slices.Sort(spread)
	top := plateau[len(plateau)-1]
	l3 := CacheProbe{Level: "L3", WorkingSet: top.WorkingSet, NS: median(ns), Cycles: median(cyc),
		Spread: median(spread), Samples: samples, HugePages: top.HugePages, Capped: capped}
	for _, p := range probes {
		if p.Level == "L3" {
			if l3.Level != "" {
				out = append(out, l3)
				l3.Level = ""
			}
			continue
		}
		out = append(out, p)
	}
	return out, sweep
}

// median of sorted xs (not empty).
func median(xs []float64) float64 {
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// probeSizes picks a working set inside each cache level (half of it, and
// at least twice the level before) and one for main memory.
func probeSizes(base *costmodel.Profile, o Options) []CacheProbe {
	sizes := map[int]float64{}
	for _, c := range base.Caches {
		switch c.Level {
		case "L1d":
			sizes[1] = c.SizeKiB
		case "L2":
			sizes[2] = c.SizeKiB
		case "L3":
			sizes[3] = c.SizeKiB / float64(max(c.SharedBy, 1))
		}
	}
	for _, h := range hostCaches() {
		sizes[h.Level] = h.SizeKiB
		if h.Level == 3 {
			sizes[3] = h.SizeKiB / float64(max(h.SharedBy, 1))
		}
	}
	l3Total := 0.0 // KiB, the whole L3 as the profile or sysfs gives it
	for _, c := range base.Caches {
		if c.Level == "L3" {
			l3Total = c.SizeKiB
		}
	}
	var ps []CacheProbe
	prev := 0
	for lvl := 1; lvl <= 3; lvl++ {
		kib, ok := sizes[lvl]
		if !ok {
			continue
		}
		ws := max(int(kib*1024/2), 2*prev, 8<<10)
		name := fmt.Sprintf("L%d", lvl)
		if lvl == 1 {
			name = "L1d"
		}
		if lvl == 3 {
			// A sweep from twice L2 (the L2 probe is at half
			// its level) up to this core's share of L3, at
			// most 64 MiB: on a cloud guest the capacity sysfs
			// reports is the host's, and what the guest gets
			// can be far less (effectiveL3).
			top := max(min(int(kib*1024), 64<<20), 4*prev)
			for ws := 4 * prev; ws <= top; ws *= 2 {
				ps = append(ps, CacheProbe{Level: name, WorkingSet: ws})
			}
			continue
		}
		ps = append(ps, CacheProbe{Level: name, WorkingSet: ws})
		prev = ws
	}
	mem := o.MemoryMiB << 20
	if mem <= 0 {
		mem = memoryWorkingSet(l3Total)
	}
	return append(ps, CacheProbe{Level: "memory", WorkingSet: mem})
}

// memoryWorkingSet is the main-memory probe's working set for an L3 of
// l3KiB: four times it, within [64, 512] MiB. The profile has one memory
// latency for every access that misses the caches, and the latency the Go
// heap sees on 4 KiB pages grows with the working set through page walks
// (on the Zen 5 guest: about 150 ns at 8 MiB, 300 at 64, 360 at 128 and
// 450 at 512); a benchmark that spills the L3 spills it by a few times
// more often than by hundreds of MiB, so that is where the latency is
// measured.
func memoryWorkingSet(l3KiB float64) int {
	ws := int(4 * l3KiB * 1024)
	return min(max(ws, 64<<20), 512<<20)
}

// samplesString describes the samples behind a probe and its pages.
func (c CacheProbe) samplesString() string {
	pages := "pages not known"
	if c.HugePages >= 0 {
		pages = fmt.Sprintf("%.0f%% on huge pages", 100*c.HugePages)
	}
	return fmt.Sprintf("%d samples, spread %.0f%%, %s", c.Samples, 100*c.Spread, pages)
}

func sizeString(b int) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%d MiB", b>>20)
	default:
		return fmt.Sprintf("%d KiB", b>>10)
	}
}

// Prior returns the base profile's expectation of every column, in ns, and
// lower bounds of zero. An instruction's reciprocal throughput is not a
// valid lower bound in an additive model: loads, ALU operations and
// branches issue to different ports in the same cycle, so a mixed kernel
// runs faster than the sum of its classes' throughput costs, and the fit
// must be free to discount a class that overlaps with others.
func Prior(base *costmodel.Profile) Priors {
	ns := base.NSPerCycle()
	cols := Columns()
	p := make([]float64, len(cols))
	lo := make([]float64, len(cols))
	for j, c := range cols {
		switch {
		case c.Class != "":
			p[j] = base.Ops[c.Class].Cycles * ns
		case c.Syscall:
			p[j] = base.Runtime.Syscall.Cycles * ns
		default:
			p[j] = base.MallocCycles(1, c.MallocSize) * ns
		}
	}
	return Priors{Expect: p, Lower: lo}
}

// DetectBase returns the built-in profile whose CPUID matches this host.
func DetectBase() (*costmodel.Profile, error) {
	name, id := costmodel.HostCPU()
	for _, p := range costmodel.Profiles() {
		if p.Matches(id) {
			return p, nil
		}
	}
	return nil, fmt.Errorf("no built-in profile matches this processor (%s, %s family %d model %v); choose one with -base", name, id.Vendor, id.Family, id.Models)
}

// HostProfile returns a profile for this host: base with every measured or
// fitted value replaced and cited as "calib". Instruction latencies and
// throughputs stay as published; the point estimates (cycles) are fitted.
func (r *Result) HostProfile(base *costmodel.Profile, name string) *costmodel.Profile {
	p := cloneProfile(base)
	p.Name = name
	p.Title = fmt.Sprintf("%s calibrated on %s", base.Title, r.Host)
	p.Base = base.Name
	p.Calibrated = fmt.Sprintf("%s on %s (%s), %s, GOMAXPROCS=%d; fit R²(log)=%.4f RMS=%.1f%%; cross-validated max error %.1f%%",
		r.Date, r.Host, r.CPU, r.GoVersion, r.GOMAXPROCS, r.Fit.R2Log, 100*r.Fit.RMSRel, 100*r.CV.MaxRel)
	p.CPUID = r.CPUID
	p.Sources["calib"] = fmt.Sprintf("calibrated on %s %s by perfcast calibrate: medians of %d interleaved samples per microbenchmark on a shared machine, fitted by non-negative least squares (gonum)", r.Host, r.Date, r.Rounds)
	p.Sources["host-sysfs"] = "cache sizes of this host from /sys/devices/system/cpu/cpu0/cache"
	calib := []string{"calib"}

	p.Clock.TurboAllCoreGHz = r.GHz
	p.Clock.TurboMaxGHz = max(p.Clock.TurboMaxGHz, r.GHz)
	p.Clock.Src = append(slices.Clone(base.Clock.Src), "calib")
	if r.MispredictCycles > 0 {
		p.Branch = costmodel.Branch{MispredictCycles: round3(r.MispredictCycles), Src: calib}
		// A misprediction costs what the probe measured.
		delete(p.Ops, manifest.OpMispredict)
		p.DefaultMispredictOp()
	}
	for j, c := range r.Fit.Columns {
		if !r.Fit.Used[j] || c.Class == "" {
			continue
		}
		oc := p.Ops[c.Class]
		cyc := round3(max(r.Fit.NS[j]*r.GHz, 0.01))
		oc.Cycles = cyc
		if oc.Low > 0 && oc.Low > cyc {
			oc.Low = cyc
		}
		if oc.High > 0 && oc.High < cyc {
			oc.High = cyc
		}
		oc.Src = append([]string{"calib"}, oc.Src...)
		p.Ops[c.Class] = oc
	}
	var pts []costmodel.MallocPoint
	for j, c := range r.Fit.Columns {
		if c.MallocSize > 0 {
			pts = append(pts, costmodel.MallocPoint{Size: c.MallocSize, Cycles: round3(max(r.Fit.NS[j]*r.GHz, 1))})
		}
		if c.Syscall && r.Fit.Used[j] {
			p.Runtime.Syscall = costmodel.Syscall{Cycles: round3(max(r.Fit.NS[j]*r.GHz, 1)), Src: calib}
		}
	}
	p.Runtime.Malloc = costmodel.Malloc{Points: pts, Src: calib}
	// Only the slope is taken: the intercept of the forced-collection fit is
	// dominated by runtime.GC's synchronous full sweep and by stop-the-world
	// waits on a loaded host (0 to 2.6 ms across our runs), not by what a
	// background cycle costs a running program; the base's fixed cost stays.
	if r.GC.MarkNSPerByte > 0 {
		p.Runtime.GC.MarkCyclesPerByte = round3(r.GC.MarkNSPerByte * r.GHz)
		p.Runtime.GC.Src = append([]string{"calib"}, base.Runtime.GC.Src...)
	}
	// What steady allocation adds to an allocation over the collector-off
	// malloc curve, at the curve's sizes (SteadyAllocProbe).
	if pts := r.SteadyAlloc.points(r.GHz, func(size float64) float64 { return p.MallocCycles(1, size) }); len(pts) > 0 {
		p.Runtime.GC.Steady = pts
		if !slices.Contains(p.Runtime.GC.Src, "calib") {
			p.Runtime.GC.Src = append([]string{"calib"}, p.Runtime.GC.Src...)
		}
	}
	if r.PageFaultNS > 0 {
		p.Runtime.PageFault = costmodel.PageFault{Cycles: round3(r.PageFaultNS * r.GHz), Src: calib}
	}
	if c := r.ClockRandom.ClockNS(); c > 0 {
		p.Runtime.Clock = costmodel.ClockRead{Cycles: round3(c * r.GHz), Src: calib}
	}
	if c := r.ClockRandom; c.RandomNS > 0 {
		p.Runtime.Random = costmodel.RandomRead{Cycles: round3(c.RandomNS * r.GHz), CyclesPerByte: round3(c.RandomNSPerByte * r.GHz), Src: calib}
	}

	host := hostCaches()
	for i := range p.Caches {
		c := &p.Caches[i]
		for _, pr := range r.Caches {
			if pr.Level == c.Level {
				c.LatencyCycles = round3(pr.Cycles)
				c.Src = calib
			}
		}
		for _, h := range host {
			if fmt.Sprintf("L%d", h.Level) == c.Level || h.Level == 1 && c.Level == "L1d" {
				c.SizeKiB, c.SharedBy = h.SizeKiB, h.SharedBy
				c.Src = append(slices.Clone(c.Src), "host-sysfs")
			}
		}
	}
	for i := range p.Caches {
		c := &p.Caches[i]
		for _, pr := range r.Caches {
			// The sweep found where L3 stops holding the
			// working set: that, not sysfs's figure, is the
			// capacity this core gets (a lower bound; see
			// effectiveL3).
			if pr.Level == c.Level && pr.Capped && float64(pr.WorkingSet)/1024 < c.SizeKiB {
				c.SizeKiB, c.SharedBy = float64(pr.WorkingSet)/1024, 1
			}
		}
	}
	for _, pr := range r.Caches {
		if pr.Level == "memory" {
			p.Memory.LatencyNs = round3(pr.NS)
		}
		// The probes are pointer chases: each level's figure is the
		// latency of a dependent load that finds its line there. A
		// step of a chain in cache (costmodel.ChainClasses) waits
		// for L1's; the deeper levels' are the caches' latencies,
		// which price the misses of descents.
		if pr.Level == "L1d" && pr.Cycles > 0 {
			cyc := round3(pr.Cycles)
			for _, c := range costmodel.ChainClasses {
				p.Ops[c] = costmodel.OpCost{Latency: cyc, Cycles: cyc, Low: round3(cyc / 2), Src: calib}
			}
		}
	}
	if r.CopyGBps > 0 {
		p.Memory.CoreBandwidthGBps = round3(r.CopyGBps)
	}
	p.Memory.Src = append([]string{"calib"}, base.Memory.Src...)
	if ov, ok := r.randomOverlap(p); ok {
		p.Memory.RandomOverlap = ov
		p.Memory.Src = slices.DeleteFunc(p.Memory.Src, func(s string) bool { return s == costmodel.RandomOverlapEstKey })
	}
	return p
}

// maxRandomOverlap bounds a measured memory.random_overlap: no core has
// more misses in flight than its fill buffers (12 to 24 on the built-in
// profiles' cores), and a noisy sample near zero must not make misses free.
const maxRandomOverlap = 16

// randomOverlap is the profile's memory.random_overlap from the map
// probe: what p's caches charge a random access to the probe's working
// set (p.MissCycles, the chase latencies) over what the lookups paid
// beyond the same lookups in cache, between 1 and maxRandomOverlap.
// It reports false when the probe did not run or measured no extra time.
func (r *Result) randomOverlap(p *costmodel.Profile) (float64, bool) {
	extra := r.MapMiss.ExtraNS * r.GHz
	if !(extra > 0) || !(r.MapMiss.WorkingSet > 0) {
		return 0, false
	}
	miss := p.MissCycles(r.MapMiss.WorkingSet)
	if !(miss > 0) {
		return 0, false
	}
	return round3(min(max(miss/extra, 1), maxRandomOverlap)), true
}

func round3(x float64) float64 {
	if x == 0 {
		return 0
	}
	mag := math.Pow(10, 3-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*mag) / mag
}

func cloneProfile(b *costmodel.Profile) *costmodel.Profile {
	p := *b
	p.Sources = map[string]string{}
	for k, v := range b.Sources {
		p.Sources[k] = v
	}
	p.Ops = map[manifest.OpClass]costmodel.OpCost{}
	for k, v := range b.Ops {
		v.Src = slices.Clone(v.Src)
		p.Ops[k] = v
	}
	p.Caches = slices.Clone(b.Caches)
	p.CPUID.Models = slices.Clone(b.CPUID.Models)
	p.Runtime.Malloc.Points = slices.Clone(b.Runtime.Malloc.Points)
	return &p
}

// WriteReport writes a human-readable account of the run: the probes, the
// fit and its residuals per benchmark, and the cross-validation.
func (r *Result) WriteReport(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "calibration of %s (%s, %d CPUs), %s, GOMAXPROCS=%d, %s, base profile %s\n", r.Host, r.CPU, r.CPUs, r.GoVersion, r.GOMAXPROCS, r.Date, r.Base)
	fmt.Fprintf(bw, "%d microbenchmarks, %d interleaved samples each, timed in CPU time; the fit uses quantile %.2f of the samples (0.5 = median); took %v\n\n",
		len(r.Benchmarks), r.Rounds, r.Quantile, r.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(bw, "core clock            %.3f GHz\n", r.GHz)
	fmt.Fprintf(bw, "branch mispredict     %.1f cycles\n", r.MispredictCycles)
	fmt.Fprintf(bw, "dependent int op      %.2f cycles (one chain; the fitted int cost assumes typical overlap)\n", r.IntChainCycles)
	for _, c := range r.Caches {
		note := ""
		if c.Capped {
			note = "; the largest that hits: capacity this core gets"
		}
		fmt.Fprintf(bw, "%-6s latency        %.1f ns = %.1f cycles (working set %s%s; %s)\n", c.Level, c.NS, c.Cycles, sizeString(c.WorkingSet), note, c.samplesString())
	}
	for _, c := range r.L3Sweep {
		fmt.Fprintf(bw, "  L3 sweep %8s  %.1f ns (%s)\n", sizeString(c.WorkingSet), c.NS, c.samplesString())
	}
	if r.MapMiss.WorkingSet > 0 {
		fmt.Fprintf(bw, "map lookup miss       %.1f ns over one in cache (%s of tables)\n", r.MapMiss.ExtraNS, sizeString(int(r.MapMiss.WorkingSet)))
	}
	fmt.Fprintf(bw, "copy bandwidth        %.1f GB/s (read+write, one core)\n", r.CopyGBps)
	fmt.Fprintf(bw, "GC mark               %.3f ns/live byte (intercept %.0f µs per forced cycle, not used; live %.0f and %.0f MiB)\n",
		r.GC.MarkNSPerByte, r.GC.FixedNS/1e3, r.GC.LiveBytes[0]/(1<<20), r.GC.LiveBytes[1]/(1<<20))
	for i, size := range r.SteadyAlloc.Sizes {
		fmt.Fprintf(bw, "steady alloc %5d B  %.0f ns (collector on, GOMAXPROCS=%d, wall clock)\n", size, r.SteadyAlloc.NS[i], r.CPUs)
	}
	fmt.Fprintf(bw, "page fault            %.2f µs (first touch of a fresh 4 KiB page, CPU time)\n", r.PageFaultNS/1e3)
	fmt.Fprintf(bw, "clock read            %.1f ns (time.Now %.1f ns = two reads; time.Since %.1f ns)\n", r.ClockRandom.ClockNS(), r.ClockRandom.NowNS, r.ClockRandom.SinceNS)
	fmt.Fprintf(bw, "crypto/rand.Read      %.1f ns + %.3f ns/byte (%d- and %d-byte reads)\n\n", r.ClockRandom.RandomNS, r.ClockRandom.RandomNSPerByte, randomSmall, randomLarge)

	fmt.Fprintf(bw, "fitted constants (all benchmarks):\n")
	for j, c := range r.Fit.Columns {
		note := ""
		if !r.Fit.Used[j] {
			note = "  (no benchmark; prior kept)"
		}
		fmt.Fprintf(bw, "  %-12s %10.3f ns  %10.2f cycles%s\n", c.Name, r.Fit.NS[j], r.Fit.NS[j]*r.GHz, note)
	}
	fmt.Fprintf(bw, "\nfit on all: R²(log) = %.4f, RMS relative error %.1f%%, max %.1f%%\n", r.Fit.R2Log, 100*r.Fit.RMSRel, 100*r.Fit.MaxRel)
	fmt.Fprintf(bw, "\n%-16s %4s %10s %10s %7s %10s %8s %10s %8s\n", "benchmark", "fold", "median ns", "used ns", "spread", "fit ns", "resid", "held ns", "error")
	held := map[string]Residual{}
	for k := range 2 {
		for _, h := range r.CV.Held[k] {
			held[h.Name] = h
		}
	}
	for i, b := range r.Benchmarks {
		m := r.Measurements[i]
		fa := Residual{Name: b.Name, Measured: m.Time, Predicted: r.Fit.Predict(b)}
		h, ok := held[b.Name]
		hs := "       (not fitted)"
		if ok {
			hs = fmt.Sprintf("%10.2f %+7.1f%%", h.Predicted, 100*h.RelErr())
		}
		fmt.Fprintf(bw, "%-16s %4d %10.2f %10.2f %6.1f%% %10.2f %+7.1f%% %s\n", b.Name, b.Fold, m.Median, m.Time, 100*m.Spread, fa.Predicted, 100*fa.RelErr(), hs)
	}
	fmt.Fprintf(bw, "\ncross-validation (fit on one fold, predict the other, both ways): max |error| %.1f%%, RMS %.1f%%\n", 100*r.CV.MaxRel, 100*r.CV.RMSRel)
	return bw.Flush()
}
