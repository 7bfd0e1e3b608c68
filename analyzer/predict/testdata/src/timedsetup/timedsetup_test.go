// Package timedsetup has benchmarks whose setup go test times (no timer
// reset anywhere) and benchmarks that reset or stop the timer.
package timedsetup

import "testing"

var sink []int

// fill allocates a slice of n ints: n*8 bytes of setup.
func fill(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func BenchmarkTimed(b *testing.B) {
	s := fill(1 << 26)
	for i := 0; i < b.N; i++ {
		sink = s
	}
}

func BenchmarkReset(b *testing.B) {
	s := fill(1 << 26)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink = s
	}
}

func BenchmarkLoop(b *testing.B) {
	s := fill(1 << 26)
	for b.Loop() {
		sink = s
	}
}

// factory's setup runs when the benchmark calls it, with the timer on.
func factory(n int) func(b *testing.B) {
	s := fill(n)
	return func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink = s
		}
	}
}

func BenchmarkFactory(b *testing.B) { factory(1 << 26)(b) }

// resetting's returned closure resets the timer itself.
func resetting(n int) func(b *testing.B) {
	s := fill(n)
	return func(b *testing.B) {
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sink = s
		}
	}
}

func BenchmarkResetting(b *testing.B) { resetting(1 << 26)(b) }
