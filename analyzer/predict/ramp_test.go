package predict

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// TestRampN checks go test's b.N ramp as rampN replays it, on runs whose
// duration is a first iteration's cost plus a per-iteration one.
func TestRampN(t *testing.T) {
	for _, tc := range []struct {
		name        string
		goal        float64 // bench time, ns
		first, rest float64 // ns of the first iteration beyond the others, and per iteration
		want        int64
	}{
		// 1 ms per op at -benchtime 100ms: b.N = 1 takes 1 ms, go test
		// predicts 120 but grows at most 100×, and 100 ops last 100 ms.
		{"1ms", 1e8, 0, 1e6, 100},
		// 0.3 ms per op: 1 → 100 (capped), 100 ops take 30 ms, then
		// ⌊100 · 100/30⌋ = 333, plus a fifth: 399.
		{"0.3ms", 1e8, 0, 3e5, 399},
		// A first iteration longer than the bench time: b.N = 1.
		{"first outlasts", 1e8, 2e8, 10, 1},
		// A first iteration of 60 ms and 1 µs per op after it: go test
		// grows b.N by about 2× a round (the first iteration keeps each
		// run near 60 ms) until the cheap iterations fill the rest:
		// 1, 2, 3, 4, 7, 13, 25, 49, ..., 27 109, 37 344, 46 010
		// (the old rule, (goal − first)/rest, gave 40 000).
		{"first 60%", 1e8, 6e7, 1e3, 46010},
		// Fast ops reach the cap.
		{"cap", 1e9, 0, 0.25, 1e9},
	} {
		got, ok := rampN(tc.goal, func(n int64) (float64, bool) { return tc.first + tc.rest*float64(n), true })
		if !ok || got != tc.want {
			t.Errorf("%s: b.N %d (ok %v), want %d", tc.name, got, ok, tc.want)
		}
	}
}

// TestFirstIterationGC checks that the garbage a first iteration makes (a
// drain's first pass copying what remains at each removal) is collected
// within go test's run: at b.N = 1 all of its collection is the one op's,
// where the per-op GC, from the steady difference between runs, saw no
// allocation at all.
func TestFirstIterationGC(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	b := Benchmark{Name: "BenchmarkDrain", Func: "p.BenchmarkDrain", Pos: "p_test.go:1:1", B: "b"}
	// A first iteration of 10^11 integer operations (longer than the
	// bench time of 1 s: b.N = 1), then one per iteration; the first
	// allocates bytes of garbage.
	summary := func(bytes string) *analyzer.Summary {
		return &analyzer.Summary{
			Name:       "p.BenchmarkDrain",
			CPU:        []analyzer.OpCount{{Class: manifest.OpInt, Count: expr.MustParse("1e11*min(1, b.N) + b.N")}},
			AllocCount: expr.Const(0), AllocBytes: expr.MustParse(bytes), RetainOut: expr.Const(0), RetainHeld: expr.Const(0),
		}
	}
	clean, err := Evaluate(p, b, summary("0"), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	const garbage = 8e8
	dirty, err := Evaluate(p, b, summary("8e8*min(1, b.N)"), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if clean.N != 1 || dirty.N != 1 {
		t.Fatalf("b.N %d and %d, want 1 (the first iteration outlasts the bench time)", clean.N, dirty.N)
	}
	// The collection of the garbage, with nothing else live; the
	// allocation's own cost (malloc) comes on top.
	want := p.GCCPU(garbage, 0, gogc)
	if got := dirty.ByClass["gc"] - clean.ByClass["gc"]; math.Abs(got-want) > 1e-6*want || want <= 0 {
		t.Errorf("first iteration's garbage: gc %g ns/op more, want its collection, %g", got, want)
	}
	if got := dirty.NsPerOp - clean.NsPerOp; got < want {
		t.Errorf("first iteration's garbage: %g ns/op more, want at least its collection, %g", got, want)
	}
}
