package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"runtime/debug"
	"slices"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// Problem is a failure confined to one package or function; the run goes on.
type Problem struct {
	Package  string // import path
	Function string // ssa name, empty for package-level problems
	Err      string
}

func (p Problem) String() string {
	if p.Function != "" {
		return fmt.Sprintf("%s: %s: %s", p.Package, p.Function, p.Err)
	}
	return fmt.Sprintf("%s: %s", p.Package, p.Err)
}

// packageFuncs lists the source functions of pkg with bodies: package-level
// functions, methods of its named types and all nested anonymous functions,
// sorted by name.
func packageFuncs(pkg *ssa.Package) []*ssa.Function {
	var out []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		// Functions declared without a Go body (assembly, linkname) are
		// kept: they get an assumed summary (see bodiless).
		if fn == nil || fn.Synthetic != "" || len(fn.Blocks) == 0 && fn.Object() == nil {
			return
		}
		out = append(out, fn)
		for _, a := range fn.AnonFuncs {
			add(a)
		}
	}
	for _, m := range pkg.Members {
		switch m := m.(type) {
		case *ssa.Function:
			add(m)
		case *ssa.Type:
			named, ok := m.Type().(*types.Named)
			if !ok {
				continue
			}
			for i := 0; i < named.NumMethods(); i++ {
				add(pkg.Prog.FuncValue(named.Method(i)))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return slices.CompactFunc(out, func(a, b *ssa.Function) bool { return a == b })
}

// summarizePackage computes the summary of every function in fns (one
// package), callees before callers, recursive cycles together. Summaries
// are stored in s.local; a panic in one function is reported and the
// function left without a summary.
func (s *summarizer) summarizePackage(pkgPath string, fns []*ssa.Function, report func(Problem)) {
	in := map[*ssa.Function]bool{}
	for _, f := range fns {
		in[f] = true
	}
	// edges include interface dispatch to this package's methods and fix
	// the order; staticEdges (direct calls) alone decide what is recursive.
	edges := map[*ssa.Function][]*ssa.Function{}
	staticEdges := map[*ssa.Function][]*ssa.Function{}
	for _, f := range fns {
		seen := map[*ssa.Function]bool{}
		addEdge := func(g *ssa.Function) {
			if g != nil && in[g] && !seen[g] {
				seen[g] = true
				edges[f] = append(edges[f], g)
			}
		}
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if fa, ok := instr.(*ssa.FieldAddr); ok {
					// A walk started at a container's field is bound to
					// what its Len method returns (walk.go).
					if g := s.lenMethod(f.Prog, fa.X.Type()); g != f {
						addEdge(g)
					}
					continue
				}
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := instr.(*ssa.Go); isGo {
					continue
				}
				c := ci.Common()
				// A function passed as an argument is costed at this call
				// when the callee calls it through its parameter
				// (Summary.FuncCalls): it comes first.
				for _, a := range c.Args {
					// A sort costs the Less, Swap and Len methods of the
					// value it is given at its caller (callbacks.go).
					if mi, ok := a.(*ssa.MakeInterface); ok && sortCallee(c) {
						for _, name := range []string{"Less", "Swap", "Len"} {
							if sel := f.Prog.MethodSets.MethodSet(mi.X.Type()).Lookup(nil, name); sel != nil {
								if g := f.Prog.MethodValue(sel); g != f {
									addEdge(g)
								}
							}
						}
					}
					switch a := stripConversions(a).(type) {
					case *ssa.MakeClosure:
						if g, _ := a.Fn.(*ssa.Function); g != f {
							addEdge(g)
						}
					case *ssa.Function:
						if a != f {
							addEdge(a)
						}
					}
				}
				targets := s.sites[ci]
				if len(targets) == 0 && !c.IsInvoke() && c.StaticCallee() == nil {
					targets = calledGlobalFuncs(c.Value) // as count.go's call
				}
				if len(targets) > 0 && c.StaticCallee() == nil {
					for _, g := range targets {
						if o := g.Origin(); o != nil {
							g = o
						}
						addEdge(g)
						// A wrapper (bound method, thunk) is summarized
						// on the spot: what it calls must come first.
						if g.Synthetic != "" {
							for _, wb := range g.Blocks {
								for _, wi := range wb.Instrs {
									if wc, ok := wi.(ssa.CallInstruction); ok {
										if h := wc.Common().StaticCallee(); h != nil {
											addEdge(h)
										}
									}
								}
							}
						}
					}
					continue
				}
				if c.IsInvoke() {
					for _, t := range s.targets(f, c.Value.Type(), c.Method) {
						if pkgPathOf(t) == pkgPath {
							addEdge(f.Prog.FuncValue(t.Origin()))
						}
					}
					continue
				}
				if g := c.StaticCallee(); g != nil {
					if o := g.Origin(); o != nil {
						g = o
					}
					addEdge(g)
					if in[g] && !slices.Contains(staticEdges[f], g) {
						staticEdges[f] = append(staticEdges[f], g)
					}
				}
			}
		}
	}
	recursive := map[*ssa.Function]map[*ssa.Function]bool{}
	for _, scc := range tarjan(fns, staticEdges) {
		if len(scc) > 1 || slices.Contains(staticEdges[scc[0]], scc[0]) {
			members := map[*ssa.Function]bool{}
			for _, f := range scc {
				members[f] = true
				recursive[f] = members
				s.cyclic[f] = true
			}
		}
	}
	for _, scc := range tarjan(fns, edges) {
		var members map[*ssa.Function]bool
		if len(scc) > 1 || slices.Contains(edges[scc[0]], scc[0]) {
			members = map[*ssa.Function]bool{}
			for _, f := range scc {
				members[f] = true
				s.cyclic[f] = true
			}
		}
		for _, f := range scc {
			if sum := s.safeSummarize(pkgPath, f, members, recursive[f], report); sum != nil {
				s.local[sum.Name] = sum
			}
		}
	}
}

func (s *summarizer) safeSummarize(pkgPath string, fn *ssa.Function, scc, rec map[*ssa.Function]bool, report func(Problem)) (sum *Summary) {
	defer func() {
		if r := recover(); r != nil {
			report(Problem{Package: pkgPath, Function: fn.String(), Err: fmt.Sprintf("panic: %v\n%s", r, debug.Stack())})
			sum = nil
		}
	}()
	if testPanicHook != nil {
		testPanicHook(fn)
	}
	return s.summarize(fn, scc, rec)
}

// testPanicHook lets tests inject a panic into one function's analysis.
var testPanicHook func(*ssa.Function)

// tarjan returns the strongly connected components of the call graph,
// callees before callers, members of each sorted by name; the traversal
// starts from fns in their (sorted) order, so the result is deterministic.
func tarjan(fns []*ssa.Function, edges map[*ssa.Function][]*ssa.Function) [][]*ssa.Function {
	index := map[*ssa.Function]int{}
	low := map[*ssa.Function]int{}
	onStack := map[*ssa.Function]bool{}
	var stack []*ssa.Function
	var out [][]*ssa.Function
	next := 0
	var strong func(v *ssa.Function)
	strong = func(v *ssa.Function) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if _, ok := index[w]; !ok {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var scc []*ssa.Function
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				scc = append(scc, w)
				if w == v {
					break
				}
			}
			sort.Slice(scc, func(i, j int) bool { return scc[i].String() < scc[j].String() })
			out = append(out, scc)
		}
	}
	for _, f := range fns {
		if _, ok := index[f]; !ok {
			strong(f)
		}
	}
	return out
}

// posString renders p relative to root ("dir/file.go:line:col").
func posString(root string, p token.Position) string {
	if !p.IsValid() {
		return ""
	}
	name := p.Filename
	if root != "" {
		if rel, ok := cutDir(root, name); ok {
			name = rel
		}
	}
	if p.Column <= 0 { // //line directives may give no column
		return fmt.Sprintf("%s:%d", name, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Column)
}
