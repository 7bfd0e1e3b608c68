package accuracy

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/analyzer/benchfmt"
)

func res(name string, ns, b, allocs float64) benchfmt.Result {
	return benchfmt.Result{Pkg: "p", Name: name, NsPerOp: ns, BytesPerOp: b, AllocsOp: allocs,
		Has: benchfmt.HasBytes | benchfmt.HasAllocs}
}

func TestCompare(t *testing.T) {
	measured := []benchfmt.Result{
		res("BenchmarkA", 100, 64, 1),
		res("BenchmarkA", 120, 64, 1), // a second run; median ns/op is 110
		res("BenchmarkB", 1000, 0, 0),
		res("BenchmarkC", 10, 1000, 3),
		res("BenchmarkD", 50, 16, 1),
	}
	predicted := []benchfmt.Result{
		res("BenchmarkA", 110, 64, 1),    // exact
		res("BenchmarkB", 4000, 0, 0),    // 4× slow: outside 2×
		res("BenchmarkC", 19, 1050, 2.6), // within 2×, bytes within 10%, allocs round to 3
	}
	rep := Compare(predicted, measured, map[string]string{"p.BenchmarkB": "estimated loop bound"})
	if rep.Measured != 4 || rep.Predicted != 3 || math.Abs(rep.Coverage-0.75) > 1e-12 {
		t.Fatalf("counts: %+v", rep)
	}
	if len(rep.Missing) != 1 || rep.Missing[0] != "p.BenchmarkD" {
		t.Errorf("missing %v", rep.Missing)
	}
	if rep.AllocsExact != 1 || rep.NonzeroAllocs != 2 || rep.AllocsExactNonzero != 1 {
		t.Errorf("allocs: %v %v %v", rep.AllocsExact, rep.NonzeroAllocs, rep.AllocsExactNonzero)
	}
	if rep.BytesWithin10 != 1 {
		t.Errorf("bytes within 10%%: %v", rep.BytesWithin10)
	}
	if math.Abs(rep.NsWithin2x-2.0/3) > 1e-12 {
		t.Errorf("ns within 2x: %v", rep.NsWithin2x)
	}
	// |log2| values: 0, 2, log2(1.9); the median is log2(1.9).
	if math.Abs(rep.MedianAbsLog2-math.Log2(1.9)) > 1e-9 {
		t.Errorf("median |log2| = %v", rep.MedianAbsLog2)
	}
	if rep.Worst[0].Key != "p.BenchmarkB" || rep.Worst[0].Reason != "estimated loop bound" {
		t.Errorf("worst: %+v", rep.Worst[0])
	}
	// Predicted order A(110) < B(4000), C(19) < A: ranks C,A,B both ways.
	if math.Abs(rep.Spearman-1) > 1e-12 {
		t.Errorf("spearman %v, want 1", rep.Spearman)
	}
}

func TestSpearmanTies(t *testing.T) {
	// Reversed order gives -1; ties share ranks.
	if got := Spearman([]float64{1, 2, 3, 4}, []float64{40, 30, 20, 10}); math.Abs(got+1) > 1e-12 {
		t.Errorf("reversed: %v", got)
	}
	r := ranks([]float64{5, 1, 5, 3})
	want := []float64{3.5, 1, 3.5, 2}
	for i := range r {
		if r[i] != want[i] {
			t.Fatalf("ranks %v, want %v", r, want)
		}
	}
}
