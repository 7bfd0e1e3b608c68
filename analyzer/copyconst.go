package analyzer

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Small copies of a length gc knows.
//
// gc compiles copy(dst, src) to n := min(len(dst), len(src)) and a call of
// runtime.memmove, which its SSA rules replace by inline moves when n is a
// compile-time constant of at most 16 bytes on amd64 (isInlinableMemmove):
// one 16-byte load and store, or two overlapping ones. n is constant when
// both lengths are: a slice of an array with constant bounds
// (`id[6:]`), a make of constant length, or a slice a dominating branch
// has tested against a constant (`if len(dst) != len(id) { return }`, which
// gc's prove pass carries to the copy). Such a copy costs its moves, not
// the memmove call the copy class prices.

// maxInlineMove is the largest copy gc's amd64 rules always turn into
// inline moves.
const maxInlineMove = 16

// inlineCopyMoves returns the load and store pairs of a copy gc compiles
// inline (see above), or 0 when it calls memmove.
func inlineCopyMoves(call ssa.CallInstruction, args []ssa.Value, elemSize int64) int {
	if elemSize <= 0 {
		return 0
	}
	dl, ok1 := compileTimeLen(call, args[0])
	sl, ok2 := compileTimeLen(call, args[1])
	if !ok1 || !ok2 {
		return 0
	}
	n := min(dl, sl) * float64(elemSize)
	switch {
	case n <= 0 || n > maxInlineMove:
		return 0
	case n == 1 || n == 2 || n == 4 || n == 8 || n == 16:
		return 1
	}
	return 2 // two overlapping moves
}

// compileTimeLen returns the length of the slice or string v at call when
// gc knows it at compile time: a constant, a slice of an array with
// constant bounds, a make of constant length, or a value a dominating
// branch has found equal to a constant. (funcState.constLen is another
// question: the length under the constant arguments of a specialization.)
func compileTimeLen(call ssa.CallInstruction, v ssa.Value) (float64, bool) {
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil && x.Value.Kind() == constant.String {
			return float64(len(constant.StringVal(x.Value))), true
		}
	case *ssa.MakeSlice:
		if c, ok := constInt(x.Len); ok {
			return c, true
		}
	case *ssa.Slice:
		if n, ok := arrayLen(x.X.Type()); ok {
			lo, hi := 0.0, float64(n)
			if x.Low != nil {
				c, ok := constInt(x.Low)
				if !ok {
					return 0, false
				}
				lo = c
			}
			if x.High != nil {
				c, ok := constInt(x.High)
				if !ok {
					return 0, false
				}
				hi = c
			}
			return hi - lo, hi >= lo
		}
	}
	return testedLen(call.Block(), v)
}

// testedLen returns the constant a branch dominating b found len(v) equal
// to, b lying on its equal side.
func testedLen(b *ssa.BasicBlock, v ssa.Value) (float64, bool) {
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
			continue
		}
		c, ok := constInt(cmp.Y)
		l := cmp.X
		if !ok {
			c, ok = constInt(cmp.X)
			l = cmp.Y
		}
		if !ok || !isLenOf(l, v) {
			continue
		}
		eq := d.Succs[0]
		if cmp.Op == token.NEQ {
			eq = d.Succs[1]
		}
		if eq.Dominates(b) && len(eq.Preds) == 1 {
			return c, true
		}
	}
	return 0, false
}

// isLenOf reports whether l is len(v).
func isLenOf(l, v ssa.Value) bool {
	call, ok := l.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "len" && len(call.Call.Args) == 1 && call.Call.Args[0] == v
}
