package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestConcreteArgs checks that a call passing an interface argument of a
// type the caller knows is costed with that type's methods (concrete.go):
// converted at the call, returned by a constructor (a generic one too),
// passed on a call deeper; a caller that does not know the type keeps
// the average over the targets.
func TestConcreteArgs(t *testing.T) {
	pkg := analyzeTestPkg(t, "concrete")
	for _, tc := range []struct {
		fn   string
		want float64
		avg  bool
	}{
		{"concrete.UseSlow", 3, false},
		{"concrete.UseFast", 0, false},
		{"concrete.UseNewSlow", 6, false},
		{"concrete.UseBox", 1, false},
		{"concrete.UseAny", 0, true},
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		got := opAt(t, pkg, tc.fn, manifest.OpMul, nil)
		if tc.avg {
			if got <= 0 || got >= 3 {
				t.Errorf("%s: %s = %g, want an average strictly between fast's and slow's", tc.fn, manifest.OpMul, got)
			}
			continue
		}
		if got < tc.want-1e-6 || got > tc.want+1e-6 {
			t.Errorf("%s: %s = %g, want %g (%s)", tc.fn, manifest.OpMul, got, tc.want, s.Op(manifest.OpMul))
		}
	}
}
