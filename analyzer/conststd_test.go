package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestConstStd checks the calls the folder runs at analysis time
// (conststd.go): loops over the pieces of a constant string split by
// strings or a regexp take the pieces' count as trip count, through a
// same-package normalizer that returns its input, and into the shape of a
// constructor whose later method calls (pointer or value receiver, with an
// error result) are bound to it.
func TestConstStd(t *testing.T) {
	pkg := analyzeTestPkg(t, "conststd")
	for _, tc := range []struct {
		fn   string
		want float64
	}{
		// One group of one token, of three tokens.
		{"conststd.ParseOne", 1},
		{"conststd.ParseThree", 3},
		// Two groups that differ: the loop over each group's tokens does
		// not know which, its trip count is the default.
		{"conststd.ParseTwoGroups", 2 * DefaultTrip},
		{"conststd.ParseVar", DefaultTrip * DefaultTrip},
		{"conststd.Fields", 4},
		// Pieces written to are not read back as constants.
		{"conststd.Written", DefaultTrip},
		// A constructor's field made with len(pieces): its methods run
		// over that many.
		{"conststd.UseSet", 2},
		{"conststd.UseChecked", 3},
		// A regexp match of a constant decides the branch.
		{"conststd.ScaleToken", 1},
		{"conststd.ScaleNone", 0},
	} {
		if got := opAt(t, pkg, tc.fn, manifest.OpFloat, nil); got < tc.want-1e-6 || got > tc.want+1e-6 {
			t.Errorf("%s: float = %g, want %g (%s)", tc.fn, got, tc.want, pkg[tc.fn].Op(manifest.OpFloat))
		}
	}
	// A value receiver copied from a pointer parameter has the
	// parameter's sizes.
	fn := "(*conststd.Set).CountThrough"
	if got := opAt(t, pkg, fn, manifest.OpFloat, map[string]float64{"len(t.groups)": 5}); got != 5 {
		t.Errorf("%s: float = %g at len(t.groups) = 5, want 5 (%s)", fn, got, pkg[fn].Op(manifest.OpFloat))
	}
}
