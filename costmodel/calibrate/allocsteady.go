package calibrate

import (
	"runtime"
	"runtime/debug"
	"slices"
	"time"
)

// SteadyAllocProbe is allocation as a benchmark's loop sees it: objects
// allocated and dropped with the collector on, at go test's GOMAXPROCS,
// timed by the wall clock. The malloc curve is fitted with the collector
// off on a warm heap (measure.go); the difference, per allocated byte, is
// what the steady state adds: sweeping and re-initialising spans, objects
// allocated black while a cycle marks, the collector's workers taking the
// other CPUs' time, and pages the scavenger returned to the OS faulted in
// again. It is the profile's runtime.gc.sweep_cycles_per_byte.
type SteadyAllocProbe struct {
	Sizes []int     // object sizes, bytes
	NS    []float64 // wall ns per allocation at each size (the fit's quantile of the rounds)
}

// steadyAllocSizes are the probe's object sizes: large enough that the
// per-byte part dominates the per-object one, and points of the malloc
// curve, so the fitted cost at the size is measured, not interpolated.
var steadyAllocSizes = []int{512, 4096}

// steadyAllocBytes is what one round allocates at each size: some 60
// collections at the minimum heap goal, so that a round spans many cycles
// and the scavenger's pace.
const steadyAllocBytes = 256 << 20

// measureSteadyAlloc times steadyAllocBytes of allocation per size and
// round, interleaved, with GOGC=100 and GOMAXPROCS at the host's CPUs, as
// go test runs a benchmark.
func measureSteadyAlloc(o Options) SteadyAllocProbe {
	procs := runtime.GOMAXPROCS(runtime.NumCPU())
	defer runtime.GOMAXPROCS(procs)
	gc := debug.SetGCPercent(100)
	defer debug.SetGCPercent(gc)
	const perIter = 2 * allocPairsRun // allocations per kernel iteration (k = 1)
	samples := make([][]float64, len(steadyAllocSizes))
	for r := range max(o.Rounds/3, 3) {
		for i, size := range steadyAllocSizes {
			run := allocKernel(size, 1)
			n := steadyAllocBytes / (perIter * size)
			if r == 0 {
				run(n / 4) // warm the heap and the scavenger's state
			}
			start := time.Now()
			run(n)
			samples[i] = append(samples[i], float64(time.Since(start).Nanoseconds())/float64(n*perIter))
		}
	}
	p := SteadyAllocProbe{Sizes: slices.Clone(steadyAllocSizes)}
	for _, xs := range samples {
		p.NS = append(p.NS, quantile(xs, o.Quantile))
	}
	runtime.GC()
	return p
}

// cyclesPerByte returns what the steady state adds to each allocated byte,
// in cycles at ghz, over mallocCycles (the fitted collector-off cost of one
// allocation of a size): the mean over the probe's sizes, at least 0.
func (p SteadyAllocProbe) cyclesPerByte(ghz float64, mallocCycles func(size float64) float64) float64 {
	if len(p.NS) == 0 || ghz <= 0 {
		return 0
	}
	sum := 0.0
	for i, size := range p.Sizes {
		sum += max(p.NS[i]*ghz-mallocCycles(float64(size)), 0) / float64(size)
	}
	return sum / float64(len(p.Sizes))
}
