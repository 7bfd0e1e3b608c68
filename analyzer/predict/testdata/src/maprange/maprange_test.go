package maprange

import (
	"strconv"
	"testing"
)

var sink int

// BenchmarkSum ranges over maps of 1, 8 and 128 keys.
func BenchmarkSum(b *testing.B) {
	for _, n := range []int{1, 8, 128} {
		m := map[int]bool{}
		for i := 0; i < n; i++ {
			m[i] = true
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink += Sum(m)
			}
		})
	}
}
