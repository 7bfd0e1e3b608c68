package analyzer

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestNilGuards checks that a method's test of its receiver against nil
// takes the non-nil arm, and that a slice's test against nil is the size
// guard len(s) == 0: a set of 1000 words is counted whole, an empty slice
// not at all.
func TestNilGuards(t *testing.T) {
	pkg := analyzeTestPkg(t, "nilguard")
	ints := func(fn string, vars map[string]float64) float64 {
		s := pkg[fn]
		if s == nil {
			t.Fatalf("no summary for %s", fn)
		}
		return eval(t, op(manifest.OpInt)(s), vars)
	}
	whole := ints("nilguard.count", map[string]float64{"len(s)": 1000})
	for _, tc := range []struct {
		fn   string
		vars map[string]float64
		want float64 // share of count's integer work
	}{
		{"(*nilguard.Set).Count", map[string]float64{"len(b.set)": 1000}, 1},
		{"nilguard.Sum", map[string]float64{"len(s)": 1000}, 1},
		{"nilguard.Sum", map[string]float64{"len(s)": 0}, 0},
	} {
		got := ints(tc.fn, tc.vars)
		if share := got / whole; math.Abs(share-tc.want) > 0.05 {
			t.Errorf("%s at %v: %g integer operations, %.2f of count's %g, want %.0f", tc.fn, tc.vars, got, share, whole, tc.want)
		}
	}
}
