package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestRuneString checks that string(r) has the length of a rune's UTF-8
// encoding: 3 bytes for a constant '€', runeStringLen for an unknown rune,
// and never a size variable len(r) of the integer r (which took the default
// size 8 and priced every strings.IndexRune call as an 8-byte search).
func TestRuneString(t *testing.T) {
	pkg := analyzeTestPkg(t, "runestr")
	for _, tc := range []struct {
		fn    string
		trips float64
	}{
		{"runestr.Sum", runeStringLen},
		{"runestr.Euro", 3},
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		for _, v := range s.Vars {
			t.Errorf("%s: size variable %s, want none", tc.fn, v.Name)
		}
		if got := eval(t, op(manifest.OpMul)(s), nil); got != tc.trips {
			t.Errorf("%s: %g multiplies, want one per byte of the encoding (%g)", tc.fn, got, tc.trips)
		}
	}
}
