package gcdecided_test

import (
	"testing"

	"github.com/perfcast/perfcast/analyzer/predict/testdata/src/gcdecided"
)

var sink uint64

func BenchmarkXNew(b *testing.B) {
	buf := make([]byte, 16)
	for i := 0; i < b.N; i++ {
		d := gcdecided.New()
		d.Write(buf)
		sink += d.Sum64()
	}
}
