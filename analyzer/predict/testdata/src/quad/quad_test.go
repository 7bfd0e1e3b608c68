package quad

import "testing"

var sink []int

func BenchmarkSlice(b *testing.B) {
	s := Set{}
	for i := 0; i < b.N; i++ {
		s[i*7919] = struct{}{}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink = s.Slice()
	}
}
