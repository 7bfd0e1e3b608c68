package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Dead inlined calls.
//
// A call gc inlines becomes part of its caller's SSA, and gc's dead-code
// passes then remove what nothing uses: values no one reads, and stores to
// stack variables no one loads (dead auto elimination). A call whose
// results are discarded (`_ = id.Time()`, `add128(x, y)` as a statement)
// and whose inlined body only computes, reads memory and writes memory of
// its own frame or of a caller's local no one else reads, leaves nothing
// behind: the benchmark loops of getters and setters measure the loop
// alone (about a cycle per iteration), not the body the summary prices.
// deadInlined recognises these calls conservatively: anything that may
// panic on a computed value (an index or slice bound not known constant, a
// division by a variable, a type assertion), allocates on the heap, calls
// what is not itself such a body, or writes memory others can see keeps the
// call.

// deadInlined reports whether gc removes the call in entirely: it inlines
// the static callee there, the call's results are not used, and the
// callee's summary is Pure, writing only through pointers to the caller's
// locals that nothing else reads, and allocating nothing on the heap in
// the inlined copy.
func (st *funcState) deadInlined(in ssa.CallInstruction, callee *ssa.Function) bool {
	call, ok := in.(*ssa.Call)
	if !ok || !unused(call) || !st.s.inlinedAt(in, callee) {
		return false
	}
	sum := st.s.summaryOf(callee)
	if sum == nil || !sum.Pure || len(sum.IO) > 0 {
		return false
	}
	for _, i := range sum.PureWrites {
		if i >= len(call.Call.Args) || !st.s.deadLocal(call.Call.Args[i], call) {
			return false
		}
	}
	// gc keeps the body's allocations on the stack when the results are
	// dropped only if its escape analysis of the inlined copy says so.
	if !sum.AllocCount.IsZero() {
		at := st.s.inlinedCopy(in, callee, sum)
		if at == nil {
			at = st.inlinedSites(in, sum, call.Call.Args)
		}
		if at == nil || !at.AllocCount.IsZero() {
			return false
		}
	}
	return true
}

// unused reports whether nothing reads the results of call.
func unused(call *ssa.Call) bool {
	for _, r := range *call.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Extract:
			if rs := r.Referrers(); rs != nil && len(*rs) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// deadLocal reports whether v is a local variable of the caller that only
// calls like self use (inlined, results dropped, Pure): what they write to
// it is never read. go/ssa marks a variable whose address is taken Heap;
// gc keeps it on the stack, as nothing here lets it escape.
func (s *summarizer) deadLocal(v ssa.Value, self *ssa.Call) bool {
	a, ok := v.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			if r == self {
				continue
			}
			callee := r.Call.StaticCallee()
			if callee == nil || !unused(r) || !s.inlinedAt(r, callee) {
				return false
			}
			if sum := s.summaryOf(callee); sum == nil || !sum.Pure {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// pureBody reports whether fn's body has no effect beyond its results and
// writes through its pointer parameters (written, by index in fn.Params,
// receiver first): it stores only into its own variables and through its
// parameters, calls only Pure bodies gc inlines there, and cannot panic
// on a value computed at run time. Summary.Pure and PureWrites record it.
func (s *summarizer) pureBody(fn *ssa.Function) (written []int, ok bool) {
	if len(fn.Blocks) == 0 || fn.Recover != nil {
		return nil, false
	}
	writes := make([]bool, len(fn.Params))
	param := func(p *ssa.Parameter) int {
		if i := slices.Index(fn.Params, p); i >= 0 {
			return i
		}
		return -2
	}
	// owner is where the memory at addr lives: -1 for the body's own
	// variables, a parameter's index, or -2 for anything else. go/ssa
	// marks a variable whose address is taken Heap; gc keeps it on the
	// stack unless it escapes, which the allocations of the inlined copy
	// show (deadInlined).
	var owner func(addr ssa.Value) int
	owner = func(addr ssa.Value) int {
		switch a := addr.(type) {
		case *ssa.Alloc:
			return -1
		case *ssa.Parameter:
			return param(a)
		case *ssa.FieldAddr:
			return owner(a.X)
		case *ssa.IndexAddr:
			if _, isArr := a.X.Type().Underlying().(*types.Pointer); !isArr {
				return -2 // an element of a slice: a shared backing array
			}
			return owner(a.X)
		}
		return -2
	}
	mark := func(o int) bool {
		if o == -2 {
			return false
		}
		if o >= 0 {
			writes[o] = true
		}
		return true
	}
	for _, b := range fn.Blocks {
		for _, succ := range b.Succs {
			if succ.Dominates(b) {
				// A loop: its exit test keeps what it computes
				// alive (gc does not remove loops it cannot prove
				// finite).
				return nil, false
			}
		}
		for _, instr := range b.Instrs {
			switch v := instr.(type) {
			case *ssa.Store:
				if !mark(owner(v.Addr)) {
					return nil, false
				}
			case *ssa.Call:
				if !s.pureCall(v, owner, mark) {
					return nil, false
				}
			case *ssa.Go, *ssa.Defer, *ssa.Panic, *ssa.Send, *ssa.Select, *ssa.MapUpdate,
				*ssa.MakeMap, *ssa.MakeChan, *ssa.MakeClosure, *ssa.MakeInterface, *ssa.TypeAssert,
				*ssa.Lookup, *ssa.Range, *ssa.Next, *ssa.SliceToArrayPointer:
				return nil, false
			case *ssa.UnOp:
				if v.Op == token.ARROW {
					return nil, false
				}
			case *ssa.BinOp:
				if (v.Op == token.QUO || v.Op == token.REM) && !isConst(v.Y) {
					return nil, false // may divide by zero
				}
			case *ssa.IndexAddr:
				if !constInRange(v.X.Type(), v.Index) {
					return nil, false
				}
			case *ssa.Index:
				if !constInRange(v.X.Type(), v.Index) {
					return nil, false
				}
			case *ssa.Slice:
				if _, ok := v.X.Type().Underlying().(*types.Pointer); !ok || !constOrNil(v.Low) || !constOrNil(v.High) || !constOrNil(v.Max) {
					return nil, false // a slice of a slice or string checks its bounds
				}
			case *ssa.Convert:
				b, ok := v.Type().Underlying().(*types.Basic)
				if !ok || b.Info()&types.IsString != 0 {
					return nil, false // a conversion to string may allocate
				}
			case *ssa.MakeSlice:
				if !isConst(v.Len) || !isConst(v.Cap) {
					return nil, false // may panic on a negative length
				}
			}
		}
	}
	for i, w := range writes {
		if w {
			written = append(written, i)
		}
	}
	return written, true
}

// pureCall reports whether a call inside a pure body is pure too: len, cap,
// min and max; copy into the body's own memory or its parameters'; or a
// call gc inlines there of a Pure callee whose written pointer arguments
// are the body's own memory or its parameters.
func (s *summarizer) pureCall(v *ssa.Call, owner func(ssa.Value) int, mark func(int) bool) bool {
	c := v.Common()
	if b, ok := c.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "len", "cap", "min", "max":
			return true
		case "copy":
			switch dst := c.Args[0].(type) {
			case *ssa.Slice:
				return mark(owner(dst.X))
			case *ssa.MakeSlice:
				return true
			}
		}
		return false
	}
	callee := c.StaticCallee()
	if callee == nil || c.IsInvoke() || !s.inlinedAt(v, callee) {
		return false
	}
	sum := s.summaryOf(callee)
	if sum == nil || !sum.Pure || len(sum.IO) > 0 {
		return false
	}
	for _, i := range sum.PureWrites {
		if i >= len(c.Args) || !mark(owner(c.Args[i])) {
			return false
		}
	}
	return true
}

// constInRange reports whether index is a constant within the bounds of
// an array (or pointer to array) of type t: no bounds check at run time.
func constInRange(t types.Type, index ssa.Value) bool {
	c, ok := index.(*ssa.Const)
	if !ok || c.Value == nil {
		return false
	}
	t = t.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	arr, ok := t.(*types.Array)
	if !ok {
		return false
	}
	i, exact := constant.Int64Val(constant.ToInt(c.Value))
	return exact && i >= 0 && i < arr.Len()
}

// constOrNil reports whether v is absent (a slice bound left out) or a
// constant.
func constOrNil(v ssa.Value) bool { return v == nil || isConst(v) }
