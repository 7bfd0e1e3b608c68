package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Dependent-load chains. A loop that carries a pointer and replaces it by a
// value loaded through itself (`for e := l.first; e != nil; e = e.next`,
// `node = node.Left`) makes each step's load wait for the last one: the
// core cannot start it before the previous load returns its address, so a
// step costs the load-to-use latency of wherever the node is, not a
// pipelined load. In SSA the loop-carried pointer is a φ, and the step is a
// load whose address is computed from that φ (through field and index
// addresses and loads of slice fields: p.next, n.children[i]) and whose
// value flows back into it, directly or through the φs of the branches
// that choose the next node.
//
// A recursion that passes such a node to itself is a chain too, one step
// per call (recursiveSteps).
//
// A chain that always follows the same link (one load, or loads of the same
// field) walks a list: manifest.OpChase. One that chooses among links (Left
// or Right, children[i]) descends through a tree: manifest.OpDescent. The
// cost model prices both at the L1 latency in cache, and descents also at
// the misses of the working set they spread over
// (costmodel.Profile.DescentMissCycles).

// maxChainDepth bounds the walks through φs and address computations.
const maxChainDepth = 6

// chainLoads returns the loads of fn that are steps of a dependent-load
// chain, with the class each one counts as in addition to its load.
func chainLoads(fn *ssa.Function) map[*ssa.UnOp]manifest.OpClass {
	var out map[*ssa.UnOp]manifest.OpClass
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			p, ok := in.(*ssa.Phi)
			if !ok {
				break // φs come first in a block
			}
			if _, ok := p.Type().Underlying().(*types.Pointer); !ok {
				continue
			}
			var steps []*ssa.UnOp
			collectSteps(p, p, map[*ssa.Phi]bool{}, 0, &steps)
			if len(steps) == 0 {
				continue
			}
			class := manifest.OpChase
			first := linkOf(steps[0].X)
			for _, s := range steps {
				if l := linkOf(s.X); l == "" || l != first {
					class = manifest.OpDescent
				}
			}
			if out == nil {
				out = map[*ssa.UnOp]manifest.OpClass{}
			}
			for _, s := range steps {
				// A load feeding two chains (rare) counts as a
				// descent if either chooses.
				if out[s] != manifest.OpDescent {
					out[s] = class
				}
			}
		}
	}
	return out
}

// collectSteps appends to steps the loads among the operands of phi (and of
// the φs among them) whose address derives from head: the values the loop
// carrying head replaces it by.
func collectSteps(head, phi *ssa.Phi, seen map[*ssa.Phi]bool, depth int, steps *[]*ssa.UnOp) {
	if seen[phi] || depth > maxChainDepth {
		return
	}
	seen[phi] = true
	for _, e := range phi.Edges {
		switch v := e.(type) {
		case *ssa.UnOp:
			if v.Op == token.MUL && addrFrom(v.X, head, 0) && !containsStep(*steps, v) {
				*steps = append(*steps, v)
			}
		case *ssa.Phi:
			collectSteps(head, v, seen, depth+1, steps)
		}
	}
}

func containsStep(steps []*ssa.UnOp, v *ssa.UnOp) bool {
	for _, s := range steps {
		if s == v {
			return true
		}
	}
	return false
}

// addrFrom reports whether the address a is computed from head (a φ or a
// parameter): a field or element address of head, or of a value loaded
// from one (a slice field's element, an embedded pointer's field).
func addrFrom(a, head ssa.Value, depth int) bool {
	if depth > maxChainDepth {
		return false
	}
	switch a := a.(type) {
	case *ssa.FieldAddr:
		return a.X == head || addrFrom(a.X, head, depth+1)
	case *ssa.IndexAddr:
		return addrFrom(a.X, head, depth+1)
	case *ssa.UnOp:
		return a.Op == token.MUL && (a.X == head || addrFrom(a.X, head, depth+1))
	}
	return false
}

// recursiveSteps returns the calls of fn into its own recursion that pass,
// for a pointer parameter, a node loaded through it (`return
// n.children[i].get(k)`, `n.left.insert(k)`): the recursion walks a linked
// structure, and each call's node is a load that waits for the caller's,
// a dependent step like a loop's. The class is chase when every such call
// follows the same link, else descent. A call inside a loop of fn (inLoop)
// is a traversal (`for _, c := range n.children { c.walk() }`), whose
// siblings are independent loads of their parent, not a chain.
func recursiveSteps(fn *ssa.Function, rec map[*ssa.Function]bool, inLoop func(*ssa.BasicBlock) bool) map[ssa.CallInstruction]manifest.OpClass {
	if len(rec) == 0 {
		return nil
	}
	var calls []ssa.CallInstruction
	links := map[string]bool{}
	for _, b := range fn.Blocks {
		if inLoop(b) {
			continue
		}
		for _, in := range b.Instrs {
			call, ok := in.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee := call.Common().StaticCallee()
			if callee == nil {
				continue
			}
			if !rec[callee] {
				continue
			}
			for _, a := range call.Common().Args {
				if link, ok := paramStep(fn, a); ok {
					calls = append(calls, call)
					links[link] = true
					break
				}
			}
		}
	}
	if len(calls) == 0 {
		return nil
	}
	class := manifest.OpChase
	if len(links) != 1 || links[""] {
		class = manifest.OpDescent
	}
	out := make(map[ssa.CallInstruction]manifest.OpClass, len(calls))
	for _, c := range calls {
		out[c] = class
	}
	return out
}

// paramStep reports whether a is a node loaded through one of fn's pointer
// parameters, of the parameter's type, and names the link it follows.
func paramStep(fn *ssa.Function, a ssa.Value) (string, bool) {
	ld, ok := a.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return "", false
	}
	if _, ok := a.Type().Underlying().(*types.Pointer); !ok {
		return "", false
	}
	for _, p := range fn.Params {
		if types.Identical(p.Type(), a.Type()) && addrFrom(ld.X, p, 0) {
			return linkOf(ld.X), true
		}
	}
	return "", false
}

// linkOf names the link a step's address follows when it is one field of
// the node, or one constant element of an array field ("*T.next",
// "*T.Children[1]"), and returns "" when it involves a variable index (a
// choice among children) or anything else.
func linkOf(a ssa.Value) string {
	switch a := a.(type) {
	case *ssa.FieldAddr:
		switch a.X.(type) {
		case *ssa.Phi, *ssa.Parameter:
		default:
			return ""
		}
		pt, ok := a.X.Type().Underlying().(*types.Pointer)
		if !ok {
			return ""
		}
		st, ok := pt.Elem().Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		return types.TypeString(a.X.Type(), nil) + "." + st.Field(a.Field).Name()
	case *ssa.IndexAddr:
		c, ok := a.Index.(*ssa.Const)
		if !ok {
			return ""
		}
		if base := linkOf(a.X); base != "" {
			return base + "[" + c.Value.String() + "]"
		}
	}
	return ""
}

// descentTrip gives the trip count of a loop that descends a binary search
// tree from its container's root (`node := tree.Root; for node != nil {
// ... node = node.Left ... node = node.Right }`) when the container counts
// its nodes: log2(size+1), the levels a balanced tree of size nodes has,
// which a search visits (within a level on average for a balanced tree;
// a random binary search tree is 1.39 times deeper). The root must be a
// field of a parameter (or free variable) whose struct has one integer
// field, or one named like a count (size, length, len, count, n): the
// container's size, which callers bind from what they put in (shapes). Any
// other loop keeps its unknown bound: descents choosing among many
// children (B-trees: log base the node's fan-out), roots passed in bare,
// containers whose count is not a field.
func (st *funcState) descentTrip(l *loop) (expr.Expr, bool) {
	for _, in := range l.header.Instrs {
		p, ok := in.(*ssa.Phi)
		if !ok {
			break
		}
		if _, ok := p.Type().Underlying().(*types.Pointer); !ok {
			continue
		}
		var steps []*ssa.UnOp
		collectSteps(p, p, map[*ssa.Phi]bool{}, 0, &steps)
		links := map[string]bool{}
		for _, s := range steps {
			links[linkOf(s.X)] = true
		}
		if len(links) != 2 || links[""] {
			continue // not a binary descent
		}
		for i, e := range p.Edges {
			if l.contains(l.header.Preds[i]) {
				continue
			}
			if size := containerSize(e); size != "" {
				return expr.Log2(expr.Add(expr.Var(size), expr.Const(1))), true
			}
		}
	}
	return expr.Expr{}, false
}

// countNames are the usual names of a container's element count.
var countNames = []string{"size", "length", "len", "count", "n"}

// containerSize returns the variable of the node count of the container
// whose root field root loads ("tree.size" for *tree.Root), or "".
func containerSize(root ssa.Value) string {
	ld, ok := root.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return ""
	}
	fa, ok := ld.X.(*ssa.FieldAddr)
	if !ok {
		return ""
	}
	t := fa.X.Type().Underlying()
	if pt, ok := t.(*types.Pointer); ok {
		t = pt.Elem().Underlying()
	}
	s, ok := t.(*types.Struct)
	if !ok {
		return ""
	}
	var ints []int
	named := -1
	for i := range s.NumFields() {
		f := s.Field(i)
		if !isInteger(f.Type()) {
			continue
		}
		ints = append(ints, i)
		if named < 0 && slices.Contains(countNames, strings.ToLower(f.Name())) {
			named = i
		}
	}
	switch {
	case len(ints) == 1:
		return fieldVar(fa.X, ints[0])
	case named >= 0:
		return fieldVar(fa.X, named)
	}
	return ""
}
