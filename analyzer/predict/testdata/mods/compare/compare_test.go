package compare

import (
	"testing"

	"example.com/rival"
)

var sink int

func BenchmarkSum(b *testing.B) {
	xs := make([]int, 1000)
	for _, impl := range []struct {
		name string
		sum  func([]int) int
	}{{"own", Sum}, {"rival", rival.Sum}} {
		b.Run(impl.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink += impl.sum(xs)
			}
		})
	}
}
