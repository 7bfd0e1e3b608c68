package analyzer

import (
	"fmt"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// maxFuncValueTargets bounds the candidates a call through a function value
// is averaged over; a signature shared by more functions than this says too
// little about which one runs.
const maxFuncValueTargets = 32

// funcValue resolves a call through a function value (a comparator stored
// in a struct field, a callback parameter) the way class-hierarchy analysis
// does for functions: the candidates are the package-level functions with
// the call's exact signature declared in the caller's package and the
// packages it imports, those outside the standard library when there are
// any. The callee cost is their average, marked estimated. It reports
// whether it added anything.
func (st *funcState) funcValue(c *ssa.CallCommon, freq expr.Expr) bool {
	sig, ok := c.Value.Type().Underlying().(*types.Signature)
	if !ok || st.fn.Pkg == nil {
		return false
	}
	targets := st.s.funcValueTargets(st.fn.Pkg.Pkg, sig)
	var sums []*Summary
	for _, t := range targets {
		if s := withLeaf(st.s.lookupObj(t), objKey(t), pkgPathOf(t), t.Type().(*types.Signature)); s != nil {
			sums = append(sums, s)
		}
	}
	if len(sums) == 0 {
		return false
	}
	st.estimated(fmt.Sprintf("call through a function value of type %s averaged over %d functions of that signature", types.TypeString(sig, nil), len(sums)))
	w := 1 / float64(len(sums))
	for _, s := range sums {
		st.addSummary(s, c.Args, freq, w)
	}
	return true
}

// funcValueTargets lists the candidates for a function value of type sig
// called from package root, sorted, or nil if there are too many.
func (s *summarizer) funcValueTargets(root *types.Package, sig *types.Signature) []*types.Func {
	key := root.Path() + "\x00func\x00" + types.TypeString(sig, nil)
	if t, ok := s.candidates[key]; ok {
		return t
	}
	seen := map[*types.Package]bool{}
	var user, std []*types.Func
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		scope := p.Scope()
		for _, n := range scope.Names() {
			f, ok := scope.Lookup(n).(*types.Func)
			if !ok {
				continue
			}
			fs := f.Type().(*types.Signature)
			if fs.TypeParams().Len() > 0 || !types.Identical(fs, sig) {
				continue
			}
			if isStdPath(p.Path()) {
				std = append(std, f)
			} else {
				user = append(user, f)
			}
		}
		for _, q := range p.Imports() {
			visit(q)
		}
	}
	visit(root)
	out := user
	if len(out) == 0 {
		out = std
	}
	if len(out) > maxFuncValueTargets {
		out = nil
	}
	sort.Slice(out, func(i, j int) bool { return objKey(out[i]) < objKey(out[j]) })
	s.candidates[key] = out
	return out
}

// isStdPath reports whether path is a standard-library import path.
func isStdPath(path string) bool {
	for i := 0; i < len(path); i++ {
		switch path[i] {
		case '.':
			return false
		case '/':
			return true
		}
	}
	return path != ""
}
