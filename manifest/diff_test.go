package manifest

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
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

// TestDiffProperties checks, on seeded random edits of a synthetic
// manifest, that a diff is empty against itself, that swapping the sides
// swaps added and removed and keeps every impact, and that the order is by
// impact, then name.
func TestDiffProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for round := range 20 {
		a := synthetic(60)
		b := a.Clone()
		for i := range b.Functions {
			f := &b.Functions[i]
			switch r.IntN(6) {
			case 0:
				f.CPU[OpInt] = expr.Add(f.CPU[OpInt], expr.Const(float64(r.IntN(50))))
			case 1:
				f.Alloc.Count = expr.Scale(f.Alloc.Count, 2)
			case 2:
				f.Confidence = Estimated
			case 3:
				f.Name += "_renamed"
			}
		}
		if d := Diff(a, a, DiffOptions{}); len(d.Functions) != 0 || d.Unchanged != len(a.Functions) {
			t.Fatalf("round %d: Diff(a, a) lists %d functions", round, len(d.Functions))
		}
		ab, ba := Diff(a, b, DiffOptions{}), Diff(b, a, DiffOptions{})
		if ab.Added != ba.Removed || ab.Removed != ba.Added || ab.Changed != ba.Changed || ab.Unchanged != ba.Unchanged {
			t.Fatalf("round %d: counts not symmetric: %+v vs %+v", round, ab, ba)
		}
		impact := map[string]float64{}
		for _, d := range ab.Functions {
			impact[d.Name] = d.Impact
		}
		for _, d := range ba.Functions {
			if impact[d.Name] != d.Impact {
				t.Fatalf("round %d: %s impact %v one way, %v the other", round, d.Name, impact[d.Name], d.Impact)
			}
		}
		for i := 1; i < len(ab.Functions); i++ {
			x, y := ab.Functions[i-1], ab.Functions[i]
			if x.Impact < y.Impact || x.Impact == y.Impact && x.Name > y.Name {
				t.Fatalf("round %d: %s (%v) sorted before %s (%v)", round, x.Name, x.Impact, y.Name, y.Impact)
			}
		}
	}
}
