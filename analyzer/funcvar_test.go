package analyzer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestFuncVar checks that a call through an unexported package variable
// every store of which stores a known function is costed by that
// function, and that an exported or address-taken variable is not.
func TestFuncVar(t *testing.T) {
	// Without VTA, as the standard library is analyzed.
	res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", "funcvar"), NoVTA: true}, ".")
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]*Summary{}
	for _, s := range res.Summaries {
		sums[strings.ReplaceAll(s.Name, testPrefix, "")] = s
	}
	for _, tc := range []struct {
		fn   string
		want float64 // multiplications with len(s) = 10
	}{
		{"funcvar.Call", 10},
		{"funcvar.CallOnce", 10},
		{"funcvar.CallExported", 0},
		{"funcvar.CallTaken", 0},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		e := s.Op(manifest.OpMul)
		if got := eval(t, e, withDefaults(s, map[string]float64{"len(s)": 10})); got != tc.want {
			t.Errorf("%s: %s = %g multiplications, want %g", tc.fn, e, got, tc.want)
		}
	}
}
