package analyzer

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// freeListMissArm returns the successor of b that runs when a free list is
// empty, or nil. A free list is a slice field of a pointer parameter that
// the function pops from (`n := len(f.free) - 1; if n < 0 { return new(T)
// }; x := f.free[n]; f.free = f.free[:n]`, or `if len(f.free) == 0`) and
// that a method of the same type pushes onto (f.free = append(f.free, x)).
// Objects made on a miss come back to the list when they are freed, so
// over a run the misses are as many as the objects ever live at once, not
// one per call: like a capacity check's growth arm, the miss arm is
// amortized to never. (A list that drops what it cannot hold, or a run that
// only takes, misses more: the rule is the steady state.)
func freeListMissArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	cmp, ok := branchCond(b).(*ssa.BinOp)
	if !ok {
		return nil
	}
	op, x, y := cmp.Op, cmp.X, cmp.Y
	if _, ok := x.(*ssa.Const); ok {
		x, y, op = y, x, flip(op)
	}
	c, ok := y.(*ssa.Const)
	if !ok {
		return nil
	}
	cv, ok := constFloat(c)
	if !ok {
		return nil
	}
	// x is len(field) - k.
	k := 0.0
	if sub, ok := x.(*ssa.BinOp); ok && sub.Op == token.SUB {
		kc, ok := sub.Y.(*ssa.Const)
		if !ok {
			return nil
		}
		if k, ok = constFloat(kc); !ok {
			return nil
		}
		x = sub.X
	}
	fa := lenOfParamField(x)
	if fa == nil {
		return nil
	}
	// The condition is len op t; which arm is the empty list's?
	t := cv + k
	var emptyTrue bool
	switch {
	case op == token.LSS && t == 1, op == token.LEQ && t == 0, op == token.EQL && t == 0:
		emptyTrue = true
	case op == token.GTR && t == 0, op == token.GEQ && t == 1, op == token.NEQ && t == 0:
		emptyTrue = false
	default:
		return nil
	}
	miss, hit := b.Succs[1], b.Succs[0]
	if emptyTrue {
		miss, hit = hit, miss
	}
	if len(hit.Preds) != 1 || !popsFrom(hit, fa) || !pushedOnto(b.Parent().Prog, fa) {
		return nil
	}
	return miss
}

// lenOfParamField returns the field address of f.F when v is len(f.F), F
// a slice field of the pointer parameter f, or nil.
func lenOfParamField(v ssa.Value) *ssa.FieldAddr {
	call, ok := v.(*ssa.Call)
	if !ok {
		return nil
	}
	if bi, ok := call.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "len" || len(call.Call.Args) != 1 {
		return nil
	}
	fa := loadedFieldAddr(call.Call.Args[0])
	if fa == nil {
		return nil
	}
	if _, ok := fa.X.(*ssa.Parameter); !ok {
		return nil
	}
	if _, ok := fa.Type().(*types.Pointer).Elem().Underlying().(*types.Slice); !ok {
		return nil
	}
	return fa
}

// loadedFieldAddr returns fa when v loads *fa, a field address, or nil.
func loadedFieldAddr(v ssa.Value) *ssa.FieldAddr {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	fa, _ := u.X.(*ssa.FieldAddr)
	return fa
}

// sameField reports whether a is the field of fa's object that fa is.
func sameField(a, fa *ssa.FieldAddr) bool {
	return a.X == fa.X && a.Field == fa.Field
}

// popsFrom reports whether a block dominated by arm stores a reslice of
// the field back into it (f.free = f.free[:n]).
func popsFrom(arm *ssa.BasicBlock, fa *ssa.FieldAddr) bool {
	for _, d := range dominated(arm) {
		for _, in := range d.Instrs {
			s, ok := in.(*ssa.Store)
			if !ok {
				continue
			}
			dst, ok := s.Addr.(*ssa.FieldAddr)
			if !ok || !sameField(dst, fa) {
				continue
			}
			if sl, ok := s.Val.(*ssa.Slice); ok {
				if src := loadedFieldAddr(sl.X); src != nil && sameField(src, fa) {
					return true
				}
			}
		}
	}
	return false
}

// pushedOnto reports whether a method of the type fa's parameter points to
// appends to the same field (f.free = append(f.free, x)).
func pushedOnto(prog *ssa.Program, fa *ssa.FieldAddr) bool {
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok {
		return false
	}
	named = named.Origin()
	for i := 0; i < named.NumMethods(); i++ {
		fn := prog.FuncValue(named.Method(i))
		if fn == nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				s, ok := in.(*ssa.Store)
				if !ok {
					continue
				}
				dst, ok := s.Addr.(*ssa.FieldAddr)
				if !ok || dst.Field != fa.Field {
					continue
				}
				if _, isRecv := dst.X.(*ssa.Parameter); !isRecv {
					continue
				}
				if args := appendArgs(s.Val); len(args) > 1 {
					if src := loadedFieldAddr(args[0]); src != nil && src.X == dst.X && src.Field == dst.Field {
						return true
					}
				}
			}
		}
	}
	return false
}
