package analyzer

import (
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestValueReceiverLoops checks that a loop over a field of a struct
// parameter spilled to a local runs len(field) times, not the zero value's
// 0, and that nested loops with unknown trip counts get a variable each.
func TestValueReceiverLoops(t *testing.T) {
	sums := analyzeTestPkg(t, "inputs")
	mul := func(fn string, vars map[string]float64) float64 {
		t.Helper()
		return opAt(t, sums, fn, manifest.OpMul, vars)
	}
	// One multiply per element of every group.
	s := sums["(inputs.Set).Sum"]
	if s == nil {
		t.Fatal("(inputs.Set).Sum: no summary")
	}
	var inner string
	for _, v := range s.Vars {
		if strings.HasPrefix(v.Name, "loop_") {
			inner = v.Name
		}
	}
	if inner == "" {
		t.Fatalf("Sum: no variable for the inner loop's trip count: %v", s.Vars)
	}
	if got := mul("(inputs.Set).Sum", map[string]float64{"len(s.groups)": 10, inner: 3}); got != 30 {
		t.Errorf("Sum: %g multiplies for 10 groups of 3, want 30", got)
	}
	n := sums["inputs.Nested"]
	if n == nil {
		t.Fatal("inputs.Nested: no summary")
	}
	for _, oc := range n.CPU {
		if strings.Contains(oc.Count.String(), "^2") {
			t.Errorf("Nested: %s = %s: one variable stands for both loops' trip counts", oc.Class, oc.Count)
		}
	}
	if got := mul("inputs.Symmetric", nil); got != 121 {
		t.Errorf("Symmetric: %g multiplies, want 11×11 = 121", got)
	}
}

// TestStackConversions checks the runtime's 32-byte buffer for conversions
// whose result does not escape: a longer one still allocates.
func TestStackConversions(t *testing.T) {
	sums := analyzeTestPkgGC(t, "inputs")
	for fn, want := range map[string]float64{"inputs.Hex36": 1, "inputs.Hex16": 0} {
		s := sums[fn]
		if s == nil {
			t.Fatalf("%s: no summary", fn)
		}
		if got := eval(t, s.AllocCount, withDefaults(s, nil)); got != want {
			t.Errorf("%s: %g allocations, want %g", fn, got, want)
		}
	}
}

// TestGlobalInputs checks that an unexported package variable that only
// its initializer sets has its value's length, and an exported one does
// not.
func TestGlobalInputs(t *testing.T) {
	sums := analyzeTestPkg(t, "inputs")
	mul := func(fn string) float64 {
		t.Helper()
		return opAt(t, sums, fn, manifest.OpMul, nil)
	}
	if got := mul("inputs.Scaled"); got != 36 {
		t.Errorf("Scaled: %g multiplies, want 36, the length of input", got)
	}
	if got := mul("inputs.ScaledExported"); got == 36 {
		t.Errorf("ScaledExported: %g multiplies: an exported variable's length is not known", got)
	}
}

// TestErrorReturnArm checks that an arm returning an error of the
// function's own making is rare.
func TestErrorReturnArm(t *testing.T) {
	sums := analyzeTestPkg(t, "inputs")
	s := sums["inputs.Check"]
	if s == nil {
		t.Fatal("inputs.Check: no summary")
	}
	if got := eval(t, s.AllocCount, withDefaults(s, map[string]float64{"len(b)": 16})); got > 0.05 {
		t.Errorf("Check: %g allocations per call over 16 bytes, want the error's to be rare", got)
	}
}
