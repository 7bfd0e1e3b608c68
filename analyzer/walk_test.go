package analyzer

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// analyzeWalk summarizes testdata/src/walk, by short name.
func analyzeWalk(t *testing.T, noVTA bool) map[string]*Summary {
	t.Helper()
	res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", "walk"), NoVTA: noVTA}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	out := map[string]*Summary{}
	for _, s := range res.Summaries {
		out[strings.ReplaceAll(s.Name, testPrefix+"walk.", "")] = s
	}
	return out
}

// TestWalk checks the higher-order and walk rules of walk.go: calls
// through a callback parameter are costed by the caller for the function
// it passes (through generic code and type conversions), a recursive walk
// started at a container's root visits Len elements, and a callback that
// always returns false stops the walk.
func TestWalk(t *testing.T) {
	on, off := analyzeWalk(t, false), analyzeWalk(t, true)

	it := on["(*node[T]).iterate"]
	if it == nil || it.Walk == nil || it.Walk.Param != "n" || it.Walk.PerCall.String() != "len(n.items)" {
		t.Fatalf("iterate: walk %+v, want one over n of len(n.items) per call", it.Walk)
	}
	for _, tc := range []struct {
		fn, param string
		calls     map[string]float64 // sizes
		want      float64            // calls through param at those sizes
	}{
		// The walk over t.root visits t.length elements, whatever a
		// node holds.
		{"(*Tree[T]).Ascend", "visit", map[string]float64{"t.length": 1000, "len(t.root.items)": 50}, 1000},
		{"(*Tree[T]).Ascend", "visit", map[string]float64{"t.length": 1000, "len(t.root.items)": 8}, 1000},
		// Through the conversion to the generic type and its callback type.
		{"(*Ints).Ascend", "visit", map[string]float64{"t.length": 300, "len(t.root.items)": 8}, 300},
	} {
		s := on[tc.fn]
		i := slices.IndexFunc(s.FuncCalls, func(f FuncCall) bool { return f.Param == tc.param })
		if i < 0 {
			t.Errorf("%s: no calls through %s in %+v", tc.fn, tc.param, s.FuncCalls)
			continue
		}
		if got := eval(t, s.FuncCalls[i].Count, withDefaults(s, tc.calls)); got != tc.want {
			t.Errorf("%s: %g calls through %s at %v (%s), want %g", tc.fn, got, tc.param, tc.calls, s.FuncCalls[i].Count, tc.want)
		}
	}

	// The closures' multiplications: x*x per element in Sum; none counted
	// past the first element in First; square per element of xs.
	for _, tc := range []struct {
		sums     map[string]*Summary
		fn       string
		sizes    map[string]float64
		min, max float64 // bounds on the "mul" count
	}{
		{on, "Sum", map[string]float64{"n": 1000}, 1000, 1100},
		{on, "First", map[string]float64{"n": 1000}, 0, 2},
		{off, "Squares", map[string]float64{"len(xs)": 100}, 100, 100},
		{off, "Apply", map[string]float64{"len(xs)": 100}, 0, 0},
	} {
		s := tc.sums[tc.fn]
		got := eval(t, s.Op(manifest.OpMul), withDefaults(s, tc.sizes))
		if got < tc.min || got > tc.max {
			t.Errorf("%s: mul %g at %v (%s), want in [%g, %g]", tc.fn, got, tc.sizes, s.Op(manifest.OpMul), tc.min, tc.max)
		}
	}
	// Squares pays one closure call per element, counted in Apply's
	// summary where the call is made, not again for the function passed.
	if s := off["Squares"]; eval(t, s.Op(manifest.OpCallClos), map[string]float64{"len(xs)": 100}) != 100 {
		t.Errorf("Squares: ccall %s, want len(xs)", s.Op(manifest.OpCallClos))
	}
	// Without VTA, Apply leaves its callback to the callers, and Forward
	// passes it on.
	for _, fn := range []string{"Apply", "Forward"} {
		s := off[fn]
		if len(s.FuncCalls) != 1 || s.FuncCalls[0].Param != "f" || s.FuncCalls[0].Count.String() != "len(xs)" {
			t.Errorf("%s: calls through parameters %+v, want f: len(xs)", fn, s.FuncCalls)
		}
	}
	if s := on["Summer"]; !slices.ContainsFunc(s.Captured, func(c CapturedSize) bool {
		return c.Closure == testPrefix+"walk.Summer$1" && c.Var == "len(xs)" && c.Value.String() == "n"
	}) {
		t.Errorf("Summer: captured sizes %+v, want len(xs) = n for Summer$1", s.Captured)
	}
	if s := on["(*Counted).Add"]; !slices.ContainsFunc(s.Effects, func(f SizeFact) bool {
		return f.Var == "c.n" && f.Op == "" && f.Value.String() == "1"
	}) {
		t.Errorf("(*Counted).Add: effects %+v, want c.n += 1 (the key taken as new)", s.Effects)
	}
	if s := on["First"]; !slices.ContainsFunc(s.Notes, func(n string) bool { return strings.Contains(n, "stopped at the first element") }) {
		t.Errorf("First: notes %q do not say the walk stops", s.Notes)
	}
	if s := on["(*Tree[T]).Ascend"]; len(s.WalkStops) != 1 || s.WalkStops[0].Var != "visit" || s.WalkStops[0].Value.String() != "t.length" {
		t.Errorf("(*Tree[T]).Ascend: walk stops %+v, want visit: t.length", s.WalkStops)
	}
}
