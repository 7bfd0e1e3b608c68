package analyzer

import "testing"

// TestFailureArm checks that the arm of a check that fails the benchmark
// (t.Errorf, b.Error, through testing.TB too) allocates nothing: a
// benchmark that fails prints no result, so a measured run never took it.
// The same arm printing instead keeps its odds.
func TestFailureArm(t *testing.T) {
	sums := analyzeTestPkg(t, "failarm")
	for _, tc := range []struct {
		fn   string
		cold bool
	}{
		{"failarm.CheckTB", true},
		{"failarm.CheckB", true},
		{"failarm.Print", false},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		got := eval(t, s.AllocCount, withDefaults(s, nil))
		if cold := got == 0; cold != tc.cold {
			t.Errorf("%s: %g allocations (%s), want the reporting arm cold: %v", tc.fn, got, s.AllocCount, tc.cold)
		}
	}
}
