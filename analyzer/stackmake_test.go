package analyzer

import (
	"testing"
)

// TestStackMake checks gc's stack buffer for a make of run-time size that
// does not escape (since Go 1.25): no heap allocation up to 32 bytes, one
// above (an unexpressed size taken as the default 8 elements), and one
// always for a make that escapes.
func TestStackMake(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package")
	}
	pkg := analyzeTestPkgGC(t, "stackmake")
	for _, tc := range []struct {
		fn    string
		n     float64
		count float64
	}{
		{"stackmake.Digits", 32, 0},
		{"stackmake.Digits", 33, 1},
		{"stackmake.Words", 4, 0},
		{"stackmake.Words", 5, 1},
		{"stackmake.Float", -1, 0}, // cap 24
		{"stackmake.Float", 28, 0}, // cap 32
		{"stackmake.Float", 29, 1}, // cap 33
		{"stackmake.Kept", 1, 1},
		{"stackmake.Kept", 64, 1},
		// A size the analysis does not express is the default, 8
		// elements: 8 bytes fit the buffer, 8 words do not.
		{"stackmake.Counted", 0, 0},
		{"stackmake.CountedWords", 0, 1},
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		if got := eval(t, s.AllocCount, map[string]float64{"n": tc.n, "prec": tc.n}); got != tc.count {
			t.Errorf("%s(n=%g): %g allocations, want %g (AllocCount %s)", tc.fn, tc.n, got, tc.count, s.AllocCount)
		}
	}
}
