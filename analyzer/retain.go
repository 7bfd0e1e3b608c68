package analyzer

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// Retention: which heap allocations stay reachable after the operation that
// made them. The garbage collector marks what is reachable, so a structure
// an operation grows (a node linked into a list, an element appended to a
// slice field) is marked again at every later cycle, while garbage is not:
// the same allocation rate costs very different GC time (costmodel.GCRun).
//
// An allocation is retained when its value is stored, directly or through
// values that hold it (an interface, a slice of it, an append), into memory
// reached from a parameter, a free variable or a global ("out": it outlives
// the call), or into an object the function made itself before the loop the
// store runs in ("held": it outlives the loop's iterations, as a benchmark's
// structure outlives the b.N loop). A store into a package variable itself
// replaces what it held (a benchmark's sink) and keeps nothing more, unless
// the value links the old one. A map update is not followed: updating
// an existing key replaces what it held, and which keys are new is not
// known (a benchmark's Put loop usually rewrites the same keys).

// retainKind says how long a value outlives what stored it.
type retainKind int

const (
	notRetained retainKind = iota
	heldLocal              // in an object of the function's own, made before the loop
	retainedOut            // in memory reached from a parameter, free variable or global
)

// retention decides where the value v (an allocation of fn, in block at)
// ends up. Depth bounds the walk over values that hold it.
func (st *funcState) retention(v ssa.Value, at *ssa.BasicBlock) retainKind {
	return st.retentionDepth(v, at, 0)
}

func (st *funcState) retentionDepth(v ssa.Value, at *ssa.BasicBlock, depth int) retainKind {
	if depth > 4 || v == nil || v.Referrers() == nil {
		return notRetained
	}
	best := notRetained
	for _, r := range *v.Referrers() {
		k := notRetained
		switch r := r.(type) {
		case *ssa.Store:
			if r.Val == v && !overwritesGlobal(r, v) {
				k = st.rootKind(r.Addr, at)
			}
		case *ssa.Phi:
			// A loop-carried variable (s = append(s, x) in a loop over
			// s made before it) keeps what it holds across iterations.
			if st.flow != nil {
				if l := st.flow.inner[at.Index]; l != nil && l.header == r.Block() {
					k = heldLocal
				}
			}
			k = max(k, st.retentionDepth(r, at, depth+1))
		case *ssa.MakeInterface, *ssa.ChangeType, *ssa.ChangeInterface, *ssa.Convert:
			k = st.retentionDepth(r.(ssa.Value), at, depth+1)
		case *ssa.Slice:
			if r.X == v {
				k = st.retentionDepth(r, at, depth+1)
			}
		case *ssa.Call:
			// An element appended to a slice is held by the slice.
			if args := appendArgs(r); len(args) > 1 && args[0] != v {
				k = st.retentionDepth(r, at, depth+1)
			}
		}
		best = max(best, k)
		if best == retainedOut {
			break
		}
	}
	return best
}

// overwritesGlobal reports whether store puts v into a package variable
// itself (`sink = x`, `last = buf`), replacing what it held, when v does not
// link that old value (`head = &node{next: head}` does): only the latest
// value stays reachable, one object however often the store runs, where a
// store into a structure's slots keeps each. Benchmarks store into such
// sinks to keep their results alive.
func overwritesGlobal(store *ssa.Store, v ssa.Value) bool {
	g, ok := store.Addr.(*ssa.Global)
	if !ok || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		var addr ssa.Value
		switch r := r.(type) {
		case *ssa.FieldAddr:
			addr = r
		case *ssa.IndexAddr:
			addr = r
		default:
			continue
		}
		for _, w := range *addr.Referrers() {
			if st, ok := w.(*ssa.Store); ok && st.Addr == addr {
				if ld, ok := stripConversions(st.Val).(*ssa.UnOp); ok && ld.Op == token.MUL && ld.X == g {
					return false
				}
			}
		}
	}
	return true
}

// rootKind classifies the memory an address points into, following field,
// element and pointer hops back to where it comes from.
func (st *funcState) rootKind(addr ssa.Value, at *ssa.BasicBlock) retainKind {
	for range 8 {
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.IndexAddr:
			addr = a.X
		case *ssa.Slice:
			addr = a.X
		case *ssa.ChangeType:
			addr = a.X
		case *ssa.UnOp:
			if a.Op != token.MUL {
				return notRetained
			}
			if spilledParam(a) != nil {
				return retainedOut
			}
			addr = a.X
		case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
			return retainedOut
		case *ssa.Call:
			if st.navigates(a, at) {
				return retainedOut
			}
			return st.outlivesLoop(a.Block(), at)
		case *ssa.Alloc, *ssa.MakeSlice, *ssa.MakeMap:
			return st.outlivesLoop(a.(ssa.Instruction).Block(), at)
		default:
			return notRetained
		}
	}
	return notRetained
}

// navigates reports whether call moves within a structure the function
// was given: it returns a pointer of a parameter's own type (a *node from
// a *node: a child, a neighbour, a copy-on-write clone linked in place)
// from arguments rooted in a parameter, free variable or global. What it
// returns is part of that structure and outlives the call, as the
// parameter's own fields do.
func (st *funcState) navigates(call *ssa.Call, at *ssa.BasicBlock) bool {
	t := call.Type()
	if _, ok := t.Underlying().(*types.Pointer); !ok {
		return false
	}
	same := false
	for _, p := range st.fn.Params {
		if types.Identical(p.Type(), t) {
			same = true
			break
		}
	}
	if !same {
		return false
	}
	c := call.Common()
	args := c.Args
	if c.IsInvoke() {
		args = append([]ssa.Value{c.Value}, args...)
	}
	for _, a := range args {
		if canHold(a) && st.rootKind(a, at) == retainedOut {
			return true
		}
	}
	return false
}

// outlivesLoop reports heldLocal when an object made in block def outlives
// the iterations of the innermost loop holding block at.
func (st *funcState) outlivesLoop(def, at *ssa.BasicBlock) retainKind {
	if st.flow == nil || def == nil || at == nil {
		return notRetained
	}
	l := st.flow.inner[at.Index]
	if l == nil || l.contains(def) {
		return notRetained
	}
	return heldLocal
}

// retain records bytes (per execution, at block frequency freq) that stay
// reachable: out of the call, or held across a loop's iterations.
func (st *funcState) retain(k retainKind, freq, bytes expr.Expr) {
	switch k {
	case retainedOut:
		st.retainOut = expr.Add(st.retainOut, expr.Mul(freq, bytes))
		st.retainHeld = expr.Add(st.retainHeld, expr.Mul(freq, bytes))
	case heldLocal:
		st.retainHeld = expr.Add(st.retainHeld, expr.Mul(freq, bytes))
	}
}

// calleeRetention is where what a callee retains through its arguments
// ends up in the caller: the best root among the arguments that are
// pointers, interfaces, slices or maps (what a callee can store into).
func (st *funcState) calleeRetention(args []ssa.Value, at *ssa.BasicBlock) retainKind {
	best := notRetained
	for _, a := range args {
		if !canHold(a) {
			continue
		}
		best = max(best, st.rootKind(a, at))
	}
	return best
}

// canHold reports whether a callee given v could store into memory v
// reaches.
func canHold(v ssa.Value) bool {
	switch v.Type().Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Interface:
		return true
	}
	return false
}

// persistentSlice reports whether the slice v appends to outlives the call:
// it is, or is appended from, or is a reslice of, a slice reached from a
// parameter, a free variable or a global (through append chains and the
// phis of a loop that appends to it). Chains are followed as far as they
// go (strconv's formatters append a dozen times to their dst through the
// φs of their branches and loops), each φ once.
func (st *funcState) persistentSlice(v ssa.Value, at *ssa.BasicBlock, depth int) bool {
	ok, _ := st.persistentSliceIn(v, at, map[*ssa.Phi]bool{}, depth)
	return ok
}

// persistentSliceIn is persistentSlice with the φs on the path in
// visiting; seen is false when v only leads back to one of them (a loop
// appending to its own slice, which decides nothing).
func (st *funcState) persistentSliceIn(v ssa.Value, at *ssa.BasicBlock, visiting map[*ssa.Phi]bool, depth int) (ok, seen bool) {
	if depth > 64 || v == nil {
		return false, true
	}
	switch x := v.(type) {
	case *ssa.Call:
		if args := appendArgs(x); len(args) > 0 {
			return st.persistentSliceIn(args[0], at, visiting, depth+1)
		}
		return false, true
	case *ssa.Slice:
		return st.persistentSliceIn(x.X, at, visiting, depth+1)
	case *ssa.Phi:
		if visiting[x] {
			return true, false
		}
		visiting[x] = true
		defer delete(visiting, x)
		any := false
		for _, e := range x.Edges {
			ok, seen := st.persistentSliceIn(e, at, visiting, depth+1)
			if !ok {
				return false, true
			}
			any = any || seen
		}
		return any, any
	}
	return st.rootKind(v, at) == retainedOut, true
}

// appendsTo reports whether v is s or derived from s by appends and
// reslices.
func appendsTo(v, s ssa.Value) bool {
	for range 8 {
		if v == s {
			return true
		}
		switch x := v.(type) {
		case *ssa.Call:
			args := appendArgs(x)
			if len(args) == 0 {
				return false
			}
			v = args[0]
		case *ssa.Slice:
			v = x.X
		default:
			return false
		}
	}
	return false
}

// appendArgs returns the arguments of v when v calls the builtin append
// (the slice first), else nil.
func appendArgs(v ssa.Value) []ssa.Value {
	if c, ok := v.(*ssa.Call); ok {
		if b, ok := c.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			return c.Call.Args
		}
	}
	return nil
}
