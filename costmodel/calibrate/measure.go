package calibrate

import (
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"slices"
	"time"
)

// Options controls a calibration run.
type Options struct {
	// Rounds is how many samples each benchmark gets; the samples of all
	// benchmarks are interleaved round by round, so that a burst of load
	// from elsewhere on the machine spoils one sample of many benchmarks
	// rather than every sample of one, and the median discards it.
	Rounds int
	// SampleTime is the target duration of one sample.
	SampleTime time.Duration
	// MemoryMiB is the working set of the main-memory latency probe; it
	// should be several times the last-level cache. 0 picks
	// memoryWorkingSet's four times the L3.
	MemoryMiB int
	// Quantile is the quantile of a benchmark's samples taken as its time:
	// 0.5 is the median. Interference from other processes only ever adds
	// time, so a quantile below the median estimates the undisturbed cost
	// more stably on a shared machine.
	Quantile float64
	// Progress, if not nil, receives progress lines.
	Progress func(format string, args ...any)
}

// DefaultOptions is what `perfcast calibrate` uses: about a minute on a
// loaded 2-core machine.
var DefaultOptions = Options{Rounds: 15, SampleTime: 6 * time.Millisecond, MemoryMiB: 0, Quantile: 0.25}

func (o *Options) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(format, args...)
	}
}

// maxAllocBytesPerSample bounds a sample's allocation: the garbage collector
// is off while a sample runs, and the heap is collected between samples. A
// small bound keeps the heap warm, as in a steady-state program; a large
// one would time page faults on memory the scavenger returned to the OS.
const maxAllocBytesPerSample = 16 << 20

// Measurement is the timing of one benchmark.
type Measurement struct {
	Name    string
	N       int       // iterations per sample
	Samples []float64 // ns per iteration, in round order
	Median  float64
	Time    float64 // the Options.Quantile of the samples: the value the fit uses
	Spread  float64 // (p75 − p25) / median: how noisy the samples were
}

type timed struct {
	name    string
	allocs  float64 // bytes per iteration
	threads bool    // work runs on other threads too: time the whole process
	run     func(n int)
	// warm, if not nil, runs untimed before every sample.
	warm func()
	// target is the duration of one sample (0: Options.SampleTime), and
	// reps the samples per round (0: one).
	target time.Duration
	reps   int
}

// measureAll runs every benchmark Rounds times (times its reps), interleaved,
// with the GC off during samples, and returns the measurements in input
// order.
func measureAll(ts []timed, o Options) []Measurement {
	old := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(old)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	ms := make([]Measurement, len(ts))
	for i, t := range ts {
		target := o.SampleTime
		if t.target > 0 {
			target = t.target
		}
		ms[i] = Measurement{Name: t.name, N: pickN(t, target)}
	}
	// The slots of a round: each benchmark once per rep.
	var slots []int
	for i, t := range ts {
		for range max(t.reps, 1) {
			slots = append(slots, i)
		}
	}
	o.progress("calibrate: sizing done for %d benchmarks; %d rounds", len(ts), o.Rounds)
	// Each round visits the benchmarks in a different order (a seeded
	// permutation, so runs are repeatable in their order): what a benchmark
	// leaves behind (heap state, caches, predictor state) then varies from
	// sample to sample instead of biasing every sample of the next one.
	rng := rand.New(rand.NewPCG(11, 13))
	for r := range o.Rounds {
		for _, k := range rng.Perm(len(slots)) {
			i := slots[k]
			ms[i].Samples = append(ms[i].Samples, sample(ts[i], ms[i].N))
		}
		o.progress("calibrate: round %d/%d", r+1, o.Rounds)
	}
	for i := range ms {
		ms[i].Median, ms[i].Spread = medianSpread(ms[i].Samples)
		ms[i].Time = quantile(ms[i].Samples, o.Quantile)
	}
	return ms
}

// sample times n iterations of t and returns ns per iteration.
func sample(t timed, n int) float64 {
	if t.allocs > 0 {
		// Fault in and then free the memory the sample will reuse, so that it
		// times allocation from a warm heap, not page faults on memory the
		// runtime had returned to the OS (which made the largest sizes
		// bimodal, with samples a factor of two apart).
		t.run(n)
		runtime.GC()
	}
	if t.warm != nil {
		t.warm()
	}
	now := threadCPU
	if t.threads {
		now = processCPU
	}
	// The thread CPU clock of this KVM guest occasionally steps backwards
	// (a sample of int/24 came out at −397 ns); with the fit taking a low
	// quantile, one such sample became the benchmark's time. A sample whose
	// clock did not advance is taken again.
	for {
		start := now()
		t.run(n)
		el := now() - start
		if el > 0 {
			return float64(el.Nanoseconds()) / float64(n)
		}
	}
}

// pickN finds the iteration count that makes one sample last about target.
func pickN(t timed, target time.Duration) int {
	maxN := math.MaxInt32
	if t.allocs > 0 {
		maxN = max(1, int(maxAllocBytesPerSample/t.allocs))
	}
	n := 1
	for {
		n = min(n, maxN)
		ns := sample(t, n) * float64(n)
		if n == maxN || ns >= float64(target) {
			return n
		}
		if ns < float64(target)/20 {
			n *= 20
			continue
		}
		n = max(n+1, int(float64(n)*float64(target)/ns*1.05))
	}
}

// medianSpread returns the median and the interquartile range relative to it.
func medianSpread(xs []float64) (med, spread float64) {
	med = quantile(xs, 0.5)
	if med > 0 {
		spread = (quantile(xs, 0.75) - quantile(xs, 0.25)) / med
	}
	return med, spread
}

// quantile returns the p-quantile of xs, interpolating linearly.
func quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	pos := min(max(p, 0), 1) * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (pos-float64(lo))*(s[hi]-s[lo])
}
