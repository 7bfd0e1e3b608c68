package analyzer

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

const testPrefix = "github.com/perfcast/perfcast/analyzer/testdata/src/"

func analyzeTestPkg(t *testing.T, name string) map[string]*Summary {
	t.Helper()
	return analyzeTestPkgWith(t, name, false)
}

// analyzeTestPkgGC is analyzeTestPkg with gc's escape and inlining
// decisions (the package is compiled).
func analyzeTestPkgGC(t *testing.T, name string) map[string]*Summary {
	t.Helper()
	return analyzeTestPkgWith(t, name, true)
}

func analyzeTestPkgWith(t *testing.T, name string, gc bool) map[string]*Summary {
	t.Helper()
	res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", name), UseCompiler: gc}, ".")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*Summary{}
	for _, s := range res.Summaries {
		out[strings.TrimPrefix(strings.ReplaceAll(s.Name, testPrefix, ""), "")] = s
	}
	return out
}

func eval(t *testing.T, e expr.Expr, vars map[string]float64) float64 {
	t.Helper()
	v, err := e.EvalMap(vars)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	return v
}

// TestKnownCosts checks costs that can be worked out by hand, evaluated at
// concrete sizes, so that the golden files are not the only guard.
func TestKnownCosts(t *testing.T) {
	loops := analyzeTestPkg(t, "loops")
	alloc := analyzeTestPkg(t, "alloc")
	rec := analyzeTestPkg(t, "recursion")
	asm := analyzeTestPkg(t, "asm")
	capture := analyzeTestPkg(t, "capture")
	outer := analyzeTestPkg(t, "outer")
	for _, tc := range []struct {
		pkg  map[string]*Summary
		fn   string
		get  func(*Summary) expr.Expr
		vars map[string]float64
		want float64
	}{
		// One loop-test branch per iteration plus the final failing test.
		{loops, "loops.Sum", op(manifest.OpBranch), map[string]float64{"len(s)": 10}, 11},
		{loops, "loops.Sum", op(manifest.OpBoundsChk), map[string]float64{"len(s)": 10}, 10},
		// i from 3 to 10 step 2: 3,5,7,9 → 4 iterations, 5 tests.
		{loops, "loops.Count", op(manifest.OpBranch), map[string]float64{"a": 3, "n": 10}, 5},
		// i from n down to 0 inclusive: n+1 iterations.
		{loops, "loops.Down", op(manifest.OpBranch), map[string]float64{"n": 5}, 7},
		// i = 1,2,4,...,512 < 1024: 10 iterations.
		{loops, "loops.Log", op(manifest.OpBranch), map[string]float64{"n": 1024}, 11},
		// n^3 multiply-adds in the inner loop.
		{loops, "loops.Matrix", op(manifest.OpFloat), map[string]float64{"n": 4}, 2 * 64},
		{loops, "loops.Matrix", allocCount, map[string]float64{"n": 4}, 5},
		// range over int: a bottom-tested loop of n iterations.
		{loops, "loops.RangeInt", op(manifest.OpMul), map[string]float64{"n": 6}, 6},
		// A bound clamped to the length: min(k, len(s)) iterations.
		{loops, "loops.Prefix", op(manifest.OpBoundsChk), map[string]float64{"len(s)": 10, "k": 4}, 4},
		{loops, "loops.Prefix", op(manifest.OpBoundsChk), map[string]float64{"len(s)": 10, "k": 40}, 10},
		// An outer loop the inner loop's consumption ends after one pass:
		// 10 words for 81 bytes (81, 73, ..., 9), none for 12.
		{loops, "loops.Wide", op(manifest.OpMul), map[string]float64{"len(p)": 81}, 10},
		{loops, "loops.Wide", op(manifest.OpMul), map[string]float64{"len(p)": 12}, 0},
		// A loop entered with its slice cut to 64 bytes on one path:
		// min(len(p), 64)/4 iterations.
		{loops, "loops.Capped", op(manifest.OpMul), map[string]float64{"len(p)": 100}, 16},
		// Rounds of four words, then the tail the rounds left: 69 rounds
		// and 3 words for 279 words, 2 rounds and 2 words for 10, no
		// round and 3 words for 3.
		{loops, "loops.Rounds", op(manifest.OpMul), map[string]float64{"len(w)": 279}, 4*69 + 3},
		{loops, "loops.Rounds", op(manifest.OpMul), map[string]float64{"len(w)": 10}, 4*2 + 2},
		{loops, "loops.Rounds", op(manifest.OpMul), map[string]float64{"len(w)": 3}, 3},
		{loops, "loops.Capped", op(manifest.OpMul), map[string]float64{"len(p)": 20}, 5},
		// The tail after the bulk of a long input: at most 15 bytes
		// (len(p)&15 is bounded by 15, 4 for 1000 bytes), all 40 of a
		// short input.
		{loops, "loops.Bulk", op(manifest.OpMul), map[string]float64{"len(p)": 1000}, 15},
		{loops, "loops.Bulk", op(manifest.OpMul), map[string]float64{"len(p)": 40}, 40},
		// len(b)/8 blocks, each indexed and resliced once.
		{loops, "loops.Blocks", op(manifest.OpBoundsChk), map[string]float64{"len(b)": 64}, 16},
		// The arm that clears the loop's flag runs once per call.
		{loops, "loops.Place", op(manifest.OpMul), map[string]float64{"len(path)": 8}, 1},
		// Callee substituted with the field's length.
		{loops, "loops.Total", op(manifest.OpBoundsChk), map[string]float64{"len(o.Items)": 7}, 7},
		// Sum(s) + Sum(s[1:]) plus the slicing check.
		{loops, "loops.Twice", op(manifest.OpBoundsChk), map[string]float64{"len(s)": 5}, 5 + 4 + 1},
		// Escaping 16-byte object; 33 bytes rounds to the 48-byte class.
		{alloc, "alloc.NewPoint", allocBytes, nil, 16},
		{alloc, "alloc.NewOdd", allocBytes, nil, 48},
		// A generic struct laid out with its type parameters a word each
		// (types.Sizes cannot size it): 3·8 + 8 + 8 + 24.
		{alloc, "alloc.NewEntry", allocBytes, nil, 64},
		{alloc, "alloc.Local", allocCount, nil, 0},
		{alloc, "alloc.Fixed", allocCount, nil, 0},
		{alloc, "alloc.Buffer", allocBytes, map[string]float64{"n": 100}, 100},
		{alloc, "alloc.Join", allocBytes, map[string]float64{"len(a)": 3, "len(b)": 4}, 8},
		// err != nil is the exception (0.1); panicking paths are cold.
		{loops, "loops.Checked", op(manifest.OpMul), nil, 0.9},
		{loops, "loops.MustPositive", op(manifest.OpMul), nil, 1},
		// n > 0 compares a size with a constant (a size guard): the arm
		// runs when n >= 1.
		{loops, "loops.Branchy", op(manifest.OpMul), map[string]float64{"n": 5}, 1},
		{loops, "loops.Branchy", op(manifest.OpMul), map[string]float64{"n": 0}, 0},
		{loops, "loops.Branchy", op(manifest.OpDiv), map[string]float64{"n": 0}, 1},
		{loops, "loops.Guard", op(manifest.OpMul), nil, 1},
		// An assembly function is assumed linear in its slice: 8 bytes per element.
		{asm, "asm.Sum", op(manifest.OpMemBytes), map[string]float64{"len(s)": 10}, 80},
		{asm, "asm.Twice", op(manifest.OpLoad), map[string]float64{"len(s)": 10}, 10 + 9},
		// The length of a slice reinterpreted from a header is the header's.
		{asm, "asm.SumBytes", op(manifest.OpMemBytes), map[string]float64{"len(s)": 10}, 80},
		// s[k:] when k < len(s), else s whole: 7 elements, or 10.
		{asm, "asm.Rest", op(manifest.OpMemBytes), map[string]float64{"len(s)": 10, "k": 3}, 56},
		{asm, "asm.Rest", op(manifest.OpMemBytes), map[string]float64{"len(s)": 10, "k": 20}, 80},
		// s cut to k elements when longer: min(len(s), k) elements.
		{asm, "asm.Head", op(manifest.OpMemBytes), map[string]float64{"len(s)": 10, "k": 3}, 24},
		{asm, "asm.Head", op(manifest.OpMemBytes), map[string]float64{"len(s)": 10, "k": 30}, 80},
		// A parameter captured by a closure still bounds the loop.
		{capture, "capture.Repeat", op(manifest.OpCallClos), map[string]float64{"n": 5}, 5},
		// n steps in all, in passes of len(batch): n multiplies, n/len(batch) passes.
		{outer, "outer.Batches", op(manifest.OpMul), map[string]float64{"n": 100, "len(batch)": 10}, 100},
		// Fib's depth variable defaults to 8 in a caller; each level makes
		// its two calls on the arm the call heuristic gives 0.22:
		// 1 + 8·2·0.22 calls.
		{rec, "recursion.UseFib", op(manifest.OpCall), nil, 1 + 8*2*0.22},
	} {
		s := tc.pkg[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if got := eval(t, tc.get(s), tc.vars); got != tc.want {
			t.Errorf("%s: %s = %g at %v, want %g", tc.fn, tc.get(s), got, tc.vars, tc.want)
		}
	}
	if c := capture["capture.Reassigned"].Confidence; c != manifest.Estimated {
		t.Errorf("Reassigned: confidence %s, want estimated (the closure changes the bound)", c)
	}
	if c := loops["loops.Until"].Confidence; c != manifest.Estimated {
		t.Errorf("Until: confidence %s, want estimated (unknown loop bound)", c)
	}
	if c := loops["loops.Find"].Confidence; c != manifest.Bounded {
		t.Errorf("Find: confidence %s, want bounded (early exit)", c)
	}
	if c := loops["loops.Sum"].Confidence; c != manifest.Exact {
		t.Errorf("Sum: confidence %s, want exact", c)
	}
	if !loops["loops.fail"].NoReturn || loops["loops.Guard"].NoReturn {
		t.Error("NoReturn: want fail only")
	}
	// Recursion with fresh arguments on some paths is a branching process:
	// 1/(1-r) calls for r < 1 recursive calls per call, fewer than the
	// depth default a walk of its input (Even, Fib) gets.
	format := rec["recursion.Format"]
	if n := eval(t, format.Op(manifest.OpTypeAssert), defaults(format)); n <= 1 || n >= DefaultTrip {
		t.Errorf("Format: %g type assertions per call, want between 1 and %d (an expected recursion tree, not the depth default)", n, DefaultTrip)
	}
	if n := eval(t, rec["recursion.Even"].Op(manifest.OpBranch), defaults(rec["recursion.Even"])); n != DefaultTrip {
		t.Errorf("Even: %g branches per call, want %d (one per call in a recursion as deep as the default)", n, DefaultTrip)
	}
	fib := rec["recursion.Fib"]
	if len(fib.Vars) != 1 || !strings.HasPrefix(fib.Vars[0].Name, "recurse_") {
		t.Errorf("Fib: vars %v, want one recursion depth variable", fib.Vars)
	}
}

// defaults binds every variable of s to its default.
func defaults(s *Summary) map[string]float64 {
	m := map[string]float64{}
	for _, v := range s.Vars {
		m[v.Name] = v.Default
	}
	return m
}

// withDefaults is s's variables at their defaults, overridden by set.
// opAt is the count of class in the summary of fn, evaluated with vars
// over the summary's defaults.
func opAt(t *testing.T, sums map[string]*Summary, fn string, class manifest.OpClass, vars map[string]float64) float64 {
	t.Helper()
	s := sums[fn]
	if s == nil {
		t.Fatalf("%s: no summary", fn)
	}
	return eval(t, s.Op(class), withDefaults(s, vars))
}

func withDefaults(s *Summary, set map[string]float64) map[string]float64 {
	m := defaults(s)
	for k, v := range set {
		m[k] = v
	}
	return m
}

func op(c manifest.OpClass) func(*Summary) expr.Expr {
	return func(s *Summary) expr.Expr { return s.Op(c) }
}

func allocCount(s *Summary) expr.Expr { return s.AllocCount }
func allocBytes(s *Summary) expr.Expr { return s.AllocBytes }

// TestRobust checks that a package with type errors is reported by path and
// skipped, and that a panic in one function is reported with its name while
// the others are still analyzed.
func TestRobust(t *testing.T) {
	res, err := Analyze(context.Background(), Config{Dir: "testdata/src"}, "./broken", "./loops")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Package != testPrefix+"broken" {
		t.Fatalf("problems = %v, want one for the broken package", res.Problems)
	}
	if len(res.Manifest.Functions) == 0 {
		t.Fatal("loops was not analyzed")
	}

	testPanicHook = func(fn *ssa.Function) {
		if fn.Name() == "Sum" {
			panic("injected")
		}
	}
	defer func() { testPanicHook = nil }()
	res, err = Analyze(context.Background(), Config{Dir: "testdata/src/loops"}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || !strings.HasSuffix(res.Problems[0].Function, "loops.Sum") ||
		!strings.Contains(res.Problems[0].Err, "injected") {
		t.Fatalf("problems = %v, want the injected panic in loops.Sum", res.Problems)
	}
	found := false
	for _, f := range res.Manifest.Functions {
		if strings.HasSuffix(f.Name, "loops.Total") {
			found = true
		}
	}
	if !found {
		t.Error("the run stopped after the panic")
	}
}

// TestDeterministic analyzes twice and compares the manifests.
func TestDeterministic(t *testing.T) {
	a := analyzeTestPkg(t, "iface")
	b := analyzeTestPkg(t, "iface")
	for k, s := range a {
		if got, want := summaryText(s), summaryText(b[k]); got != want {
			t.Errorf("%s differs between runs:\n%s\n%s", k, got, want)
		}
	}
}

// TestChunkedLoop checks a loop over a slice in blocks of at most k bytes
// (`if len(p) > k { p, q = p[:k], p[k:] }; …; p = q`): it runs about
// len(p)/k times, each over at most k bytes, not a default count.
func TestChunkedLoop(t *testing.T) {
	loops := analyzeTestPkg(t, "loops")
	for _, n := range []float64{1000, 6400} {
		got := opAt(t, loops, "loops.Chunks", manifest.OpMul, map[string]float64{"len(p)": n})
		if want := n / 4; math.Abs(got-want) > 0.1*want {
			t.Errorf("Chunks of %g bytes: %g multiplies, want about %g", n, got, want)
		}
	}
}
