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
	sums := analyzeTestPkg(t, "valuerecv")
	mul := func(fn string, vars map[string]float64) float64 {
		t.Helper()
		s := sums[fn]
		if s == nil {
			t.Fatalf("%s: no summary", fn)
		}
		for _, oc := range s.CPU {
			if oc.Class == manifest.OpMul {
				return eval(t, oc.Count, withDefaults(s, vars))
			}
		}
		return 0
	}
	// One multiply per element of every group.
	s := sums["(valuerecv.Set).Sum"]
	if s == nil {
		t.Fatal("(valuerecv.Set).Sum: no summary")
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
	if got := mul("(valuerecv.Set).Sum", map[string]float64{"len(s.groups)": 10, inner: 3}); got != 30 {
		t.Errorf("Sum: %g multiplies for 10 groups of 3, want 30", got)
	}
	n := sums["valuerecv.Nested"]
	if n == nil {
		t.Fatal("valuerecv.Nested: no summary")
	}
	for _, oc := range n.CPU {
		if strings.Contains(oc.Count.String(), "^2") {
			t.Errorf("Nested: %s = %s: one variable stands for both loops' trip counts", oc.Class, oc.Count)
		}
	}
	if got := mul("valuerecv.Symmetric", nil); got != 121 {
		t.Errorf("Symmetric: %g multiplies, want 11×11 = 121", got)
	}
}
