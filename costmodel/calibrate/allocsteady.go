package calibrate

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/perfcast/perfcast/costmodel"
)

// SteadyAllocProbe is allocation as a benchmark's loop sees it: objects
// allocated and dropped with the collector on, at go test's GOMAXPROCS,
// timed by the wall clock. The malloc curve is fitted with the collector
// off on a warm heap (measure.go); the difference at each size is what the
// steady state adds to one allocation: sweeping and re-initialising spans,
// fresh cache lines, objects allocated black while a cycle marks, the
// collector's workers taking the other CPUs' time, and pages the
// scavenger returned to the OS faulted in again. It is the profile's
// runtime.gc.steady curve. The cost is far from proportional to the size:
// on a Zen 5 guest a 16-byte object adds a third of a cycle per byte, a
// 512-byte one over a cycle, which a per-byte constant fitted on large
// objects charged to every small one.
type SteadyAllocProbe struct {
	Sizes []int     // object sizes, bytes
	NS    []float64 // wall ns per allocation at each size (the fit's quantile of the rounds)
}

// steadyAllocBytes is what one round allocates at each size: some 8
// collections at the minimum heap goal, so that a round spans many cycles
// and the scavenger's pace.
const steadyAllocBytes = 32 << 20

// measureSteadyAlloc times steadyAllocBytes of allocation per size and
// round, at the malloc curve's sizes from the smallest, with GOGC=100 and
// GOMAXPROCS at the host's CPUs, as go test runs a benchmark. The rounds of
// a size run back to back, not interleaved with the other sizes': a heap
// that has just held 32 KiB objects makes 16-byte ones a third dearer, and
// a benchmark allocates the same few sizes throughout.
func measureSteadyAlloc(o Options) SteadyAllocProbe {
	procs := runtime.GOMAXPROCS(runtime.NumCPU())
	defer runtime.GOMAXPROCS(procs)
	gc := debug.SetGCPercent(100)
	defer debug.SetGCPercent(gc)
	const perIter = 2 * allocPairsRun // allocations per kernel iteration (k = 1)
	p := SteadyAllocProbe{}
	for _, s := range MallocSizes {
		size := int(s)
		run := allocKernel(size, 1)
		n := max(steadyAllocBytes/(perIter*size), 1)
		run(n / 4) // warm the heap and the scavenger's state
		samples := make([]float64, 0, o.Rounds)
		for range o.Rounds {
			start := time.Now()
			run(n)
			samples = append(samples, float64(time.Since(start).Nanoseconds())/float64(n*perIter))
		}
		p.Sizes = append(p.Sizes, size)
		p.NS = append(p.NS, quantile(samples, o.Quantile))
	}
	runtime.GC()
	return p
}

// points returns what the steady state adds to one allocation at each of
// the probe's sizes, in cycles at ghz, over mallocCycles (the fitted
// collector-off cost of one allocation of a size), at least 0: the
// profile's runtime.gc.steady curve.
func (p SteadyAllocProbe) points(ghz float64, mallocCycles func(size float64) float64) []costmodel.MallocPoint {
	if len(p.NS) == 0 || ghz <= 0 {
		return nil
	}
	pts := make([]costmodel.MallocPoint, 0, len(p.Sizes))
	for i, size := range p.Sizes {
		pts = append(pts, costmodel.MallocPoint{Size: float64(size), Cycles: round3(max(p.NS[i]*ghz-mallocCycles(float64(size)), 0))})
	}
	return pts
}

// String lists the wall time per allocation at each size ("16 B 16.5 ns,
// 64 B 36.0 ns, ...").
func (p SteadyAllocProbe) String() string {
	var b strings.Builder
	for i, size := range p.Sizes {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d B %.1f ns", size, p.NS[i])
	}
	return b.String()
}
