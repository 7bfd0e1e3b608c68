package analyzer

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// appendFits reports whether the appends of the chain call belongs to
// never outgrow the capacity the chain starts with, so that none of them
// reallocates: the slice appended to is, through the φs of loops and the
// results of earlier appends, one value made with a capacity known here —
// a slice of a fixed-size array (`quotient := bq[:0]` for bq a [5]uint32,
// capacity 5) or a make with a capacity (`make([]T, 0, len(s))`) — and the
// elements the chain's appends add, per execution of the block that makes
// that value, are at most that capacity: `for _, c := range bp { if ... {
// quotient = append(quotient, d) } }` appends fewer than len(bp) ≤ 5. The
// runtime's growslice only runs when the length would pass the capacity
// (ssagen's append: `if newlen > cap { growslice }`), so such appends only
// store. The counts are the blocks' expected frequencies, so the rule
// holds on average; it needs their ratio to be a number or to be at most
// 1 against a capacity that is the same expression (a make sized by the
// length the loop ranges over).
func (st *funcState) appendFits(call *ssa.Call) bool {
	fl := st.flow
	if fl == nil {
		return false
	}
	var root ssa.Value
	seen := map[ssa.Value]bool{}
	var appends []*ssa.Call
	var walk func(v ssa.Value) bool
	walk = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		if len(seen) > 64 {
			return false
		}
		switch x := v.(type) {
		case *ssa.Phi:
			for _, e := range x.Edges {
				if !walk(e) {
					return false
				}
			}
			return true
		case *ssa.Call:
			if args := appendArgs(x); len(args) > 0 {
				appends = append(appends, x)
				return walk(args[0])
			}
		}
		if root != nil && root != v {
			return false // two starts: the capacity is not one value's
		}
		root = v
		return true
	}
	if !walk(call) || root == nil {
		return false
	}
	// Appends to a value of the chain that the walk back from call did
	// not reach (an append whose result goes elsewhere) add to it too.
	for v := range seen {
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			c, ok := r.(*ssa.Call)
			if !ok || seen[c] {
				continue
			}
			if args := appendArgs(c); len(args) > 0 && args[0] == v {
				return false
			}
		}
	}
	capacity, ok := st.startCap(root)
	if !ok {
		return false
	}
	rb := root.(ssa.Instruction).Block()
	if rb == nil || fl.freq[rb.Index].IsZero() {
		return false
	}
	var added expr.Expr
	for _, a := range appends {
		n := expr.Const(1)
		if args := appendArgs(a); len(args) > 1 {
			var ok bool
			if n, ok = symLen(args[1]); !ok {
				return false
			}
		}
		added = expr.Add(added, expr.Mul(fl.freq[a.Block().Index], n))
	}
	perStart := expr.Div(added, fl.freq[rb.Index])
	if c, ok := perStart.Constant(); ok {
		if k, ok := capacity.Constant(); ok {
			return c <= k
		}
	}
	r, ok := expr.Div(perStart, capacity).Constant()
	return ok && r <= 1
}

// startCap is the capacity of v, a slice an append chain starts from,
// when it is known: a slice of a fixed-size array (its length less the
// low index, or the max index's), or a make's capacity (its length
// without one).
func (st *funcState) startCap(v ssa.Value) (expr.Expr, bool) {
	switch x := v.(type) {
	case *ssa.Slice:
		p, ok := x.X.Type().Underlying().(*types.Pointer)
		if !ok {
			return expr.Expr{}, false
		}
		arr, ok := p.Elem().Underlying().(*types.Array)
		if !ok {
			return expr.Expr{}, false
		}
		c := float64(arr.Len())
		if x.Max != nil {
			m, ok := constInt(x.Max)
			if !ok {
				return expr.Expr{}, false
			}
			c = m
		}
		if x.Low != nil {
			lo, ok := constInt(x.Low)
			if !ok {
				return expr.Expr{}, false
			}
			c -= lo
		}
		return expr.Const(c), true
	case *ssa.MakeSlice:
		return st.symInt(x.Cap)
	}
	return expr.Expr{}, false
}
