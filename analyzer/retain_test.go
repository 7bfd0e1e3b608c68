package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest/expr"
)

// TestRetention checks which allocations the analyzer finds reachable after
// the operation that made them (what the garbage collector keeps marking).
func TestRetention(t *testing.T) {
	sums := analyzeTestPkg(t, "retain")
	for _, tc := range []struct {
		fn        string
		vars      map[string]float64
		out, held float64
	}{
		// A 16-byte node linked into the receiver, per call.
		{"(*retain.List).Push", nil, 16, 16},
		// One int more in the receiver's slice.
		{"(*retain.Stack).Add", nil, 8, 8},
		// Scratch: garbage.
		{"retain.Sum", map[string]float64{"n": 100}, 0, 0},
		// n nodes held by a list made before the loop, none beyond the call.
		{"retain.Fill", map[string]float64{"n": 100}, 0, 1600},
		// n ints held by a slice carried across the loop.
		{"retain.Collect", map[string]float64{"n": 100}, 0, 800},
		// A list made inside the loop dies with its iteration.
		{"retain.Rebuild", map[string]float64{"n": 100}, 0, 0},
		// A store into a sink replaces the value it held.
		{"retain.Keep", nil, 0, 0},
		// A node linked to the global's old value keeps it.
		{"retain.PushGlobal", nil, 16, 16},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		get := func(e expr.Expr) float64 {
			vars := withDefaults(s, tc.vars)
			return eval(t, e, vars)
		}
		if got := get(s.RetainOut); got != tc.out {
			t.Errorf("%s: retained beyond the call %s = %g, want %g", tc.fn, s.RetainOut, got, tc.out)
		}
		if got := get(s.RetainHeld); got != tc.held {
			t.Errorf("%s: held %s = %g, want %g", tc.fn, s.RetainHeld, got, tc.held)
		}
	}
}

// TestUntimedBytes checks the heap a benchmark builds with its timer
// stopped: left out of the measured allocations, kept as the setup's live
// heap (Summary.UntimedBytes).
func TestUntimedBytes(t *testing.T) {
	sums := analyzeTestPkg(t, "retain")
	for _, tc := range []struct {
		fn      string
		vars    map[string]float64
		untimed float64 // at b.N = 10; -1: none
	}{
		// The list (16 bytes) and map (48) headers, on the heap for the
		// SSA oracle, n 16-byte nodes and n map entries of
		// mapEntryBytes.
		{"retain.Setup", map[string]float64{"n": 100}, 16 + 48 + 100*16 + 100*mapEntryBytes},
		// A list and a node per iteration.
		{"retain.SetupEach", nil, 10 * (16 + 16)},
		// Never stops the timer.
		{"retain.Fill", map[string]float64{"n": 100}, -1},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if s.UntimedBytes == nil {
			if tc.untimed >= 0 {
				t.Errorf("%s: no untimed bytes, want %g", tc.fn, tc.untimed)
			}
			continue
		}
		vars := defaults(s)
		vars["b.N"] = 10
		for k, v := range tc.vars {
			vars[k] = v
		}
		if got := eval(t, *s.UntimedBytes, vars); got != tc.untimed {
			t.Errorf("%s: untimed bytes %s = %g, want %g", tc.fn, *s.UntimedBytes, got, tc.untimed)
		}
		if got := eval(t, s.AllocBytes, vars); got != 0 {
			t.Errorf("%s: measured allocations %s = %g, want 0", tc.fn, s.AllocBytes, got)
		}
	}
}

// TestPersistentAppend checks that appends to a slice the caller owns are
// amortized over the calls while a slice the call starts grows each call.
func TestPersistentAppend(t *testing.T) {
	sums := analyzeTestPkg(t, "retain")
	vars := map[string]float64{"n": 64}
	if got := eval(t, sums["retain.AppendDigits"].AllocCount, vars); got != 0 {
		t.Errorf("AppendDigits: %g allocations per call, want 0 (the caller's buffer)", got)
	}
	// 64 one-byte appends from empty: the first array holds a size
	// class's 8 bytes, then 16, 32 and 64: 4 allocations.
	if got := eval(t, sums["retain.Digits"].AllocCount, vars); got != 4 {
		t.Errorf("Digits: %g allocations per call, want 4", got)
	}
	for fn, want := range map[string]float64{
		"retain.Copy":   1, // one append grows once, whatever it adds
		"retain.Extend": 1, // append(nil, make(n)...): the make is not an allocation
		"retain.Quiet":  0, // an append that never runs
		"retain.Grow":   1,
		"retain.Format": 0, // every append reaches the caller's dst
	} {
		s := sums[fn]
		if s == nil {
			t.Errorf("%s: no summary", fn)
			continue
		}
		if got := eval(t, s.AllocCount, map[string]float64{"n": 64, "len(s)": 64, "len(b)": 8, "cap(b)": 8, "prec": 6, "dp": 3, "len(d)": 10}); got != want {
			t.Errorf("%s: %g allocations per call, want %g (%s)", fn, got, want, s.AllocCount)
		}
	}
	// Grow's test computes a size: its side where the size is kept is
	// where both sides meet, not an arm allocating for a new object.
	if s := sums["retain.Grow"]; s != nil && len(s.FreshAllocs) > 0 {
		t.Errorf("Grow: first-use allocations %v, want none", s.FreshAllocs)
	}
}
