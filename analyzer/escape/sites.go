package escape

import (
	"slices"
	"strconv"
	"strings"
)

// Package is what gc decided for one compiled package.
type Package struct {
	// Path is the import path ("p", or "p_test" for an external test
	// package), as gc qualifies the package's names.
	Path string
	// ForTest is, for a test variant, the import path of the package whose
	// test it is compiled for (as in `go list -test`): "p" for "p
	// [p.test]" and "p_test [p.test]". Empty for a package compiled on
	// its own.
	ForTest string
	// Dir is the package's source directory and Files its compiled Go files
	// (absolute). Sites outside Files come from generic code of other
	// packages instantiated here.
	Dir   string
	Files []string
	// Sites are the allocation nodes gc reported, sorted by position.
	Sites []*Site
	// Inlinable lists the functions gc can inline, with the inliner's cost.
	Inlinable []Inlinable
	// InlinedCalls are the call sites gc inlined a callee into.
	InlinedCalls []Position
	// BoundsChecks are the positions of the index and slice expressions
	// whose bounds check survived gc's prove pass (-d=ssa/check_bce),
	// sorted; a check in a body gc inlined is reported at the outermost
	// call it was inlined into.
	BoundsChecks []Position
}

// Inlinable is a function gc's inliner accepted.
type Inlinable struct {
	// Name is gc's name of the function qualified by the import path,
	// e.g. "strings.(*Builder).grow" or "example.com/p.F.func1".
	Name string
	// Pos is the position of the function's name (of "func" for a literal).
	Pos Position
	// Cost is the inliner's cost (budget 80), or -1 if the log gave none.
	Cost int
}

// buildPackage joins the -m diagnostics and the -json log of one package.
func buildPackage(path string, diags []Diagnostic, logs []*LogFile) *Package {
	p := &Package{Path: path}

	// Heap records of the log carry the inlining stack. The records with
	// a message ("make([]byte, n) escapes to heap") come from the solver;
	// the message-less ones from the same loop over locations that prints
	// -m's final verdicts, in the same order.
	type heapRecord struct {
		text  string
		stack []Position
	}
	withText := map[Position][]heapRecord{}
	noText := map[Position][][]Position{}
	costs := map[Position][]int{}
	for _, lf := range logs {
		for _, r := range lf.Records {
			switch r.Code {
			case "escape", "escapes":
				if txt, ok := strings.CutSuffix(r.Message, " escapes to heap"); ok {
					withText[r.Pos] = append(withText[r.Pos], heapRecord{txt, r.Inlined})
				} else if r.Message == "" && r.Code == "escape" {
					noText[r.Pos] = append(noText[r.Pos], r.Inlined)
				}
			case "canInlineFunction":
				c, err := strconv.Atoi(strings.TrimPrefix(r.Message, "cost: "))
				if err != nil {
					c = -1
				}
				costs[r.Pos] = append(costs[r.Pos], c)
			}
		}
	}
	nth := map[Position]int{}
	stackOf := func(pos Position, text string, name bool) []Position {
		k := -1
		if !name {
			k = nth[pos]
			nth[pos]++
		}
		for _, r := range withText[pos] {
			if r.text == text {
				return r.stack
			}
		}
		if text == "append" {
			var found []Position
			n := 0
			for _, r := range withText[pos] {
				if strings.HasPrefix(r.text, "append(") {
					found = r.stack
					n++
				}
			}
			if n == 1 {
				return found
			}
		}
		if k >= 0 && k < len(noText[pos]) {
			return noText[pos][k]
		}
		return nil
	}

	inlined := map[Position]bool{}
	names := map[Position]int{}
	for _, d := range diags {
		msg := d.Message
		switch {
		case strings.HasPrefix(msg, "can inline "):
			name := strings.TrimPrefix(msg, "can inline ")
			cost := -1
			if i := strings.Index(name, " with cost "); i >= 0 {
				rest := name[i+len(" with cost "):]
				if j := strings.IndexByte(rest, ' '); j >= 0 {
					rest = rest[:j]
				}
				if c, err := strconv.Atoi(rest); err == nil {
					cost = c
				}
				name = name[:i]
			}
			if cs := costs[d.Pos]; cost < 0 && names[d.Pos] < len(cs) {
				cost = cs[names[d.Pos]]
			}
			names[d.Pos]++
			p.Inlinable = append(p.Inlinable, Inlinable{Name: path + "." + name, Pos: d.Pos, Cost: cost})
		case msg == "Found IsInBounds" || msg == "Found IsSliceInBounds":
			p.BoundsChecks = append(p.BoundsChecks, d.Pos)
		case strings.HasPrefix(msg, "inlining call to "):
			if !inlined[d.Pos] {
				inlined[d.Pos] = true
				p.InlinedCalls = append(p.InlinedCalls, d.Pos)
			}
		case strings.HasPrefix(msg, "moved to heap: "):
			x := strings.TrimPrefix(msg, "moved to heap: ")
			p.Sites = append(p.Sites, &Site{Pos: d.Pos, Kind: KindVar, Heap: true, Expr: x, Package: path, Inlined: stackOf(d.Pos, x, true)})
		case strings.HasSuffix(msg, " escapes to heap"):
			x := strings.TrimSuffix(msg, " escapes to heap")
			p.Sites = append(p.Sites, &Site{Pos: d.Pos, Kind: kindOfExpr(x), Heap: true, Expr: x, Package: path, Inlined: stackOf(d.Pos, x, false)})
		case strings.HasSuffix(msg, " does not escape"):
			x := strings.TrimSuffix(msg, " does not escape")
			p.Sites = append(p.Sites, &Site{Pos: d.Pos, Kind: kindOfExpr(x), Expr: x, Package: path})
		case msg == "zero-copy string->[]byte conversion":
			for i := len(p.Sites) - 1; i >= 0 && p.Sites[i].Pos == d.Pos; i-- {
				if p.Sites[i].Kind == KindStringToBytes {
					p.Sites[i].ZeroCopy = true
					break
				}
			}
		case strings.HasPrefix(msg, "leaking param"):
			// A parameter's tag, not an allocation.
		}
	}
	for _, s := range p.Sites {
		s.AtInlinedCall = inlined[s.Pos]
	}
	slices.SortStableFunc(p.Sites, compareSites)
	// A generic function is compiled once per instantiation and each copy
	// reports its nodes; one source node is one site.
	p.Sites = slices.CompactFunc(p.Sites, func(a, b *Site) bool { return compareSites(a, b) == 0 })
	slices.SortFunc(p.InlinedCalls, func(a, b Position) int {
		if a.less(b) {
			return -1
		}
		if b.less(a) {
			return 1
		}
		return 0
	})
	slices.SortStableFunc(p.Inlinable, func(a, b Inlinable) int { return strings.Compare(a.Name, b.Name) })
	return p
}

// dropDecided removes from a test variant p what base, the package's own
// compile, decided: the variant recompiles the package's files, and a
// position keeps the package's own decision. What is left are the _test.go
// files and code (generic) the package's own compile never reported.
func (p *Package) dropDecided(base *Package) {
	sites := map[Position]bool{}
	for _, s := range base.Sites {
		sites[s.Pos] = true
	}
	p.Sites = slices.DeleteFunc(p.Sites, func(s *Site) bool { return sites[s.Pos] })
	funcs := map[Position]bool{}
	for _, in := range base.Inlinable {
		funcs[in.Pos] = true
	}
	p.Inlinable = slices.DeleteFunc(p.Inlinable, func(in Inlinable) bool { return funcs[in.Pos] })
	calls := map[Position]bool{}
	for _, c := range base.InlinedCalls {
		calls[c] = true
	}
	p.InlinedCalls = slices.DeleteFunc(p.InlinedCalls, func(c Position) bool { return calls[c] })
}

// compareSites orders sites by position, spelling, verdict and stack.
func compareSites(a, b *Site) int {
	if a.Pos.less(b.Pos) {
		return -1
	}
	if b.Pos.less(a.Pos) {
		return 1
	}
	if c := strings.Compare(a.Expr, b.Expr); c != 0 {
		return c
	}
	if a.Heap != b.Heap {
		if a.Heap {
			return 1
		}
		return -1
	}
	if a.ZeroCopy != b.ZeroCopy {
		if a.ZeroCopy {
			return 1
		}
		return -1
	}
	return slices.CompareFunc(a.Inlined, b.Inlined, func(p, q Position) int {
		if p.less(q) {
			return -1
		}
		if q.less(p) {
			return 1
		}
		return 0
	})
}
