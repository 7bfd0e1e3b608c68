package analyzer

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// growthArm returns the successor of b that grows a slice when b ends in a
// test against a capacity — the growth idiom `if len+n > cap(s) { grow }`,
// or its mirror `if cap(s) >= n { reuse } else { grow }` (or a shrink
// below a fraction of cap) — and nil for any other block. The growth arm
// runs O(log n) times over n calls, since capacity grows geometrically:
// amortized, its probability per call is taken as 0 instead of the even
// split of an unknown branch (which would charge every append with half a
// reallocation).
func growthArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return nil
	}
	// The test is true when the capacity is too small if the capacity is
	// on the small side of the comparison; a test against a fraction of
	// the capacity (len < cap/4) is a shrink, rare when true.
	capSmall := false
	switch {
	case usesCap(cmp.X, 0) && usesCap(cmp.Y, 0), scaledDown(cmp.X), scaledDown(cmp.Y):
		capSmall = true
	case usesCap(cmp.Y, 0):
		capSmall = cmp.Op == token.GTR || cmp.Op == token.GEQ
	case usesCap(cmp.X, 0):
		capSmall = cmp.Op == token.LSS || cmp.Op == token.LEQ
	default:
		return nil
	}
	switch cmp.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return nil
	}
	if capSmall {
		return b.Succs[0]
	}
	return b.Succs[1]
}

// usesCap reports whether v is computed from a cap() call through
// arithmetic and conversions.
func usesCap(v ssa.Value, depth int) bool {
	if depth > 6 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Call:
		if bi, ok := v.Call.Value.(*ssa.Builtin); ok {
			return bi.Name() == "cap"
		}
	case *ssa.Convert:
		return usesCap(v.X, depth+1)
	case *ssa.BinOp:
		return usesCap(v.X, depth+1) || usesCap(v.Y, depth+1)
	}
	return false
}

// scaledDown reports whether v is a fraction of a capacity (cap(s)/4,
// cap(s)>>2, int(float32(cap(s))*0.25)).
func scaledDown(v ssa.Value) bool {
	for {
		c, ok := v.(*ssa.Convert)
		if !ok {
			break
		}
		v = c.X
	}
	b, ok := v.(*ssa.BinOp)
	if !ok {
		return false
	}
	switch b.Op {
	case token.QUO, token.SHR:
		return usesCap(b.X, 0)
	case token.MUL:
		for _, pair := range [][2]ssa.Value{{b.X, b.Y}, {b.Y, b.X}} {
			if c, ok := pair[1].(*ssa.Const); ok && c.Value != nil {
				if f, exact := constant.Float64Val(constant.ToFloat(c.Value)); exact || f != 0 {
					if f > 0 && f < 1 && usesCap(pair[0], 0) {
						return true
					}
				}
			}
		}
	}
	return false
}

// lazyInitArm returns the successor of b that initializes a field on first
// use — `if p.f == nil { p.f = make(...) }` on a field of a parameter —
// and nil for any other block. The object outlives the call, so the arm
// runs once over the calls that reach it: amortized, its probability per
// call is taken as 0, as for capacity growth.
func lazyInitArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
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
