package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// capacityCheck reports whether b ends in a test against a capacity, the
// growth idiom `if len+n > cap(s) { grow }` (or a shrink below a fraction of
// cap). Its true arm runs O(log n) times over n calls, since capacity grows
// geometrically: amortized, its probability per call is taken as 0 instead
// of the even split of an unknown branch (which would charge every append
// with half a reallocation).
func capacityCheck(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return false
	}
	switch cmp.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return false
	}
	return usesCap(cmp.X, 0) || usesCap(cmp.Y, 0)
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
