package gcdecided

import "testing"

var sink uint64

func BenchmarkContains(b *testing.B) {
	s := NewSet(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s.Contains(i + 1000) {
			sink++
		}
	}
}

func BenchmarkNew(b *testing.B) {
	buf := make([]byte, 16)
	for i := 0; i < b.N; i++ {
		d := New()
		d.Write(buf)
		sink += d.Sum64()
	}
}

var escSink any

func BenchmarkEscBox(b *testing.B) {
	for i := 0; i < b.N; i++ {
		escSink = i + 1000
	}
}
