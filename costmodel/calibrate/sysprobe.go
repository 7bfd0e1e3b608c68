package calibrate

import (
	"crypto/rand"
	"runtime"
	"slices"
	"time"
)

// ClockRandomProbe is what reading the system clock and the kernel's
// randomness costs on this host: work outside Go code (the vDSO's
// clock_gettime and getrandom, or their system calls), which the fitted
// model cannot see and which depends on the host's clock source and kernel
// more than on its core.
type ClockRandomProbe struct {
	NowNS   float64 // one time.Now: two clock reads (wall and monotonic)
	SinceNS float64 // one time.Since: one monotonic read and a subtraction
	// RandomNS and RandomNSPerByte are a crypto/rand.Read's fixed cost and
	// its cost per byte, from reads of randomSmall and randomLarge bytes.
	RandomNS        float64
	RandomNSPerByte float64
}

// ClockNS is the cost of one clock read: half a time.Now, which is what
// programs call (zero when not measured).
func (c ClockRandomProbe) ClockNS() float64 { return c.NowNS / 2 }

// The two read sizes of the randomness probe: a typical token or UUID, and
// a larger read that gives the per-byte cost.
const randomSmall, randomLarge = 16, 1024

var sinkTime time.Duration

// measureClockRandom times time.Now, time.Since and crypto/rand.Read in the
// thread's CPU time, as the rest of the calibration (the vDSO runs in user
// space; a fallback system call is the thread's system time): the median
// of rounds of a few milliseconds each.
func measureClockRandom(o Options) ClockRandomProbe {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	rounds := max(o.Rounds, 3)
	median := func(n int, body func(n int)) float64 {
		var xs []float64
		for range rounds {
			t := threadCPU()
			body(n)
			xs = append(xs, float64((threadCPU()-t).Nanoseconds())/float64(n))
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	var p ClockRandomProbe
	p.NowNS = median(100000, func(n int) {
		var s int64
		for range n {
			s += time.Now().UnixNano()
		}
		sinkU64 = uint64(s)
	})
	t0 := time.Now()
	p.SinceNS = median(100000, func(n int) {
		var s time.Duration
		for range n {
			s += time.Since(t0)
		}
		sinkTime = s
	})
	read := func(size int) func(n int) {
		b := make([]byte, size)
		return func(n int) {
			for range n {
				_, _ = rand.Read(b)
			}
		}
	}
	small := median(20000, read(randomSmall))
	large := median(2000, read(randomLarge))
	p.RandomNSPerByte = max(large-small, 0) / (randomLarge - randomSmall)
	p.RandomNS = max(small-randomSmall*p.RandomNSPerByte, 1)
	return p
}
