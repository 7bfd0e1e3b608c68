package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
)

// TestConstDivision checks which divisions gc strength-reduces and into
// how many operations.
func TestConstDivision(t *testing.T) {
	// The dividend's type is all that is read of it.
	param := func(kind types.BasicKind) ssa.Value { return ssa.NewConst(constant.MakeInt64(7), types.Typ[kind]) }
	variable := &ssa.UnOp{Op: token.SUB} // a divisor computed at run time
	k := func(kind types.BasicKind, v int64) *ssa.Const {
		return ssa.NewConst(constant.MakeInt64(v), types.Typ[kind])
	}
	for _, tc := range []struct {
		name        string
		op          token.Token
		x, y        ssa.Value
		muls, ints  float64
		strengthRed bool
	}{
		{"uint / 64: shift", token.QUO, param(types.Uint), k(types.Uint, 64), 0, 1, true},
		{"uint % 64: mask", token.REM, param(types.Uint), k(types.Uint, 64), 0, 1, true},
		{"int / 2: shift with fix-up", token.QUO, param(types.Int), k(types.Int, 2), 0, 3, true},
		{"int % 8", token.REM, param(types.Int), k(types.Int, 8), 0, 4, true},
		{"uint64 / 1000: magic multiply", token.QUO, param(types.Uint64), k(types.Uint64, 1000), 1, 2, true},
		{"int64 % 1000", token.REM, param(types.Int64), k(types.Int64, 1000), 2, 5, true},
		{"int / -1", token.QUO, param(types.Int), k(types.Int, -1), 0, 1, true},
		{"int / variable", token.QUO, param(types.Int), variable, 0, 0, false},
		{"int / 0", token.QUO, param(types.Int), k(types.Int, 0), 0, 0, false},
	} {
		b := &ssa.BinOp{Op: tc.op, X: tc.x, Y: tc.y}
		muls, ints, ok := constDivision(b)
		if ok != tc.strengthRed || muls != tc.muls || ints != tc.ints {
			t.Errorf("%s: %g muls, %g ints, reduced %v; want %g, %g, %v", tc.name, muls, ints, ok, tc.muls, tc.ints, tc.strengthRed)
		}
	}
}
