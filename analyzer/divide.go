package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"math/bits"

	"golang.org/x/tools/go/ssa"
)

// constDivision returns the operations gc compiles an integer division or
// remainder by a constant into, instead of a divide instruction (its
// generic rewrite rules, cmd/compile/internal/ssa/_gen/generic.rules):
//
//   - by a power of two, a shift (x/2^k unsigned) or a mask (x%2^k), plus
//     the rounding fix-up toward zero for signed operands (a sign shift
//     and an add, and a subtract for the remainder);
//   - by any other constant, a multiply by the "magic" reciprocal keeping
//     the high half, then shifts and, for signed operands, the sign
//     correction (Granlund and Montgomery, "Division by invariant
//     integers using multiplication", 1994); a remainder multiplies the
//     quotient back and subtracts.
//
// ok is false when the divisor is not a nonzero constant: the division
// executes a divide instruction (OpDiv).
func constDivision(v *ssa.BinOp) (muls, ints float64, ok bool) {
	c, isConst := v.Y.(*ssa.Const)
	if !isConst || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, 0, false
	}
	d, exact := constant.Int64Val(c.Value)
	if !exact {
		if u, exact := constant.Uint64Val(c.Value); exact {
			d = int64(u) // a large unsigned divisor: its bits are what matters
		} else {
			return 0, 0, false
		}
	}
	if d == 0 {
		return 0, 0, false
	}
	signed := basicInfo(v.X.Type())&types.IsUnsigned == 0
	rem := v.Op == token.REM
	mag := uint64(d)
	if signed && d < 0 {
		mag = uint64(-d)
	}
	switch {
	case mag == 1:
		return 0, 1, true // x or -x (x%±1 is 0)
	case bits.OnesCount64(mag) == 1:
		switch {
		case !signed:
			return 0, 1, true // shift or mask
		case rem:
			return 0, 4, true // x - ((x + fix) &^ (2^k-1))
		default:
			return 0, 3, true // (x + (x>>63 >>> (64-k))) >> k
		}
	}
	muls, ints = 1, 2 // high multiply, shift, add or shift
	if signed {
		ints += 2 // sign correction
	}
	if rem {
		muls++ // x - (x/d)*d
		ints++
	}
	return muls, ints, true
}
