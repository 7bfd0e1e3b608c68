package vet

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Analyzer computes and exports per-function cost summaries and checks
// //perfcast:budget directives.
var Analyzer = &analysis.Analyzer{
	Name:       "perfcast",
	Doc:        "perfcast: per-function cost summaries (CPU ops, allocations, I/O) and budget checks\n\nExports each function's cost summary as a fact and reports functions whose cost exceeds a //perfcast:budget directive.",
	URL:        "https://github.com/perfcast/perfcast",
	Run:        run,
	FactTypes:  []analysis.Fact{new(analyzer.Summary)},
	ResultType: reflect.TypeFor[map[*types.Func]*analyzer.Summary](),
}

// Oracle, if set, decides heap allocation (nil: analyzer.SSAOracle).
var Oracle analyzer.HeapOracle

func run(pass *analysis.Pass) (any, error) {
	out := map[*types.Func]*analyzer.Summary{}
	std := analyzer.LoadStdTable()
	if std.HasPackage(pass.Pkg.Path()) {
		return out, nil // std summaries come from the shipped table
	}
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	seen := map[*types.Package]bool{pass.Pkg: true}
	var create func(p *types.Package)
	create = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		prog.CreatePackage(p, nil, nil, true)
		for _, q := range p.Imports() {
			create(q)
		}
	}
	for _, p := range pass.Pkg.Imports() {
		create(p)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, true)
	pkg.Build()

	lookup := func(key string, obj *types.Func) *analyzer.Summary {
		if obj == nil {
			return nil
		}
		s := new(analyzer.Summary)
		if obj.Pkg() != pass.Pkg && pass.ImportObjectFact(obj, s) {
			return s
		}
		if obj.Pkg() != nil && std.HasPackage(obj.Pkg().Path()) {
			return std.Lookup(key)
		}
		return nil
	}
	report := func(p analyzer.Problem) {
		pass.Reportf(pass.Files[0].Package, "perfcast: analysis failed: %s", p)
	}
	fns, sums := analyzer.SummarizePackage(pkg, pass.TypesSizes, Oracle, lookup, report)
	for i, fn := range fns {
		obj, ok := fn.Object().(*types.Func)
		if !ok || sums[i] == nil || obj.Pkg() != pass.Pkg {
			continue
		}
		out[obj] = sums[i]
		pass.ExportObjectFact(obj, sums[i])
	}
	checkBudgets(pass, out)
	return out, nil
}

// checkBudgets reports functions whose summary exceeds their
// //perfcast:budget directive.
func checkBudgets(pass *analysis.Pass, sums map[*types.Func]*analyzer.Summary) {
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			for _, c := range fd.Doc.List {
				text, ok := strings.CutPrefix(c.Text, "//perfcast:budget")
				if !ok {
					continue
				}
				b, err := ParseBudget(text)
				if err != nil {
					pass.Reportf(c.Pos(), "invalid //perfcast:budget: %v", err)
					continue
				}
				obj, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
				sum := sums[obj]
				if sum == nil {
					continue
				}
				for _, msg := range b.Check(sum) {
					pass.Reportf(fd.Name.Pos(), "%s: %s", fd.Name.Name, msg)
				}
			}
		}
	}
}

// Budget is a parsed //perfcast:budget directive.
type Budget struct {
	Limits []Limit            // in directive order
	At     map[string]float64 // size variables fixed for the check
	atText string
}

// Limit is one metric<=max clause.
type Limit struct {
	Metric string
	Max    float64
}

// Metrics lists the budget metrics.
var Metrics = []string{"allocbytes", "allocs", "io", "membytes", "ops"}

// ParseBudget parses the text after //perfcast:budget.
func ParseBudget(text string) (*Budget, error) {
	b := &Budget{At: map[string]float64{}}
	var at []string
	for _, f := range strings.Fields(text) {
		if m, v, ok := strings.Cut(f, "<="); ok {
			if !contains(Metrics, m) {
				return nil, fmt.Errorf("unknown metric %q (want one of %s)", m, strings.Join(Metrics, ", "))
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < 0 {
				return nil, fmt.Errorf("%s: limit %q is not a non-negative number", m, v)
			}
			b.Limits = append(b.Limits, Limit{m, x})
			continue
		}
		if n, v, ok := strings.Cut(f, "="); ok {
			if err := expr.ValidVar(n); err != nil {
				return nil, err
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: value %q is not a number", n, v)
			}
			b.At[n] = x
			at = append(at, f)
			continue
		}
		return nil, fmt.Errorf("%q is neither metric<=limit nor variable=value", f)
	}
	if len(b.Limits) == 0 {
		return nil, fmt.Errorf("no limit given (e.g. allocs<=0)")
	}
	if len(at) > 0 {
		b.atText = " at " + strings.Join(at, " ")
	}
	return b, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// Check evaluates the summary against the limits and returns one message
// per limit exceeded.
func (b *Budget) Check(s *analyzer.Summary) []string {
	env := func(name string) (float64, bool) {
		if v, ok := b.At[name]; ok {
			return v, true
		}
		for _, v := range s.Vars {
			if v.Name == name {
				return v.Default, true
			}
		}
		return 0, false
	}
	var msgs []string
	for _, l := range b.Limits {
		e := metric(s, l.Metric)
		v, err := e.Eval(env)
		if err != nil {
			msgs = append(msgs, fmt.Sprintf("budget %s: %v", l.Metric, err))
			continue
		}
		if v > l.Max {
			msgs = append(msgs, fmt.Sprintf("%s = %s = %.4g exceeds budget %g%s", l.Metric, e, v, l.Max, b.atText))
		}
	}
	return msgs
}

func metric(s *analyzer.Summary, m string) expr.Expr {
	switch m {
	case "allocs":
		return s.AllocCount
	case "allocbytes":
		return s.AllocBytes
	case "membytes":
		return s.Op(manifest.OpMemBytes)
	case "io":
		var es []expr.Expr
		for _, io := range s.IO {
			es = append(es, io.Count)
		}
		return expr.Add(es...)
	}
	var es []expr.Expr
	for _, oc := range s.CPU {
		if oc.Class != manifest.OpMemBytes {
			es = append(es, oc.Count)
		}
	}
	return expr.Add(es...)
}
