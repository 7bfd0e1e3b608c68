package retain

import "testing"

var sink int

// Setup builds a list of n nodes and a map of n entries with the benchmark
// timer stopped, then times reads of them: the setup is not measured, but
// it is what the timed loop reads.
func Setup(b *testing.B, n int) {
	b.StopTimer()
	l := &List{}
	m := map[int]int{}
	for i := 0; i < n; i++ {
		l.Push(i)
		m[i] = i
	}
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		sink += m[i] + l.n
	}
}

// SetupEach rebuilds a 16-byte node with the timer stopped at every
// iteration.
func SetupEach(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		l := &List{}
		l.Push(i)
		b.StartTimer()
		sink += l.n
	}
}
