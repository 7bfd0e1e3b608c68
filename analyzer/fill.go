package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// Fill loops.
//
// A loop whose bound the code does not state — a walk of a linked list,
// `for i, e := 0, l.first; e != nil; i, e = i+1, e.next` — that stores in
// every iteration into element i, counting from 0 by one, of a slice the
// function made with make([]T, n) runs at most n times: one more would
// index past the end and panic, and panicking paths are cold. A function
// that makes a slice of n elements and fills it by counting from 0 is
// copying n things into it (a Values method sizing its result by the
// container's count), so n is the trip count, where the unknown bound's
// default (8) would stand for a list of any length. Only a length the
// analysis expresses over sizes (not a constant: a fixed buffer is often
// filled only in part) qualifies; the count stays an upper bound.

// fillTrip returns the trip count of loop l when it fills a slice the
// function made, as described above.
func (st *funcState) fillTrip(l *loop) (expr.Expr, bool) {
	// The blocks that run in every iteration dominate every back edge's
	// source.
	var back []*ssa.BasicBlock
	for _, p := range l.header.Preds {
		if l.contains(p) {
			back = append(back, p)
		}
	}
	if len(back) == 0 {
		return expr.Expr{}, false
	}
	for i, in := range l.blocks {
		if !in {
			continue
		}
		b := st.fn.Blocks[i]
		if !dominatesAll(b, back) {
			continue
		}
		for _, ins := range b.Instrs {
			s, ok := ins.(*ssa.Store)
			if !ok {
				continue
			}
			ia, ok := s.Addr.(*ssa.IndexAddr)
			if !ok || !countsFromZero(ia.Index, l) {
				continue
			}
			ms, ok := ia.X.(*ssa.MakeSlice)
			if !ok || ms.Parent() != st.fn || l.contains(ms.Block()) {
				continue
			}
			n, ok := st.symLen(ms)
			if !ok || len(n.Vars()) == 0 {
				continue
			}
			return n, true
		}
	}
	return expr.Expr{}, false
}

// countsFromZero reports whether v is a φ of l's header that starts at 0
// on entry and steps by +1 on every back edge.
func countsFromZero(v ssa.Value, l *loop) bool {
	phi, ok := v.(*ssa.Phi)
	if !ok || phi.Block() != l.header {
		return false
	}
	for i, e := range phi.Edges {
		pred := l.header.Preds[i]
		if !l.contains(pred) {
			c, ok := e.(*ssa.Const)
			if !ok || c.Value == nil || !isZero(c) {
				return false
			}
			continue
		}
		step, ok := e.(*ssa.BinOp)
		if !ok || step.Op != token.ADD {
			return false
		}
		x, y := step.X, step.Y
		if x != ssa.Value(phi) {
			x, y = y, x
		}
		c, ok := y.(*ssa.Const)
		if x != ssa.Value(phi) || !ok || c.Value == nil || c.Int64() != 1 {
			return false
		}
	}
	return true
}
