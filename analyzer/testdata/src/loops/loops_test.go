package loops

import "testing"

func BenchmarkSum(b *testing.B) {
	s := make([]int, 100)
	for b.Loop() {
		Sum(s)
	}
}
