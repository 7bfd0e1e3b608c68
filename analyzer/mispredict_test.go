package analyzer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestMispredict checks the mispredicted branches charged to binary
// searches: half a misprediction per test of the search's loop, kept for
// keys loaded from memory or drawn at random, dropped for keys that follow
// the caller's loop counter.
func TestMispredict(t *testing.T) {
	res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", "mispredict")}, ".")
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]*Summary{}
	for _, s := range res.Summaries {
		sums[strings.TrimPrefix(s.Name, testPrefix+"mispredict.")] = s
	}
	// At len(xs) = 1023 a search passes 10 times and tests 11 times.
	const perSearch = 0.5 * 11
	for _, tc := range []struct {
		fn   string
		want float64
	}{
		{"Find", perSearch},
		{"Scan", 0},
		{"Permuted", 100 * perSearch}, // len(keys) = 100
		{"Counted", 0},
		{"Wrapped", 0},
		{"Drawn", 100 * perSearch}, // n = 100
		{"Scans", 0},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		got := eval(t, s.Op(manifest.OpMispredict), withDefaults(s, map[string]float64{"len(xs)": 1023, "len(keys)": 100, "n": 100}))
		if got < tc.want-1e-6 || got > tc.want+1e-6 {
			t.Errorf("%s: mispredict %g (%s), want %g", tc.fn, got, s.Op(manifest.OpMispredict), tc.want)
		}
	}
}
