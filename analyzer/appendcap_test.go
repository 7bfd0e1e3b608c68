package analyzer

import "testing"

// TestAppendCap checks that an append chain that stays within the
// capacity it starts with (a slice of a fixed-size array, a make with a
// capacity) allocates nothing, and that one adding more than that
// capacity still grows.
func TestAppendCap(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package")
	}
	sums := analyzeTestPkgGC(t, "appendcap")
	for _, tc := range []struct {
		fn   string
		n    float64
		grow bool
	}{
		{"appendcap.Digits", 0, false},
		{"appendcap.Small", 0, true},
		{"appendcap.Sized", 100, false},
		{"appendcap.Twice", 100, true},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		// Sized and Twice make their slice on the heap (its size is not
		// a constant): that is one allocation; growth adds more.
		base := 0.0
		if tc.n > 0 {
			base = 1
		}
		got := eval(t, s.AllocCount, withDefaults(s, map[string]float64{"len(xs)": tc.n}))
		if grew := got > base; grew != tc.grow {
			t.Errorf("%s: %g allocations (%s, %s B), want growth %v", tc.fn, got, s.AllocCount, s.AllocBytes, tc.grow)
		}
	}
	// A chain grows as the runtime grows one slice, not once per
	// append statement.
	for _, tc := range []struct {
		fn           string
		count, bytes float64
	}{
		{"appendcap.Three", 1, 8},
		{"appendcap.Twenty", 3, 56},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		env := withDefaults(s, nil)
		if c, b := eval(t, s.AllocCount, env), eval(t, s.AllocBytes, env); c != tc.count || b != tc.bytes {
			t.Errorf("%s: %g allocations, %g bytes (%s, %s), want %g, %g", tc.fn, c, b, s.AllocCount, s.AllocBytes, tc.count, tc.bytes)
		}
	}
}
