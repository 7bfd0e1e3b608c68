package analyzer

import (
	"context"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// TestVTAFromCaller checks that whole-program VTA narrows dynamic calls to
// what callers in the program pass, that function values are costed, and
// that with NoVTA (what vet mode sees) the visible-type rule applies.
func TestVTAFromCaller(t *testing.T) {
	run := func(noVTA bool) map[string]*Summary {
		res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", "vta"), NoVTA: noVTA}, ".")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Problems) > 0 {
			t.Fatalf("problems: %v", res.Problems)
		}
		out := map[string]*Summary{}
		for _, s := range res.Summaries {
			out[strings.ReplaceAll(s.Name, testPrefix+"vta.", "")] = s
		}
		return out
	}
	on, off := run(false), run(true)
	sizes := map[string]float64{"len(shapes)": 10, "len(xs)": 10, "len(p.X)": 100}
	for _, tc := range []struct {
		fn          string
		vta         bool // whether VTA resolves the site
		callees     []string
		noVTAcallee string // a callee only the visible-type rule or nothing reaches
	}{
		{"Total", true, []string{"(" + testPrefix + "vta.Square).Area"}, "(*" + testPrefix + "vta.Poly).Area"},
		{"Measure", false, []string{"(*" + testPrefix + "vta.Poly).Area", "(" + testPrefix + "vta.Square).Area"}, ""},
		{"Apply", true, []string{"(*" + testPrefix + "vta.Counter).Add$bound", testPrefix + "vta.Double$1"}, ""},
		{"(Sorter).Sorted", true, []string{testPrefix + "vta.less"}, ""},
		{"Call", false, nil, ""},
	} {
		s := on[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if !slices.Equal(s.Callees, tc.callees) {
			t.Errorf("%s: callees %q, want %q", tc.fn, s.Callees, tc.callees)
		}
		marked := slices.ContainsFunc(s.Notes, func(n string) bool { return strings.Contains(n, "resolved by VTA") })
		if marked != tc.vta {
			t.Errorf("%s: notes %q: VTA mark %v, want %v", tc.fn, s.Notes, marked, tc.vta)
		}
		o := off[tc.fn]
		if slices.ContainsFunc(o.Notes, func(n string) bool { return strings.Contains(n, "VTA") }) {
			t.Errorf("%s with NoVTA: notes %q mention VTA", tc.fn, o.Notes)
		}
		if tc.noVTAcallee != "" && !slices.Contains(o.Callees, tc.noVTAcallee) {
			t.Errorf("%s with NoVTA: callees %q lack %s", tc.fn, o.Callees, tc.noVTAcallee)
		}
		if !tc.vta && summaryText(s) != summaryText(o) {
			t.Errorf("%s: unresolved site differs with and without VTA", tc.fn)
		}
	}
	// Total with VTA costs Square.Area per shape; the visible-type average
	// adds half of (*Poly).Area's loop.
	if eval(t, totalOps(on["Total"]), sizes) >= eval(t, totalOps(off["Total"]), sizes) {
		t.Errorf("Total: VTA did not narrow the cost: %v vs %v", on["Total"].CPU, off["Total"].CPU)
	}
	// A function value now costs its targets: Apply costs more than the
	// call alone.
	if evalDefaults(t, on["Apply"], sizes) <= evalDefaults(t, off["Apply"], sizes) {
		t.Errorf("Apply: function-value targets not costed: %v vs %v", on["Apply"].CPU, off["Apply"].CPU)
	}
	// Each target of the call through f has a weight of its own, 1/2 by
	// default; a caller passing a known function binds it.
	for _, target := range tc2targets {
		v := DispatchVar("f", target)
		def, ok := varDefault(on["Apply"].Vars, v)
		if !ok || def.Default != 0.5 || def.Origin != DispatchOrigin {
			t.Errorf("Apply: weight %s = %+v (present %v), want default 0.5", v, def, ok)
		}
	}
	for _, fn := range []string{"Double", "Accumulate"} {
		if vs := on[fn].Vars; slices.ContainsFunc(vs, func(v manifest.Var) bool { return v.Origin == DispatchOrigin }) {
			t.Errorf("%s: dispatch weights not bound: %v", fn, vs)
		}
	}
	// Apply's loop over xs: Double's closure (a multiply) and Counter.Add
	// (a load, add and store through c) now differ, and the average lies
	// between them.
	dbl, acc := evalDefaults(t, on["Double"], sizes), evalDefaults(t, on["Accumulate"], sizes)
	avg := evalDefaults(t, on["Apply"], sizes)
	if !(dbl < avg && avg < acc) {
		t.Errorf("Double %v, Accumulate %v, Apply (averaged) %v: want Double < Apply < Accumulate", dbl, acc, avg)
	}
}

var tc2targets = []string{testPrefix + "vta.Double$1", "(*" + testPrefix + "vta.Counter).Add$bound"}

// evalDefaults evaluates a summary's total operation count with sizes,
// and its other variables at their defaults.
func evalDefaults(t *testing.T, s *Summary, sizes map[string]float64) float64 {
	t.Helper()
	vars := maps.Clone(sizes)
	for _, v := range s.Vars {
		if _, ok := vars[v.Name]; !ok {
			vars[v.Name] = v.Default
		}
	}
	return eval(t, totalOps(s), vars)
}

// totalOps sums a summary's operation counts over all classes.
func totalOps(s *Summary) expr.Expr {
	t := expr.Const(0)
	for _, oc := range s.CPU {
		t = expr.Add(t, oc.Count)
	}
	return t
}

// TestIsStdPackage checks which packages VTA covers: not std, including
// cgo packages whose compiled files lie in the build cache.
func TestIsStdPackage(t *testing.T) {
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedModule
	pkgs, err := packages.Load(&packages.Config{Mode: mode}, "strings", "runtime/cgo", "./testdata/src/vta")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"strings": true, "runtime/cgo": true, testPrefix + "vta": false}
	if len(pkgs) != len(want) {
		t.Fatalf("loaded %d packages, want %d", len(pkgs), len(want))
	}
	for _, p := range pkgs {
		if got := isStdPackage(p, runtime.GOROOT()); got != want[p.PkgPath] {
			t.Errorf("isStdPackage(%s) = %v, want %v", p.PkgPath, got, want[p.PkgPath])
		}
	}
}
