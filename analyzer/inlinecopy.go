package analyzer

import (
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
)

// inlinedCopy returns own, the callee's summary, with the allocations of
// the copy gc compiled into the caller at call, when gc inlined the call
// there and the oracle knows its decisions for the inlined body
// (InlinedCallOracle); nil otherwise, and own applies. Only allocations
// differ: gc escape-analyses the inlined body again in the caller, so a
// constructor's result that escapes on its own (returned) stays on the
// stack where the caller keeps it local. Calls the body keeps as calls are
// costed by their callees' summaries as usual; CPU but the memory traffic
// of clearing heap objects, I/O (leaf rules included) and confidence stay
// own's.
func (s *summarizer) inlinedCopy(call ssa.CallInstruction, callee *ssa.Function, own *Summary) *Summary {
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
	inl := c.summarize(callee, nil, nil)
	out := *own
	out.AllocCount, out.AllocBytes = inl.AllocCount, inl.AllocBytes
	out.InlineSites = inl.InlineSites
	// Clearing a heap object is counted as memory traffic (membytes); a
	// stack slot is not.
	out.CPU = slices.DeleteFunc(slices.Clone(own.CPU), func(oc OpCount) bool { return oc.Class == manifest.OpMemBytes })
	if mb := inl.Op(manifest.OpMemBytes); !mb.IsZero() {
		out.CPU = append(out.CPU, OpCount{Class: manifest.OpMemBytes, Count: mb})
		slices.SortFunc(out.CPU, func(a, b OpCount) int { return strings.Compare(string(a.Class), string(b.Class)) })
	}
	// The copy's expressions use the callee's variables, declared in own
	// (same body, same loops and parameters); any other is declared too.
	for _, v := range inl.Vars {
		if _, ok := varDefault(out.Vars, v.Name); !ok {
			out.Vars = append(slices.Clone(out.Vars), v)
			slices.SortFunc(out.Vars, func(a, b manifest.Var) int { return strings.Compare(a.Name, b.Name) })
		}
	}
	return &out
}
