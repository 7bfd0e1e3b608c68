package expr

import (
	"fmt"
	"math"
	"testing"
)

func TestFit(t *testing.T) {
	// 400 guarded terms, as branch weights multiplied along a compiler's
	// parser make them: far longer than Parse accepts.
	var parts []Expr
	for i := 1; i <= 400; i++ {
		v := Var(fmt.Sprintf("n%d", i))
		guard := Min(Const(1), Max(Const(0), Sub(Const(1), Scale(v, 0.001))))
		parts = append(parts, Scale(Mul(v, guard), float64(i)))
	}
	parts = append(parts, Const(7))
	e := Add(parts...)
	if len(e.String()) <= MaxLen {
		t.Fatalf("test expression is only %d bytes", len(e.String()))
	}
	env := func(name string) (float64, bool) { return 8, true }
	f := e.Fit(MaxLen, env)
	s := f.String()
	if len(s) > MaxLen {
		t.Fatalf("Fit left %d bytes", len(s))
	}
	if _, err := Parse(s); err != nil {
		t.Fatalf("fitted expression does not parse: %v", err)
	}
	want, _ := e.Eval(env)
	got, _ := f.Eval(env)
	if math.Abs(got-want) > 1e-9*want {
		t.Errorf("value under env: got %g, want %g", got, want)
	}
	// The largest terms stay symbolic: n400 has the largest coefficient.
	vars := f.Vars()
	has := map[string]bool{}
	for _, v := range vars {
		has[v] = true
	}
	if !has["n400"] || has["n1"] {
		t.Errorf("kept variables %v: want n400 kept and n1 folded", vars)
	}
	// At other sizes the fitted form still follows the kept terms.
	big := func(name string) (float64, bool) {
		if name == "n400" {
			return 100, true
		}
		return 8, true
	}
	w2, _ := e.Eval(big)
	g2, _ := f.Eval(big)
	if math.Abs(g2-w2) > 1e-9*w2 {
		t.Errorf("n400 = 100: got %g, want %g", g2, w2)
	}
	if short := Add(Var("n"), Const(1)); !short.Fit(MaxLen, env).Equal(short) {
		t.Errorf("Fit changed a short expression")
	}
}
