package analyzer

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/escape"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Allocation sites of inlinable bodies (Summary.InlineSites).
//
// gc inlines small functions and escape-analyses the copy again in each
// caller: strings.NewReader's &Reader{} escapes on its own (it is
// returned) but stays on the stack in a caller that reads from the reader
// and drops it. inlinedCopy re-analyses a callee whose SSA body is at
// hand; the standard library's come from the std table without bodies, so
// its summaries list the allocations an inlined copy may keep on the stack
// instead: each heap node of the body, by the position gc reports it at
// the end of an inlining stack, with its share of the allocations. At a
// call gc inlined, a site is dropped when gc reports no heap node of the
// copy there (inlinedSites).

// goroot is the Go tree whose standard library positions are recorded
// relative to GOROOT/src, so that the std table does not depend on where
// the toolchain that built it was installed.
var goroot = filepath.Clean(runtime.GOROOT())

// sitePos formats a gc position as Summary.InlineSites records it.
func sitePos(p escape.Position) string {
	file := p.File
	if rel, ok := strings.CutPrefix(file, goroot+string(filepath.Separator)+"src"+string(filepath.Separator)); ok {
		file = filepath.ToSlash(rel)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// parseSitePos is the gc position of a recorded site.
func parseSitePos(s string) (escape.Position, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return escape.Position{}, false
	}
	j := strings.LastIndexByte(s[:i], ':')
	if j < 0 {
		return escape.Position{}, false
	}
	line, err1 := strconv.Atoi(s[j+1 : i])
	col, err2 := strconv.Atoi(s[i+1:])
	if err1 != nil || err2 != nil {
		return escape.Position{}, false
	}
	file := s[:j]
	if !filepath.IsAbs(file) {
		file = filepath.Join(goroot, "src", filepath.FromSlash(file))
	}
	return escape.Position{File: file, Line: line, Col: col}, true
}

// recordSite notes a heap allocation of instruction in, freq × count
// objects of freq × bytes, by where gc reports it, when the oracle knows.
func (st *funcState) recordSite(in ssa.Instruction, freq, bytes, count expr.Expr) {
	so, ok := st.s.oracle.(SiteOracle)
	if !ok {
		return
	}
	ref, ok := so.SiteOf(st.fset, in)
	if !ok {
		return
	}
	st.addSite(AllocSite{Pos: sitePos(ref.Pos), Kind: ref.Kind.String(), Variable: ref.Variable,
		Count: expr.Mul(freq, count), Bytes: expr.Mul(freq, bytes)})
}

// addSite merges a site into the function's list.
func (st *funcState) addSite(a AllocSite) {
	for i, b := range st.sites {
		if b.Pos == a.Pos && b.Kind == a.Kind {
			st.sites[i].Count = expr.Add(b.Count, a.Count)
			st.sites[i].Bytes = expr.Add(b.Bytes, a.Bytes)
			st.sites[i].Variable = b.Variable || a.Variable
			return
		}
	}
	st.sites = append(st.sites, a)
}

// mergeSites adds the sites of a callee gc inlines here, bound to the
// call's arguments: they are nodes of this function's body too.
func (st *funcState) mergeSites(sum *Summary, args []ssa.Value, freq expr.Expr) {
	if len(sum.InlineSites) == 0 {
		return
	}
	m := st.bind(sum, args)
	for _, a := range sum.InlineSites {
		a.Count = expr.Mul(freq, a.Count.Subst(m))
		a.Bytes = expr.Mul(freq, a.Bytes.Subst(m))
		st.addSite(a)
	}
}

// finishSites sets sum.InlineSites for a function gc can inline.
func (st *funcState) finishSites(sum *Summary) {
	if len(st.sites) == 0 || !st.s.inlined(st.fn) {
		return
	}
	for _, a := range st.sites {
		a.Count, a.Bytes = clean(a.Count), clean(a.Bytes)
		if a.Count.IsZero() && a.Bytes.IsZero() {
			continue
		}
		sum.InlineSites = append(sum.InlineSites, a)
	}
	slices.SortFunc(sum.InlineSites, func(a, b AllocSite) int {
		if c := strings.Compare(a.Pos, b.Pos); c != 0 {
			return c
		}
		return strings.Compare(a.Kind, b.Kind)
	})
}

// inlinedSites returns own, the summary of a callee without a body at
// hand, less the allocations of its inlined body that gc keeps on the
// stack where it inlined call: a site is kept when gc reports a heap node
// of the copy at its position, or cannot tell (a heap node of its kind at
// the call without an inlining stack), or when its size is only known at
// run time and is not bound to a constant that fits gc's stack buffer for
// such nodes. nil when gc did not inline the call or nothing is dropped.
func (st *funcState) inlinedSites(call ssa.CallInstruction, own *Summary, args []ssa.Value) *Summary {
	if len(own.InlineSites) == 0 || call == nil {
		return nil
	}
	io, ok := st.s.oracle.(InlinedCallOracle)
	if !ok {
		return nil
	}
	body, ok := io.AtInlinedCall(st.fset, call)
	if !ok {
		return nil
	}
	b, ok := body.(inlinedBodyOracle)
	if !ok {
		return nil
	}
	var m map[string]expr.Expr
	out := *own
	out.InlineSites = nil
	dropped := false
	for _, a := range own.InlineSites {
		keep := !b.keepsLocal(a)
		if !keep && a.Variable {
			if m == nil {
				m = st.bind(own, args)
			}
			size, ok1 := a.Bytes.Subst(m).Constant()
			n, ok2 := a.Count.Subst(m).Constant()
			keep = !ok1 || !ok2 || n <= 0 || size/n > escape.VariableMakeThreshold
		}
		if keep {
			out.InlineSites = append(out.InlineSites, a)
			continue
		}
		dropped = true
		out.AllocCount = expr.Sub(out.AllocCount, a.Count)
		out.AllocBytes = expr.Sub(out.AllocBytes, a.Bytes)
	}
	if !dropped {
		return nil
	}
	return &out
}

// keepsLocal reports whether gc reports site a of the inlined body as not
// on the heap in this copy: a position it can place, and no heap node of
// a's kind there (a heap node, or one it cannot tell, keeps the site).
func (b inlinedBodyOracle) keepsLocal(a AllocSite) bool {
	pos, ok := parseSitePos(a.Pos)
	if !ok {
		return false
	}
	heap, known := b.Call.HeapAt(pos, escape.ParseKind(a.Kind))
	return known && !heap
}
