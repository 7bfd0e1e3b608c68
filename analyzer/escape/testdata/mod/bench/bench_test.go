package bench

import "testing"

var sink uint64

// BenchmarkSetContains passes a boxed int to Contains in the timed loop:
// gc keeps the box and the ... slice on the stack.
func BenchmarkSetContains(b *testing.B) {
	s := NewSet()
	for i := 0; i < 1000; i++ {
		s.Add(i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Contains(i + 1000)
	}
}

// BenchmarkMapGet passes a boxed int to Get, which gc inlines.
func BenchmarkMapGet(b *testing.B) {
	m := NewMap()
	for i := 0; i < 1000; i++ {
		m.Put(i, i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Get(i + 1000)
	}
}

// BenchmarkNew inlines New into the loop; the Digest stays on the stack.
func BenchmarkNew(b *testing.B) {
	buf := make([]byte, 64)
	for i := 0; i < b.N; i++ {
		d := New()
		d.Write(buf)
		sink += d.Sum64()
	}
}

// counter has a method declared in a test file that gc inlines.
type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// BenchmarkEscBox stores a boxed int in a global: it escapes.
func BenchmarkEscBox(b *testing.B) {
	var c counter
	for i := 0; i < b.N; i++ {
		c.inc()
		escSink = c.n + 1000
	}
}

var escSink any

var lockedSink *Locked[int]

// BenchmarkLockedDup instantiates Locked and Bag, for the test variant
// only.
func BenchmarkLockedDup(b *testing.B) {
	l := &Locked[int]{b: &Bag[int]{1: {}}}
	for i := 0; i < b.N; i++ {
		lockedSink = l.Dup()
	}
}
