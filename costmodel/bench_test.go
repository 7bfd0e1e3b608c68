package costmodel

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// BenchmarkEvaluate measures evaluating a function summary with ten
// operation classes, an allocation and an I/O on a profile: the simulator
// does this for every call it models.
func BenchmarkEvaluate(b *testing.B) {
	p, err := LoadProfile("zen4")
	if err != nil {
		b.Fatal(err)
	}
	f := &manifest.Function{Name: "p.F", Vars: []manifest.Var{{Name: "n", Default: 100}}, CPU: map[manifest.OpClass]expr.Expr{}}
	for i, c := range manifest.OpClasses[:10] {
		f.CPU[c] = expr.Add(expr.Const(float64(i+1)), expr.Scale(expr.Var("n"), 2))
	}
	f.Alloc = manifest.Alloc{Count: expr.MustParse("2"), Bytes: expr.MustParse("16*n")}
	f.IO = []manifest.IO{{Kind: manifest.IONetWrite, Count: expr.Const(1), Bytes: expr.MustParse("n")}}
	env := func(string) (float64, bool) { return 0, false }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Evaluate(f, env); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateWorkingSet is BenchmarkEvaluate's function with map
// operations, evaluated for a working set beyond L2 (the miss term).
func BenchmarkEvaluateWorkingSet(b *testing.B) {
	p, err := LoadProfile("zen4")
	if err != nil {
		b.Fatal(err)
	}
	f := &manifest.Function{Name: "p.F", Vars: []manifest.Var{{Name: "n", Default: 100}}, CPU: map[manifest.OpClass]expr.Expr{}}
	for i, c := range manifest.OpClasses[:10] {
		f.CPU[c] = expr.Add(expr.Const(float64(i+1)), expr.Scale(expr.Var("n"), 2))
	}
	f.CPU[manifest.OpMapRead] = expr.Var("n")
	f.CPU[manifest.OpMapWrite] = expr.Const(3)
	f.Alloc = manifest.Alloc{Count: expr.MustParse("2"), Bytes: expr.MustParse("16*n")}
	env := func(string) (float64, bool) { return 0, false }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.EvaluateWorkingSet(f, env, 64<<20); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseProfile measures strict decoding and validation of one
// built-in profile file.
func BenchmarkParseProfile(b *testing.B) {
	data, err := profileFS.ReadFile("data/profiles/sapphirerapids.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseProfile("x.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGCCPU measures the GC model.
func BenchmarkGCCPU(b *testing.B) {
	p, _ := LoadProfile("zen4")
	var s float64
	for b.Loop() {
		s += p.GCCPU(1<<20, 64<<20, 100)
	}
	_ = s
}
