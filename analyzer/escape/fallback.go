package escape

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// FallbackClassify estimates from go/ssa alone whether instr allocates on
// the heap. It is NOT gc's decision (DESIGN.md contract 3): use it only when
// no compiler log is available, and treat its answers as estimates
// (Verdict.Source is FromFallback and Known is false).
//
// The estimate is a small intra-procedural escape analysis: an allocation
// stays on the stack unless its value (followed through field and index
// addresses, slicing, conversions and phis) is returned, stored anywhere
// but into a local allocation, passed to a call other than a few builtins,
// captured by a closure, boxed into an interface, sent on a channel or put
// in a map; or unless it is too large for the stack (gc's limits: 128 KiB
// for variables, 64 KiB for implicit allocations) or its size is not a
// constant.
func FallbackClassify(instr ssa.Instruction) Verdict {
	kind, ok := allocKind(instr)
	if !ok {
		return Verdict{Kind: KindUnknown}
	}
	v := Verdict{Kind: kind, Source: FromFallback}
	v.Bytes, v.ElemBytes = allocBytes(instr)
	if pointerShapedConv(instr) {
		return v
	}
	if _, ok := instr.(*ssa.MakeChan); ok {
		v.Heap = true
		return v
	}
	val, isVal := instr.(ssa.Value)
	if !isVal {
		return v
	}
	if b := instr.Block(); b != nil && (!liveBlocks(b.Parent())[b] || deadFunc(b.Parent())) {
		return v // behind a constant-false condition: compiled away
	}
	switch kind {
	case KindMakeSlice, KindAppend:
		if v.Bytes < 0 {
			v.MaxStackBytes = variableMakeThreshold
		}
	case KindConcat, KindToString, KindStringToBytes, KindStringToRunes:
		// The runtime uses a 32-byte stack buffer for results that do not
		// escape; longer ones go to the heap.
		v.MaxStackBytes = variableMakeThreshold
	}
	limit := int64(maxImplicitStackVarSize)
	if kind == KindVar {
		limit = maxStackVarSize
	}
	if v.Bytes > limit {
		v.Heap = true
		return v
	}
	if kind == KindVar {
		if a := instr.(*ssa.Alloc); !a.Heap {
			return v // go/ssa keeps it in the frame: never address-taken across calls
		}
	}
	if kind == KindVarargs {
		a := instr.(*ssa.Alloc)
		if appendVarargs(a) {
			return v // append copies its operands
		}
		// Variadic callees rarely keep the slice itself (fmt, append,
		// errors.Join...): assume the array stays in the frame unless a
		// callee with a body here says otherwise.
		v.Heap = escapesVarargs(a)
		return v
	}
	v.Heap = escapes(val, map[ssa.Value]bool{})
	return v
}

// escapesVarargs follows a varargs array into callees with bodies.
func escapesVarargs(a *ssa.Alloc) bool {
	for _, r := range referrers(a) {
		sl, ok := r.(*ssa.Slice)
		if !ok {
			continue
		}
		for _, u := range referrers(sl) {
			c, ok := u.(ssa.CallInstruction)
			if !ok {
				continue
			}
			f := c.Common().StaticCallee()
			if f == nil || f.Blocks == nil {
				continue
			}
			for i, arg := range c.Common().Args {
				if arg == sl && i < len(f.Params) && escapes(f.Params[i], map[ssa.Value]bool{}) {
					return true
				}
			}
		}
	}
	return false
}

// gc's limits (cmd/compile/internal/ir/cfg.go).
const (
	maxStackVarSize         = 128 << 10
	maxImplicitStackVarSize = 64 << 10
)

// escapes reports whether v's memory may outlive the function.
func escapes(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	for _, r := range referrers(v) {
		switch r := r.(type) {
		case *ssa.Return, *ssa.Go, *ssa.Defer, *ssa.Send, *ssa.MapUpdate, *ssa.Panic:
			return true
		case *ssa.MakeClosure:
			// Captured: escapes with the closure.
			if escapes(r, seen) {
				return true
			}
		case *ssa.MakeInterface:
			if escapes(r, seen) {
				return true
			}
		case *ssa.Store:
			if r.Val == v {
				if !localAddr(r.Addr) {
					return true
				}
				// Stored into a local: escapes if that local does.
				if root := addrRoot(r.Addr); root != nil && escapes(root, seen) {
					return true
				}
			}
		case *ssa.Call:
			if r.Call.Value == v && !slices.Contains(r.Call.Args, v) {
				continue // a closure called in place
			}
			if f := r.Call.StaticCallee(); f != nil && f.Blocks != nil && len(seen) < maxFollow {
				// Follow the value into a callee whose body is here.
				leaks := false
				for i, a := range r.Call.Args {
					if a == v && i < len(f.Params) && escapes(f.Params[i], seen) {
						leaks = true
					}
				}
				if leaks {
					return true
				}
				if isPointerLike(r.Type()) && escapes(r, seen) {
					return true // may return its argument
				}
				continue
			}
			if b, ok := r.Call.Value.(*ssa.Builtin); ok {
				switch b.Name() {
				case "len", "cap", "copy", "print", "println", "delete", "clear", "min", "max":
					continue
				case "append":
					if escapes(r, seen) {
						return true
					}
					continue
				}
			}
			return true
		case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Slice, *ssa.ChangeType, *ssa.Convert,
			*ssa.ChangeInterface, *ssa.Phi, *ssa.SliceToArrayPointer, *ssa.Extract:
			if escapes(r.(ssa.Value), seen) {
				return true
			}
		}
	}
	return false
}

// maxFollow bounds the values one escape question follows.
const maxFollow = 256

// isPointerLike reports whether a call's result may carry a pointer.
func isPointerLike(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Basic:
		return false
	}
	return true
}

// localAddr reports whether addr points into an allocation of this function.
func localAddr(addr ssa.Value) bool {
	return addrRoot(addr) != nil
}

func addrRoot(addr ssa.Value) ssa.Value {
	for {
		switch a := addr.(type) {
		case *ssa.Alloc:
			return a
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.IndexAddr:
			if _, ok := a.X.Type().Underlying().(*types.Slice); ok {
				return nil // a slice's backing array may be anywhere
			}
			addr = a.X
		default:
			return nil
		}
	}
}
