package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"math"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// TestBranchHeuristics checks the frequency of the arm marked by `* 131` in
// testdata/src/branches, one function per static branch heuristic, against
// probabilities worked out by hand from the Wu–Larus table.
func TestBranchHeuristics(t *testing.T) {
	pkg := analyzeTestPkg(t, "branches")
	for _, tc := range []struct {
		fn   string
		get  func(*Summary) expr.Expr
		vars map[string]float64
		want float64
	}{
		{"branches.Pointer", op(manifest.OpMul), nil, 0.4},
		{"branches.Lock", op(manifest.OpMul), nil, 0},
		{"branches.Negative", op(manifest.OpMul), nil, 0.16},
		{"branches.NotConst", op(manifest.OpMul), nil, 0.84},
		{"branches.Call", op(manifest.OpMul), nil, 0.22},
		{"branches.Return", op(manifest.OpMul), nil, 0.28},
		{"branches.Chain", op(manifest.OpMul), nil, 0.28},
		{"branches.Store", op(manifest.OpMul), nil, 0.45},
		{"branches.LoopHeader", op(manifest.OpMul), map[string]float64{"c": 10}, 7.5},
		{"branches.Guard", op(manifest.OpMul), nil, 0.62},
		// 0.16·0.22 / (0.16·0.22 + 0.84·0.78) = 0.05098.
		{"branches.Combined", op(manifest.OpMul), nil, 0.051},
		{"branches.ErrorFirst", op(manifest.OpMul), nil, 0.1},
		// A residue test: 1/k of the values meet it, not the
		// opcode heuristic's 0.16.
		{"branches.Alternate", op(manifest.OpMul), nil, 5},
		{"branches.Flush", op(manifest.OpMul), nil, 0.0156}, // 1/64, rounded to 4 places
		{"branches.OddResidue", op(manifest.OpMul), nil, 0.16},
		// i%3 is two multiplications (gc's division by a constant),
		// 24 in 12 iterations; the second case's arm 4 (1/3 · 1/2 is
		// 2.67).
		{"branches.Third", op(manifest.OpMul), nil, 24 + 4},
		// A constant condition is decided at compile time.
		{"branches.Debug", op(manifest.OpMul), nil, 0},
		// One draw before the loop, one retry on average: two calls of
		// next (one multiplication each, costs being inclusive) plus the
		// final multiplication.
		{"branches.Reject", op(manifest.OpMul), nil, 2 + 1},
		// Not a retry loop: the default bound, 8 iterations, so 1+8 draws.
		{"branches.Scan", op(manifest.OpMul), nil, 1 + 8 + 1},
		// Two attempts of the compare-and-swap.
		{"branches.Increment", op(manifest.OpMul), nil, 2},
		// A compare-and-swap at the top: one failed attempt, one body.
		{"branches.Acquire", op(manifest.OpMul), nil, 1},
		// Capacity checks in either orientation: the rare arm is never taken.
		{"branches.Reuse", allocCount, nil, 0},
		{"branches.Shrink", allocCount, nil, 0},
		// Unknown bounds with early exits. Until's `v == 0` exit stays by
		// loop exit (0.8), opcode (0.84) and guard (0.62, the staying arm
		// uses v): DS 0.97164; p = 8/9·0.97164 = 0.86368, trip p/(1-p) =
		// 6.3358, for next and the marker each. Drain's error exit stays
		// 0.9 alone: p = 0.8, 4 trips.
		{"branches.Until", op(manifest.OpMul), nil, 2 * 6.3358},
		{"branches.Drain", op(manifest.OpMul), nil, 4},
		// n = 1000, 100, 10, 1: four divisions by ten, each a multiply
		// by the reciprocal (gc divides by a constant without a divide).
		{"branches.Digits", op(manifest.OpMul), map[string]float64{"n": 1000}, 4},
		{"branches.Digits", op(manifest.OpDiv), map[string]float64{"n": 1000}, 0},
		// 999, 99, 9: three, not log10(999)+1 = 3.9996.
		{"branches.Digits", op(manifest.OpMul), map[string]float64{"n": 999}, 3},
		{"branches.Digits", op(manifest.OpMul), map[string]float64{"n": 0}, 0},
		// u>>29 != 0 is u >= 2^29: no nine-digit chunk below it, one for
		// 1e12 (1e12/1e9 = 1000 fits); the pair loop's uint32 of unknown
		// value gets half of ⌊log100(2^32/100)⌋+1 = 4 iterations.
		{"branches.Base10Steps", op(manifest.OpMul), map[string]float64{"u": 12345}, 2},
		{"branches.Base10Steps", op(manifest.OpMul), map[string]float64{"u": 1e12}, 1 + 2},
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := map[string]float64{}
		for _, v := range s.Vars {
			vars[v.Name] = v.Default
		}
		for k, v := range tc.vars {
			vars[k] = v
		}
		if got := eval(t, tc.get(s), vars); math.Abs(got-tc.want) > 1e-6*math.Max(1, math.Abs(tc.want)) { // expressions keep 5 significant digits
			t.Errorf("%s: %s = %g at %v, want %g", tc.fn, tc.get(s), got, vars, tc.want)
		}
	}
	for _, fn := range []string{"branches.Reject", "branches.Increment", "branches.Acquire"} {
		found := false
		for _, v := range pkg[fn].Vars {
			if strings.HasPrefix(v.Name, "loop_") && strings.HasPrefix(v.Origin, "retry loop") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: vars %v, want a retry loop variable", fn, pkg[fn].Vars)
		}
	}
}

func TestCombineDS(t *testing.T) {
	for _, tc := range []struct{ p, q, want float64 }{
		{0.5, 0.84, 0.84}, // even odds add nothing
		{0.84, 0.16, 0.5}, // opposite evidence cancels
		{0.6, 0.6, 0.36 / (0.36 + 0.16)},
		{0, 0.7, 0},
	} {
		if got := combineDS(tc.p, tc.q); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("combineDS(%g, %g) = %g, want %g", tc.p, tc.q, got, tc.want)
		}
	}
}

// TestPostDominators checks the post-dominator sets on a diamond, an early
// return and an infinite loop, built from source.
func TestPostDominators(t *testing.T) {
	const src = `package p
func f(a, b int) int {
	if a > b { // diamond: the join post-dominates the test
		a++
	}
	if a == 0 { // early return: nothing after the test post-dominates it
		return 1
	}
	return a
}
func g(c bool) {
	if c {
		for { // no exit: post-dominated by itself only
		}
	}
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	sp, _, err := ssautil.BuildPackage(&types.Config{}, fset, pkg, []*ast.File{file}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	f := sp.Func("f")
	pd := postDominators(f)
	b0 := f.Blocks[0]
	then, join := b0.Succs[0], b0.Succs[1]
	if !pd.postDominates(join, b0) || pd.postDominates(then, b0) {
		t.Errorf("diamond: join post-dominates %v, then %v; want true, false", pd.postDominates(join, b0), pd.postDominates(then, b0))
	}
	if !pd.postDominates(join, then) {
		t.Error("diamond: the join should post-dominate the then arm")
	}
	ret1, rest := join.Succs[0], join.Succs[1]
	if pd.postDominates(ret1, join) || pd.postDominates(rest, join) {
		t.Error("early return: neither arm post-dominates the test")
	}
	g := sp.Func("g")
	pg := postDominators(g)
	for _, b := range g.Blocks {
		if b != g.Blocks[0] && pg.postDominates(b, g.Blocks[0]) {
			t.Errorf("g: block %d post-dominates the entry, which can return without it", b.Index)
		}
	}
}

// TestSizeGuards checks the branches of testdata/src/branches/guards.go
// whose condition compares a size with a constant: the arm marked `* 131`
// runs as often as the condition holds at the sizes given, the others keep
// the static prediction.
func TestSizeGuards(t *testing.T) {
	pkg := analyzeTestPkg(t, "branches")
	const digest = "(*branches.Digest)."
	for _, tc := range []struct {
		fn   string
		vars map[string]float64
		want float64
	}{
		{"branches.Small", map[string]float64{"len(b)": 4}, 0},
		{"branches.Small", map[string]float64{"len(b)": 31}, 0},
		{"branches.Small", map[string]float64{"len(b)": 32}, 1},
		{"branches.Small", map[string]float64{"len(b)": 1000}, 1},
		// A fractional size (a mean) takes the arms in proportion.
		{"branches.Small", map[string]float64{"len(b)": 31.5}, 0.5},
		{"branches.Large", map[string]float64{"len(b)": 31}, 0},
		{"branches.Large", map[string]float64{"len(b)": 32}, 1},
		{digest + "Filled", map[string]float64{"d.n": 0, "len(b)": 4}, 0},
		{digest + "Filled", map[string]float64{"d.n": 28, "len(b)": 4}, 1},
		{"branches.Empty", map[string]float64{"len(s)": 0}, 0},
		{"branches.Empty", map[string]float64{"len(s)": 3}, 1},
		// A switch on a size: only the default multiplies.
		{"branches.Width", map[string]float64{"len(s)": 1}, 0},
		{"branches.Width", map[string]float64{"len(s)": 2}, 0},
		{"branches.Width", map[string]float64{"len(s)": 4}, 0},
		{"branches.Width", map[string]float64{"len(s)": 3}, 1},
		{"branches.Width", map[string]float64{"len(s)": 100}, 1},
		// len of an array: decided at compile time.
		{"branches.Fixed", nil, 1},
		// Two sizes: the static prediction (no heuristic applies).
		{"branches.Pair", map[string]float64{"len(a)": 1, "len(b)": 100}, 0.5},
		// A loop-invariant size inside a loop.
		{"branches.Blocks", map[string]float64{"len(b)": 64, "n": 10}, 0},
		{"branches.Blocks", map[string]float64{"len(b)": 65, "n": 10}, 10},
		// d.mem[:d.n&31], consumed 8 bytes at a time: min(d.n, 31)/8.
		{digest + "Tail", map[string]float64{"d.n": 16}, 2},
		{digest + "Tail", map[string]float64{"d.n": 1000}, 31.0 / 8},
		// A slice of a fixed array cut at an unknown index: the default
		// trip count (8) capped by the array's 4 (two multiplications
		// per iteration).
		{"branches.Window", nil, 2 * 4},
		{"branches.Chunks", nil, 2.5},
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := map[string]float64{}
		for _, v := range s.Vars {
			vars[v.Name] = v.Default
		}
		for k, v := range tc.vars {
			vars[k] = v
		}
		got := eval(t, op(manifest.OpMul)(s), vars)
		if math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: mul = %s = %g at %v, want %g", tc.fn, op(manifest.OpMul)(s), got, vars, tc.want)
		}
	}
}

// TestKindSwitch checks that a switch on an integer that is not a length
// keeps the static prediction: its default arm's frequency does not depend
// on the integer and is strictly between 0 and 1.
func TestKindSwitch(t *testing.T) {
	s := analyzeTestPkg(t, "branches")["branches.Kind"]
	if s == nil {
		t.Fatal("branches.Kind: no summary")
	}
	mul := op(manifest.OpMul)(s)
	if vars := mul.Vars(); len(vars) != 0 {
		t.Errorf("Kind: mul = %s depends on %v, want the static split", mul, vars)
	}
	if got := eval(t, mul, nil); got <= 0 || got >= 1 {
		t.Errorf("Kind: mul = %g, want a static probability in (0, 1)", got)
	}
}

// TestSizeIndicator checks [x op k] against the comparison itself on the
// integers around k.
func TestSizeIndicator(t *testing.T) {
	const k = 5
	for _, tc := range []struct {
		op    token.Token
		holds func(x int) bool
	}{
		{token.LSS, func(x int) bool { return x < k }},
		{token.LEQ, func(x int) bool { return x <= k }},
		{token.GTR, func(x int) bool { return x > k }},
		{token.GEQ, func(x int) bool { return x >= k }},
		{token.EQL, func(x int) bool { return x == k }},
		{token.NEQ, func(x int) bool { return x != k }},
	} {
		// Both orientations: x op k and k op' x.
		for _, swap := range []bool{false, true} {
			x, c := expr.Var("x"), expr.Const(k)
			op := tc.op
			e := sizeIndicator(op, x, c)
			if swap {
				e = sizeIndicator(flip(op), c, x)
			}
			for v := -2; v <= 2*k; v++ {
				got, err := e.EvalMap(map[string]float64{"x": float64(v)})
				if err != nil {
					t.Fatal(err)
				}
				want := 0.0
				if tc.holds(v) {
					want = 1
				}
				if got != want {
					t.Errorf("[x %s %d] (swapped %v) = %s at x=%d: %g, want %g", op, k, swap, e, v, got, want)
				}
			}
		}
	}
}
