package analyzer

import (
	"math"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestChains checks that list walks count as chase steps, tree descents as
// descent steps with a binary descent log2(size+1) deep, and that loads not
// carried through a loop count as neither.
func TestChains(t *testing.T) {
	pkg := analyzeTestPkg(t, "chains")
	for _, tc := range []struct {
		fn    string
		class manifest.OpClass // the chain class counted; "" for none
		vars  map[string]float64
		want  float64 // steps at vars; < 0: only present
		other manifest.OpClass
	}{
		{"(*chains.List).Get", manifest.OpChase, map[string]float64{"index": 10}, 10, manifest.OpDescent},
		{"(*chains.List).Sum", manifest.OpChase, nil, -1, manifest.OpDescent},
		{"(*chains.Tree).Contains", manifest.OpDescent, nil, -1, manifest.OpChase},
		{"(*chains.AVL).Contains", manifest.OpDescent, nil, -1, manifest.OpChase},
		{"(*chains.BTree).Contains", manifest.OpDescent, nil, -1, manifest.OpChase},
		// Get(i) for i < n: 0 + 1 + ... + (n-1) steps, the induction
		// variable bound at its mean.
		{"chains.UseList", manifest.OpChase, map[string]float64{"n": 100}, 100 * 99 / 2.0, manifest.OpDescent},
		// Recursion along links: a descent, a list walk, and a
		// traversal that is neither.
		{"(*chains.node).find", manifest.OpDescent, nil, -1, manifest.OpChase},
		{"(*chains.elem).sum", manifest.OpChase, nil, -1, manifest.OpDescent},
		{"(*chains.bnode).size", "", nil, 0, ""},
		{"chains.SumAll", "", nil, 0, ""},
		{"chains.Newest", "", nil, 0, ""},
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if tc.class == "" {
			for _, c := range []manifest.OpClass{manifest.OpChase, manifest.OpDescent} {
				if e := op(c)(s); !e.IsZero() {
					t.Errorf("%s: %s = %s, want none (no chain)", tc.fn, c, e)
				}
			}
			continue
		}
		e := op(tc.class)(s)
		if e.IsZero() {
			t.Errorf("%s: no %s steps", tc.fn, tc.class)
			continue
		}
		if o := op(tc.other)(s); !o.IsZero() {
			t.Errorf("%s: %s = %s, want only %s", tc.fn, tc.other, o, tc.class)
		}
		if tc.want >= 0 {
			if got := eval(t, e, tc.vars); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("%s: %s = %s = %g at %v, want %g", tc.fn, tc.class, e, got, tc.vars, tc.want)
			}
		}
	}

	// A binary descent is as deep as its container's count: the steps
	// grow by log2(size+1); a B-tree's stay an unknown loop.
	for _, tc := range []struct {
		fn, size string
	}{
		{"(*chains.Tree).Contains", "t.size"},
		{"(*chains.AVL).Contains", "t.count"},
	} {
		e := op(manifest.OpDescent)(pkg[tc.fn])
		at := func(n float64) float64 { return eval(t, e, map[string]float64{tc.size: n}) }
		if r := at(1023) / at(3); math.Abs(r-5) > 1e-9 {
			t.Errorf("%s: descent %s: %g steps at %s = 1023 over %g at 3, want the ratio log2(1024)/log2(4) = 5", tc.fn, e, at(1023), tc.size, at(3))
		}
	}
	for _, v := range op(manifest.OpDescent)(pkg["(*chains.BTree).Contains"]).Vars() {
		if !strings.HasPrefix(v, "loop_") {
			t.Errorf("B-tree descent over %s, want an unknown loop bound", v)
		}
	}
}
