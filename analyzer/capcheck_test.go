package analyzer

import (
	"math"
	"testing"
)

// TestGrowthBytes checks (to the 5 significant digits expressions keep) the bytes charged for the reallocations of a
// growth capacity check: g/ln g element sizes per element the check adds
// to a length kept in memory, and nothing for checks that do not grow a
// structure. The array the structure holds stays reachable: (g-1)/ln g
// element sizes per element added are retained (RetainOut).
func TestGrowthBytes(t *testing.T) {
	perElem := 2 / math.Ln2 // doubling
	livePerElem := 1 / math.Ln2
	shapes := analyzeTestPkg(t, "shapes")
	branches := analyzeTestPkg(t, "branches")
	for _, tc := range []struct {
		sums        map[string]*Summary
		fn          string
		vars        map[string]float64
		bytes, kept float64
	}{
		// v.n+k >= cap(v.items): k ints added per call, into the
		// receiver's array.
		{shapes, "(*shapes.Vec).Reserve", map[string]float64{"k": 10}, 10 * 8 * perElem, 10 * 8 * livePerElem},
		// Reserve(1) inlined or called: one int per call.
		{shapes, "(*shapes.Vec).Append", nil, 8 * perElem, 8 * livePerElem},
		// cap(buf) >= n sizes a buffer: nothing says it grows.
		{branches, "branches.Reuse", map[string]float64{"n": 100}, 0, 0},
		// Shrinking reallocates too, and is as rare: not growth.
		{branches, "branches.Shrink", map[string]float64{"len(s)": 100}, 0, 0},
	} {
		s := tc.sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := withDefaults(s, tc.vars)
		if got := eval(t, s.AllocBytes, vars); math.Abs(got-tc.bytes) > 1e-4*math.Max(1, tc.bytes) {
			t.Errorf("%s: %s = %g bytes per call, want %g", tc.fn, s.AllocBytes, got, tc.bytes)
		}
		if got := eval(t, s.RetainOut, vars); math.Abs(got-tc.kept) > 1e-4*math.Max(1, tc.kept) {
			t.Errorf("%s: retained %s = %g bytes per call, want %g", tc.fn, s.RetainOut, got, tc.kept)
		}
		if got := eval(t, s.AllocCount, vars); got != 0 {
			t.Errorf("%s: %s = %g allocations per call, want 0 (amortized)", tc.fn, s.AllocCount, got)
		}
	}
}

// TestFillGuard checks the odds of a count's equality with a slice's
// length (a ring buffer's full test): once in count+1 calls, so a doubling
// costs its size over the calls between doublings, whichever side is
// bound; equality of two other sizes keeps the static odds.
func TestFillGuard(t *testing.T) {
	sums := analyzeTestPkg(t, "ring")
	add := sums["(*ring.Queue).Add"]
	if add == nil {
		t.Fatal("no summary for (*ring.Queue).Add")
	}
	for _, n := range []float64{100, 10000} {
		vars := withDefaults(add, map[string]float64{"q.count": n})
		// One resize per n+1 calls, of 2n ints: a new array of 16n bytes.
		want := 16 * n / (n + 1)
		if got := eval(t, add.AllocBytes, vars); math.Abs(got-want) > 1e-3*want {
			t.Errorf("q.count = %g: %s = %g bytes per Add, want %g", n, add.AllocBytes, got, want)
		}
	}
	mode := sums["ring.Mode"]
	if mode == nil {
		t.Fatal("no summary for ring.Mode")
	}
	if got := eval(t, mode.AllocCount, withDefaults(mode, map[string]float64{"a": 1000, "b": 1000})); got < 0.01 {
		t.Errorf("ring.Mode: %s = %g allocations: an equality of two plain sizes took fill odds", mode.AllocCount, got)
	}
}
