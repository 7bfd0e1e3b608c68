package analyzer

import (
	"golang.org/x/tools/go/ssa"
)

// inlinedCopy summarizes callee as gc compiled it into the caller at call,
// when gc inlined the call there and the oracle knows its decisions for
// the inlined body (InlinedCallOracle); nil otherwise, and the callee's own
// summary applies. Only allocations differ: gc escape-analyses the inlined
// body again in the caller, so a constructor's result that escapes on its
// own (returned) stays on the stack where the caller keeps it local. Calls
// the body keeps as calls are costed by their callees' summaries as usual.
func (s *summarizer) inlinedCopy(call ssa.CallInstruction, callee *ssa.Function) *Summary {
	io, ok := s.oracle.(InlinedCallOracle)
	if !ok || call == nil || callee.Origin() != nil || callee.Synthetic != "" || len(callee.Blocks) == 0 {
		return nil
	}
	body, ok := io.AtInlinedCall(s.fset, call)
	if !ok {
		return nil
	}
	c := *s
	c.oracle = body
	c.wrappers = map[*ssa.Function]*Summary{} // summarized under this call's decisions only
	return c.summarize(callee, nil, nil)
}
