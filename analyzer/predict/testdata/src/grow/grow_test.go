package grow

import "testing"

// BenchmarkFill puts a new key per operation: the map grows with b.N.
func BenchmarkFill(b *testing.B) {
	x := New()
	for i := 0; i < b.N; i++ {
		x.Put(i, i)
	}
}

// BenchmarkRewrite puts one of 16 keys per operation: the map stays small.
func BenchmarkRewrite(b *testing.B) {
	x := New()
	for i := 0; i < b.N; i++ {
		x.Put(i%16, i)
	}
}
