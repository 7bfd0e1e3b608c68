package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/escape"
)

// HeapOracle decides whether an allocating SSA instruction (Alloc,
// MakeSlice, MakeMap, MakeChan, MakeClosure, MakeInterface, a string
// concatenation or conversion, an append) allocates on the heap. known is
// false when the oracle has no decision for instr; the analyzer then falls
// back to SSAOracle. The compiler's own escape decisions
// (analyzer/escape) are the intended implementation (DESIGN.md contract 3).
type HeapOracle interface {
	Classify(fset *token.FileSet, instr ssa.Instruction) (heap, known bool)
}

// OracleFunc adapts a function to HeapOracle, e.g. to wire in
// analyzer/escape:
//
//	cfg.Oracle = analyzer.OracleFunc(func(fset *token.FileSet, in ssa.Instruction) (bool, bool) {
//		v := decisions.Classify(fset, in)
//		return v.Heap, v.Known
//	})
type OracleFunc func(fset *token.FileSet, instr ssa.Instruction) (heap, known bool)

// Classify implements HeapOracle.
func (f OracleFunc) Classify(fset *token.FileSet, instr ssa.Instruction) (bool, bool) {
	return f(fset, instr)
}

// InlineOracle is optionally implemented by a HeapOracle that also knows
// gc's inlining decisions (analyzer/escape's *Decisions does): a static
// call of a function it reports as inlinable costs no "call" operation
// (its body's costs are still added).
type InlineOracle interface {
	CanInlineFunc(fset *token.FileSet, fn *ssa.Function) (cost int, ok bool)
}

// WithInlining returns a HeapOracle that decides heap allocation with h and
// inlining with in, e.g.
//
//	dec, err := escape.Compile(ctx, dir, patterns, escape.Options{})
//	cfg.Oracle = analyzer.WithInlining(escape.Oracle{Decisions: dec}, dec)
func WithInlining(h HeapOracle, in InlineOracle) HeapOracle { return inliningOracle{h, in} }

type inliningOracle struct {
	HeapOracle
	in InlineOracle
}

func (o inliningOracle) CanInlineFunc(fset *token.FileSet, fn *ssa.Function) (int, bool) {
	return o.in.CanInlineFunc(fset, fn)
}

// SiteOracle is optionally implemented by a HeapOracle that knows where gc
// reports a heap node (analyzer/escape's Oracle does): its own position,
// through any inlining, and kind. Summaries of inlinable functions list
// their allocations by it (Summary.InlineSites).
type SiteOracle interface {
	SiteOf(fset *token.FileSet, instr ssa.Instruction) (escape.SiteRef, bool)
}

// SiteOf implements SiteOracle when the heap oracle does.
func (o inliningOracle) SiteOf(fset *token.FileSet, instr ssa.Instruction) (escape.SiteRef, bool) {
	if so, ok := o.HeapOracle.(SiteOracle); ok {
		return so.SiteOf(fset, instr)
	}
	return escape.SiteRef{}, false
}

// StackBufOracle is optionally implemented by a HeapOracle that knows gc's
// stack buffers (analyzer/escape's Oracle does): StackBytes is the size of
// the buffer gc gives instr, a make([]T, n) of run-time size that does not
// escape (32 bytes since Go 1.25) or an append whose result does not
// escape (since Go 1.26), else 0. The make, or the append's growth, calls
// the heap allocator only when the bytes exceed it.
type StackBufOracle interface {
	StackBytes(fset *token.FileSet, instr ssa.Instruction) int64
}

// StackBytes implements StackBufOracle when the heap oracle does.
func (o inliningOracle) StackBytes(fset *token.FileSet, instr ssa.Instruction) int64 {
	if so, ok := o.HeapOracle.(StackBufOracle); ok {
		return so.StackBytes(fset, instr)
	}
	return 0
}

// ZeroCopyOracle is optionally implemented by a HeapOracle that knows
// which []byte(s) conversions gc compiled into a view of the string's
// bytes (it reports "zero-copy string->[]byte conversion" when the slice
// neither escapes nor is written): they allocate nothing at any length,
// where another non-escaping conversion uses the frame's 32-byte buffer
// and the heap beyond it.
type ZeroCopyOracle interface {
	ZeroCopy(fset *token.FileSet, instr ssa.Instruction) bool
}

// ZeroCopy implements ZeroCopyOracle when the heap oracle does.
func (o inliningOracle) ZeroCopy(fset *token.FileSet, instr ssa.Instruction) bool {
	return zeroCopy(o.HeapOracle, fset, instr)
}

// zeroCopy reports whether oracle o says instr is a zero-copy conversion.
func zeroCopy(o HeapOracle, fset *token.FileSet, instr ssa.Instruction) bool {
	zo, ok := o.(ZeroCopyOracle)
	return ok && zo.ZeroCopy(fset, instr)
}

// InlinedCallOracle is optionally implemented by a HeapOracle that knows
// how gc decided the allocations of a callee's body where it inlined a
// call (WithInlining over analyzer/escape's *Decisions does). gc escape-
// analyses an inlined body again in the caller: a constructor whose result
// escapes on its own allocates nothing where the caller keeps the result
// local. AtInlinedCall returns the oracle for the static callee's body as
// inlined at call (the same oracle serves the calls gc inlines into that
// body in turn); ok is false if gc did not inline the call.
type InlinedCallOracle interface {
	AtInlinedCall(fset *token.FileSet, call ssa.CallInstruction) (body HeapOracle, ok bool)
}

// AtInlinedCall implements InlinedCallOracle when the inlining decisions
// are analyzer/escape's.
func (o inliningOracle) AtInlinedCall(fset *token.FileSet, call ssa.CallInstruction) (HeapOracle, bool) {
	d, ok := o.in.(*escape.Decisions)
	if !ok {
		return nil, false
	}
	c, ok := d.AtInlinedCall(fset, call)
	if !ok {
		return nil, false
	}
	return inlinedBodyOracle{escape.InlinedOracle{Call: c}, o.in}, true
}

// inlinedBodyOracle decides the allocations of one inlined body.
type inlinedBodyOracle struct {
	escape.InlinedOracle
	in InlineOracle
}

func (o inlinedBodyOracle) CanInlineFunc(fset *token.FileSet, fn *ssa.Function) (int, bool) {
	return o.in.CanInlineFunc(fset, fn)
}

func (o inlinedBodyOracle) AtInlinedCall(fset *token.FileSet, call ssa.CallInstruction) (HeapOracle, bool) {
	if _, ok := o.Call.Nested(fset, call); !ok {
		return nil, false
	}
	return o, true
}

// SSAOracle guesses heap allocation from SSA alone: an Alloc is on the heap
// when go/ssa says so (a new variable per execution that outlives its
// frame), other allocating instructions when their result flows somewhere
// that outlives the function (returned, stored, passed to a call, sent, put
// in an interface or closure) or their size is not a small constant. It is
// the fallback until gc's decisions are wired in; on std it agrees with gc
// far less often than gc's own log (see REFERENCES.md: ~0.71 precision,
// ~0.41 recall for the go/ssa Heap flag alone).
type SSAOracle struct{}

// Classify implements HeapOracle.
func (SSAOracle) Classify(_ *token.FileSet, instr ssa.Instruction) (bool, bool) {
	switch v := instr.(type) {
	case *ssa.Alloc:
		if v.Comment == "varargs" {
			return varargsEscape(v), true
		}
		// go/ssa's Heap means "not a register", not "escapes": refine it
		// with the same flow check as for the other allocations.
		return v.Heap && escapes(v, 0), true
	case *ssa.MakeSlice:
		if _, ok := v.Len.(*ssa.Const); !ok {
			return true, true
		}
		return escapes(v, 0), true
	case *ssa.MakeInterface:
		return !escape.PointerShaped(v.X.Type()) && !isConst(v.X), true
	case *ssa.MakeMap, *ssa.MakeChan, *ssa.MakeClosure:
		return escapes(v.(ssa.Value), 0), true
	case *ssa.Convert, *ssa.BinOp:
		// A string built for local use goes to a 32-byte stack buffer when
		// it fits.
		x := v.(ssa.Value)
		if escapes(x, 0) {
			return true, true
		}
		if n, ok := symLen(x); ok {
			if c, isConst := n.Constant(); isConst && c <= 32 {
				return false, true
			}
		}
		return true, true
	case *ssa.Call: // append growth: the runtime grows backing stores on the heap
		return true, true
	}
	return false, false
}

func isConst(v ssa.Value) bool { _, ok := v.(*ssa.Const); return ok }

// escapes reports whether v flows somewhere that outlives the frame.
func escapes(v ssa.Value, depth int) bool {
	if depth > 4 {
		return true
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Return, *ssa.MakeInterface, *ssa.MakeClosure, *ssa.Send, *ssa.MapUpdate, *ssa.Go:
			return true
		case *ssa.Defer:
			// A deferred closure lives in the frame (open-coded defers);
			// its arguments are evaluated now.
			if r.Call.Value != v {
				return true
			}
		case *ssa.Store:
			if r.Val == v {
				return true
			}
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok {
				switch b.Name() {
				case "len", "cap", "copy":
					continue
				case "append":
					// Only the first argument's backing store can become the result's.
					if r.Call.Args[0] == v && escapes(r, depth+1) {
						return true
					}
					continue
				}
			}
			return true
		case *ssa.Phi, *ssa.Slice, *ssa.ChangeType, *ssa.Convert, *ssa.FieldAddr, *ssa.IndexAddr:
			if escapes(r.(ssa.Value), depth+1) {
				return true
			}
		}
	}
	return false
}

// varargsEscape decides the backing array of an implicit ...T slice: it
// stays on the stack when its only use is to be sliced and passed to a
// static call as the variadic argument. Go functions almost never retain
// their variadic slice itself (they range over it or copy its elements:
// gc reports "... argument does not escape"); what the elements point to
// is decided separately (their boxing is a MakeInterface of its own).
func varargsEscape(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.IndexAddr:
			continue // filling the elements
		case *ssa.Slice:
			srefs := r.Referrers()
			if srefs == nil {
				continue
			}
			for _, u := range *srefs {
				call, ok := u.(*ssa.Call)
				if ok {
					if args := appendArgs(call); len(args) > 0 && args[0] != r {
						continue // append(s, x...) copies the elements only
					}
				}
				if !ok || call.Call.StaticCallee() == nil || call.Call.Signature().Variadic() == false {
					return true
				}
				if args := call.Call.Args; len(args) == 0 || args[len(args)-1] != r {
					return true
				}
			}
		default:
			return true
		}
	}
	return false
}

// BoundsOracle is optionally implemented by a HeapOracle that knows which
// bounds checks the compiler kept: gc's prove pass removes the checks it
// can show redundant (an index below a length tested by the loop, a
// constant index under an earlier larger one), so the SSA's index and
// slice expressions overstate them. BoundsChecks returns the checks kept
// at the expression at pos, and whether its file's checks are known.
//
// A callee gc inlines keeps the checks of its own compiled body (its
// summary's): gc reports the inlined copy's checks at the call, which is
// not counted again.
type BoundsOracle interface {
	BoundsChecks(fset *token.FileSet, pos token.Pos) (n int, known bool)
}

// BoundsChecks implements BoundsOracle when the decisions are
// analyzer/escape's.
func (o inliningOracle) BoundsChecks(fset *token.FileSet, pos token.Pos) (int, bool) {
	if d, ok := o.in.(*escape.Decisions); ok {
		return d.BoundsChecks(fset, pos)
	}
	return 0, false
}
