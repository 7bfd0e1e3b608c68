package bench_test

import (
	"testing"

	"github.com/perfcast/perfcast/analyzer/predict/testdata/src/bench"
)

var xsink int

// An external test package's benchmark is reported under the package it
// tests, as go test prints it.
func BenchmarkExternalSum(b *testing.B) {
	s := make([]int, 50)
	for i := 0; i < b.N; i++ {
		xsink += bench.Sum(s)
	}
}
