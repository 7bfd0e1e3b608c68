package analyzer

import (
	"fmt"
	"math"
	"testing"

	"github.com/perfcast/perfcast/manifest/expr"
)

func TestRoundExpr(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0.054775000000000004*len(s)", "0.054775*len(s)"},
		{"1 + log2(n)", "1 + log2(n)"},
		{"0.123456789*loop_a_go_14 + 3", "3 + 0.12346*loop_a_go_14"},
		{"1.1297955322265624e-05", "1.1298e-05"},
		{"0", "0"},
		// Whole numbers are counts: kept exactly.
		{"199744*b.N + 3198000", "3198000 + 199744*b.N"},
		{"1234567.5*n", "1234600*n"},
		// ... also when floating-point products leave dust on them.
		{"199488.00000000003*b.N", "199488*b.N"},
		{"99.99999999999999*n", "100*n"},
	} {
		got := roundExpr(expr.MustParse(tc.in)).String()
		if got != tc.want {
			t.Errorf("roundExpr(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestRoundExprFitsLongExpressions(t *testing.T) {
	var parts []expr.Expr
	for i := 1; i <= 300; i++ {
		v := expr.Var(fmt.Sprintf("len(s%d)", i))
		parts = append(parts, expr.Scale(expr.Mul(v, expr.Min(expr.Const(1), expr.Scale(v, 0.0123456789))), float64(i)+0.123456789))
	}
	e := expr.Add(parts...)
	if len(e.String()) <= expr.MaxLen {
		t.Fatalf("test expression is only %d bytes", len(e.String()))
	}
	r := roundExpr(e)
	if _, err := expr.Parse(r.String()); err != nil {
		t.Fatalf("rounded expression cannot be read back: %v", err)
	}
	at := func(string) (float64, bool) { return DefaultSize, true }
	want, _ := e.Eval(at)
	got, _ := r.Eval(at)
	if math.Abs(got-want) > 1e-4*want {
		t.Errorf("value at the default sizes: got %g, want %g", got, want)
	}
}
