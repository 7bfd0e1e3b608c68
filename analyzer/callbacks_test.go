package analyzer

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestSortCallbacks checks that a standard-library sort costs the
// caller's Less or comparison function n·log2(n) times for the n the
// caller knows (1.05 for pdqsort, 1.27 for the stable sort), n−1 times
// when a loop sorts again what it sorted before, and that a sort of an
// interface value of unknown type keeps the shipped summary.
func TestSortCallbacks(t *testing.T) {
	res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", "sorts")}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	sums := map[string]*Summary{}
	for _, s := range res.Summaries {
		sums[strings.TrimPrefix(s.Name, testPrefix+"sorts.")] = s
	}
	const n = 1000
	nlog := n * math.Log2(n)
	for _, tc := range []struct {
		fn    string
		sizes map[string]float64
		cmps  float64 // comparisons, each dividing twice
	}{
		{"Once", map[string]float64{"len(xs)": n}, 1.05 * nlog},
		{"Stable", map[string]float64{"len(xs)": n}, 1.27 * nlog},
		{"Again", map[string]float64{"len(xs)": n, "k": 10}, 10 * (n - 1)},
		{"Refill", map[string]float64{"len(xs)": n, "len(src)": n, "k": 10}, 10 * 1.05 * nlog},
		{"Slice", map[string]float64{"len(xs)": n}, 1.05 * nlog},
		{"Func", map[string]float64{"len(xs)": n}, 1.05 * nlog},
		{"Literal", map[string]float64{"len(xs)": n}, 1.05 * nlog},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		got := eval(t, s.Op(manifest.OpDiv), withDefaults(s, tc.sizes))
		if want := 2 * tc.cmps; math.Abs(got-want) > 0.01*want {
			t.Errorf("%s: div %g at %v (%s), want %g", tc.fn, got, tc.sizes, s.Op(manifest.OpDiv), want)
		}
	}
	if s := sums["Opaque"]; s == nil || slices.ContainsFunc(s.Notes, func(n string) bool { return strings.Contains(n, "costed here") }) {
		t.Errorf("Opaque: the sort of an unknown sort.Interface was costed at the caller: %v", s)
	}
}

// TestBisect checks that a binary search loop runs log2 of its range
// times: exactly for a search to the end, at most for one that stops at
// a match.
func TestBisect(t *testing.T) {
	res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", "sorts")}, ".")
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]*Summary{}
	for _, s := range res.Summaries {
		sums[strings.TrimPrefix(s.Name, testPrefix+"sorts.")] = s
	}
	for _, tc := range []struct {
		fn       string
		min, max float64 // divisions (one per pass) at len(xs) = 1023
	}{
		{"Find", 10, 10},
		{"FindEq", 5, 10},
	} {
		s := sums[tc.fn]
		got := eval(t, s.Op(manifest.OpDiv), withDefaults(s, map[string]float64{"len(xs)": 1023}))
		if got < tc.min-1e-9 || got > tc.max+1e-9 {
			t.Errorf("%s: div %g (%s), want in [%g, %g]", tc.fn, got, s.Op(manifest.OpDiv), tc.min, tc.max)
		}
	}
}
