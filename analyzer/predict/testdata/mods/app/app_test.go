package app

import (
	"testing"

	"example.com/untested"
)

var sink int

func BenchmarkTotal(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += Total(1000)
	}
}

// BenchmarkTwice calls a package whose own tests need a module the build
// list lacks: it is left out of the analysis and its call costs the call.
func BenchmarkTwice(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += untested.Twice(i)
	}
}
