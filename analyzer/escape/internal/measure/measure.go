// Package measure scores escape.Decisions.Classify and escape.FallbackClassify
// against gc's own list of heap allocation sites (docs/escape.md defines the
// terms). It is shared by the escapecheck command and the package's tests.
package measure

import (
	"context"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/perfcast/perfcast/analyzer/escape"
)

// Score is the precision and recall of one classifier on one package.
type Score struct {
	TP, Claimed, Found, GCHeap int // true positives, SSA heap verdicts, gc heap sites found, gc heap sites
}

// Precision is TP / Claimed (1 when nothing was claimed).
func (s Score) Precision() float64 { return ratio(s.TP, s.Claimed) }

// Recall is Found / GCHeap (1 when gc reported no heap site).
func (s Score) Recall() float64 { return ratio(s.Found, s.GCHeap) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Row is the measurement of one package.
type Row struct {
	Package string
	// SSAAllocs counts go/ssa allocation instructions (make(chan) excluded),
	// Unmatched those Classify found no gc site for.
	SSAAllocs, Unmatched int
	// GCSites counts gc's sites in the package's own body (not inlined,
	// in the package's files); GCHeap of them are heap allocations.
	GCSites, GCHeap int
	// InlinedHeap counts gc heap sites inlined from callees; InlinedAtCall
	// those reported at the position of a go/ssa call (so InlinedAtCall
	// hands them to the analyzer).
	InlinedHeap, InlinedAtCall int
	// StaticClosures counts gc "func literal escapes to heap" sites of
	// literals that capture nothing: gc's walk makes them static function
	// values (no allocation) and go/ssa has no instruction for them, so
	// they are left out of GCHeap.
	StaticClosures int
	// RuleHeap counts instructions that always allocate but that gc never
	// reports (make(chan), s += t); they are left out of both scores.
	RuleHeap int
	// Naive scores reading go/ssa's Alloc.Heap as the verdict and every
	// other allocation instruction as heap (the baseline REFERENCES.md
	// quotes).
	Compiler, Fallback, Naive Score
	// Misses lists gc heap sites no instruction classified heap maps to and
	// FalseHeap instructions classified heap without a unique gc heap site
	// (compiler-based classifier), for inspection.
	Misses, FalseHeap []string
	// FallbackFalse lists the fallback's heap verdicts without a gc heap site.
	FallbackFalse []string
}

// Options configures Run.
type Options struct {
	// Debug builds the SSA with debug information (DebugRef instructions),
	// which Classify uses for implicit interface conversions.
	Debug bool
	// Trace, if set, receives every allocation instruction and site on
	// lines it reports true for (file, line).
	Trace    func(file string, line int) bool
	TraceOut io.Writer
	// GCFlags are passed to escape.Compile.
	GCFlags []string
}

// Run compiles and loads the packages matched by patterns in dir and scores
// both classifiers on each.
func Run(ctx context.Context, dir string, patterns []string, opts Options) ([]Row, *escape.Decisions, error) {
	dec, err := escape.Compile(ctx, dir, patterns, escape.Options{GCFlags: opts.GCFlags})
	if err != nil {
		return nil, nil, err
	}
	cfg := &packages.Config{
		Context: ctx,
		Dir:     dir,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedTypesSizes,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	mode := ssa.BuilderMode(0)
	if opts.Debug {
		mode |= ssa.GlobalDebug
	}
	prog, spkgs := ssautil.Packages(pkgs, mode)
	prog.Build()

	gcPkgs := map[string]*escape.Package{}
	for _, p := range dec.Packages {
		gcPkgs[p.Path] = p
	}
	var rows []Row
	for i, sp := range spkgs {
		if sp == nil {
			continue
		}
		gp := gcPkgs[pkgs[i].PkgPath]
		if gp == nil {
			continue
		}
		rows = append(rows, score(prog.Fset, dec, gp, sp, opts))
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Package < rows[j].Package })
	return rows, dec, nil
}

// functions lists the package's functions with bodies, anonymous ones
// included, in a deterministic order.
func functions(sp *ssa.Package) []*ssa.Function {
	var out []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		if f == nil || f.Blocks == nil {
			return
		}
		out = append(out, f)
		for _, a := range f.AnonFuncs {
			add(a)
		}
	}
	for _, m := range sp.Members {
		switch m := m.(type) {
		case *ssa.Function:
			add(m)
		case *ssa.Type:
			for _, t := range []types.Type{m.Type(), types.NewPointer(m.Type())} {
				mset := sp.Prog.MethodSets.MethodSet(t)
				for i := 0; i < mset.Len(); i++ {
					f := sp.Prog.MethodValue(mset.At(i))
					if f != nil && f.Pkg == sp && f.Synthetic == "" {
						add(f)
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b *ssa.Function) int {
		if a.Pos() != b.Pos() {
			return int(a.Pos() - b.Pos())
		}
		return strings.Compare(a.String(), b.String())
	})
	return slices.CompactFunc(out, func(a, b *ssa.Function) bool { return a == b })
}

func score(fset *token.FileSet, dec *escape.Decisions, gp *escape.Package, sp *ssa.Package, opts Options) Row {
	row := Row{Package: gp.Path}
	own := map[string]bool{}
	for _, f := range gp.Files {
		own[f] = true
	}
	// Literals that capture nothing.
	static := map[escape.Position]bool{}
	for _, fn := range functions(sp) {
		if fn.Parent() != nil && fn.Synthetic == "" && len(fn.FreeVars) == 0 {
			p := fset.Position(fn.Pos())
			static[escape.Position{File: p.Filename, Line: p.Line, Col: p.Column}] = true
		}
	}
	// gc's sites of the package's own body.
	heapSites := map[*escape.Site]bool{}
	for _, s := range gp.Sites {
		if !own[s.Pos.File] || s.Kind == escape.KindParam {
			continue
		}
		if s.Kind == escape.KindClosure && len(s.Inlined) == 0 && static[s.Pos] {
			row.StaticClosures++
			continue
		}
		if len(s.Inlined) > 0 {
			if s.Allocates() {
				row.InlinedHeap++
			}
			continue
		}
		row.GCSites++
		if s.Allocates() {
			row.GCHeap++
			heapSites[s] = true
		}
	}
	callAt := map[escape.Position]bool{}
	claimedC := map[*escape.Site]bool{}
	claimedF := map[*escape.Site]bool{}
	claimedN := map[*escape.Site]bool{}
	for _, fn := range functions(sp) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if c, ok := in.(ssa.CallInstruction); ok && c.Pos().IsValid() {
					p := fset.Position(c.Pos())
					callAt[escape.Position{File: p.Filename, Line: p.Line, Col: p.Column}] = true
				}
				if _, ok := in.(*ssa.MakeChan); ok {
					continue // gc never reports make(chan): always heap
				}
				v := dec.Classify(fset, in)
				if v.Kind == escape.KindUnknown {
					continue
				}
				if opts.Trace != nil {
					p := fset.Position(in.Pos())
					if opts.Trace(p.Filename, p.Line) || (v.Site != nil && opts.Trace(v.Site.Pos.File, v.Site.Pos.Line)) {
						fmt.Fprintf(opts.TraceOut, "SSA %s %T %q in %s: heap=%v src=%s site=%v\n", p, in, in.String(), fn, v.Heap, v.Source, v.Site)
					}
				}
				row.SSAAllocs++
				if v.Source == escape.FromFallback {
					row.Unmatched++
				}
				// The site the instruction maps to, whatever the verdict:
				// used to judge both classifiers.
				site := v.Site
				if v.Heap && v.Source == escape.FromRule {
					row.RuleHeap++
				} else if v.Heap {
					row.Compiler.Claimed++
					if site != nil && heapSites[site] && !claimedC[site] {
						claimedC[site] = true
						row.Compiler.TP++
					} else {
						row.FalseHeap = append(row.FalseHeap, fmt.Sprintf("%s %s %s (%s)", fset.Position(in.Pos()), v.Kind, in, fn))
					}
				}
				if naiveHeap(in) && !(v.Heap && v.Source == escape.FromRule) {
					row.Naive.Claimed++
					if site != nil && heapSites[site] && !claimedN[site] {
						claimedN[site] = true
						row.Naive.TP++
					}
				}
				if f := escape.FallbackClassify(in); f.Heap && !(v.Heap && v.Source == escape.FromRule) {
					row.Fallback.Claimed++
					if site != nil && heapSites[site] && !claimedF[site] {
						claimedF[site] = true
						row.Fallback.TP++
					} else {
						row.FallbackFalse = append(row.FallbackFalse, fmt.Sprintf("%s %s %s (%s)", fset.Position(in.Pos()), v.Kind, in, fn))
					}
				}
			}
		}
	}
	row.Compiler.GCHeap, row.Fallback.GCHeap, row.Naive.GCHeap = row.GCHeap, row.GCHeap, row.GCHeap
	row.Compiler.Found, row.Fallback.Found, row.Naive.Found = len(claimedC), len(claimedF), len(claimedN)
	for _, s := range gp.Sites {
		if opts.Trace != nil && opts.Trace(s.Pos.File, s.Pos.Line) {
			fmt.Fprintf(opts.TraceOut, "GC %s\n", s)
		}
		if heapSites[s] && !claimedC[s] {
			row.Misses = append(row.Misses, s.String())
		}
		if own[s.Pos.File] && len(s.Inlined) > 0 && s.Allocates() && callAt[s.Pos] {
			row.InlinedAtCall++
		}
	}
	return row
}

// Print writes the table of rows (and a total) in the layout docs/escape.md
// records.
func Print(w io.Writer, rows []Row) {
	fmt.Fprintf(w, "%-16s %7s %7s %9s %6s %6s %6s %6s %6s %6s %9s %7s %7s\n", "package", "gcheap", "ssaallc", "unmatched", "P", "R", "fbP", "fbR", "nvP", "nvR", "inlined", "static", "rule")
	var tot Row
	for _, r := range rows {
		printRow(w, r)
		tot.GCHeap += r.GCHeap
		tot.SSAAllocs += r.SSAAllocs
		tot.Unmatched += r.Unmatched
		tot.InlinedHeap += r.InlinedHeap
		tot.InlinedAtCall += r.InlinedAtCall
		tot.StaticClosures += r.StaticClosures
		tot.RuleHeap += r.RuleHeap
		add(&tot.Compiler, r.Compiler)
		add(&tot.Fallback, r.Fallback)
		add(&tot.Naive, r.Naive)
	}
	tot.Package = "total"
	printRow(w, tot)
}

func add(a *Score, b Score) {
	a.TP += b.TP
	a.Claimed += b.Claimed
	a.Found += b.Found
	a.GCHeap += b.GCHeap
}

func printRow(w io.Writer, r Row) {
	fmt.Fprintf(w, "%-16s %7d %7d %9d %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f %4d/%-4d %7d %7d\n", r.Package, r.GCHeap, r.SSAAllocs, r.Unmatched,
		r.Compiler.Precision(), r.Compiler.Recall(), r.Fallback.Precision(), r.Fallback.Recall(), r.Naive.Precision(), r.Naive.Recall(), r.InlinedAtCall, r.InlinedHeap,
		r.StaticClosures, r.RuleHeap)
}

// naiveHeap is the baseline: go/ssa's Alloc.Heap ("a new variable per
// execution") for an Alloc, heap for every other allocation instruction
// except a pointer-shaped interface conversion.
func naiveHeap(in ssa.Instruction) bool {
	switch x := in.(type) {
	case *ssa.Alloc:
		return x.Heap
	case *ssa.MakeInterface:
		switch x.X.Type().Underlying().(type) {
		case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
			return false
		}
	}
	return true
}
