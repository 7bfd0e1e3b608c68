package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestTableLen checks that a string loaded from a composite literal of
// constants has the mean length of the constants at its position: the
// rows' costs add up to what the literal's strings cost, not to the
// callee's default size per row.
func TestTableLen(t *testing.T) {
	sums := analyzeTestPkg(t, "tablelen")
	for _, tc := range []struct {
		fn   string
		want float64 // multiplications in Weigh over the rows
	}{
		{"tablelen.Rows", 8 + 2},
		{"tablelen.Structs", 3 + 1},
		// A table written after its literal keeps the default size.
		{"tablelen.Changed", 2 * DefaultSize},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		e := s.Op(manifest.OpMul)
		if got := eval(t, e, withDefaults(s, nil)); got != tc.want {
			t.Errorf("%s: %s = %g multiplications, want %g", tc.fn, e, got, tc.want)
		}
	}
}
