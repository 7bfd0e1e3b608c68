package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"math"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// soleIntField returns the value stored into the one field of a struct
// literal v when that field is an integer of two bytes or more and is the
// struct's whole size (`lengthError{len(s)}`): gc boxes such a struct as
// its integer, by convT16/32/64, so small values allocate nothing. Else
// nil. (A one-byte struct is boxed by the generic convT: it allocates.)
func (st *funcState) soleIntField(v ssa.Value) ssa.Value {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	a, ok := u.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	t, ok := v.Type().Underlying().(*types.Struct)
	if !ok || t.NumFields() != 1 || !isInteger(t.Field(0).Type()) {
		return nil
	}
	if n := st.sizeof(t.Field(0).Type()); n < 2 || st.sizeof(t) != n {
		return nil
	}
	var val ssa.Value
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			for _, fr := range *r.Referrers() {
				s, ok := fr.(*ssa.Store)
				if !ok || s.Addr != r || val != nil || s.Block() != u.Block() || !precedes(s, u) {
					return nil
				}
				val = s.Val
			}
		case *ssa.UnOp, *ssa.DebugRef:
		default:
			return nil
		}
	}
	return val
}

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
	if f := st.soleIntField(v); f != nil {
		v = f
	}
	b, ok := v.Type().Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return one
	}
	if st.sizeof(b) == 1 {
		return expr.Const(0)
	}
	if c, ok := st.constOf(v); ok && c.Kind() == constant.Int {
		// Constant here, or under the call's constant arguments
		// (constargs.go): an error boxing a length it was given.
		if k, exact := constant.Int64Val(c); exact && k >= 0 && k < smallIntValues {
			return expr.Const(0)
		}
		return one
	}
	if c, ok := symInt(v); ok {
		if k, ok := c.Constant(); ok {
			if k >= 0 && k < smallIntValues {
				return expr.Const(0)
			}
			return one
		}
	}
	if st.smallBox(v) {
		return expr.Const(0) // a value kept below 256 (intrange.go)
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
