package analyzer

import (
	"go/types"
	"math"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// smallIntValues is the number of integer values the runtime boxes without
// allocating: convT16, convT32 and convT64 return a pointer into
// runtime.staticuint64s for values below 256, and any one-byte value is
// boxed that way.
const smallIntValues = 256

// boxAllocs returns how many heap allocations one conversion of the
// integer v to an interface makes, on average: 0 for one-byte types and
// known values below 256, the share of values >= 256 for the induction
// variable of a counted loop (`for n := 0; n < size; n++ { m.Put(n, n) }`
// allocates for max(0, size-256) of its size iterations), else 1.
func (st *funcState) boxAllocs(v ssa.Value) expr.Expr {
	b, ok := v.Type().Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return one
	}
	if st.sizeof(b) == 1 {
		return expr.Const(0)
	}
	if c, ok := symInt(v); ok {
		if k, ok := c.Constant(); ok {
			if k >= 0 && k < smallIntValues {
				return expr.Const(0)
			}
			return one
		}
	}
	phi, ok := v.(*ssa.Phi)
	if !ok || st.flow == nil {
		return one
	}
	for _, l := range st.flow.loops {
		if l.header != phi.Block() || !l.exact {
			continue
		}
		iv, ok := st.phiInduction(l, phi)
		if !ok || iv.kind != stepAdd || iv.k <= 0 {
			return one
		}
		init, ok := iv.init.Constant()
		if !ok {
			return one
		}
		// Iterations whose value is still below 256.
		small := math.Max(0, math.Ceil((smallIntValues-init)/iv.k))
		if small == 0 {
			return one
		}
		big := expr.Max(expr.Const(0), expr.Sub(l.trip, expr.Const(small)))
		return expr.Div(big, expr.Max(l.trip, one))
	}
	return one
}
