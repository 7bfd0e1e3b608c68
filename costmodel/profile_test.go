package costmodel

import (
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

func TestProfilesCoverEveryClass(t *testing.T) {
	ps := Profiles()
	if len(ps) == 0 {
		t.Fatal("no built-in profiles")
	}
	for _, p := range ps {
		for _, c := range manifest.OpClasses {
			oc, ok := p.Ops[c]
			if !ok || oc.Cycles <= 0 {
				t.Errorf("%s: no cost for class %s", p.Name, c)
			}
			lo, hi := oc.band()
			if !(lo <= oc.Cycles && oc.Cycles <= hi) {
				t.Errorf("%s: %s band [%g, %g] does not hold cycles %g", p.Name, c, lo, hi, oc.Cycles)
			}
		}
	}
}

func TestLoadProfileUnknown(t *testing.T) {
	_, err := LoadProfile("sapphirerapid")
	if err == nil || !strings.Contains(err.Error(), "sapphirerapids") {
		t.Fatalf("LoadProfile(sapphirerapid) = %v, want an error suggesting sapphirerapids", err)
	}
}

func TestEvaluate(t *testing.T) {
	p, err := LoadProfile("sapphirerapids")
	if err != nil {
		t.Fatal(err)
	}
	f := &manifest.Function{
		Name: "p.F",
		Vars: []manifest.Var{{Name: "len(s)", Default: 100}},
		CPU: map[manifest.OpClass]expr.Expr{
			manifest.OpInt:  expr.MustParse("10 + 2*len(s)"),
			manifest.OpLoad: expr.MustParse("len(s)"),
		},
		Alloc: manifest.Alloc{Count: expr.Const(1), Bytes: expr.MustParse("len(s)")},
	}
	c, err := p.Evaluate(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantCycles := 210*p.Ops[manifest.OpInt].Cycles + 100*p.Ops[manifest.OpLoad].Cycles + p.MallocCycles(1, 100)
	if d := c.Cycles - wantCycles; d > 1e-9 || d < -1e-9 {
		t.Errorf("cycles = %g, want %g", c.Cycles, wantCycles)
	}
	if !(c.CPU.Low <= c.CPU.NS && c.CPU.NS <= c.CPU.High) {
		t.Errorf("band %v does not hold the estimate", c.CPU)
	}
	c2, err := p.Evaluate(f, func(n string) (float64, bool) { return 1000, n == "len(s)" })
	if err != nil {
		t.Fatal(err)
	}
	if c2.CPU.NS <= c.CPU.NS {
		t.Errorf("len(s)=1000 costs %v, not more than len(s)=100 %v", c2.CPU, c.CPU)
	}
}

func TestInstances(t *testing.T) {
	i, err := LookupInstance("c7i.large")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := i.MonthlyCost(), i.PricePerHour*730; got != want {
		t.Errorf("MonthlyCost = %g, want %g", got, want)
	}
	if _, err := LookupInstance("c7i.larg"); err == nil || !strings.Contains(err.Error(), "c7i.large") {
		t.Errorf("LookupInstance(c7i.larg) = %v, want a suggestion", err)
	}
}
