package analyzer

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/callgraph/cha"
	"golang.org/x/tools/go/callgraph/vta"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

// CallSites maps the dynamic call sites of a program (interface method
// calls and calls through function values) to the functions they may call,
// sorted by name.
type CallSites map[ssa.CallInstruction][]*ssa.Function

// resolveCallSites runs VTA (golang.org/x/tools/go/callgraph/vta, seeded by
// its own CHA) over fns, whose bodies must be built, and returns the callees
// of their dynamic call sites. Sites VTA cannot resolve (no type or function
// reaches the receiver, e.g. a parameter of an exported function nobody in
// fns calls) are absent. A panic inside VTA is returned as an error.
func resolveCallSites(fns []*ssa.Function) (sites CallSites, err error) {
	defer func() {
		if r := recover(); r != nil {
			sites, err = nil, fmt.Errorf("call graph (VTA): panic: %v", r)
		}
	}()
	in := make(map[*ssa.Function]bool, len(fns))
	for _, f := range fns {
		in[f] = true
	}
	// The CHA seed covers the whole program (every method of every type,
	// bodies or not): VTA keeps only targets the seed has, and vta's own
	// lazy CHA would see fns only, losing every method of std types such
	// as (*net/http.ServeMux).ServeHTTP.
	var prog *ssa.Program
	for _, f := range fns {
		prog = f.Prog
		break
	}
	if prog == nil {
		return CallSites{}, nil
	}
	cg := vta.CallGraph(in, cha.CallGraph(prog))
	sites = CallSites{}
	for _, f := range fns {
		n := cg.Nodes[f]
		if n == nil {
			continue
		}
		for _, e := range n.Out {
			if e.Site == nil || e.Site.Common().StaticCallee() != nil {
				continue
			}
			if !slices.Contains(sites[e.Site], e.Callee.Func) {
				sites[e.Site] = append(sites[e.Site], e.Callee.Func)
			}
		}
	}
	for site, targets := range sites {
		slices.SortFunc(targets, func(a, b *ssa.Function) int { return strings.Compare(a.String(), b.String()) })
		sites[site] = targets
	}
	return sites, nil
}

// isStdPackage reports whether p is in the standard library (its files lie
// under GOROOT/src).
func isStdPackage(p *packages.Package, goroot string) bool {
	files := p.GoFiles // CompiledGoFiles of cgo packages lie in the build cache
	if len(files) == 0 {
		files = p.CompiledGoFiles
	}
	if len(files) == 0 {
		return p.Module == nil && !strings.Contains(strings.Split(p.PkgPath, "/")[0], ".")
	}
	_, ok := cutDir(filepath.Join(goroot, "src"), files[0])
	return ok
}

// dynamicSites counts the interface and function-value call sites of fns.
func dynamicSites(fns []*ssa.Function) int {
	n := 0
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok || ci.Common().StaticCallee() != nil {
					continue
				}
				if _, builtin := ci.Common().Value.(*ssa.Builtin); !builtin {
					n++
				}
			}
		}
	}
	return n
}

// dropSites forgets the call sites of fns (summarized and about to be
// released), so the map does not keep their bodies alive.
func (s CallSites) dropSites(fns []*ssa.Function) {
	if len(s) == 0 {
		return
	}
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if ci, ok := instr.(ssa.CallInstruction); ok {
					delete(s, ci)
				}
			}
		}
	}
}
