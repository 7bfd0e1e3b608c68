package escape

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// InlinedCall is gc's view of one call it inlined: the callee's body, and
// the bodies gc inlined into it in turn, compiled into the caller and
// escape-analysed there. A node that escapes from the callee on its own
// (xxhash.New's "moved to heap: d", returned by address) may stay on the
// stack in a caller that keeps the result local, and the reverse.
//
// gc reports every decision about the inlined copy at the outermost call's
// position. A heap decision carries the inlining stack in the -json log,
// ending at the node's own position in the callee; a stack decision
// carries none, and a local variable that stays on the stack is not
// reported at all. So an allocation instruction of the callee is on the
// heap in this copy exactly when a heap site at the call ends its stack at
// one of the instruction's positions.
type InlinedCall struct {
	d    *Decisions
	pos  Position
	heap map[Position]*Site // innermost stack position → heap site at pos
	// bare are the kinds of heap sites at pos without a stack (no -json
	// log, or the caller's own node at the call's position): an
	// instruction of such a kind keeps its out-of-line decision.
	bare map[Kind]bool
}

// AtInlinedCall returns gc's decisions for the body of call's static callee
// as gc inlined it at call; ok is false if gc did not inline the call
// there.
func (d *Decisions) AtInlinedCall(fset *token.FileSet, call ssa.CallInstruction) (c *InlinedCall, ok bool) {
	if call.Common().StaticCallee() == nil || !call.Pos().IsValid() {
		return nil, false
	}
	pos := position(fset, call.Pos())
	if !d.inlCalls[pos] {
		return nil, false
	}
	c = &InlinedCall{d: d, pos: pos, heap: map[Position]*Site{}, bare: map[Kind]bool{}}
	for _, s := range d.byPos[pos] {
		if !s.Allocates() {
			continue
		}
		if n := len(s.Inlined); n > 0 {
			c.heap[s.Inlined[n-1]] = s
		} else {
			c.bare[s.Kind] = true
		}
	}
	return c, true
}

// Pos is the position of the outermost inlined call (its '(').
func (c *InlinedCall) Pos() Position { return c.pos }

// Nested returns c for a call inside the inlined body (instruction of the
// callee, or of a body inlined into it) that gc inlines as well: its nodes
// are reported at the outermost call too. ok is false when gc keeps that
// call a call.
func (c *InlinedCall) Nested(fset *token.FileSet, call ssa.CallInstruction) (*InlinedCall, bool) {
	if call.Common().StaticCallee() == nil || !call.Pos().IsValid() || !c.d.inlCalls[position(fset, call.Pos())] {
		return nil, false
	}
	return c, true
}

// Classify decides an allocation instruction of the inlined body as gc
// decided its copy at the call. Decisions that do not come from gc's
// escape analysis (compiler rules, the fallback) are the instruction's
// own, as is a kind for which gc reported a heap site at the call without
// an inlining stack.
func (c *InlinedCall) Classify(fset *token.FileSet, instr ssa.Instruction) Verdict {
	v := c.d.Classify(fset, instr)
	if v.Source != FromCompiler || c.bare[v.Kind] {
		return v
	}
	// The node's own position: where the instruction maps to, and where
	// gc reported it out of line (the same unless the site was placed by
	// proximity, or the node was itself inlined into the callee).
	at := c.d.gcPositions(fset, instr)
	if s := v.Site; s != nil {
		at = append(at, s.Pos)
		if n := len(s.Inlined); n > 0 {
			at = append(at, s.Inlined[n-1])
		}
	}
	for _, p := range at {
		if s := c.heap[p]; s != nil {
			v.Heap, v.MaxStackBytes, v.Site, v.Nearby = true, 0, s, false
			return v
		}
	}
	v.Heap, v.Site, v.Nearby = false, nil, false
	if v.Bytes < 0 && (v.Kind == KindMakeSlice || v.Kind == KindAppend) {
		v.MaxStackBytes = variableMakeThreshold
	}
	return v
}

// InlinedOracle is Oracle for the body of an inlined call: it decides with
// InlinedCall.Classify, and a nested inlined call keeps the same
// decisions (see InlinedCall.Nested).
type InlinedOracle struct {
	Call *InlinedCall
}

// Classify implements the analyzer's heap oracle.
func (o InlinedOracle) Classify(fset *token.FileSet, instr ssa.Instruction) (heap, known bool) {
	return oracleVerdict(o.Call.Classify(fset, instr))
}

// StackBytes implements the analyzer's stack-buffer oracle for the inlined
// body.
func (o InlinedOracle) StackBytes(fset *token.FileSet, instr ssa.Instruction) int64 {
	return stackBytes(o.Call.Classify(fset, instr))
}

// ZeroCopy implements the analyzer's zero-copy oracle for the inlined
// body.
func (o InlinedOracle) ZeroCopy(fset *token.FileSet, instr ssa.Instruction) bool {
	return zeroCopyVerdict(o.Call.Classify(fset, instr))
}

// SiteOf implements the analyzer's site oracle for the inlined body: where
// gc reports instr's node in this copy, when it is on the heap here.
func (o InlinedOracle) SiteOf(fset *token.FileSet, instr ssa.Instruction) (SiteRef, bool) {
	v := o.Call.Classify(fset, instr)
	if r, ok := v.ref(); ok {
		return r, true
	}
	if v.Source != FromCompiler || v.MaxStackBytes == 0 {
		return SiteRef{}, false
	}
	// A node of run-time size this copy keeps on the stack carries no
	// site of its own here: its position is the callee's, as gc reports
	// it compiled on its own.
	own := o.Call.d.Classify(fset, instr)
	own.Heap = true
	r, ok := own.ref()
	r.Variable = true
	return r, ok
}

// HeapAt reports how gc decided, in this inlined copy, the heap node of
// kind that sits at pos in the callee's source (its innermost position,
// as SiteRef gives it for the callee compiled on its own): heap when a
// heap site at the call ends its inlining stack at pos. known is false
// when gc reported heap sites of that kind at the call without a stack,
// which cannot be told apart.
func (c *InlinedCall) HeapAt(pos Position, kind Kind) (heap, known bool) {
	if c.bare[kind] {
		return false, false
	}
	return c.heap[pos] != nil, true
}

// SiteRef identifies an allocation node the way gc reports it in an
// inlined copy: its own position in the function that contains it (the
// innermost entry of an inlining stack) and its kind. Variable is set
// when its size is only known at run time (a make with a computed
// length), so that in a copy where it does not escape it stays on the
// stack only while small (VariableMakeThreshold).
type SiteRef struct {
	Pos      Position
	Kind     Kind
	Variable bool
}

// ref is the SiteRef of a verdict gc decided for a heap node, or for a
// node of run-time size that does not escape (on the heap when large).
func (v Verdict) ref() (SiteRef, bool) {
	if v.Source != FromCompiler || v.Site == nil || !(v.Heap || v.MaxStackBytes > 0) {
		return SiteRef{}, false
	}
	p := v.Site.Pos
	if n := len(v.Site.Inlined); n > 0 {
		p = v.Site.Inlined[n-1]
	}
	return SiteRef{Pos: p, Kind: v.Kind, Variable: v.Bytes < 0 || v.MaxStackBytes > 0}, p.IsValid()
}

// ParseKind is the Kind named s (Kind.String's spelling); KindUnknown for
// any other.
func ParseKind(s string) Kind {
	for k, n := range kindNames {
		if n == s {
			return Kind(k)
		}
	}
	return KindUnknown
}

// VariableMakeThreshold is the largest size in bytes that gc gives a
// non-escaping allocation of run-time size a stack buffer for.
const VariableMakeThreshold = variableMakeThreshold
