package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestFillLoops checks loops without a stated bound that store into
// element i of a slice the function made, i counting from 0 by one in
// every iteration: they run as many times as the slice has elements.
func TestFillLoops(t *testing.T) {
	sums := analyzeTestPkg(t, "fill")
	for _, tc := range []struct {
		fn   string
		size float64
		want float64 // multiplications
	}{
		// One multiplication per element of the list: 1000, where the
		// unknown bound's default gave 8 whatever the size.
		{"(*fill.List).Values", 1000, 1000},
		{"(*fill.List).Values", 3, 3},
		// A constant-length buffer and a store on some iterations keep
		// the default bound.
		{"(*fill.List).Fixed", 1000, DefaultSize},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		e := s.Op(manifest.OpMul)
		if got := eval(t, e, withDefaults(s, map[string]float64{"list.size": tc.size})); got != tc.want {
			t.Errorf("%s at list.size %g: %s = %g multiplications, want %g", tc.fn, tc.size, e, got, tc.want)
		}
	}
	if s := sums["(*fill.List).Odd"]; s == nil {
		t.Errorf("Odd: no summary")
	} else if got := eval(t, s.Op(manifest.OpMul), withDefaults(s, map[string]float64{"list.size": 1000})); got >= DefaultSize {
		t.Errorf("Odd: %g multiplications, want the default bound's conditional share (< %d)", got, DefaultSize)
	}
}
