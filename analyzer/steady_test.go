package analyzer

import (
	"math"
	"testing"
)

// TestSteadyState checks the steady state of loops that repeat calls on a
// structure made before them: allocations a call makes only for a new key
// (Summary.NewKey) run once per entry of a loop replaying the same keys,
// and in every iteration when the keys change, the structure is made
// afresh, something else in the loop removes from it, or the call has no
// keys at all.
func TestSteadyState(t *testing.T) {
	sums := analyzeTestPkg(t, "steady")
	// newKey: the callee's allocations are all made for new keys (true),
	// or none (false).
	for _, tc := range []struct {
		fn     string
		newKey bool
	}{
		{"(*steady.Tree).Put", true},   // the node, in the slot the search found empty
		{"(*steady.Set).Add", true},    // the list cell and the key, on the absent arm
		{"(*steady.List).Push", false}, // no key test: every call allocates
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := defaults(s)
		all := eval(t, s.AllocCount, vars)
		if all <= 0 {
			t.Errorf("%s: %s allocations per call, want some", tc.fn, s.AllocCount)
			continue
		}
		switch {
		case !tc.newKey && s.NewKey != nil:
			t.Errorf("%s: new-key allocations %s, want none", tc.fn, s.NewKey.AllocCount)
		case tc.newKey && s.NewKey == nil:
			t.Errorf("%s: no new-key allocations, want all of %s", tc.fn, s.AllocCount)
		case tc.newKey:
			if nk := eval(t, s.NewKey.AllocCount, vars); math.Abs(nk-all) > 1e-9 {
				t.Errorf("%s: new-key allocations %s = %g, want all %g", tc.fn, s.NewKey.AllocCount, nk, all)
			}
		}
	}
	// perRound: how the allocations grow with each extra round of the
	// outer loop (0: the same keys again, nothing new).
	for _, tc := range []struct {
		fn       string
		perRound bool
	}{
		{"steady.Replay", false},    // keys 0..n-1 every round
		{"steady.ReplaySet", false}, // one constant key
		{"steady.Fresh", true},      // keys r*n+k
		{"steady.Rebuild", true},    // a new tree each round
		{"steady.Churn", true},      // Clear in the loop
		{"steady.Grow", true},       // a list has no keys
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		at := func(rounds float64) float64 {
			vars := defaults(s)
			vars["n"], vars["rounds"] = 100, rounds
			return eval(t, s.AllocCount, vars)
		}
		first, extra := at(1), at(11)-at(1)
		if first <= 0 {
			t.Errorf("%s: %s = %g allocations in one round, want some", tc.fn, s.AllocCount, first)
			continue
		}
		if grows := extra > 1e-9; grows != tc.perRound {
			t.Errorf("%s: %s: ten more rounds add %g allocations to the first round's %g; want growth %v", tc.fn, s.AllocCount, extra, first, tc.perRound)
		}
		if tc.perRound && math.Abs(extra-10*first) > 1e-6*first {
			t.Errorf("%s: ten more rounds add %g allocations, want 10 × %g", tc.fn, extra, first)
		}
	}
}
