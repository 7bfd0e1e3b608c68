package analyzer

import "testing"

// TestResetTimer checks that what a benchmark does before b.ResetTimer,
// on every path, is not measured, even when it scales with b.N (harness.go,
// resetState).
func TestResetTimer(t *testing.T) {
	sums := analyzeTestPkg(t, "resettimer")
	for _, tc := range []struct {
		fn    string
		perOp float64 // allocations per unit of b.N
	}{
		{"resettimer.Keys", 0},
		{"resettimer.MaybeReset", 1},
		{"resettimer.Timed", 1},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		at := func(n float64) float64 {
			return eval(t, s.AllocCount, withDefaults(s, map[string]float64{"b.N": n, "reset": 1}))
		}
		if got := at(2000) - at(1000); got < tc.perOp*1000-1 || got > tc.perOp*1000+1 {
			t.Errorf("%s: %s: %g allocations per 1000 of b.N, want %g", tc.fn, s.AllocCount, got, tc.perOp*1000)
		}
	}
}
