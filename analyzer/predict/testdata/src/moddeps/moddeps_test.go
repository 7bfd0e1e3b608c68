package moddeps

import "testing"

var sink *List

// BenchmarkAdd allocates one node per operation, in work.Push.
func BenchmarkAdd(b *testing.B) {
	l := &List{}
	for i := 0; i < b.N; i++ {
		l.Add(i)
	}
	sink = l
}
