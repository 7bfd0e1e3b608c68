package predict

import (
	"reflect"
	"testing"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/manifest/expr"
)

// TestCapturedSizes checks that a b.Run closure gets the sizes its creator
// recorded for what it captures, evaluated in the closure's environment,
// without overriding what discovery knows.
func TestCapturedSizes(t *testing.T) {
	sums := map[string]*analyzer.Summary{
		"p.BenchmarkOps": {Name: "p.BenchmarkOps", Captured: []analyzer.CapturedSize{
			{Closure: "p.BenchmarkOps$1", Var: "len(s.set)", Value: expr.MustParse("1563")},
			{Closure: "p.BenchmarkOps$1", Var: "s.length", Value: expr.MustParse("64*size")},
			{Closure: "p.BenchmarkOps$1", Var: "s.other", Value: expr.MustParse("unknown + 1")},
			{Closure: "p.BenchmarkOps$1", Var: "size", Value: expr.MustParse("5")},
			{Closure: "p.BenchmarkOps$2", Var: "len(t.m)", Value: expr.MustParse("7")},
		}},
	}
	for _, tc := range []struct {
		name string
		b    Benchmark
		want map[string]float64
	}{
		{"closure", Benchmark{Func: "p.BenchmarkOps$1", Env: map[string]float64{"size": 10}},
			map[string]float64{"size": 10, "len(s.set)": 1563, "s.length": 640}},
		{"other closure", Benchmark{Func: "p.BenchmarkOps$2"}, map[string]float64{"len(t.m)": 7}},
		{"no parent summary", Benchmark{Func: "q.BenchmarkX$1", Env: map[string]float64{"n": 1}}, map[string]float64{"n": 1}},
		{"not a closure", Benchmark{Func: "p.BenchmarkOps"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := capturedSizes(tc.b, sums); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
