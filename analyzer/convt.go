package analyzer

import (
	"go/token"
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
// allocates for max(0, size-256) of its size iterations) and for that
// variable modulo k (`Int(i % size)`: the values 0..k-1 in turn), else 1.
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
	// x % k of a counter x from 0 cycles through 0..k-1 (once the loop
	// has run k times; through its trip count before): a key chosen as
	// i%size in a benchmark's b.N loop.
	var mod expr.Expr
	for {
		if c, ok := v.(*ssa.Convert); ok {
			v = c.X // Int(i % size): a named integer type
			continue
		}
		if c, ok := v.(*ssa.ChangeType); ok {
			v = c.X
			continue
		}
		break
	}
	if r, ok := v.(*ssa.BinOp); ok && r.Op == token.REM {
		if k, ok := st.symInt(r.Y); ok {
			mod = k
			v = r.X
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
		n := l.trip
		if !mod.IsZero() {
			if init != 0 || iv.k != 1 {
				return one
			}
			n = expr.Min(l.trip, mod) // the values taken: 0..min(trip, k)-1
		}
		big := expr.Max(expr.Const(0), expr.Sub(n, expr.Const(small)))
		return expr.Div(big, expr.Max(n, one))
	}
	return one
}
