package escape

import (
	"go/token"
	"slices"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// nearbyState is the per-function proximity assignment (see nearby).
type nearbyState struct {
	once  sync.Once
	sites map[ssa.Instruction]*Site
}

// nearby places the implicit interface conversions that neither their
// consumer nor debug information locates: typically a value assigned to a
// local that go/ssa lifts into registers (var r io.Reader = T{}), where the
// conversion keeps no trace of its source expression. Each such
// instruction takes the unclaimed gc conversion site of the function
// nearest to the line of its neighbouring instructions (at most two lines
// away), in block order. The result is a best guess; Verdict.Nearby marks it.
func (d *Decisions) nearby(fset *token.FileSet, fn *ssa.Function) map[ssa.Instruction]*Site {
	fs := d.syntax.get(fn)
	fs.near.once.Do(func() {
		fs.near.sites = d.computeNearby(fset, fn, fs)
	})
	return fs.near.sites
}

func (d *Decisions) computeNearby(fset *token.FileSet, fn *ssa.Function, fs *funcSyntax) map[ssa.Instruction]*Site {
	root := fn.Syntax()
	if root == nil {
		return nil
	}
	claimed := map[*Site]bool{}
	var pending []*ssa.MakeInterface
	for _, b := range fn.Blocks {
		if !fs.live[b] {
			continue
		}
		for _, in := range b.Instrs {
			kind, ok := allocKind(in)
			if !ok || pointerShapedConv(in) || localCompositeLit(in) {
				continue
			}
			if s := d.siteOf(fset, in, kind); s != nil {
				claimed[s] = true
				continue
			}
			if mi, ok := in.(*ssa.MakeInterface); ok && !mi.Pos().IsValid() {
				pending = append(pending, mi)
			}
		}
	}
	if len(pending) == 0 {
		return nil
	}
	start, end := fset.Position(root.Pos()), fset.Position(root.End())
	var nested [][2]token.Position
	for _, a := range fn.AnonFuncs {
		if syn := a.Syntax(); syn != nil {
			nested = append(nested, [2]token.Position{fset.Position(syn.Pos()), fset.Position(syn.End())})
		}
	}
	inside := func(p Position, from, to token.Position) bool {
		return p.File == from.Filename && (p.Line > from.Line || p.Line == from.Line && p.Col >= from.Column) &&
			(p.Line < to.Line || p.Line == to.Line && p.Col <= to.Column)
	}
	var cands []*Site
	for _, s := range d.fileSites(start.Filename) {
		if claimed[s] || len(s.Inlined) > 0 || !compatible(s.Kind, KindInterface) || !inside(s.Pos, start, end) {
			continue
		}
		if slices.ContainsFunc(nested, func(r [2]token.Position) bool { return inside(s.Pos, r[0], r[1]) }) {
			continue
		}
		cands = append(cands, s)
	}
	out := map[ssa.Instruction]*Site{}
	for _, mi := range pending {
		line := neighbourLine(fset, mi)
		if line == 0 {
			continue
		}
		best, bestDist := -1, 3
		for i, s := range cands {
			if claimed[s] {
				continue
			}
			dist := s.Pos.Line - line
			if dist < 0 {
				dist = -dist
			}
			if dist < bestDist {
				best, bestDist = i, dist
			}
		}
		if best >= 0 {
			claimed[cands[best]] = true
			out[mi] = cands[best]
		}
	}
	return out
}

// neighbourLine is the line of the nearest instruction with a position in
// instr's block, looking back first.
func neighbourLine(fset *token.FileSet, instr ssa.Instruction) int {
	b := instr.Block()
	i := slices.Index(b.Instrs, instr)
	for j := i - 1; j >= 0; j-- {
		if p := b.Instrs[j].Pos(); p.IsValid() {
			return fset.Position(p).Line
		}
	}
	for j := i + 1; j < len(b.Instrs); j++ {
		if p := b.Instrs[j].Pos(); p.IsValid() {
			return fset.Position(p).Line
		}
	}
	return 0
}

// fileSites returns the sites reported in file, sorted by position.
func (d *Decisions) fileSites(file string) []*Site {
	d.byFileOnce.Do(func() {
		d.byFile = map[string][]*Site{}
		for _, p := range d.Packages {
			for _, s := range p.Sites {
				d.byFile[s.Pos.File] = append(d.byFile[s.Pos.File], s)
			}
		}
		for _, ss := range d.byFile {
			slices.SortStableFunc(ss, compareSites)
		}
	})
	return d.byFile[file]
}
