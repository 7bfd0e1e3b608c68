package bench_test

import (
	"testing"

	"example.com/esc/bench"
)

var sink uint64

// BenchmarkXSetContains is BenchmarkSetContains from an external test package.
func BenchmarkXSetContains(b *testing.B) {
	s := bench.NewSet()
	for i := 0; i < 1000; i++ {
		s.Add(i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Contains(i + 1000)
	}
}

// BenchmarkXNew is BenchmarkNew from an external test package.
func BenchmarkXNew(b *testing.B) {
	buf := make([]byte, 64)
	for i := 0; i < b.N; i++ {
		d := bench.New()
		d.Write(buf)
		sink += d.Sum64()
	}
}

// hasher has a method declared in an external test package that gc inlines.
type hasher struct{ d *bench.Digest }

func (h hasher) sum() uint64 { return h.d.Sum64() }
