package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Fresh objects (Summary.FreshAllocs).
//
// The rare arm of a capacity check (`if len+n > cap(b.buf) { grow }`) and
// a lazy initialization (`if b.set == nil { b.set = make(...) }`) on a
// field of a pointer parameter are amortized to never: over the calls on
// one long-lived object they run O(log n) times, or once. On an object the
// caller has just made (`var sb strings.Builder; sb.WriteString(s)`,
// strings.Join's own Builder, a bitset declared in the loop) the first call
// takes them for sure. A summary lists the allocations of those arms by
// the parameter whose field they test; a caller passing a parameter of its
// own passes them on, and a caller passing an object it allocates adds them
// at the first call that receives it.

// freshArm records the allocations of a capacity-growth arm (arm and c as
// capacityCheck gives them for b) or of the lazy-init arm ending block b,
// which the branch probabilities amortize away, against the parameter
// whose field the test reads.
func (st *funcState) freshArm(b, arm *ssa.BasicBlock, c capCheck) {
	var p *ssa.Parameter
	switch {
	case arm != nil && c.s != nil:
		p = fieldParam(c.s)
		if p == nil {
			p = sliceParam(c.s, st.fn)
		}
	case arm == nil:
		if arm, p = lazyInitArm(b); arm == nil {
			// A helper's report that the capacity did not suffice.
			arm, p = fitCheck(b)
		}
	}
	if arm == nil || p == nil {
		return
	}
	if c.s != nil && initedBefore(arm, p) {
		return
	}
	count, bytes := st.armAllocs(arm)
	if count.IsZero() {
		return
	}
	// Not weighted by the arm's static probability: on a new object
	// the tests of its fields are decided by their zero values, and the
	// first allocation happens once per object.
	st.addFresh(FreshAlloc{Param: p.Name(), Count: count, Bytes: bytes})
}

// initedBefore reports whether a capacity-growth arm lies on the other
// side of a lazy initialization of a field of the same parameter (`if
// b.set == nil { b.set = make(...) } else if cap(b.set) < n { grow }`):
// on a new object the nil test is true, so its first call initializes
// and does not grow.
func initedBefore(arm *ssa.BasicBlock, p *ssa.Parameter) bool {
	for d := arm.Idom(); d != nil; d = d.Idom() {
		if init, q := lazyInitArm(d); init != nil && q == p && !init.Dominates(arm) {
			return true
		}
	}
	return false
}

// fieldParam returns the pointer parameter v is a field of (`*p.f`,
// `len(*p.f)` read through conversions), or nil.
func fieldParam(v ssa.Value) *ssa.Parameter {
	for i := 0; i < 4; i++ {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return nil
			}
			v = x.X
		case *ssa.FieldAddr:
			p, _ := x.X.(*ssa.Parameter)
			return p
		case *ssa.Convert:
			v = x.X
		default:
			return nil
		}
	}
	return nil
}

// sliceParam returns v when it is a slice-typed parameter of fn (`if n <=
// cap(z) { return z[:n] }; return make(nat, n)`, math/big's nat.make), or
// nil. Its capacity check's arm is amortized like a field's: a caller
// reusing its slice (`z = z.make(n)`) rarely takes it. But a caller passing
// an empty slice — nil, or the field of an object it has just made — takes
// it for sure; the arm is listed by the parameter (freshCall).
func sliceParam(v ssa.Value, fn *ssa.Function) *ssa.Parameter {
	p, ok := v.(*ssa.Parameter)
	if !ok || p.Parent() != fn {
		return nil
	}
	if _, ok := p.Type().Underlying().(*types.Slice); !ok {
		return nil
	}
	return p
}

// armAllocs sums what the blocks arm dominates allocate per entry of the
// arm: objects and slices made there and the allocations of the static
// calls made there (their summaries, arguments bound). Whether they reach
// the heap is not asked: what a new object's first use allocates is kept
// by the object, which outlives the call. An entry takes one path through
// the arm: where it branches (`if n == 1 { make(nat, 1) } else { make(nat,
// n, n+4) }`) the larger of the successors' allocations counts, not
// their sum; a loop's body counts once.
func (st *funcState) armAllocs(arm *ssa.BasicBlock) (count, bytes expr.Expr) {
	in := make(map[*ssa.BasicBlock]bool)
	for _, d := range dominated(arm) {
		in[d] = true
	}
	type cost struct{ count, bytes expr.Expr }
	memo := make(map[*ssa.BasicBlock]*cost)
	var path func(b *ssa.BasicBlock) cost
	path = func(b *ssa.BasicBlock) cost {
		if c := memo[b]; c != nil {
			return *c
		}
		memo[b] = &cost{} // a cycle's way back adds nothing
		own := cost{}
		own.count, own.bytes = st.blockAllocs(b)
		var best *cost
		for _, s := range b.Succs {
			if !in[s] || s.Dominates(b) {
				continue // leaves the arm, or a loop's back edge
			}
			c := path(s)
			if best == nil {
				best = &c
				continue
			}
			best.count, best.bytes = expr.Max(best.count, c.count), expr.Max(best.bytes, c.bytes)
		}
		if best != nil {
			own.count, own.bytes = expr.Add(own.count, best.count), expr.Add(own.bytes, best.bytes)
		}
		memo[b] = &own
		return own
	}
	c := path(arm)
	return c.count, c.bytes
}

// blockAllocs is what block d allocates for armAllocs.
func (st *funcState) blockAllocs(d *ssa.BasicBlock) (count, bytes expr.Expr) {
	for _, in := range d.Instrs {
		switch in := in.(type) {
		case *ssa.Alloc:
			// new(T), and make([]T, k) of constant k (go/ssa
			// allocates the array).
			if in.Heap {
				count = expr.Add(count, one)
				bytes = expr.Add(bytes, expr.Const(float64(st.sizeof(deref(in.Type())))))
			}
		case *ssa.MakeSlice:
			n, ok := st.symInt(in.Cap)
			if !ok {
				n = expr.Const(DefaultSize)
			}
			count = expr.Add(count, one)
			bytes = expr.Add(bytes, expr.Scale(n, float64(st.sizeof(elemType(in.Type())))))
		case ssa.CallInstruction:
			callee := in.Common().StaticCallee()
			if callee == nil || st.scc[callee] || st.rec[callee] {
				continue
			}
			sum := st.s.summaryOf(callee)
			if sum == nil || (sum.AllocCount.IsZero() && len(sum.FreshAllocs) == 0) {
				continue
			}
			m := st.bind(sum, in.Common().Args)
			count = expr.Add(count, sum.AllocCount.Subst(m))
			bytes = expr.Add(bytes, sum.AllocBytes.Subst(m))
			// What the callee makes on the first use of an object
			// passed to it: the arm is that first use's path.
			for _, a := range sum.FreshAllocs {
				if i := slices.Index(sum.Params, a.Param); i >= 0 && i < len(in.Common().Args) {
					count = expr.Add(count, a.Count.Subst(m))
					bytes = expr.Add(bytes, a.Bytes.Subst(m))
				}
			}
		}
	}
	return count, bytes
}

// addFresh merges a fresh-object allocation into the function's list: a
// new object makes its first allocation once, on whichever path its first
// use takes, so of several arms (a small first buffer or a grown one) the
// larger is kept, not their sum.
func (st *funcState) addFresh(a FreshAlloc) {
	for i, b := range st.fresh {
		if b.Param == a.Param {
			st.fresh[i].Count = expr.Max(b.Count, a.Count)
			st.fresh[i].Bytes = expr.Max(b.Bytes, a.Bytes)
			return
		}
	}
	st.fresh = append(st.fresh, a)
}

// freshCall handles a callee's fresh-object allocations at a call that
// runs freq times: passed on for an argument that is a parameter of this
// function, added for an object this function allocates when this call
// is the first to receive it, once per execution of that allocation.
func (st *funcState) freshCall(in ssa.CallInstruction, sum *Summary, args []ssa.Value, freq expr.Expr) {
	if len(sum.FreshAllocs) == 0 {
		return
	}
	var m map[string]expr.Expr
	for _, a := range sum.FreshAllocs {
		i := slices.Index(sum.Params, a.Param)
		if i < 0 || i >= len(args) {
			continue
		}
		if m == nil {
			m = st.bind(sum, args)
		}
		_, slice := args[i].Type().Underlying().(*types.Slice)
		switch x := args[i].(type) {
		case *ssa.Parameter:
			if x.Parent() == st.fn {
				st.addFresh(FreshAlloc{Param: x.Name(), Count: a.Count.Subst(m), Bytes: a.Bytes.Subst(m)})
			}
		case *ssa.UnOp:
			// A slice field of a pointer parameter (`z.abs =
			// z.abs.add(x.abs, y.abs)`): on a new object the field is
			// nil, so the callee's empty-slice arm is the object's
			// first-use allocation.
			if p := fieldParam(x); slice && p != nil && p.Parent() == st.fn {
				st.addFresh(FreshAlloc{Param: p.Name(), Count: a.Count.Subst(m), Bytes: a.Bytes.Subst(m)})
			}
		case *ssa.Const:
			// A nil slice (`nat(nil).make(n)`) is empty on every call:
			// the arm runs each time.
			if slice && x.IsNil() {
				zero := zeroParam(m, a)
				st.allocCount = expr.Add(st.allocCount, expr.Mul(freq, a.Count.Subst(zero)))
				st.allocBytes = expr.Add(st.allocBytes, expr.Mul(freq, a.Bytes.Subst(zero)))
			}
		case *ssa.Alloc:
			if isFirstUse(x, in) {
				// The new object's sizes are 0: its fields are
				// zero until this call.
				zero := zeroParam(m, a)
				// Once per new object: as often as the allocation
				// making it runs (the call may sit in a loop).
				per := freq
				if st.flow != nil && x.Block() != nil {
					per = st.flow.freq[x.Block().Index]
				}
				st.firstUse(x, expr.Mul(per, a.Count.Subst(zero)), expr.Mul(per, a.Bytes.Subst(zero)))
			}
		}
	}
}

// zeroParam is the binding m with the sizes of a's parameter set to 0: a
// new object's fields, or an empty slice's length and capacity.
func zeroParam(m map[string]expr.Expr, a FreshAlloc) map[string]expr.Expr {
	zero := make(map[string]expr.Expr, len(m))
	for k, v := range m {
		zero[k] = v
	}
	for _, e := range []expr.Expr{a.Count, a.Bytes} {
		for _, k := range e.Vars() {
			if _, base, _ := splitVar(k); base == a.Param {
				zero[k] = expr.Const(0)
			}
		}
	}
	return zero
}

// firstUseCharge is what the first use of one of the function's own new
// objects allocates (the largest of its first uses' allocations).
type firstUseCharge struct {
	obj          *ssa.Alloc
	count, bytes expr.Expr
}

// firstUse records what a first use of obj allocates. Calls on different
// paths from obj's allocation can each be a first use (a Write in the
// arm of `if v < 0`, a WriteString after it), but only one of them comes
// first on any run, and the object's first allocation happens once: of
// several, the largest is kept, as addFresh keeps the largest arm.
func (st *funcState) firstUse(obj *ssa.Alloc, count, bytes expr.Expr) {
	for i, c := range st.firstUses {
		if c.obj == obj {
			st.firstUses[i].count = expr.Max(c.count, count)
			st.firstUses[i].bytes = expr.Max(c.bytes, bytes)
			return
		}
	}
	st.firstUses = append(st.firstUses, firstUseCharge{obj, count, bytes})
}

// chargeFirstUses adds the first-use allocations of the function's new
// objects to its own.
func (st *funcState) chargeFirstUses() {
	for _, c := range st.firstUses {
		st.allocCount = expr.Add(st.allocCount, c.count)
		st.allocBytes = expr.Add(st.allocBytes, c.bytes)
	}
	st.firstUses = nil
}

// isFirstUse reports whether call is a first call receiving the object obj:
// no other call passing obj comes before it on the way from obj's
// allocation (dominates it, or precedes it in its block).
func isFirstUse(obj *ssa.Alloc, call ssa.CallInstruction) bool {
	refs := obj.Referrers()
	if refs == nil {
		return false
	}
	at := call.Block()
	idx := slices.Index(at.Instrs, ssa.Instruction(call))
	for _, r := range *refs {
		c, ok := r.(ssa.CallInstruction)
		if !ok || c == call {
			continue
		}
		b := c.Block()
		if b == at {
			if slices.Index(b.Instrs, r) < idx {
				return false
			}
			continue
		}
		if b.Dominates(at) {
			return false
		}
	}
	return true
}

// finishFresh sets sum.FreshAllocs, declaring the variables they use so
// that callers bind them.
func (st *funcState) finishFresh(sum *Summary) {
	for _, a := range st.fresh {
		a.Count, a.Bytes = clean(a.Count), clean(a.Bytes)
		if a.Count.IsZero() {
			continue
		}
		sum.FreshAllocs = append(sum.FreshAllocs, a)
		for _, e := range []expr.Expr{a.Count, a.Bytes} {
			for _, n := range e.Vars() {
				v, ok := st.vars[n]
				if !ok {
					v = manifest.Var{Name: n, Default: DefaultSize, Origin: "parameter"}
				}
				sum.Vars = append(sum.Vars, v)
			}
		}
	}
	slices.SortFunc(sum.FreshAllocs, func(a, b FreshAlloc) int { return strings.Compare(a.Param, b.Param) })
	// Declared once each, the summary's own declaration first.
	slices.SortStableFunc(sum.Vars, func(a, b manifest.Var) int { return strings.Compare(a.Name, b.Name) })
	sum.Vars = slices.CompactFunc(sum.Vars, func(a, b manifest.Var) bool { return a.Name == b.Name })
}

// deref is the type a pointer type points to (t itself otherwise).
func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}
