package analyzer

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// capacityArm returns the rarely taken successor of b's If when b tests a
// length against a capacity, or nil. Two idioms:
//
//   - growth, `if len+n > cap(s) { grow }` (in any orientation, e.g.
//     `if cap(s) >= n { reuse } else { make }`): the arm where the length
//     exceeds the capacity runs O(log n) times over n calls, since capacity
//     grows geometrically;
//   - shrinking, `if len < cap(s)/4 { shrink }`, against a fraction of the
//     capacity: the arm where the length falls below it is as rare.
//
// Amortized, the rare arm's probability per call is taken as 0 instead of
// the estimate of an unknown branch (which would charge every append with
// a fraction of a reallocation).
func capacityArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	cmp, ok := branchCond(b).(*ssa.BinOp)
	if !ok {
		return nil
	}
	op := cmp.Op
	switch op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return nil
	}
	capSide, other := cmp.Y, cmp.X
	if c, _ := usesCap(capSide, 0); !c {
		capSide, other = other, capSide
		op = flip(op) // now: other op capSide
	}
	hasCap, fraction := usesCap(capSide, 0)
	if !hasCap {
		return nil
	}
	if c, _ := usesCap(other, 0); c {
		return nil // cap against cap: neither idiom
	}
	// The true arm is rare when it is the growth arm (other > cap) or
	// the shrink arm (other < fraction of cap).
	trueRare := op == token.GTR || op == token.GEQ
	if fraction {
		trueRare = op == token.LSS || op == token.LEQ
	}
	if trueRare {
		return b.Succs[0]
	}
	return b.Succs[1]
}

// usesCap reports whether v is computed from a cap() call through
// arithmetic and conversions, and whether it is a fraction of the
// capacity (divided, shifted right, or multiplied by a float constant
// below one).
func usesCap(v ssa.Value, depth int) (found, fraction bool) {
	if depth > 6 {
		return false, false
	}
	switch v := v.(type) {
	case *ssa.Call:
		if bi, ok := v.Call.Value.(*ssa.Builtin); ok {
			return bi.Name() == "cap", false
		}
	case *ssa.Convert:
		return usesCap(v.X, depth+1)
	case *ssa.BinOp:
		fx, frx := usesCap(v.X, depth+1)
		fy, fry := usesCap(v.Y, depth+1)
		if !fx && !fy {
			return false, false
		}
		frac := frx || fry
		switch v.Op {
		case token.QUO, token.SHR:
			frac = frac || fx
		case token.MUL:
			for _, k := range []ssa.Value{v.X, v.Y} {
				if c, ok := k.(*ssa.Const); ok && c.Value != nil {
					if f, _ := constFloat(c); f > 0 && f < 1 {
						frac = true
					}
				}
			}
		}
		return true, frac
	}
	return false, false
}

// constFloat is the value of a numeric constant as a float64.
func constFloat(c *ssa.Const) (float64, bool) {
	f := constant.ToFloat(c.Value)
	if f.Kind() != constant.Float {
		return 0, false
	}
	v, _ := constant.Float64Val(f)
	return v, true
}

// lazyInitArm returns the successor of b that initializes a field on first
// use — `if p.f == nil { p.f = make(...) }` on a field of a parameter —
// and nil for any other block. The object outlives the call, so the arm
// runs once over the calls that reach it: amortized, its probability per
// call is taken as 0, as for capacity growth.
func lazyInitArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	cmp, ok := branchCond(b).(*ssa.BinOp)
	if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
		return nil
	}
	x, y := cmp.X, cmp.Y
	if c, ok := x.(*ssa.Const); ok && c.IsNil() {
		x, y = y, x
	}
	if c, ok := y.(*ssa.Const); !ok || !c.IsNil() {
		return nil
	}
	u, ok := x.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	if _, ok := fa.X.(*ssa.Parameter); !ok {
		return nil
	}
	arm := b.Succs[0]
	if cmp.Op == token.NEQ {
		arm = b.Succs[1]
	}
	if len(arm.Preds) != 1 {
		return nil
	}
	for _, d := range arm.Parent().Blocks {
		if !arm.Dominates(d) {
			continue
		}
		for _, in := range d.Instrs {
			if s, ok := in.(*ssa.Store); ok {
				if f, ok := s.Addr.(*ssa.FieldAddr); ok && f.X == fa.X && f.Field == fa.Field {
					return arm
				}
			}
		}
	}
	return nil
}
