// Package branches holds one function per static branch heuristic: the
// multiplication `* 131` (an IMUL) marks the arm whose frequency the tests check.
package branches

import "sync/atomic"

//go:noinline
func helper() {}

// reading is a value the analysis does not express as a size (a global's
// current value): comparisons of it are left to the static heuristics,
// where a comparison of a size with a constant is a size guard (see
// guards.go).
var reading int

// Pointer: p == nil fails (Ball–Larus pointer heuristic): 0.4.
func Pointer(p *int, c int) int {
	r := c
	if p == nil {
		r = c * 131
	}
	return r
}

// Negative: reading < 0 fails (opcode heuristic): 0.16.
func Negative(c int) int {
	r := c
	if reading < 0 {
		r = c * 131
	}
	return r
}

// NotConst: reading != 5 holds (opcode heuristic): 0.84.
func NotConst(c int) int {
	r := c
	if reading != 5 {
		r = c * 131
	}
	return r
}

// Alternate: every other iteration of the loop (i%2 == 0), one half of
// its 10: 5.
func Alternate(c int) int {
	r := c
	for i := 0; i < 10; i++ {
		if i%2 == 0 {
			r = c * 131
		}
	}
	return r
}

// Flush: a flush every 64th value (reading&63 != 0 skips it): 1/64.
func Flush(c int) int {
	r := c
	if reading&63 != 0 {
		return r
	}
	r = c * 131
	return r
}

// Third: the second case of a switch on i%3 is taken by one of the two
// residues the first leaves: 1/2 of the 1 − 1/3 that reach it, a third of
// the 12 iterations: 4.
func Third(c int) int {
	r := c
	for i := 0; i < 12; i++ {
		switch i % 3 {
		case 0:
			r++
		case 1:
			r = c * 131
		}
	}
	return r
}

// OddResidue: reading%4 == 7 cannot hold, not a residue test; the opcode
// heuristic: 0.16.
func OddResidue(c int) int {
	r := c
	if reading%4 == 7 {
		r = c * 131
	}
	return r
}

// Call: the arm with a call that does not post-dominate is not taken: 0.22.
func Call(a, b, c int) int {
	r := c
	if a > b {
		helper()
		r = c * 131
	}
	return r
}

// Return: the arm that returns early is not taken: 0.28.
func Return(a, b, c int) int {
	if a > b {
		return c * 131
	}
	if c > 7 {
		c++
	}
	return c
}

// Chain: a chain of guard clauses. The arm that falls through only calls
// isBig to evaluate the next test, which is not the work the call
// heuristic predicts against: the return heuristic alone, 0.28.
func Chain(a, b, c int) int {
	if a > b {
		return c * 131
	}
	if isBig(c) {
		return c
	}
	return c + 1
}

func isBig(c int) bool { return c > 100 }

// Store: the arm with a store that does not post-dominate is not taken: 0.45.
func Store(a, b, c int, p *int) {
	if a > b {
		*p = c * 131
	}
}

// LoopHeader: the arm entering a loop is taken: 0.75 per call, times c
// iterations.
func LoopHeader(a, b, c int) int {
	s := 0
	if a > b {
		for i := 0; i < c; i++ {
			s += i * 131
		}
	}
	return s
}

// Guard: the arm using the compared value is taken: 0.62.
func Guard(a, b, c int) int {
	r := c
	if a > b {
		r = a * 131
	}
	return r
}

// Combined: reading == 0 fails (0.16) and the arm calls (0.22); Dempster–Shafer
// gives 0.16·0.22 / (0.16·0.22 + 0.84·0.78) = 0.0510.
func Combined(c int) int {
	r := c
	if reading == 0 {
		helper()
		r = c * 131
	}
	return r
}

// ErrorFirst: err != nil decides alone (0.1), whatever the other
// heuristics (call, pointer) say.
func ErrorFirst(err error, c int) int {
	r := c
	if err != nil {
		helper()
		r = c * 131
	}
	return r
}

type source struct{ x uint32 }

//go:noinline
func (s *source) next() uint32 {
	s.x = s.x*1664525 + 1013904223
	return s.x
}

// Reject draws until the value is at most max (rejection sampling): the
// draw is retried once per call on average, so next runs twice.
func Reject(s *source, max uint32) uint32 {
	v := s.next()
	for v > max {
		v = s.next()
	}
	return v * 131
}

// Scan is not a retry loop: its body does more than redraw the value it
// tests, so its bound is unknown (default 8).
func Scan(s *source, max uint32) int {
	n := 0
	v := s.next()
	for v > max {
		n++
		v = s.next()
	}
	return n * 131
}

// Increment retries a compare-and-swap: two attempts per call.
func Increment(x *int64) {
	for {
		old := atomic.LoadInt64(x)
		if atomic.CompareAndSwapInt64(x, old, old*131) {
			return
		}
	}
}

// Reuse keeps its buffer when it is large enough: the make is the rare
// growth arm of a capacity check, amortized to never.
func Reuse(buf []byte, n int) []byte {
	if cap(buf) >= n {
		return buf[:n]
	}
	return make([]byte, n)
}

// Shrink reallocates when the length falls below a quarter of the
// capacity: as rare as growth.
func Shrink(s []int) []int {
	if len(s) < cap(s)/4 {
		t := make([]int, len(s))
		copy(t, s)
		return t
	}
	return s
}

// Digits divides by ten until nothing is left: log10(n)+1 iterations.
func Digits(n int) int {
	c := 0
	for n != 0 {
		n /= 10
		c++
	}
	return c
}

// Until reads until a zero value: an early exit on every iteration of a
// loop of unknown bound, which shortens the default 8 (see the test for
// the arithmetic).
func Until(s *source) int {
	n := 0
	for s.x != 7 {
		v := s.next()
		if v == 0 {
			break
		}
		n += int(v) * 131
	}
	return n
}

// Drain stops at the first error: an exit taken one time in ten, so the
// loop continues with probability 8/9·0.9 = 0.8 and runs 4 times.
func Drain(s *source, read func() error) int {
	n := 0
	for s.x != 7 {
		if err := read(); err != nil {
			return n
		}
		n = n*131 + 1
	}
	return n
}

// Acquire spins on a compare-and-swap tested at the top of the loop: the
// test is the attempt, so the body (a failed attempt) runs once.
func Acquire(x *int32) int {
	n := 0
	for !atomic.CompareAndSwapInt32(x, 0, 1) {
		n = n*131 + 1
	}
	return n
}

const debug = false

// Debug guards its tracing with a constant: the arm never runs.
func Debug(c int) int {
	if debug {
		helper()
		return c * 131
	}
	if c > 9 {
		c++
	}
	return c
}

// Lock takes a spin lock on its fast path; the slow path, outlined as Go
// code does it (sync.Mutex's lockSlow), is taken as never run.
func Lock(x *int32) {
	if atomic.CompareAndSwapInt32(x, 0, 1) {
		return
	}
	lockSlow(x)
}

func lockSlow(x *int32) {
	for n := int32(1); !atomic.CompareAndSwapInt32(x, 0, 1); n = n*131 + 1 {
	}
}

const host64 = true

// Base10Steps counts the steps of strconv's formatBase10: nine digits at a time
// while u does not fit 29 bits, then two at a time in a uint32 whose
// value the analysis cannot follow.
func Base10Steps(u uint64) int {
	c := 0
	for (host64 && u>>29 != 0) || (!host64 && uint32(u)>>29|uint32(u>>32) != 0) {
		u /= 1e9
		c++
	}
	lo := uint32(u)
	for lo >= 100 {
		lo /= 100
		c++
	}
	return c
}
