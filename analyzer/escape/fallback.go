package escape

import (
	"go/types"

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
	v.Heap = escapes(val, map[ssa.Value]bool{})
	return v
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
		case *ssa.Return, *ssa.Go, *ssa.Defer, *ssa.Send, *ssa.MapUpdate, *ssa.MakeClosure, *ssa.Panic:
			return true
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
