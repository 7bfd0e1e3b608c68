package tiny

import "testing"

var sink string

// BenchmarkThree allocates a 3-byte string per operation: five share a
// block, 3.2 bytes each.
func BenchmarkThree(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = Three(i)
	}
}

// BenchmarkSix allocates a 6-byte string per operation: two share a
// block, 8 bytes each.
func BenchmarkSix(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = Six(i)
	}
}
