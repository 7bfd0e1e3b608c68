package analyzer

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// bisectTrip recognizes a binary search (sort.Search, slices.BinarySearch
// and hand-written ones): the loop runs while lo < hi (or lo <= hi), two
// values the loop carries, and every value it feeds back to them is the
// midpoint of the two ((lo+hi)/2, int(uint(lo+hi)>>1), lo+(hi-lo)/2) plus
// or minus a constant, or the bound itself, with at least one midpoint on
// each side. Each pass halves the range: log2(hi0−lo0+1) passes for the
// initial bounds (one more range value for lo <= hi), an upper bound when
// the loop also returns early (a search that stops at a match).
func (st *funcState) bisectTrip(l *loop) (expr.Expr, bool) {
	h := l.test
	if h == nil {
		return expr.Expr{}, false
	}
	iff := h.Instrs[len(h.Instrs)-1].(*ssa.If)
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return expr.Expr{}, false
	}
	op, x, y := cmp.Op, stripConversions(cmp.X), stripConversions(cmp.Y)
	if !l.stays(h.Succs[0]) {
		op = negateCmp(op) // the loop goes on while the condition is false
	}
	if op == token.GTR || op == token.GEQ {
		op, x, y = flip(op), y, x
	}
	if op != token.LSS && op != token.LEQ {
		return expr.Expr{}, false
	}
	lo, ok1 := x.(*ssa.Phi)
	hi, ok2 := y.(*ssa.Phi)
	if !ok1 || !ok2 || lo == hi || lo.Block() != l.header || hi.Block() != l.header || !isInteger(lo.Type()) {
		return expr.Expr{}, false
	}
	var bounds [2]expr.Expr
	for k, p := range []*ssa.Phi{lo, hi} {
		mids := 0
		var init ssa.Value
		for i, e := range p.Edges {
			if !l.contains(l.header.Preds[i]) {
				if init != nil && init != e {
					return expr.Expr{}, false
				}
				init = e
				continue
			}
			if !bisectLeaves(e, p, lo, hi, l, map[*ssa.Phi]bool{}, &mids, 0) {
				return expr.Expr{}, false
			}
		}
		if mids == 0 || init == nil {
			return expr.Expr{}, false
		}
		b, ok := st.symInt(init)
		if !ok {
			return expr.Expr{}, false
		}
		bounds[k] = b
	}
	r := expr.Sub(bounds[1], bounds[0]) // hi0 - lo0: the values lo < hi searches
	if op == token.LEQ {
		r = expr.Add(r, one)
	}
	trip := expr.Log2(expr.Max(one, expr.Add(r, one)))
	st.estimated(fmt.Sprintf("loop at %s: binary search, %s passes", st.relPos(st.blockPos(l.header)), trip))
	return trip, true
}

// bisectLeaves checks the values fed back to the bound self of a binary
// search over lo and hi (through the loop's phis): self, or the midpoint
// plus or minus a constant (counted in mids).
func bisectLeaves(v ssa.Value, self, lo, hi *ssa.Phi, l *loop, seen map[*ssa.Phi]bool, mids *int, depth int) bool {
	v = stripConversions(v)
	if v == self {
		return true
	}
	if p, ok := v.(*ssa.Phi); ok && l.contains(p.Block()) && p.Block() != l.header && depth < 8 {
		if seen[p] {
			return true
		}
		seen[p] = true
		for _, e := range p.Edges {
			if !bisectLeaves(e, self, lo, hi, l, seen, mids, depth+1) {
				return false
			}
		}
		return true
	}
	if b, ok := v.(*ssa.BinOp); ok && (b.Op == token.ADD || b.Op == token.SUB) {
		if _, isConst := constInt(b.Y); isConst && isMidpoint(b.X, lo, hi) {
			*mids++
			return true
		}
	}
	if isMidpoint(v, lo, hi) {
		*mids++
		return true
	}
	return false
}

// isMidpoint reports whether v computes the midpoint of lo and hi:
// (lo+hi)/2, (lo+hi)>>1 (through conversions, as in int(uint(lo+hi)>>1)),
// or lo + (hi-lo)/2.
func isMidpoint(v ssa.Value, lo, hi *ssa.Phi) bool {
	b, ok := stripConversions(v).(*ssa.BinOp)
	if !ok {
		return false
	}
	if half(b) {
		s, ok := stripConversions(b.X).(*ssa.BinOp)
		return ok && s.Op == token.ADD && sameSet(stripConversions(s.X), stripConversions(s.Y), lo, hi)
	}
	if b.Op != token.ADD {
		return false
	}
	for _, pair := range [2][2]ssa.Value{{b.X, b.Y}, {b.Y, b.X}} {
		if stripConversions(pair[0]) != lo {
			continue
		}
		d, ok := stripConversions(pair[1]).(*ssa.BinOp)
		if !ok || !half(d) {
			continue
		}
		if s, ok := stripConversions(d.X).(*ssa.BinOp); ok && s.Op == token.SUB && stripConversions(s.X) == hi && stripConversions(s.Y) == lo {
			return true
		}
	}
	return false
}

// half reports whether b divides its first operand by two (x/2, x>>1).
func half(b *ssa.BinOp) bool {
	c, ok := constInt(b.Y)
	return ok && (b.Op == token.QUO && c == 2 || b.Op == token.SHR && c == 1)
}

// sameSet reports whether {a, b} is {lo, hi}.
func sameSet(a, b ssa.Value, lo, hi *ssa.Phi) bool {
	return a == lo && b == hi || a == hi && b == lo
}
