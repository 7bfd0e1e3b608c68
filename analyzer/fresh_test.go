package analyzer

import "testing"

// TestFreshObjects checks the allocations amortized away on a long-lived
// object and charged on one the caller has just made (fresh.go).
func TestFreshObjects(t *testing.T) {
	// gc's decisions: the new objects themselves stay on the stack.
	sums := analyzeTestPkgGC(t, "fresh")
	for name, s := range sums {
		for i := 1; i < len(s.Vars); i++ {
			if s.Vars[i-1].Name >= s.Vars[i].Name {
				t.Errorf("%s: variables not sorted and unique: %v", name, s.Vars)
			}
		}
	}
	for _, tc := range []struct {
		fn           string
		vars         map[string]float64
		count, bytes float64
		fresh        string // the parameter whose new object allocates, "" for none
	}{
		{"(*fresh.Buf).Grow", map[string]float64{"n": 100}, 0, 0, "x"},
		{"fresh.Reused", map[string]float64{"n": 100}, 0, 0, "x"},
		// A new buffer has no capacity: grow makes 2·0+n bytes.
		{"fresh.Fresh", map[string]float64{"n": 100}, 1, 100, ""},
		{"fresh.Twice", map[string]float64{"n": 100}, 1, 100, ""},
		{"fresh.Through", map[string]float64{"n": 100}, 1, 100, ""},
		{"(*fresh.Text).WriteString", map[string]float64{"len(s)": 5}, 0, 0, "t"},
		{"fresh.Hello", map[string]float64{"len(s)": 5}, 1, 5, ""},
		// Two calls that can each come first: one first allocation.
		{"fresh.Signed", map[string]float64{"len(s)": 5}, 1, 5, ""},
		// The capacity check in a helper reporting the fit.
		{"(*fresh.Pad).Write", map[string]float64{"len(s)": 5}, 0, 0, "p"},
		{"fresh.PadTwice", map[string]float64{"len(s)": 5}, 1, 5, ""},
		// Sixteen words, allocated on first use.
		{"fresh.Table", map[string]float64{"i": 3}, 1, 128, ""},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := withDefaults(s, tc.vars)
		if got := eval(t, s.AllocCount, vars); got != tc.count {
			t.Errorf("%s: %s = %g allocations, want %g", tc.fn, s.AllocCount, got, tc.count)
		}
		if got := eval(t, s.AllocBytes, vars); tc.bytes > 0 && got < tc.bytes {
			t.Errorf("%s: %s = %g bytes, want at least %g", tc.fn, s.AllocBytes, got, tc.bytes)
		}
		var params []string
		for _, a := range s.FreshAllocs {
			params = append(params, a.Param)
		}
		switch {
		case tc.fresh == "" && len(params) > 0:
			t.Errorf("%s: fresh-object allocations on %v, want none (the object is its own)", tc.fn, params)
		case tc.fresh != "" && (len(params) != 1 || params[0] != tc.fresh):
			t.Errorf("%s: fresh-object allocations on %v, want on %s", tc.fn, params, tc.fresh)
		}
	}
}

// TestFreshInitNotGrown checks that a new object's first call takes the
// lazy initialization of a field (its nil test is true on a zero object),
// not the growth arm on the other side of that test: n words, not 2n.
func TestFreshInitNotGrown(t *testing.T) {
	sums := analyzeTestPkgGC(t, "fresh")
	s := sums["fresh.Expand"]
	if s == nil {
		t.Fatal("fresh.Expand: no summary")
	}
	vars := withDefaults(s, map[string]float64{"n": 100})
	if got := eval(t, s.AllocCount, vars); got != 1 {
		t.Errorf("fresh.Expand: %s = %g allocations, want 1", s.AllocCount, got)
	}
	if got := eval(t, s.AllocBytes, vars); got < 800 || got >= 1600 {
		t.Errorf("fresh.Expand: %s = %g bytes, want the 800 of make([]uint64, 100), not the grown 1600", s.AllocBytes, got)
	}
}

// TestFreshSlice checks a capacity check on a slice parameter itself
// (math/big's nat.make): amortized for a caller's own slice, charged for a
// nil slice and for the slice field of a new object; the arm's two
// exclusive makes count as one allocation.
func TestFreshSlice(t *testing.T) {
	sums := analyzeTestPkgGC(t, "freshslice")
	for _, tc := range []struct {
		fn    string
		count float64
		fresh string // the parameter whose empty slice or new object allocates
	}{
		{"(freshslice.Nat).Make", 0, "z"},
		{"(freshslice.Nat).Set", 0, "z"},
		{"(*freshslice.Int).Set", 0, "z"},
		{"freshslice.Reuse", 0, "z"},
		{"freshslice.Copy", 2, ""},
		{"freshslice.FromNil", 1, ""},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := withDefaults(s, map[string]float64{"len(x)": 3, "len(x.abs)": 3})
		if got := eval(t, s.AllocCount, vars); got != tc.count {
			t.Errorf("%s: %s = %g allocations, want %g", tc.fn, s.AllocCount, got, tc.count)
		}
		var params []string
		for _, a := range s.FreshAllocs {
			params = append(params, a.Param)
			if got := eval(t, a.Count, withDefaults(s, nil)); got != 1 {
				t.Errorf("%s: fresh %s allocates %s = %g, want 1 (one of the arm's exclusive makes)", tc.fn, a.Param, a.Count, got)
			}
		}
		switch {
		case tc.fresh == "" && len(params) > 0:
			t.Errorf("%s: fresh-object allocations on %v, want none", tc.fn, params)
		case tc.fresh != "" && (len(params) != 1 || params[0] != tc.fresh):
			t.Errorf("%s: fresh-object allocations on %v, want on %s", tc.fn, params, tc.fresh)
		}
	}
}
