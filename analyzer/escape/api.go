package escape

import (
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Sites returns every site gc reported at pos (its outermost position),
// own and inlined.
func (d *Decisions) Sites(pos Position) []*Site { return d.byPos[pos] }

// InlinedAt returns the allocation sites gc inlined into the call at pos
// (gc's position of a call is its '(' — the Pos of a go/ssa call): the
// callee's allocations as decided in this caller, which may differ from the
// callee's own out-of-line decisions. Heap sites carry their inlined-from
// stack; stack decisions carry none (gc logs stacks for heap sites only) and
// are recognised by AtInlinedCall. Nil if gc did not inline a call there.
func (d *Decisions) InlinedAt(pos Position) []*Site {
	var out []*Site
	for _, s := range d.byPos[pos] {
		// gc spells the result of an inlined call "~r0": a conversion of
		// it is the caller's node.
		callerConv := s.Kind == KindInterface && strings.HasPrefix(s.Expr, "~r")
		if len(s.Inlined) > 0 || (s.AtInlinedCall && !s.Heap && s.Kind != KindVarargs && s.Kind != KindParam && !callerConv) {
			out = append(out, s)
		}
	}
	return out
}

// InlinedAtCall is InlinedAt for a go/ssa call instruction. It also leaves
// out the caller's own conversion of the call's result to an interface,
// which gc reports at the same position, spelled as the call.
func (d *Decisions) InlinedAtCall(fset *token.FileSet, call ssa.CallInstruction) []*Site {
	p := call.Pos()
	if !p.IsValid() {
		return nil
	}
	sites := d.InlinedAt(position(fset, p))
	callee := call.Common().StaticCallee()
	if callee == nil || len(sites) == 0 {
		return sites
	}
	name := callee.Name() + "("
	out := sites[:0:0]
	for _, s := range sites {
		if len(s.Inlined) == 0 && s.Kind == KindInterface && strings.Contains(s.Expr, name) && strings.HasSuffix(s.Expr, ")") {
			continue
		}
		out = append(out, s)
	}
	return out
}

// BoundsChecks returns how many bounds checks gc kept at the index or
// slice expression at pos (0 when its prove pass removed them), and
// whether the file was compiled with the checks reported (else unknown).
func (d *Decisions) BoundsChecks(fset *token.FileSet, pos token.Pos) (n int, known bool) {
	if !pos.IsValid() {
		return 0, false
	}
	p := position(fset, pos)
	if !d.compiled[p.File] {
		return 0, false
	}
	return d.bounds[p], true
}

// IsInlinedCall reports whether gc inlined the call at pos.
func (d *Decisions) IsInlinedCall(pos Position) bool { return d.inlCalls[pos] }

// CanInline reports whether gc's inliner accepted the function and its
// inlining cost. funcName is gc's name qualified by import path:
// "strings.ToUpper", "strings.(*Builder).grow", "bufio.Reader.Size",
// "example.com/p.F.func1".
func (d *Decisions) CanInline(funcName string) (cost int, ok bool) {
	in := d.inlByNam[funcName]
	if in == nil {
		return 0, false
	}
	return in.Cost, true
}

// CanInlineFunc is CanInline for a go/ssa function, found by the position
// of its name (of "func" for a literal), which gc and go/ssa share.
func (d *Decisions) CanInlineFunc(fset *token.FileSet, fn *ssa.Function) (cost int, ok bool) {
	p := fn.Pos()
	if !p.IsValid() {
		return 0, false
	}
	in := d.inlByPos[position(fset, p)]
	if in == nil {
		// gc places a method at its receiver list, go/ssa at its name:
		// find a method by gc's qualified name instead.
		if name := gcMethodName(fn); name != "" {
			in = d.inlByNam[name]
		}
	}
	if in == nil {
		return 0, false
	}
	return in.Cost, true
}

// gcMethodName is the name gc's -m diagnostics give a method declared with a
// body, "example.com/p.(*T).M" or "example.com/p.T.M"; "" for anything else
// (functions, closures, wrappers, instances of generic types).
func gcMethodName(fn *ssa.Function) string {
	recv := fn.Signature.Recv()
	if recv == nil || fn.Pkg == nil || fn.Synthetic != "" || fn.Origin() != nil {
		return ""
	}
	t := recv.Type()
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	named, ok := t.(*types.Named)
	if !ok || named.TypeParams().Len() > 0 {
		return ""
	}
	r := named.Obj().Name()
	if ptr {
		r = "(*" + r + ")"
	}
	return fn.Pkg.Pkg.Path() + "." + r + "." + fn.Name()
}

func position(fset *token.FileSet, p token.Pos) Position {
	pp := fset.Position(p)
	file := pp.Filename
	if file != "" && !filepath.IsAbs(file) {
		if abs, err := filepath.Abs(file); err == nil {
			file = abs
		}
	}
	return Position{File: file, Line: pp.Line, Col: pp.Column}
}

// AllocAt returns the allocation instruction of fn that gc reports at pos
// (a gc position, e.g. the last entry of an inlined site's Inlined stack,
// which is the node's own position in the callee), or nil. With it a
// caller's summary can swap a callee's out-of-line decision for the one gc
// made at the call site.
func (d *Decisions) AllocAt(fset *token.FileSet, fn *ssa.Function, pos Position) ssa.Instruction {
	var found ssa.Instruction
	visit := func(f *ssa.Function) {
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				if found != nil {
					return
				}
				if _, ok := allocKind(in); !ok {
					continue
				}
				for _, p := range d.gcPositions(fset, in) {
					if p == pos {
						found = in
						return
					}
				}
			}
		}
	}
	visit(fn)
	for _, a := range fn.AnonFuncs {
		if found == nil {
			visit(a)
		}
	}
	return found
}

// Oracle adapts Decisions to a boolean heap oracle, the shape the analyzer
// asks for (Classify(fset, instr) (heap, known bool)). heap means the
// instruction allocates on the heap at run time: gc's heap verdict unless
// the data is static (Bytes 0), and, for a non-escaping make or append of
// run-time size, true (it takes the heap whenever it needs more than the
// 32-byte stack buffer; use Decisions.Classify to see MaxStackBytes).
// known is false when gc said nothing and no compiler rule applies, so the
// caller can use its own fallback.
type Oracle struct {
	Decisions *Decisions
}

// Classify implements the analyzer's heap oracle.
func (o Oracle) Classify(fset *token.FileSet, instr ssa.Instruction) (heap, known bool) {
	return oracleVerdict(o.Decisions.Classify(fset, instr))
}

// SiteOf implements the analyzer's site oracle: where gc reports instr's
// node, when gc put it on the heap.
func (o Oracle) SiteOf(fset *token.FileSet, instr ssa.Instruction) (SiteRef, bool) {
	return o.Decisions.Classify(fset, instr).ref()
}

// StackBytes implements the analyzer's stack-buffer oracle: the bytes of
// the stack buffer gc gives instr, a make of run-time size or an append
// whose result does not escape (MaxStackBytes), or 0.
func (o Oracle) StackBytes(fset *token.FileSet, instr ssa.Instruction) int64 {
	return stackBytes(o.Decisions.Classify(fset, instr))
}

// ZeroCopy implements the analyzer's zero-copy oracle: whether gc
// compiled the []byte(s) conversion instr into a view of the string.
func (o Oracle) ZeroCopy(fset *token.FileSet, instr ssa.Instruction) bool {
	return zeroCopyVerdict(o.Decisions.Classify(fset, instr))
}

// zeroCopyVerdict reports whether v is a zero-copy conversion's.
func zeroCopyVerdict(v Verdict) bool {
	return v.Known && v.Site != nil && v.Site.ZeroCopy
}

// stackBytes is a verdict's stack buffer for a make of run-time size or an
// append, when gc decided it does not escape. Since Go 1.26 an append to a
// slice that does not escape starts in a stack store of 32 bytes (ssagen's
// backing store for append) and calls growslice only beyond it.
func stackBytes(v Verdict) int64 {
	if !v.Known || v.Heap || (v.Kind != KindMakeSlice && v.Kind != KindAppend) {
		return 0
	}
	return v.MaxStackBytes
}

// oracleVerdict is a Verdict as the analyzer's heap oracle answers.
func oracleVerdict(v Verdict) (heap, known bool) {
	if v.Kind == KindUnknown || !v.Known {
		return false, false
	}
	return (v.Heap && v.Bytes != 0) || v.MaxStackBytes > 0, true
}
