package analyzer

import (
	"math"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/sizeclass"
	"github.com/perfcast/perfcast/manifest/expr"
)

// appendChain is the chain of appends a call of append belongs to: the
// slice appended to is, through the φs of loops and the results of
// earlier appends, one value made with a capacity known here (start).
type appendChain struct {
	start    ssa.Value
	capacity expr.Expr // the start's capacity
	// perStart is the elements the chain's appends add per execution
	// of the start's block, by the blocks' expected frequencies.
	perStart expr.Expr
}

// chainOf returns the append chain of call when its start and capacity
// are known: a slice of a fixed-size array (`quotient := bq[:0]` for bq a
// [5]uint32, capacity 5), a make with a capacity (`make([]T, 0, len(s))`)
// or a nil slice (`var b []byte`, capacity 0). Every append to a value of
// the chain must be one of the chain's.
func (st *funcState) chainOf(call *ssa.Call) (appendChain, bool) {
	fl := st.flow
	if fl == nil {
		return appendChain{}, false
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
		// Forward: the appends to v belong to the chain (a later
		// statement appending to this one's result).
		if refs := v.Referrers(); refs != nil {
			for _, r := range *refs {
				if c, ok := r.(*ssa.Call); ok {
					if args := appendArgs(c); len(args) > 0 && args[0] == v && !walk(c) {
						return false
					}
				}
			}
		}
		// Backward: what v appends to, through the φs of loops.
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
		return appendChain{}, false
	}
	capacity, ok := st.startCap(root)
	if !ok {
		return appendChain{}, false
	}
	// A nil start (a constant) runs once per call, in the entry block.
	startFreq := expr.Const(1)
	if in, ok := root.(ssa.Instruction); ok {
		if in.Block() == nil || fl.freq[in.Block().Index].IsZero() {
			return appendChain{}, false
		}
		startFreq = fl.freq[in.Block().Index]
	} else if !fl.freq[0].Equal(startFreq) {
		return appendChain{}, false
	}
	var added expr.Expr
	for _, a := range appends {
		n := expr.Const(1)
		if args := appendArgs(a); len(args) > 1 {
			var ok bool
			if n, ok = symLen(args[1]); !ok {
				return appendChain{}, false
			}
		}
		added = expr.Add(added, expr.Mul(fl.freq[a.Block().Index], n))
	}
	return appendChain{start: root, capacity: capacity, perStart: expr.Div(added, startFreq)}, true
}

// fits reports whether the chain's appends never outgrow the capacity it
// starts with, so that none of them reallocates: `for _, c := range bp {
// if ... { quotient = append(quotient, d) } }` appends fewer than
// len(bp) ≤ 5 into a slice of a [5]uint32. The runtime's growslice only
// runs when the length would pass the capacity (ssagen's append: `if
// newlen > cap { growslice }`), so such appends only store. The counts
// are the blocks' expected frequencies, so the rule holds on average; it
// needs the elements added per start to be a number, or at most 1 times
// a capacity that is the same expression (a make sized by the length the
// loop ranges over).
func (c appendChain) fits() bool {
	if n, ok := c.perStart.Constant(); ok {
		if k, ok := c.capacity.Constant(); ok {
			return n <= k
		}
	}
	r, ok := expr.Div(c.perStart, c.capacity).Constant()
	return ok && r <= 1
}

// growth is what the chain's reallocations cost per execution of its
// start, when the elements it adds and the capacity it starts with are
// numbers: growslice's steps replayed (double below 256 elements, then
// 1.25 times plus 192, the new capacity rounded up to its size class),
// from the start's capacity until the elements fit. A chain that appends
// 5 bytes in 5 statements to a nil slice reallocates once (an 8-byte
// array), not once per statement.
func (c appendChain) growth(es float64) (count, bytes float64, ok bool) {
	n, ok1 := c.perStart.Constant()
	k, ok2 := c.capacity.Constant()
	if !ok1 || !ok2 || es <= 0 {
		return 0, 0, false
	}
	need := math.Ceil(n - 1e-9)
	for capa := k; capa < need; count++ {
		next := capa + 1
		switch {
		case capa == 0:
		case capa < 256:
			next = 2 * capa
		default:
			next = capa + (capa+3*256)/4
		}
		b := float64(sizeclass.Round(int64(next * es)))
		bytes += b
		capa = math.Floor(b / es)
		if count > 64 {
			return 0, 0, false
		}
	}
	return count, bytes, true
}

// startCap is the capacity of v, a slice an append chain starts from,
// when it is known: a slice of a fixed-size array (its length less the
// low index, or the max index's), or a make's capacity (its length
// without one).
func (st *funcState) startCap(v ssa.Value) (expr.Expr, bool) {
	switch x := v.(type) {
	case *ssa.Slice:
		n, ok := arrayLen(x.X.Type())
		if !ok {
			return expr.Expr{}, false
		}
		c := float64(n)
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
	case *ssa.Const:
		if x.IsNil() {
			return expr.Const(0), true
		}
	}
	return expr.Expr{}, false
}
