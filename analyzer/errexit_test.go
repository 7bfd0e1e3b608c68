package analyzer

import "testing"

// TestErrorExit checks that a loop's early exit through an error return is
// taken as rarely as the error arm, whichever arm of the test it is on
// (loops.go, exceptionalArm), while a search's exit runs once per call.
func TestErrorExit(t *testing.T) {
	sums := analyzeTestPkgGC(t, "errexit")
	for _, tc := range []struct {
		fn       string
		min, max float64 // allocations per call
	}{
		{"errexit.Parse", 0, 0.01},
		{"errexit.ParseTrue", 0, 0.01},
		{"errexit.Find", 0.5, 1},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if got := eval(t, s.AllocCount, withDefaults(s, nil)); got < tc.min || got > tc.max {
			t.Errorf("%s: %s = %g allocations per call, want in [%g, %g]", tc.fn, s.AllocCount, got, tc.min, tc.max)
		}
	}
}
