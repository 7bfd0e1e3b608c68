package analyzer

import (
	"math"
	"testing"
)

// TestBoxingShare checks how many integer-to-interface conversions
// allocate: those of values from 256 on (runtime.staticuint64s holds the
// others), over a counter and a counter modulo k.
func TestBoxingShare(t *testing.T) {
	sums := analyzeTestPkgGC(t, "boxing")
	for _, tc := range []struct {
		fn   string
		vars map[string]float64
		want float64
	}{
		{"boxing.Counter", map[string]float64{"n": 1000}, 744},
		{"boxing.Counter", map[string]float64{"n": 100}, 0},
		// 0..99999 in turn, b.N = 10⁶ times: 99744 of every 100000.
		{"boxing.Cycle", map[string]float64{"n": 1e6, "k": 1e5}, 1e6 * 99744 / 1e5},
		// k above n: only the values reached count.
		{"boxing.Cycle", map[string]float64{"n": 1000, "k": 1e5}, 744},
		{"boxing.Cycle", map[string]float64{"n": 1e6, "k": 100}, 0},
		{"boxing.Small", nil, 0},
		// Values bounded by interval arithmetic (intrange.go): a number
		// of places at most want = 2, a mask; a digit count is not.
		{"boxing.PlacesTwo", nil, 0},
		{"boxing.PlacesLarge", nil, 1},
		{"boxing.Masked", nil, 0},
		{"boxing.Digits", nil, 1},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := withDefaults(s, tc.vars)
		if got := eval(t, s.AllocCount, vars); math.Abs(got-tc.want) > 1e-6*math.Max(1, tc.want) {
			t.Errorf("%s at %v: %s = %g allocations, want %g", tc.fn, tc.vars, s.AllocCount, got, tc.want)
		}
	}
}
