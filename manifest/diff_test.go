package manifest

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest/expr"
)

func readManifest(t testing.TB, path string) *Manifest {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Decode(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and review):\n%s", path, got)
	}
}

// TestDiffGolden diffs two versions of the shop manifest and compares the
// text and JSON reports with golden files, once at the defaults and once
// with a size overridden.
func TestDiffGolden(t *testing.T) {
	a := readManifest(t, "testdata/diff/old.yaml")
	b := readManifest(t, "testdata/diff/new.yaml")
	for _, tc := range []struct {
		name string
		opts DiffOptions
	}{
		{"defaults", DiffOptions{}},
		{"sizes", DiffOptions{Sizes: map[string]float64{"len(body)": 65536, "items": 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Diff(a, b, tc.opts)
			var text bytes.Buffer
			if err := r.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "testdata/diff/"+tc.name+".golden.txt", text.Bytes())
			js, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "testdata/diff/"+tc.name+".golden.json", append(js, '\n'))
		})
	}
}

func TestDiffCases(t *testing.T) {
	fn := func(name, cpuInt string) Function {
		f := Function{Name: name, Confidence: Exact, Vars: []Var{{Name: "n", Default: 10}}}
		if cpuInt != "" {
			f.CPU = map[OpClass]expr.Expr{OpInt: expr.MustParse(cpuInt)}
		}
		return f
	}
	man := func(fs ...Function) *Manifest {
		return &Manifest{Schema: 1, Module: Module{Path: "m"}, Functions: fs}
	}
	a := man(fn("same", "n"), fn("grow", "n"), fn("gone", "5"), fn("small", "1"))
	b := man(fn("same", "n"), fn("grow", "3*n"), fn("new", "100"), fn("small", "2"))
	r := Diff(a, b, DiffOptions{})
	var order []string
	for _, d := range r.Functions {
		order = append(order, d.Name+":"+string(d.Status))
	}
	if got, want := strings.Join(order, " "), "new:added grow:changed gone:removed small:changed"; got != want {
		t.Errorf("order = %s, want %s", got, want)
	}
	if r.Added != 1 || r.Removed != 1 || r.Changed != 2 || r.Unchanged != 1 {
		t.Errorf("counts = %+v", r)
	}
	if r.Functions[1].Impact != 20 {
		t.Errorf("impact of grow = %v, want 20", r.Functions[1].Impact)
	}

	// A custom weighting changes the impact, and sizes are overridable.
	weigh := func(OpClass) float64 { return 2 }
	r = Diff(a, b, DiffOptions{Weigh: weigh, Sizes: map[string]float64{"n": 1000}})
	if d := r.Functions[0]; d.Name != "grow" || d.Impact != 4000 {
		t.Errorf("first = %s %v, want grow 4000", d.Name, d.Impact)
	}

	// Thresholds: grow rose 200%, small 100%.
	for _, tc := range []struct {
		pct  float64
		want string
	}{
		{50, "grow:cycles small:cycles"},
		{150, "grow:cycles"},
		{250, ""},
	} {
		var got []string
		for _, reg := range Diff(a, b, DiffOptions{}).Regressions(tc.pct) {
			got = append(got, reg.Name+":"+reg.Measure)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("Regressions(%v) = %v, want %s", tc.pct, got, tc.want)
		}
	}

	// A new allocation in an allocation-free function is a regression at
	// any threshold (cycles rose 200%, under the threshold); an evaluation error is reported, not a panic.
	c := fn("f", "n")
	d := fn("f", "n")
	d.Alloc.Count = expr.Const(1)
	regs := Diff(man(c), man(d), DiffOptions{}).Regressions(1000)
	if len(regs) != 1 || regs[0].Measure != "alloc.count" || regs[0].Percent != nil {
		t.Errorf("new allocation: regressions = %+v", regs)
	}
	e := fn("f", "n/m")
	r = Diff(man(c), man(e), DiffOptions{})
	if len(r.Functions) != 1 || !strings.Contains(r.Functions[0].Error, "variable m has no value") {
		t.Errorf("undeclared variable: %+v", r.Functions)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Error(err)
	}
	if r := Diff(nil, nil, DiffOptions{}); len(r.Functions) != 0 {
		t.Errorf("Diff(nil, nil) = %+v", r)
	}
}
