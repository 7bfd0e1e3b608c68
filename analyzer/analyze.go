package analyzer

import (
	"context"
	"encoding/json"
	"fmt"
	"go/token"
	"go/types"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/escape"
	"github.com/perfcast/perfcast/manifest"
)

// Config controls a whole-program analysis.
type Config struct {
	Dir string   // directory to run the build system in; "" for the current one
	Env []string // environment of the build system; nil for the current one
	// BuildFlags are extra go command flags for loading and compiling the
	// packages, e.g. "-tags=netgo" (not -gcflags).
	BuildFlags []string
	Tests      bool       // include test files and test packages
	Oracle     HeapOracle // heap decisions; nil uses the compiler's (UseCompiler) or SSAOracle
	// UseCompiler compiles the packages with gc (analyzer/escape) and uses
	// its escape and inlining decisions (DESIGN.md contract 3); with Tests,
	// the packages' test variants are compiled too, so code in _test.go
	// files is decided by gc as well. Functions it has no decision for fall
	// back to SSAOracle.
	UseCompiler bool
	Generator   string // written to Manifest.Generator, e.g. "perfcast v0.1.0"
	// NoStdTable analyzes without the shipped standard-library table (used
	// to generate it); calls into std packages not being analyzed are then
	// counted as calls only.
	NoStdTable bool
	// NoVTA resolves interface and function-value calls by the visible-type
	// rule only, as vet mode does, instead of whole-program VTA over the
	// non-standard packages analyzed (see the package doc, Calls).
	NoVTA bool
	// Progress, if set, receives progress lines for long runs.
	Progress func(format string, args ...any)
	// Inspect, if set, is called once per analyzed package after its
	// functions are summarized and before its syntax and SSA bodies are
	// released: fns are the package's source functions (anonymous ones
	// included), so a caller can relate syntax (p.Syntax, p.TypesInfo) to
	// summaries (Result.Summaries, by ssa name). perfcast predict uses it to
	// find benchmarks and their sub-benchmarks.
	Inspect func(p *packages.Package, fns []*ssa.Function)
	// Interp keeps the analyzed packages' syntax and builds, once the
	// analysis is done, a second SSA program of them with every generic
	// instance given a body (ssa.InstantiateGenerics), for perfcast
	// predict to run benchmarks in (analyzer/interp): Result.Program and
	// Result.Pricer. The analysis's own program keeps mode 0 and drops its
	// bodies as it goes.
	Interp bool
}

// Result is the outcome of Analyze.
type Result struct {
	Manifest  manifest.Manifest
	Summaries []*Summary // of every analyzed function, sorted by Name
	Packages  []string   // import paths analyzed, in analysis order

	// Size and timing of the run, for benchmarks.
	Instructions int           // SSA instructions summarized
	LoadTime     time.Duration // go/packages loading and type checking
	AnalyzeTime  time.Duration // SSA construction and summaries
	Problems     []Problem     // packages skipped and functions that failed, sorted

	// With Config.Interp: the program to interpret (every analyzed
	// package built, the others created from their types), its packages
	// by import path (test variants under their own path), and a Pricer
	// with the analysis's heap decisions and summaries.
	Program     *ssa.Program
	SSAPackages map[string]*ssa.Package
	Pricer      *Pricer
	Sizes       types.Sizes
}

const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
	packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedTypesSizes | packages.NeedModule

// Analyze loads the packages matching patterns and summarizes every
// function in them. Packages that do not type-check are reported in
// Result.Problems and skipped; an error is returned only when loading
// itself fails.
func Analyze(ctx context.Context, cfg Config, patterns ...string) (*Result, error) {
	progress := cfg.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	start := time.Now()
	lcfg := &packages.Config{Context: ctx, Mode: loadMode, Dir: cfg.Dir, Env: cfg.Env, BuildFlags: cfg.BuildFlags, Tests: cfg.Tests}
	load := slices.Clone(patterns)
	if cfg.Interp {
		// The generic std packages type-checked from source, so that the
		// interpreter has bodies for their instances; go/packages wires
		// the analyzed packages' imports to them.
		for _, q := range interpSyntaxStd {
			if !slices.Contains(patterns, q) {
				load = append(load, q)
			}
		}
	}
	pkgs, err := packages.Load(lcfg, load...)
	if err != nil {
		return nil, fmt.Errorf("loading packages: %w", err)
	}
	var syntaxOnly []*packages.Package
	if cfg.Interp {
		pkgs = slices.DeleteFunc(pkgs, func(p *packages.Package) bool {
			path := strings.TrimSuffix(p.PkgPath, "_test")
			if !slices.Contains(interpSyntaxStd, path) || slices.Contains(patterns, path) {
				return false
			}
			if p.ID == path {
				syntaxOnly = append(syntaxOnly, p)
			}
			return true // its test variants too: loaded because Tests is on, not asked for
		})
	}
	res := &Result{LoadTime: time.Since(start)}
	progress("loaded %d packages in %.1fs", len(pkgs), res.LoadTime.Seconds())
	report := func(p Problem) { res.Problems = append(res.Problems, p) }

	// With -tests, "p [p.test]" is a superset of p: keep only the variant.
	variant := map[string]bool{}
	for _, p := range pkgs {
		if strings.HasPrefix(p.ID, p.PkgPath+" [") {
			variant[p.PkgPath] = true
		}
	}
	var good []*packages.Package
	for _, p := range pkgs {
		switch {
		case strings.HasSuffix(p.ID, ".test"): // generated test main
			continue
		case variant[p.PkgPath] && !strings.Contains(p.ID, " ["):
			if cfg.Interp && len(p.Errors) == 0 && p.Types != nil && !p.IllTyped {
				// Its test variant is analyzed, but the other packages
				// (the external test package, siblings) import it.
				syntaxOnly = append(syntaxOnly, p)
			}
			continue
		}
		if len(p.Errors) > 0 || p.Types == nil || p.IllTyped {
			msg := "does not type-check"
			if len(p.Errors) > 0 {
				msg = p.Errors[0].Error()
				if len(p.Errors) > 1 {
					msg += fmt.Sprintf(" (and %d more errors)", len(p.Errors)-1)
				}
			}
			report(Problem{Package: p.PkgPath, Err: "skipped: " + msg})
			continue
		}
		good = append(good, p)
	}
	good = topoSort(good)

	var fset *token.FileSet
	if len(pkgs) > 0 {
		fset = pkgs[0].Fset
	}
	prog := ssa.NewProgram(fset, ssa.BuilderMode(0))
	ssaPkgs := make([]*ssa.Package, len(good))
	roots := make([]*types.Package, len(good))
	for i, p := range good {
		ssaPkgs[i] = prog.CreatePackage(p.Types, p.Syntax, p.TypesInfo, true)
		roots[i] = p.Types
	}
	createImports(prog, roots)
	if cfg.Oracle == nil && cfg.UseCompiler {
		cfg.Oracle = compilerOracle(ctx, cfg, patterns, report, progress)
	}

	var std *StdTable
	if !cfg.NoStdTable {
		std = LoadStdTable()
	}
	// Whole-program call resolution (VTA) over the packages outside std:
	// their bodies are built together for it. std packages keep the
	// visible-type rule, so the shipped std table and vet mode agree, and
	// `perfcast analyze std` does not hold every body of std at once.
	var sites CallSites
	goroot := runtime.GOROOT()
	if !cfg.NoVTA {
		vstart := time.Now()
		var fns []*ssa.Function
		for i, p := range good {
			if isStdPackage(p, goroot) {
				continue
			}
			if safeBuild(ssaPkgs[i]) == nil {
				fns = append(fns, packageFuncs(ssaPkgs[i])...)
			}
		}
		if len(fns) > 0 {
			s, err := resolveCallSites(fns)
			if err != nil {
				report(Problem{Package: "(call graph)", Err: err.Error() + "; dynamic calls resolved by visible types"})
			}
			sites = s
			progress("VTA resolved %d of %d dynamic call sites in %d functions in %.1fs", len(sites), dynamicSites(fns), len(fns), time.Since(vstart).Seconds())
		}
	}

	computed := map[string]*Summary{}
	lookup := func(key string, obj *types.Func) *Summary {
		if s, ok := computed[key]; ok {
			return s
		}
		if obj != nil && std.HasPackage(pkgPathOf(obj)) {
			return std.Lookup(key)
		}
		if obj == nil && std.HasPackage(keyPackage(key)) {
			// A callee named in a summary (Summary.Callees).
			return std.Lookup(key)
		}
		return nil
	}
	sizes := types.SizesFor("gc", runtime.GOARCH)
	if len(good) > 0 && good[0].TypesSizes != nil {
		sizes = good[0].TypesSizes
	}
	m := &res.Manifest
	m.Schema = manifest.SchemaVersion
	m.Generator = cfg.Generator
	for i, p := range good {
		sp := ssaPkgs[i]
		if sp == nil {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		root := filepath.Join(goroot, "src")
		if p.Module != nil {
			root = p.Module.Dir
			if m.Module.Path == "" {
				m.Module.Path, m.Module.Version = p.Module.Path, p.Module.Version
			}
		}
		// Build one package at a time and drop its bodies and syntax once
		// summarized: peak memory is then the loaded types plus one package.
		if err := safeBuild(sp); err != nil {
			report(Problem{Package: p.PkgPath, Err: err.Error()})
			continue
		}
		fns, sums := summarizePackage(sp, sizes, cfg.Oracle, lookup, sites, report)
		if cfg.Inspect != nil {
			cfg.Inspect(p, fns)
		}
		if !cfg.Interp {
			p.Syntax, p.TypesInfo = nil, nil
		}
		for i, fn := range fns {
			for _, b := range fn.Blocks {
				res.Instructions += len(b.Instrs)
			}
			sum := sums[i]
			if sum == nil {
				continue
			}
			computed[sum.Name] = sum
			res.Summaries = append(res.Summaries, sum)
			m.Functions = append(m.Functions, sum.Function(posString(root, fset.Position(fn.Pos())), entryKinds(fn, fset)))
		}
		released := releasable(fns, sums, cfg.Oracle, fset)
		sites.dropSites(released)
		releaseBodies(released)
		res.Packages = append(res.Packages, p.PkgPath)
		progress("[%d/%d] %s: %d functions (%.1fs)", i+1, len(good), p.PkgPath, len(fns), time.Since(start).Seconds())
	}
	if cfg.Interp {
		res.Program, res.SSAPackages = interpProgram(fset, append(syntaxOnly, good...))
		res.Pricer = NewPricer(fset, sizes, cfg.Oracle, lookup)
		res.Sizes = sizes
	}
	if m.Module.Path == "" {
		m.Module.Path = "std"
	}
	m.Build = goEnv(cfg.Dir)
	sort.Slice(m.Functions, func(i, j int) bool { return m.Functions[i].Name < m.Functions[j].Name })
	sort.Slice(res.Summaries, func(i, j int) bool { return res.Summaries[i].Name < res.Summaries[j].Name })
	m.Functions = slices.CompactFunc(m.Functions, func(a, b manifest.Function) bool { return a.Name == b.Name })
	res.Summaries = slices.CompactFunc(res.Summaries, func(a, b *Summary) bool { return a.Name == b.Name })
	// Self-check against the schema's rules (declared variables, known
	// classes, non-negative constants): a violation is a bug here.
	if err := m.Validate(); err != nil {
		report(Problem{Package: "(manifest)", Err: "invalid manifest: " + err.Error()})
	}
	sort.Slice(res.Problems, func(i, j int) bool { return res.Problems[i].String() < res.Problems[j].String() })
	res.AnalyzeTime = time.Since(start) - res.LoadTime
	progress("analyzed %d functions (%d SSA instructions) in %d packages in %.1fs (load %.1fs, analysis %.1fs)",
		len(m.Functions), res.Instructions, len(good), time.Since(start).Seconds(), res.LoadTime.Seconds(), res.AnalyzeTime.Seconds())
	return res, nil
}

// compilerOracle runs gc over the packages and returns its decisions as an
// oracle, or nil (SSAOracle) if the compile fails.
func compilerOracle(ctx context.Context, cfg Config, patterns []string, report func(Problem), progress func(string, ...any)) HeapOracle {
	start := time.Now()
	dir := cfg.Dir
	if dir == "" {
		dir = "."
	}
	dec, err := escape.Compile(ctx, dir, patterns, escape.Options{Env: cfg.Env, BuildFlags: cfg.BuildFlags, Tests: cfg.Tests})
	if err != nil {
		report(Problem{Package: "(compiler)", Err: "gc's escape decisions unavailable, guessing from SSA: " + err.Error()})
		return nil
	}
	for _, f := range dec.Failures {
		report(Problem{Package: f.Path, Err: "gc's escape decisions unavailable: " + f.Err})
	}
	progress("compiled %d packages for gc's escape and inlining decisions in %.1fs", len(dec.Packages), time.Since(start).Seconds())
	return WithInlining(escape.Oracle{Decisions: dec}, dec)
}

// releasable returns the functions (fns[i], summarized as sums[i]) whose
// SSA code can go once their package is summarized. It keeps the bodies gc
// can inline that allocate, with their resolved call sites: a caller in a
// later package (an external test package calling a constructor)
// summarizes the copy gc inlines into it (inlinedCopy). They are small, by
// gc's inlining budget.
func releasable(fns []*ssa.Function, sums []*Summary, oracle HeapOracle, fset *token.FileSet) []*ssa.Function {
	io, _ := oracle.(InlineOracle)
	if _, copies := oracle.(InlinedCallOracle); !copies || io == nil {
		return fns
	}
	var out []*ssa.Function
	for i, fn := range fns {
		if sums[i] != nil && !sums[i].AllocCount.IsZero() {
			if _, ok := io.CanInlineFunc(fset, fn); ok {
				continue
			}
		}
		out = append(out, fn)
	}
	return out
}

// releaseBodies lets the garbage collector reclaim the SSA code of
// functions already summarized.
func releaseBodies(fns []*ssa.Function) {
	for _, fn := range fns {
		fn.Blocks = nil
		fn.Locals = nil
		fn.AnonFuncs = nil
	}
}

// SummarizePackage summarizes every source function of the built SSA
// package pkg, callees first. lookup supplies the summaries of functions in
// other packages (computed earlier, imported as Facts, or from the std
// table) and may return nil. It returns the functions, sorted by name, and
// their summaries (nil where the analysis failed and report was called).
func SummarizePackage(pkg *ssa.Package, sizes types.Sizes, oracle HeapOracle, lookup func(key string, obj *types.Func) *Summary, report func(Problem)) ([]*ssa.Function, []*Summary) {
	return summarizePackage(pkg, sizes, oracle, lookup, nil, report)
}

// summarizePackage is SummarizePackage with dynamic call sites resolved
// by whole-program VTA (nil: the visible-type rule everywhere).
func summarizePackage(pkg *ssa.Package, sizes types.Sizes, oracle HeapOracle, lookup func(key string, obj *types.Func) *Summary, sites CallSites, report func(Problem)) ([]*ssa.Function, []*Summary) {
	s := newSummarizer(pkg.Prog.Fset, sizes, oracle, lookup)
	s.sites = sites
	fns := packageFuncs(pkg)
	s.summarizePackage(pkg.Pkg.Path(), fns, report)
	sums := make([]*Summary, len(fns))
	for i, fn := range fns {
		sums[i] = s.local[funcKey(fn)]
	}
	return fns, sums
}

func safeBuild(p *ssa.Package) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("building SSA: panic: %v", r)
		}
	}()
	p.Build()
	return nil
}

// topoSort orders packages so that imports come first, ties by ID.
func topoSort(pkgs []*packages.Package) []*packages.Package {
	byID := map[string]*packages.Package{}
	byPath := map[string]*packages.Package{}
	for _, p := range pkgs {
		byID[p.ID] = p
		byPath[p.PkgPath] = p
	}
	slices.SortFunc(pkgs, func(a, b *packages.Package) int { return strings.Compare(a.ID, b.ID) })
	done := map[string]bool{}
	var out []*packages.Package
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		if done[p.ID] {
			return
		}
		done[p.ID] = true
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		slices.Sort(paths)
		for _, path := range paths {
			imp := p.Imports[path]
			q := byID[imp.ID]
			if q == nil {
				// With -tests another package may import the plain
				// package whose test variant ("p [p.test]") replaced it
				// here: the variant's summaries serve it (same names), so
				// it must come first all the same.
				q = byPath[imp.PkgPath]
			}
			if q != nil && q != p {
				visit(q)
			}
		}
		out = append(out, p)
	}
	for _, p := range pkgs {
		visit(p)
	}
	return out
}

func cutDir(root, name string) (string, bool) {
	rel, err := filepath.Rel(root, name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// goEnv reads the target toolchain and platform from `go env`.
func goEnv(dir string) manifest.Build {
	b := manifest.Build{GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	cmd := exec.Command("go", "env", "-json", "GOVERSION", "GOOS", "GOARCH", "GOAMD64")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return b
	}
	var env map[string]string
	if json.Unmarshal(out, &env) != nil {
		return b
	}
	b.GoVersion, b.GOOS, b.GOARCH = env["GOVERSION"], env["GOOS"], env["GOARCH"]
	if b.GOARCH == "amd64" {
		b.GOAMD64 = env["GOAMD64"]
	}
	return b
}

// entryKinds says why fn is an entry point.
func entryKinds(fn *ssa.Function, fset *token.FileSet) []manifest.EntryKind {
	if fn.Parent() != nil || fn.Pkg == nil {
		return nil
	}
	var out []manifest.EntryKind
	pkg := fn.Pkg.Pkg
	sig := fn.Signature
	recv := sig.Recv()
	if pkg.Name() == "main" && fn.Name() == "main" && recv == nil {
		out = append(out, manifest.EntryMain)
	}
	if pkg.Name() != "main" && token.IsExported(fn.Name()) {
		exported := true
		if recv != nil {
			t := recv.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			if n, ok := types.Unalias(t).(*types.Named); ok {
				exported = n.Obj().Exported()
			}
		}
		if exported {
			out = append(out, manifest.EntryExported)
		}
	}
	if isHandler(sig) { // functions, ServeHTTP and handler-shaped methods used as method values
		out = append(out, manifest.EntryHTTP)
	}
	if strings.HasPrefix(fn.Name(), "Benchmark") && recv == nil && sig.Params().Len() == 1 &&
		types.TypeString(sig.Params().At(0).Type(), nil) == "*testing.B" &&
		strings.HasSuffix(fset.Position(fn.Pos()).Filename, "_test.go") {
		out = append(out, manifest.EntryBenchmark)
	}
	return out
}

// isHandler reports whether sig is func(http.ResponseWriter, *http.Request).
func isHandler(sig *types.Signature) bool {
	ps := sig.Params()
	return ps.Len() == 2 && sig.Results().Len() == 0 &&
		types.TypeString(ps.At(0).Type(), nil) == "net/http.ResponseWriter" &&
		types.TypeString(ps.At(1).Type(), nil) == "*net/http.Request"
}
