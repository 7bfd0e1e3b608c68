package analyzer

import (
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
