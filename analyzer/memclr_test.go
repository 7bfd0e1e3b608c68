package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestRangeClears checks that `for i := range s { s[i] = 0 }` costs a
// call and its bytes cleared in bulk, as gc compiles it, while a range
// storing another value and a three-clause loop storing zero stay loops.
func TestRangeClears(t *testing.T) {
	pkg := analyzeTestPkg(t, "memclr")
	for _, tc := range []struct {
		fn              string
		vars            map[string]float64
		stores, cleared float64
	}{
		{"memclr.Clear", map[string]float64{"len(s)": 100}, 0, 800},
		{"(*memclr.Set).ClearAll", map[string]float64{"len(b.set)": 100}, 0, 800},
		{"memclr.Fill", map[string]float64{"len(s)": 100}, 100, 0},
		{"memclr.ClearFor", map[string]float64{"len(s)": 100}, 100, 0},
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		if got := eval(t, op(manifest.OpStore)(s), tc.vars); got != tc.stores {
			t.Errorf("%s: %g stores at %v, want %g", tc.fn, got, tc.vars, tc.stores)
		}
		if got := eval(t, op(manifest.OpMemBytes)(s), tc.vars); got != tc.cleared {
			t.Errorf("%s: %g bytes cleared in bulk at %v, want %g", tc.fn, got, tc.vars, tc.cleared)
		}
	}
}
