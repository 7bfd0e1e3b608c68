package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// TestMedianTarget checks that an interface call over guessed targets is
// costed as the median target, not pulled up by the heaviest.
func TestMedianTarget(t *testing.T) {
	sum := func(name string, ints float64) *Summary {
		return &Summary{Name: name, CPU: []OpCount{{Class: manifest.OpInt, Count: expr.Const(ints)}}}
	}
	cheap, mid, heavy := sum("cheap", 10), sum("mid", 100), sum("heavy", 1e6)
	if got := medianTarget([]*Summary{heavy, cheap, mid}); got != mid {
		t.Errorf("median of 10, 100, 1e6 ops = %s, want mid", got.Name)
	}
	// An even count takes the lower middle; equal costs go by name.
	a, b := sum("a", 5), sum("b", 5)
	if got := medianTarget([]*Summary{heavy, b, a, mid}); got != a && got != b {
		t.Errorf("lower middle of 5, 5, 100, 1e6 = %s, want a cost-5 target", got.Name)
	} else if got != b {
		t.Errorf("tie between a and b at the lower middle: got %s, want b (sorted after a)", got.Name)
	}
}
