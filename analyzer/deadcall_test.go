package analyzer

import (
	"context"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
)

// TestDeadInlinedCalls checks that an inlined call of a pure body whose
// results are dropped costs nothing (gc removes it), while a call whose
// result is used, that writes memory others see or read later, or that may
// panic keeps its body's cost.
func TestDeadInlinedCalls(t *testing.T) {
	pkg := analyzeTestPkgGC(t, "deadcall")
	// ops is the function's operations of every class at n = 100.
	ops := func(name string) float64 {
		s := pkg["deadcall."+name]
		if s == nil {
			t.Fatalf("no summary for %s", name)
		}
		total := 0.0
		for _, c := range s.CPU {
			total += eval(t, c.Count, map[string]float64{"n": 100})
		}
		t.Logf("%s: %g ops", name, total)
		return total
	}
	for _, name := range []string{"Time", "SetTime", "Entropy"} {
		if s := pkg["(deadcall.ID)."+name]; s != nil && !s.Pure {
			t.Errorf("%s: not Pure", name)
		}
		if s := pkg["(*deadcall.ID)."+name]; s != nil && (!s.Pure || len(s.PureWrites) != 1 || s.PureWrites[0] != 0) {
			t.Errorf("%s: Pure %v writes %v, want pure writing through its receiver", name, s.Pure, s.PureWrites)
		}
	}
	if s := pkg["deadcall.Div"]; s == nil || s.Pure {
		t.Error("Div divides by a variable: not pure")
	}
	if s := pkg["deadcall.Bits"]; s == nil || s.Pure {
		t.Error("Bits loops: not pure")
	}
	// The loop alone: an increment, a compare and a branch per iteration
	// (SetLocal's conversion of i too).
	loop := ops("Loop")
	for _, name := range []string{"Dropped", "SetLocal"} {
		if got := ops(name); got > loop+100 {
			t.Errorf("%s: %g ops at n = 100, want the loop's %g only (the calls are dead)", name, got, loop)
		}
	}
	for _, name := range []string{"Used", "SetGlobal", "SetThenRead", "Divide", "Count"} {
		if got := ops(name); got < loop+100 {
			t.Errorf("%s: %g ops at n = 100, want the body's beyond the loop's %g (the calls stay)", name, got, loop)
		}
	}
}

// TestInlineCopy checks that a copy gc knows to be at most 16 bytes costs a
// move, not the copy class's memmove call, and that one of a length known
// only at run time keeps the call.
func TestInlineCopy(t *testing.T) {
	pkg := analyzeTestPkgGC(t, "deadcall")
	for name, want := range map[string]float64{"(deadcall.ID).To": 0, "(deadcall.ID).Entropy": 0, "deadcall.ToAny": 1} {
		s := pkg[name]
		if s == nil {
			t.Fatalf("no summary for %s", name)
		}
		if got := eval(t, op(manifest.OpCopy)(s), map[string]float64{"len(dst)": 16}); got != want {
			t.Errorf("%s: %g copy ops, want %g", name, got, want)
		}
	}
}

// TestPricerDeadCalls checks that a Pricer names the calls gc removes
// (Pricer.DeadCall), so that an interpreted run, which executes them,
// does not price their bodies: Dropped's and SetLocal's calls are dead,
// Used's, SetGlobal's and Divide's are not.
func TestPricerDeadCalls(t *testing.T) {
	res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", "deadcall"), UseCompiler: true, Interp: true}, ".")
	if err != nil {
		t.Fatal(err)
	}
	var pkg *ssa.Package
	for _, p := range res.SSAPackages {
		if p.Pkg.Name() == "deadcall" {
			pkg = p
		}
	}
	if pkg == nil {
		t.Fatal("no SSA package deadcall")
	}
	for name, want := range map[string]bool{"Dropped": true, "SetLocal": true, "Used": false, "SetGlobal": false, "Divide": false} {
		fn := pkg.Func(name)
		if fn == nil {
			t.Fatalf("no function %s", name)
		}
		calls := 0
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				c, ok := in.(*ssa.Call)
				if !ok || c.Call.StaticCallee() == nil || c.Call.StaticCallee().Pkg != pkg {
					continue
				}
				calls++
				if got := res.Pricer.DeadCall(c); got != want {
					t.Errorf("%s: call of %s: DeadCall %v, want %v", name, c.Call.StaticCallee().Name(), got, want)
				}
			}
		}
		if calls == 0 {
			t.Errorf("%s: no call of the package's functions found", name)
		}
	}
}
