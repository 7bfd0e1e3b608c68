package analyzer

import (
	"go/token"
	"go/types"

	"github.com/perfcast/perfcast/manifest/expr"
	"golang.org/x/tools/go/ssa"
)

// Successor walks.
//
// A loop that enumerates a structure through a successor function — `for
// i, ok := s.NextSet(0); ok; i, ok = s.NextSet(i + 1)`, the idiom of
// bitsets, ordered sets and cursors: a call on one object returning the
// next element at or after a position and whether there is one, its
// condition that bool, and the call in the loop resuming from the last
// element found — runs its body once per element the object holds (the
// call in the last iteration finding none). The elements are what the function put into the
// object before the loop: the calls on the same object, outside the loop
// and any loop around it, that can grow it (their Effects raise a size of
// the receiver: `b.length` raised to at least i+1 by Set, a count added
// to by Add). The walk's trip count is their number, where the
// loop had an unknown bound; a structure the function did not fill
// itself (a parameter, a constructor over data) keeps it.
//
// The successor's own size-dependent work is its search forward from the
// position (a scan over words to the next nonzero one): its cost falls as
// the position grows. Each call of the walk resumes where the last one
// stopped, so the searches of all calls cover the structure once: the call
// before the loop is charged its whole cost from the walk's start, and the
// call in the loop the cost of a call on an empty structure (every
// parameter size and the position at 0), its fixed per-call part. Not
// modelled: duplicate or removed keys among the insertions (each counts
// as one element), and batch successors (NextSetMany filling a buffer).

// successorWalk recognizes l as a successor walk and returns the call in
// the loop that advances it, the object walked, and the position
// argument's index in the call's arguments.
func (st *funcState) successorWalk(l *loop) (next *ssa.Call, obj ssa.Value, pos int, ok bool) {
	if l.test == nil || len(l.test.Instrs) == 0 {
		return nil, nil, 0, false
	}
	ifi, ok := l.test.Instrs[len(l.test.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, nil, 0, false
	}
	cond, ok := ifi.Cond.(*ssa.Phi)
	if !ok || cond.Block() != l.header || len(cond.Edges) != 2 {
		return nil, nil, 0, false
	}
	// The loop continues on the true arm.
	if len(l.test.Succs) != 2 || !l.stays(l.test.Succs[0]) || l.stays(l.test.Succs[1]) {
		return nil, nil, 0, false
	}
	var first *ssa.Call
	okIdx := -1
	for _, v := range cond.Edges {
		ex, isEx := v.(*ssa.Extract)
		if !isEx {
			return nil, nil, 0, false
		}
		c, isCall := ex.Tuple.(*ssa.Call)
		if !isCall || c.Call.StaticCallee() == nil || len(c.Call.Args) < 2 {
			return nil, nil, 0, false
		}
		if okIdx >= 0 && ex.Index != okIdx {
			return nil, nil, 0, false
		}
		okIdx = ex.Index
		if l.contains(c.Block()) {
			if next != nil {
				return nil, nil, 0, false
			}
			next = c
		} else {
			if first != nil {
				return nil, nil, 0, false
			}
			first = c
		}
	}
	if next == nil || first == nil || next.Call.StaticCallee() != first.Call.StaticCallee() {
		return nil, nil, 0, false
	}
	res := next.Call.Signature().Results()
	if res.Len() != 2 || !isBool(res.At(okIdx).Type()) || !isInteger(res.At(1-okIdx).Type()) {
		return nil, nil, 0, false
	}
	obj = objectRoot(next.Call.Args[0])
	if obj == nil || obj != objectRoot(first.Call.Args[0]) {
		return nil, nil, 0, false
	}
	if _, isPtr := obj.Type().Underlying().(*types.Pointer); !isPtr {
		return nil, nil, 0, false
	}
	// The call in the loop resumes from the element the last call
	// returned: one of its arguments is the header's φ of the position
	// results (plus a constant).
	pos = -1
	for j, a := range next.Call.Args[1:] {
		if positionPhi(a, l.header, first, next, 1-okIdx) {
			pos = j + 1
			break
		}
	}
	if pos < 0 {
		return nil, nil, 0, false
	}
	return next, obj, pos, true
}

// positionPhi reports whether v is, up to conversions and the addition of
// a constant, a φ of header merging the position results (index idx) of
// the walk's two calls.
func positionPhi(v ssa.Value, header *ssa.BasicBlock, first, next *ssa.Call, idx int) bool {
	for range 4 {
		switch x := v.(type) {
		case *ssa.Convert:
			v = x.X
			continue
		case *ssa.BinOp:
			if x.Op != token.ADD {
				return false
			}
			if _, c := x.Y.(*ssa.Const); c {
				v = x.X
				continue
			}
			if _, c := x.X.(*ssa.Const); c {
				v = x.Y
				continue
			}
			return false
		case *ssa.Phi:
			if x.Block() != header || len(x.Edges) != 2 {
				return false
			}
			for _, e := range x.Edges {
				ex, ok := e.(*ssa.Extract)
				if !ok || ex.Index != idx || (ex.Tuple != first && ex.Tuple != next) {
					return false
				}
			}
			return true
		}
		return false
	}
	return false
}

// walkTrip is the trip count of a successor walk over obj (its body runs
// once per element found; the last call, finding none, ends it): the
// calls on obj, before the loop and outside every loop around it,
// whose summaries can grow their receiver, each counted as often as it
// runs per call of the function. It reports false when there are none.
func (st *funcState) walkTrip(l *loop, obj ssa.Value) (expr.Expr, bool) {
	fl := st.flow
	var n expr.Expr
	found := false
	for _, b := range st.fn.Blocks {
		if !fl.reached[b.Index] || fl.cold[b.Index] {
			continue
		}
		inside := false
		for o := l; o != nil; o = o.parent {
			if o.contains(b) {
				inside = true
				break
			}
		}
		if inside || !reaches(b, l.header, nil) || reaches(l.header, b, nil) {
			continue
		}
		for _, in := range b.Instrs {
			c, ok := in.(*ssa.Call)
			if !ok || len(c.Call.Args) == 0 || c.Call.StaticCallee() == nil || objectRoot(c.Call.Args[0]) != obj {
				continue
			}
			sum := st.s.summaryOf(c.Call.StaticCallee())
			if sum == nil || !grows(sum) {
				continue
			}
			n = expr.Add(n, fl.freq[b.Index])
			found = true
		}
	}
	if !found {
		return expr.Expr{}, false
	}
	return n, true
}

// grows reports whether a call of sum can grow its receiver: an effect
// raising one of the receiver's sizes to a bound, or adding a positive
// amount to it.
func grows(sum *Summary) bool {
	if len(sum.Params) == 0 || sum.Params[0] == "" {
		return false
	}
	for _, f := range sum.Effects {
		if v, _ := SplitSizeVar(f.Var); v != sum.Params[0] {
			continue
		}
		switch f.Op {
		case "max":
			return true
		case "":
			if exprSign(f.Value) > 0 {
				return true
			}
		}
	}
	return false
}

// scansFrom reports whether the successor's cost falls as its position
// argument (parameter pos) grows, the other variables at their defaults:
// its size-dependent work is a search forward from the position.
func scansFrom(sum *Summary, pos int) bool {
	if pos >= len(sum.Params) || sum.Params[pos] == "" {
		return false
	}
	p := sum.Params[pos]
	total := func(at float64) (float64, bool) {
		t := 0.0
		for _, oc := range sum.CPU {
			v, err := oc.Count.Eval(func(name string) (float64, bool) {
				if name == p {
					return at, true
				}
				for _, v := range sum.Vars {
					if v.Name == name {
						return v.Default, true
					}
				}
				return 0, false
			})
			if err != nil {
				return 0, false
			}
			t += v
		}
		return t, true
	}
	lo, ok1 := total(0)
	hi, ok2 := total(1000)
	return ok1 && ok2 && hi < lo
}

// emptyCall is sum as a call on an empty structure costs: every parameter
// size (the position included) at 0, its fixed per-call part.
func emptyCall(sum *Summary) *Summary {
	m := map[string]expr.Expr{}
	for _, v := range sum.Vars {
		if v.Origin == "parameter" {
			m[v.Name] = expr.Const(0)
		}
	}
	if len(m) == 0 {
		return sum
	}
	out := *sum
	out.CPU = make([]OpCount, 0, len(sum.CPU))
	for _, oc := range sum.CPU {
		if c := oc.Count.Subst(m); !c.IsZero() {
			out.CPU = append(out.CPU, OpCount{oc.Class, c})
		}
	}
	out.AllocCount = sum.AllocCount.Subst(m)
	out.AllocBytes = sum.AllocBytes.Subst(m)
	return &out
}
