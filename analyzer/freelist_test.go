package analyzer

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestFreeListAndNavigation checks that the empty arm of a free list's pop
// is amortized to never (and a list nothing pushes onto is not a free
// list), and that appends into a node reached from a parameter keep its
// capacity while appends into a node the function makes do not.
func TestFreeListAndNavigation(t *testing.T) {
	res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", "freelist")}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	sums := map[string]*Summary{}
	for _, s := range res.Summaries {
		sums[strings.ReplaceAll(s.Name, testPrefix+"freelist.", "")] = s
	}
	for _, tc := range []struct {
		fn        string
		allocates bool
	}{
		{"(*Pool).Get", false}, // pop from a free list: the miss arm is amortized
		{"(*Take).Next", true}, // nothing pushes onto t.left: static estimate
		{"AddToChild", false},  // n.child(i) is part of n: its slice outlives the call
		{"Fresh", true},        // a node made here starts with an empty slice
		{"(*Pool).Put", false}, // an append to a parameter's field
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		// Empty lists: a pop's miss arm is the one in question (the
		// size guard of `len(t.left) == 0` takes it there).
		vars := defaults(s)
		for k := range vars {
			if strings.HasPrefix(k, "len(") {
				vars[k] = 0
			}
		}
		got := eval(t, s.AllocCount, vars)
		if (got > 0) != tc.allocates {
			t.Errorf("%s: %g allocations per call (%s), want allocating %v", tc.fn, got, s.AllocCount, tc.allocates)
		}
	}
}
