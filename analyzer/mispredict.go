package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// bisectMispredicts is the mispredicted branches (manifest.OpMispredict)
// charged per execution of a binary search's test (bisect.go). Each pass
// of a search for a key unrelated to the last one's takes either side of
// the midpoint with even odds: a bit of the key's rank the predictor has
// not seen, so it guesses wrong half the time (Knuth, TAOCP vol. 3,
// §6.2.1: a successful search's comparisons are near log2 n bits of
// information). gc keeps that branch: a search carrying lo and hi updates
// two values on its arms, which its branch elimination (cmd/compile's
// branchelim, on amd64 at most one φ per diamond) does not turn into
// conditional moves.
const bisectMispredicts = 0.5

// predictableKeys reports whether a call made in a loop searches for keys
// the branch predictor follows: its arguments are the loop's induction
// variables (and arithmetic on them with values that do not change in the
// loop: i, i%size, Int(i)) or values that do not change in the loop, and
// at least one is an induction variable. Consecutive searches for
// consecutive keys take the same path but for its last steps (a
// `for n := 0; n < size; n++ { tree.Get(n) }` loop), and the predictor's
// history learns it: the mispredictions that the callee's searches
// charge for unrelated keys (manifest.OpMispredict) do not happen. A key
// loaded from memory (an element of a permutation, `for _, k := range
// keys`) or drawn from math/rand is taken as unrelated to the last: its
// searches keep their mispredictions. A call whose arguments never change
// keeps them too: the callee may draw its keys itself.
func (st *funcState) predictableKeys(args []ssa.Value) bool {
	if st.flow == nil || st.cur == nil || st.cur.Block() == nil {
		return false
	}
	l := st.flow.inner[st.cur.Block().Index]
	if l == nil {
		return false
	}
	induced := false
	for _, a := range args {
		switch {
		case st.inducedBy(a, l, 0):
			induced = true
		case st.sameAcross(a, l):
		default:
			return false
		}
	}
	return induced
}

// inducedBy reports whether v is an additive induction variable of loop l
// or of a loop around it, or integer arithmetic on one with values that do
// not change in l, through conversions and boxing.
func (st *funcState) inducedBy(v ssa.Value, l *loop, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Convert:
		return isInteger(x.X.Type()) && st.inducedBy(x.X, l, depth+1)
	case *ssa.ChangeType:
		return st.inducedBy(x.X, l, depth+1)
	case *ssa.MakeInterface:
		return st.inducedBy(x.X, l, depth+1)
	case *ssa.BinOp:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.SHL, token.SHR:
		default:
			return false
		}
		if st.inducedBy(x.X, l, depth+1) {
			return st.sameAcross(x.Y, l)
		}
		return st.inducedBy(x.Y, l, depth+1) && st.sameAcross(x.X, l)
	case *ssa.Phi:
		if !isInteger(x.Type()) {
			return false
		}
		for o := l; o != nil; o = o.parent {
			if o.header == x.Block() {
				iv, ok := st.phiInduction(o, x)
				return ok && iv.kind == stepAdd
			}
		}
	}
	return false
}

// sameAcross reports whether v takes the same value in every iteration of
// loop l: sameEachTime, or the length or capacity of such a value (a
// `len(keys)` computed in the loop). Not guard.go's invariantIn, which
// also takes a load from memory the loop does not store to: a call's
// result is never taken as the same (a key may be drawn from math/rand),
// as steady.go's proofs require.
func (st *funcState) sameAcross(v ssa.Value, l *loop) bool {
	if c, ok := v.(*ssa.Call); ok {
		if b, ok := c.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") && len(c.Call.Args) == 1 {
			v = c.Call.Args[0]
		}
	}
	return st.sameEachTime(v, l, map[ssa.Value]bool{}, 0)
}
