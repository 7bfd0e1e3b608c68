package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"math"

	"golang.org/x/tools/go/ssa"
)

// Integer ranges.
//
// Boxing an integer allocates unless its value is below 256 (convT64's
// static values), so a value the code keeps small — a count of decimal
// places `max(minDigits-intDigits, 0)` with intDigits a digit count, a
// remainder, a mask — allocates nothing even where it is not a constant.
// intRange bounds an integer SSA value from below and above (±Inf where
// nothing is known) by interval arithmetic over constants (and the
// constants of a specialized call), min and max, len and cap, sums,
// differences, masks, remainders and shifts, conversions, the results of
// static callees and φs. A φ of a loop is widened once: its value on
// entry, then its back edges evaluated with the φ in that range; a bound
// they keep holds, one they pass is dropped (a counter from 0 up has
// [0, +Inf)). The difference p - q on the arm where `p > q` holds is at
// least 1 (`if new > old { digits = max(digits-(new-old), 0) }` keeps
// digits at most what it was). Signed overflow is not considered.

// intRangeDepth bounds the values and calls followed.
const intRangeDepth = 24

type interval struct{ lo, hi float64 }

var fullRange = interval{math.Inf(-1), math.Inf(1)}

func (a interval) union(b interval) interval {
	return interval{math.Min(a.lo, b.lo), math.Max(a.hi, b.hi)}
}

// smallBox reports whether the integer v is provably in [0, 256): boxing
// it allocates nothing.
func (st *funcState) smallBox(v ssa.Value) bool {
	r := st.intRange(v, map[*ssa.Phi]interval{}, 0)
	return r.lo >= 0 && r.hi < smallIntValues
}

// intRange bounds the integer value v; assumed holds the ranges taken
// for the φs being widened.
func (st *funcState) intRange(v ssa.Value, assumed map[*ssa.Phi]interval, depth int) interval {
	if depth > intRangeDepth || v == nil || !isInteger(v.Type()) {
		return fullRange
	}
	r := st.intRangeOf(v, assumed, depth)
	if math.IsNaN(r.lo) { // 0·Inf: nothing known
		r.lo = math.Inf(-1)
	}
	if math.IsNaN(r.hi) {
		r.hi = math.Inf(1)
	}
	if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsUnsigned != 0 {
		if r.lo < 0 {
			return interval{0, math.Inf(1)} // a difference may wrap around
		}
	}
	return r
}

func (st *funcState) intRangeOf(v ssa.Value, assumed map[*ssa.Phi]interval, depth int) interval {
	// Constant here, or under the call's constant arguments.
	if c, ok := st.constOf(v); ok && c.Kind() == constant.Int {
		if k, exact := constant.Int64Val(c); exact {
			return interval{float64(k), float64(k)}
		}
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.Int {
			if k, exact := constant.Int64Val(v.Value); exact {
				return interval{float64(k), float64(k)}
			}
		}
	case *ssa.Convert:
		if !isInteger(v.X.Type()) {
			return fullRange
		}
		r := st.intRange(v.X, assumed, depth+1)
		if b, ok := v.Type().Underlying().(*types.Basic); ok {
			bits := float64(intBits(b))
			lo, hi := -math.Exp2(bits-1), math.Exp2(bits-1)-1
			if b.Info()&types.IsUnsigned != 0 {
				lo, hi = 0, math.Exp2(bits)-1
			}
			if r.lo < lo || r.hi > hi {
				return fullRange // it may wrap
			}
		}
		return r
	case *ssa.ChangeType:
		return st.intRange(v.X, assumed, depth+1)
	case *ssa.BinOp:
		return st.binRange(v, assumed, depth)
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok {
			switch b.Name() {
			case "len", "cap":
				return interval{0, math.Inf(1)}
			case "min", "max":
				r := st.intRange(v.Call.Args[0], assumed, depth+1)
				for _, a := range v.Call.Args[1:] {
					q := st.intRange(a, assumed, depth+1)
					if b.Name() == "min" {
						r = interval{math.Min(r.lo, q.lo), math.Min(r.hi, q.hi)}
					} else {
						r = interval{math.Max(r.lo, q.lo), math.Max(r.hi, q.hi)}
					}
				}
				return r
			}
			return fullRange
		}
		return st.resultRange(v.Call.StaticCallee(), depth)
	case *ssa.Phi:
		if r, ok := assumed[v]; ok {
			return r
		}
		var entry *interval
		var back []ssa.Value
		for i, e := range v.Edges {
			if v.Block().Dominates(v.Block().Preds[i]) {
				back = append(back, e) // a loop's back edge
				continue
			}
			r := st.intRange(e, assumed, depth+1)
			if entry == nil {
				entry = &r
			} else {
				u := entry.union(r)
				entry = &u
			}
		}
		if entry == nil {
			return fullRange
		}
		r := *entry
		if len(back) == 0 {
			return r
		}
		assumed[v] = r
		defer delete(assumed, v)
		out := r
		for _, e := range back {
			q := st.intRange(e, assumed, depth+1)
			if q.lo < r.lo {
				out.lo = math.Inf(-1)
			}
			if q.hi > r.hi {
				out.hi = math.Inf(1)
			}
		}
		return out
	}
	return fullRange
}

// binRange bounds an integer operation.
func (st *funcState) binRange(v *ssa.BinOp, assumed map[*ssa.Phi]interval, depth int) interval {
	x := st.intRange(v.X, assumed, depth+1)
	y := st.intRange(v.Y, assumed, depth+1)
	switch v.Op {
	case token.ADD:
		return interval{x.lo + y.lo, x.hi + y.hi}
	case token.SUB:
		if positiveDifference(v.Y, v.Block()) {
			y.lo = math.Max(y.lo, 1)
		}
		return interval{x.lo - y.hi, x.hi - y.lo}
	case token.MUL:
		if x.lo >= 0 && y.lo >= 0 {
			return interval{x.lo * y.lo, x.hi * y.hi}
		}
	case token.AND:
		if y.lo >= 0 {
			return interval{0, y.hi}
		}
		if x.lo >= 0 {
			return interval{0, x.hi}
		}
	case token.REM:
		if x.lo >= 0 && y.lo > 0 {
			return interval{0, math.Min(x.hi, y.hi-1)}
		}
	case token.QUO:
		if x.lo >= 0 && y.lo > 0 {
			return interval{0, x.hi / y.lo}
		}
	case token.SHR:
		if x.lo >= 0 && y.lo >= 0 {
			return interval{0, x.hi / math.Exp2(y.lo)}
		}
	}
	return fullRange
}

// positiveDifference reports whether d, a difference p - q, is used in a
// block on the arm where a test has shown p > q (or q < p).
func positiveDifference(d ssa.Value, at *ssa.BasicBlock) bool {
	sub, ok := d.(*ssa.BinOp)
	if !ok || sub.Op != token.SUB || at == nil {
		return false
	}
	for b := at; b != nil; b = b.Idom() {
		dom := b.Idom()
		if dom == nil {
			break
		}
		cmp, ok := branchCond(dom).(*ssa.BinOp)
		if !ok || len(dom.Succs) != 2 || dom.Succs[0] != b || len(b.Preds) != 1 {
			continue
		}
		if (cmp.Op == token.GTR && cmp.X == sub.X && cmp.Y == sub.Y) ||
			(cmp.Op == token.LSS && cmp.X == sub.Y && cmp.Y == sub.X) {
			return true
		}
	}
	return false
}

// resultRange bounds the integer result of a static callee over its
// returns.
func (st *funcState) resultRange(fn *ssa.Function, depth int) interval {
	if fn == nil || len(fn.Blocks) == 0 || fn.Signature.Results().Len() != 1 || depth > intRangeDepth/2 ||
		st.scc[fn] || st.rec[fn] || fn == st.fn {
		return fullRange
	}
	// The callee's values, without this function's constants.
	callee := &funcState{s: st.s, fn: fn, fset: st.fset}
	var out *interval
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		r := callee.intRange(ret.Results[0], map[*ssa.Phi]interval{}, depth+1)
		if out == nil {
			out = &r
		} else {
			u := out.union(r)
			out = &u
		}
	}
	if out == nil {
		return fullRange
	}
	return *out
}
