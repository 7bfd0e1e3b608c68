package predict

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/analyzer/interp"
)

// Benchmark is one benchmark as `go test -bench` names and runs it: a
// top-level Benchmark function or a leaf sub-benchmark reached through b.Run.
type Benchmark struct {
	Pkg  string // import path of the package under test
	Name string // full name without the -GOMAXPROCS suffix: "BenchmarkSum64/4KB"
	Pos  string // file:line:col of the function holding the timed loop
	// Func is the ssa name of the function whose b.N loop is timed (the
	// benchmark itself, a b.Run closure, or a function passed to b.Run).
	Func string
	// B is the name of that function's *testing.B parameter: the timed loop
	// is bounded by the variable B+".N".
	B string
	// Env gives the function's size variables whose values discovery knows
	// from the enclosing benchmark: captured sizes ("size"), lengths
	// ("len(in)") and fields ("bb.n").
	Env map[string]float64
	// SetBytes is the argument of b.SetBytes in the function (0 if none or
	// unknown), which makes go test report MB/s.
	SetBytes float64
	// Parallel is set when the timed loop is a b.RunParallel body
	// (`for pb.Next()`, B is then the *testing.PB): go test divides its wall
	// time by b.N over GOMAXPROCS goroutines.
	Parallel bool
	// LiveGrowth is the heap per operation a map the timed loop fills (a
	// key per operation) keeps live, from the interpreted run; 0 when no
	// map grows with b.N. The map's accesses land in a working set that
	// grows over go test's run.
	LiveGrowth float64
	// Once is set when the benchmark never reads b.N, calls b.Loop or
	// b.RunParallel, or passes b on: its timed code runs once per call
	// whatever b.N is, so go test's b.N climbs to its cap (1e9) unless one
	// call outlasts the bench time.
	Once bool
	// SetupTimed is set when nothing the benchmark runs resets or stops
	// its timer (no ResetTimer, StopTimer or b.Loop in its function or in
	// the functions and closures it calls statically, a factory's returned
	// closure included): go test then measures the whole call, setup
	// before the timed loop too, and divides it by b.N (timerUntouched).
	SetupTimed bool
	// Objects are the structures in scope where the benchmark's function
	// is created (the variables a b.Run closure may capture) that
	// discovery saw built by a call whose arguments it knows, with the
	// calls they were passed to afterwards: perfcast predict gives them
	// the sizes the constructor's shape and those calls' effects say
	// (objects.go).
	Objects []Object
	// Funcs maps the function values in scope (a helper's func parameter,
	// a local closure) to the ssa name of the function discovery knows
	// they hold: a call through one of them in the timed loop costs that
	// function (analyzer.DispatchVar).
	Funcs map[string]string
	// Reason says why the benchmark cannot be predicted; "" when it can.
	Reason string
}

// Key is the benchmark's identity in benchmark output: "pkg.Name".
func (b Benchmark) Key() string { return b.Pkg + "." + b.Name }

// discoverer walks the test syntax of one package.
type discoverer struct {
	pkg     *packages.Package
	info    *types.Info
	fset    *token.FileSet
	fnByPos map[token.Pos]*ssa.Function
	decls   map[types.Object]*ast.FuncDecl
	globals map[types.Object]ast.Expr
	gcache  map[types.Object]value
	relPos  func(token.Pos) string
	out     []Benchmark
	depth   int
	steps   int // iterations of loops without b.Run left to replay (objects.go)
}

// maxUnroll bounds the iterations of a table or counted loop that discovery
// evaluates one by one.
const maxUnroll = 1024

// Discover lists the benchmarks of a loaded package (with its test files)
// whose functions were built into fns, in source order of the Benchmark
// functions and b.Run calls.
func Discover(p *packages.Package, fns []*ssa.Function, relPos func(token.Position) string) []Benchmark {
	d := &discoverer{
		pkg: p, info: p.TypesInfo, fset: p.Fset,
		fnByPos: map[token.Pos]*ssa.Function{},
		decls:   map[types.Object]*ast.FuncDecl{},
		globals: map[types.Object]ast.Expr{},
		gcache:  map[types.Object]value{},
		relPos:  func(pos token.Pos) string { return relPos(p.Fset.Position(pos)) },
		steps:   maxReplay,
	}
	for _, fn := range fns {
		if fn.Pos().IsValid() {
			d.fnByPos[fn.Pos()] = fn
		}
	}
	var benches []*ast.FuncDecl
	for _, f := range p.Syntax {
		isTest := strings.HasSuffix(p.Fset.Position(f.Pos()).Filename, "_test.go")
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				obj := d.info.Defs[decl.Name]
				if obj != nil && decl.Body != nil {
					d.decls[obj] = decl
				}
				if isTest && decl.Recv == nil && isBenchmarkName(decl.Name.Name) && d.benchParam(decl.Type) != nil {
					benches = append(benches, decl)
				}
			case *ast.GenDecl:
				if decl.Tok != token.VAR {
					continue
				}
				for _, spec := range decl.Specs {
					vs := spec.(*ast.ValueSpec)
					if len(vs.Values) != len(vs.Names) {
						continue
					}
					for i, n := range vs.Names {
						if obj := d.info.Defs[n]; obj != nil {
							d.globals[obj] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	sort.SliceStable(benches, func(i, j int) bool {
		return p.Fset.Position(benches[i].Pos()).String() < p.Fset.Position(benches[j].Pos()).String()
	})
	for _, decl := range benches {
		obj := d.info.Defs[decl.Name]
		fn := d.ssaFunc(decl.Name.Pos(), obj)
		d.bench(decl.Name.Name, decl.Type, decl.Body, fn, newEnv())
	}
	return d.out
}

// pkgPath is the import path go test prints on the "pkg:" line for the
// package's benchmarks: an external test package (package p_test, import
// path "p_test") is reported under the package it tests.
func (d *discoverer) pkgPath() string {
	if strings.HasSuffix(d.pkg.Name, "_test") {
		return strings.TrimSuffix(d.pkg.PkgPath, "_test")
	}
	return d.pkg.PkgPath
}

// isBenchmarkName reports whether go test treats name as a benchmark:
// "Benchmark" followed by nothing or a non-lower-case letter.
func isBenchmarkName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Benchmark")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	r := []rune(rest)[0]
	return !unicode.IsLower(r)
}

// benchParam returns the *testing.B parameter of a func(*testing.B) type.
func (d *discoverer) benchParam(ft *ast.FuncType) *ast.Ident {
	if ft.Params == nil || len(ft.Params.List) != 1 || len(ft.Params.List[0].Names) > 1 {
		return nil
	}
	if ft.Results != nil && len(ft.Results.List) > 0 {
		return nil
	}
	f := ft.Params.List[0]
	if !isTestingB(d.info.TypeOf(f.Type)) {
		return nil
	}
	if len(f.Names) == 0 {
		return ast.NewIdent("_")
	}
	return f.Names[0]
}

func isTestingB(t types.Type) bool {
	return t != nil && types.TypeString(t, nil) == "*testing.B"
}

// ssaFunc finds the ssa function declared at pos (a FuncDecl's name or a
// FuncLit's func keyword).
func (d *discoverer) ssaFunc(pos token.Pos, obj types.Object) *ssa.Function {
	if fn := d.fnByPos[pos]; fn != nil {
		return fn
	}
	if obj != nil {
		if fn := d.fnByPos[obj.Pos()]; fn != nil {
			return fn
		}
	}
	return nil
}

// bench handles one function run as a benchmark under name: a parent if it
// calls b.Run, else a leaf whose timed loop is predicted. It returns the
// environment as the function leaves it (nil if it is not a benchmark).
func (d *discoverer) bench(name string, ft *ast.FuncType, body *ast.BlockStmt, fn *ssa.Function, e *env) *env {
	bp := d.benchParam(ft)
	if bp == nil {
		return nil
	}
	bobj := d.info.Defs[bp]
	// The objects in scope as the function is created are what it
	// captures; what its own body does to them (the timed loop, or a
	// parent's sub-benchmarks) changes copies.
	objs, funcs := d.objects(e)
	e = e.copyObjects()
	w := &walk{d: d, b: bobj, name: name, env: e, seen: map[string]int{}}
	w.stmts(body.List)
	if w.runs > 0 {
		return e // testing reports only the leaves
	}
	sizes := e.sizes()
	if w.parallelEnv != nil {
		// The RunParallel body of a helper captures the helper's
		// variables.
		for k, v := range w.parallelEnv.sizes() {
			if sizes == nil {
				sizes = map[string]float64{}
			}
			sizes[k] = v
		}
	}
	bm := Benchmark{Pkg: d.pkgPath(), Name: name, B: bp.Name, Env: sizes, SetBytes: w.setBytes, Once: runsOnce(body, bobj, d.info)}
	bm.Objects, bm.Funcs = objs, funcs
	bm.SetupTimed = fn != nil && w.parallel == nil && timerUntouched(fn, map[*ssa.Function]bool{}, 0)
	if w.parallel != nil {
		// The timed loop is the RunParallel body's `for pb.Next()`.
		fn, bm.B, bm.Parallel = d.ssaFunc(w.parallel.Type.Func, nil), w.parallelPB, true
	}
	switch {
	case fn == nil:
		bm.Reason = "no SSA function for the benchmark body"
	case bp.Name == "_":
		bm.Reason = "the *testing.B parameter is unnamed"
	default:
		bm.Func = fn.String()
		bm.Pos = d.relPos(fn.Pos())
	}
	if w.unknownBytes && bm.Reason == "" {
		bm.SetBytes = 0
	}
	d.out = append(d.out, bm)
	return e
}

// walk evaluates the statements of one benchmark function.
type walk struct {
	d            *discoverer
	b            types.Object // the *testing.B in scope
	name         string
	env          *env
	runs         int
	seen         map[string]int // sub-benchmark names already run, for #NN suffixes
	setBytes     float64
	unknownBytes bool
	inspecting   map[*ast.FuncLit]bool // closures containsRun is inside
	parallel     *ast.FuncLit          // the body passed to b.RunParallel, if any
	parallelPB   string                // its *testing.PB parameter
	parallelEnv  *env                  // the variables it captures, when a helper given b passed it
	// times is how many times the statements being walked run per pass
	// (0: once), inside loops replayed once for all their iterations
	// (objects.go, repeat).
	times float64
	// inexact counts the enclosing statements that may run other than
	// once per pass of the walk (a branch, a loop walked once with its
	// variable unknown): calls on objects there make them unknown.
	inexact int
}

func (w *walk) stmts(list []ast.Stmt) {
	for _, s := range list {
		w.stmt(s)
	}
}

func (w *walk) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.BlockStmt:
		w.stmts(s.List)
	case *ast.ExprStmt:
		w.expr(s.X)
	case *ast.AssignStmt:
		for _, r := range s.Rhs {
			w.expr(r)
		}
		for _, l := range s.Lhs {
			if _, ok := ast.Unparen(l).(*ast.Ident); !ok {
				w.forget(l) // a store into an object's field or element
			}
		}
		if len(s.Lhs) == len(s.Rhs) {
			for i, l := range s.Lhs {
				v := w.d.eval(s.Rhs[i], w.env)
				if s.Tok != token.DEFINE && s.Tok != token.ASSIGN {
					v = w.d.binary(assignOp(s.Tok), w.d.eval(l, w.env), v)
				}
				w.assign(l, v, s.Tok)
			}
		} else {
			for _, l := range s.Lhs {
				w.assign(l, value{}, s.Tok)
			}
		}
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, n := range vs.Names {
				v := value{}
				if len(vs.Values) == len(vs.Names) {
					w.expr(vs.Values[i])
					v = w.d.eval(vs.Values[i], w.env)
				} else if len(vs.Values) == 0 {
					v = zeroValue(w.d.info.TypeOf(n))
				}
				w.env.set(w.d.info.Defs[n], n.Name, v)
			}
		}
	case *ast.IfStmt:
		if s.Init != nil {
			w.stmt(s.Init)
		}
		w.expr(s.Cond)
		if c := w.d.eval(s.Cond, w.env); c.kind == vBool {
			// A condition on known values (a table row's flag) takes
			// one arm.
			if c.b {
				w.stmts(s.Body.List)
			} else if s.Else != nil {
				w.stmt(s.Else)
			}
			break
		}
		w.inexact++
		w.stmts(s.Body.List)
		if s.Else != nil {
			w.stmt(s.Else)
		}
		w.inexact--
	case *ast.RangeStmt:
		w.rangeStmt(s)
	case *ast.ForStmt:
		w.forStmt(s)
	case *ast.SwitchStmt:
		if s.Init != nil {
			w.stmt(s.Init)
		}
		if s.Tag != nil {
			w.expr(s.Tag)
		}
		w.inexact++
		for _, c := range s.Body.List {
			w.stmts(c.(*ast.CaseClause).Body)
		}
		w.inexact--
	case *ast.LabeledStmt:
		w.stmt(s.Stmt)
	case *ast.IncDecStmt:
		op := token.ADD
		if s.Tok == token.DEC {
			op = token.SUB
		}
		if _, ok := ast.Unparen(s.X).(*ast.Ident); ok {
			w.assign(s.X, w.d.binary(op, w.d.eval(s.X, w.env), num(1)), token.ASSIGN)
		} else {
			w.forget(s.X) // a field or element of an object
		}
	default:
		// Statements discovery does not evaluate (go, defer, select,
		// type switches, sends, returns): objects they use may change.
		w.forget(s)
	}
}

func (w *walk) assign(l ast.Expr, v value, tok token.Token) {
	id, ok := l.(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	obj := w.d.info.Defs[id]
	if obj == nil {
		obj = w.d.info.Uses[id]
	}
	if old, _ := w.env.get(obj); w.inexact > 0 && (v.kind == vObj || old.kind == vObj) {
		v = value{} // an object assigned on one path only
	}
	w.env.set(obj, id.Name, v)
}

func assignOp(tok token.Token) token.Token {
	switch tok {
	case token.ADD_ASSIGN:
		return token.ADD
	case token.SUB_ASSIGN:
		return token.SUB
	case token.MUL_ASSIGN:
		return token.MUL
	case token.SHL_ASSIGN:
		return token.SHL
	}
	return token.ILLEGAL
}

// containsRun reports whether n syntactically contains a call of a Run
// method or of a function that takes a *testing.B (which may call it).
func (w *walk) containsRun(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Run" && isTestingB(w.d.info.TypeOf(sel.X)) {
				found = true
			}
			for _, a := range c.Args {
				if isTestingB(w.d.info.TypeOf(a)) {
					found = true
				}
			}
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
				if v, ok := w.env.get(w.d.info.Uses[id]); ok && v.kind == vFunc && v.lit != nil && !w.inspecting[v.lit] {
					if w.inspecting == nil {
						w.inspecting = map[*ast.FuncLit]bool{}
					}
					w.inspecting[v.lit] = true // a closure calling itself
					found = found || w.containsRun(v.lit.Body)
					delete(w.inspecting, v.lit)
				}
			}
		}
		return !found
	})
	return found
}

// containsParallel reports whether n calls b.RunParallel on a *testing.B.
func (w *walk) containsParallel(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "RunParallel" && isTestingB(w.d.info.TypeOf(sel.X)) {
				found = true
			}
		}
		return !found
	})
	return found
}

func (w *walk) rangeStmt(s *ast.RangeStmt) {
	if !w.containsRun(s.Body) {
		w.replayLoop(s)
		return
	}
	x := w.d.eval(s.X, w.env)
	bind := func(k, v value) {
		if s.Key != nil {
			w.assign(s.Key, k, token.DEFINE)
		}
		if s.Value != nil {
			w.assign(s.Value, v, token.DEFINE)
		}
	}
	switch {
	case x.kind == vList && len(x.elems) <= maxUnroll:
		for i, el := range x.elems {
			k := num(float64(i))
			if x.keys != nil {
				k = x.keys[i]
			}
			bind(k, el)
			w.stmts(s.Body.List)
		}
		return
	case x.kind == vNum && x.num >= 0 && x.num <= maxUnroll && isIntType(w.d.info.TypeOf(s.X)):
		for i := 0; i < int(x.num); i++ {
			bind(num(float64(i)), value{})
			w.stmts(s.Body.List)
		}
		return
	}
	bind(value{}, value{})
	w.inexact++
	w.stmts(s.Body.List)
	w.inexact--
}

// forStmt unrolls `for i := a; i < c; i++` (or i += k, i *= k, i <<= k)
// with known bounds; other loops are walked once with the variable unknown.
func (w *walk) forStmt(s *ast.ForStmt) {
	if !w.containsRun(s.Body) {
		w.replayLoop(s)
		return
	}
	if s.Init != nil {
		w.stmt(s.Init)
	}
	iter := 0
	for ; iter < maxUnroll; iter++ {
		if s.Cond == nil {
			break
		}
		c := w.d.eval(s.Cond, w.env)
		if c.kind != vBool {
			break
		}
		if !c.b {
			return
		}
		w.stmts(s.Body.List)
		if s.Post == nil {
			break
		}
		switch p := s.Post.(type) {
		case *ast.IncDecStmt:
			op := token.ADD
			if p.Tok == token.DEC {
				op = token.SUB
			}
			v := w.d.binary(op, w.d.eval(p.X, w.env), num(1))
			w.assign(p.X, v, token.ASSIGN)
		case *ast.AssignStmt:
			if len(p.Lhs) == 1 && len(p.Rhs) == 1 {
				v := w.d.eval(p.Rhs[0], w.env)
				if p.Tok != token.ASSIGN {
					v = w.d.binary(assignOp(p.Tok), w.d.eval(p.Lhs[0], w.env), v)
				}
				w.assign(p.Lhs[0], v, token.ASSIGN)
			}
		default:
			return
		}
	}
	if iter == 0 {
		w.inexact++
		w.stmts(s.Body.List)
		w.inexact--
		return
	}
	w.forget(s.Body) // stopped before the loop's end: its calls are not all replayed
}

// expr looks for b.Run and b.SetBytes calls and for helpers that receive b.
func (w *walk) expr(x ast.Expr) {
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // a closure not passed to b.Run does not run here
		case *ast.CallExpr:
			w.call(n)
			w.objectCall(n)
		}
		return true
	})
}

func (w *walk) isB(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && w.b != nil && w.d.info.Uses[id] == w.b
}

func (w *walk) call(c *ast.CallExpr) {
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok && w.isB(sel.X) {
		switch sel.Sel.Name {
		case "Run":
			if len(c.Args) == 2 {
				w.run(c)
			}
		case "RunParallel":
			if len(c.Args) == 1 {
				if lit, ok := ast.Unparen(c.Args[0]).(*ast.FuncLit); ok && lit.Type.Params != nil && len(lit.Type.Params.List) == 1 && len(lit.Type.Params.List[0].Names) == 1 {
					w.parallel, w.parallelPB = lit, lit.Type.Params.List[0].Names[0].Name
				}
			}
		case "SetBytes":
			if len(c.Args) == 1 {
				if v := w.d.eval(c.Args[0], w.env); v.kind == vNum {
					w.setBytes = v.num
				} else {
					w.unknownBytes = true
				}
			}
		}
		return
	}
	// A helper of this package that takes b and may call b.Run.
	id := calleeIdent(c.Fun)
	if id == nil {
		return
	}
	// A local closure that calls b.Run: bench := func(name string, n int) {
	// ... b.Run(name, ...) }, called with the sub-benchmark's parameters.
	if v, ok := w.env.get(w.d.info.Uses[id]); ok && v.kind == vFunc && v.lit != nil && w.d.depth <= 4 && w.containsRun(v.lit.Body) {
		inner := w.env.clone()
		i := 0
		for _, f := range v.lit.Type.Params.List {
			for _, n := range f.Names {
				if i < len(c.Args) {
					inner.set(w.d.info.Defs[n], n.Name, w.d.eval(c.Args[i], w.env))
				}
				i++
			}
		}
		w.d.depth++
		sub := &walk{d: w.d, b: w.b, name: w.name, env: inner, seen: w.seen, inexact: w.inexact, times: w.times}
		sub.stmts(v.lit.Body.List)
		w.d.depth--
		w.runs += sub.runs
		w.adoptHelper(sub)
		return
	}
	decl := w.d.decls[w.d.info.Uses[id]]
	if decl == nil || decl.Recv != nil || w.d.depth > 4 || !w.containsRun(decl.Body) && !w.containsParallel(decl.Body) {
		return
	}
	// The helper's timed code may be a b.RunParallel body
	// (benchmarkParse(b, input) { b.SetBytes(...); b.RunParallel(...) }):
	// the walk below finds it, with the helper's parameters bound.
	var bparam types.Object
	inner := newEnv()
	i := 0
	for _, f := range decl.Type.Params.List {
		names := f.Names
		if len(names) == 0 {
			names = []*ast.Ident{ast.NewIdent("_")}
		}
		for _, n := range names {
			if i >= len(c.Args) {
				break
			}
			obj := w.d.info.Defs[n]
			if w.isB(c.Args[i]) {
				bparam = obj
			} else if obj != nil {
				inner.set(obj, n.Name, w.d.eval(c.Args[i], w.env))
			}
			i++
		}
	}
	if bparam == nil {
		return
	}
	w.d.depth++
	sub := &walk{d: w.d, b: bparam, name: w.name, env: inner, seen: w.seen, inexact: w.inexact, times: w.times}
	sub.stmts(decl.Body.List)
	w.d.depth--
	w.runs += sub.runs
	w.adoptHelper(sub)
}

// adoptHelper takes what a helper given b did to the benchmark it runs in:
// the b.RunParallel body it passed, with the helper's variables that body
// captures, and the bytes it set per operation.
func (w *walk) adoptHelper(sub *walk) {
	if sub.parallel != nil {
		w.parallel, w.parallelPB = sub.parallel, sub.parallelPB
		w.parallelEnv = sub.env
		if sub.parallelEnv != nil {
			w.parallelEnv = sub.parallelEnv
		}
	}
	if sub.setBytes != 0 {
		w.setBytes = sub.setBytes
	}
	w.unknownBytes = w.unknownBytes || sub.unknownBytes
}

func calleeIdent(fun ast.Expr) *ast.Ident {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f
	case *ast.IndexExpr: // generic instantiation
		return calleeIdent(f.X)
	}
	return nil
}

// run handles b.Run(name, f).
func (w *walk) run(c *ast.CallExpr) {
	w.runs++
	nv := w.d.eval(c.Args[0], w.env)
	var full string
	reason := ""
	if nv.kind == vStr {
		full = w.name + "/" + w.unique(interp.RewriteName(nv.str))
	} else {
		full = w.name + "/" + "?"
		reason = "sub-benchmark name is not a constant: " + w.d.exprString(c.Args[0])
	}
	fun := ast.Unparen(c.Args[1])
	switch f := fun.(type) {
	case *ast.FuncLit:
		fn := w.d.ssaFunc(f.Type.Func, nil)
		if reason != "" {
			w.d.out = append(w.d.out, Benchmark{Pkg: w.d.pkgPath(), Name: full, Reason: reason})
			return
		}
		w.adopt(f, w.d.bench(full, f.Type, f.Body, fn, w.env.clone()))
		return
	case *ast.Ident:
		obj := w.d.info.Uses[f]
		if decl := w.d.decls[obj]; decl != nil && reason == "" {
			w.d.bench(full, decl.Type, decl.Body, w.d.ssaFunc(decl.Name.Pos(), obj), newEnv())
			return
		}
	case *ast.CallExpr:
		// A constructor returning the benchmark closure: bind its
		// parameters and take the func literal it returns.
		if id := calleeIdent(f.Fun); id != nil && reason == "" {
			if decl := w.d.decls[w.d.info.Uses[id]]; decl != nil && decl.Recv == nil {
				inner := newEnv()
				i := 0
				for _, fl := range decl.Type.Params.List {
					for _, n := range fl.Names {
						if i < len(f.Args) {
							inner.set(w.d.info.Defs[n], n.Name, w.d.eval(f.Args[i], w.env))
						}
						i++
					}
				}
				if lit := returnedFuncLit(decl.Body); lit != nil {
					w.d.bench(full, lit.Type, lit.Body, w.d.ssaFunc(lit.Type.Func, nil), inner)
					return
				}
			}
		}
	}
	if reason == "" {
		reason = "sub-benchmark function is not a literal or a function of the package: " + w.d.exprString(c.Args[1])
	}
	w.d.out = append(w.d.out, Benchmark{Pkg: w.d.pkgPath(), Name: full, Reason: reason})
}

func returnedFuncLit(body *ast.BlockStmt) *ast.FuncLit {
	for _, s := range body.List {
		if r, ok := s.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
			if lit, ok := ast.Unparen(r.Results[0]).(*ast.FuncLit); ok {
				return lit
			}
		}
	}
	return nil
}

// unique applies testing's rule for repeated sub-benchmark names: the
// second "x" is "x#01", the third "x#02".
func (w *walk) unique(n string) string {
	c := w.seen[n]
	w.seen[n] = c + 1
	if c == 0 {
		return n
	}
	return fmt.Sprintf("%s#%02d", n, c)
}

func (d *discoverer) exprString(x ast.Expr) string {
	return types.ExprString(x)
}

// Values known to discovery.

type valueKind uint8

const (
	vUnknown valueKind = iota
	vNum
	vStr
	vBool
	vStruct
	vList // a slice, array or map with known elements
	vLen  // a slice or string of known length only
	vFunc // a local closure (which may call b.Run when called) or a named function
	vObj  // a structure built by a call discovery can name (objects.go)
	vBnd  // an integer known only to lie in [0, num]: rand.Intn(n) is in [0, n-1]
)

type value struct {
	kind   valueKind
	num    float64
	str    string
	b      bool
	fields map[string]value
	elems  []value
	keys   []value // of a map literal
	lit    *ast.FuncLit
	fname  string  // of a vFunc without lit: the named function's ssa name
	obj    *object // of a vObj, shared by the variables holding it
	// capn is the capacity of a vLen slice whose capacity exceeds its
	// length (make with a capacity, or resliced shorter: buf = buf[:n]);
	// hasCap says it is set.
	capn   float64
	hasCap bool
}

func num(f float64) value     { return value{kind: vNum, num: f} }
func lenOnly(n float64) value { return value{kind: vLen, num: n} }

// length returns the length of a string, list or length-only value.
func (v value) length() (float64, bool) {
	switch v.kind {
	case vStr:
		return float64(len(v.str)), true
	case vList:
		return float64(len(v.elems)), true
	case vLen:
		return v.num, true
	}
	return 0, false
}

// capacity returns the capacity of a slice value: its length unless it was
// made or resliced with more room.
func (v value) capacity() (float64, bool) {
	if v.kind == vLen && v.hasCap {
		return v.capn, true
	}
	return v.length()
}

// slice evaluates x[lo:hi:max] on a value of known length: a substring, a
// sub-list, or a length (and capacity) only.
func (v value) slice(lo, hi, max value, hasHi, hasMax bool) value { // lo is vNum or absent
	l, ok := v.length()
	if !ok {
		return value{}
	}
	c, _ := v.capacity()
	from, to := 0.0, l
	if lo.kind == vNum { // else no low bound: the caller returns early on an unknown one
		from = lo.num
	}
	if hasHi {
		if hi.kind != vNum {
			return value{}
		}
		to = hi.num
	}
	if from < 0 || to < from || to > c || from != float64(int(from)) || to != float64(int(to)) {
		return value{}
	}
	switch v.kind {
	case vStr:
		if to > l {
			return value{}
		}
		return value{kind: vStr, str: v.str[int(from):int(to)]}
	case vList:
		if to > l || v.keys != nil {
			return value{}
		}
		return value{kind: vList, elems: v.elems[int(from):int(to)]}
	}
	r := lenOnly(to - from)
	newCap := c - from
	if hasMax {
		if max.kind != vNum || max.num < to || max.num > c {
			return value{}
		}
		newCap = max.num - from
	}
	if newCap != r.num {
		r.capn, r.hasCap = newCap, true
	}
	return r
}

func zeroValue(t types.Type) value {
	if t == nil {
		return value{}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsNumeric != 0:
			return num(0)
		case u.Info()&types.IsString != 0:
			return value{kind: vStr}
		case u.Info()&types.IsBoolean != 0:
			return value{kind: vBool}
		}
	case *types.Slice:
		return lenOnly(0)
	}
	return value{}
}

func isIntType(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// env holds the variables in scope and their values, in definition order.
type env struct {
	objs  []types.Object
	names []string
	vals  []value
}

func newEnv() *env { return &env{} }

func (e *env) clone() *env {
	return &env{objs: append([]types.Object(nil), e.objs...), names: append([]string(nil), e.names...), vals: append([]value(nil), e.vals...)}
}

func (e *env) set(obj types.Object, name string, v value) {
	if obj == nil {
		return
	}
	for i := range e.objs {
		if e.objs[i] == obj {
			e.vals[i] = v
			return
		}
	}
	e.objs = append(e.objs, obj)
	e.names = append(e.names, name)
	e.vals = append(e.vals, v)
}

func (e *env) get(obj types.Object) (value, bool) {
	for i := len(e.objs) - 1; i >= 0; i-- {
		if e.objs[i] == obj {
			return e.vals[i], true
		}
	}
	return value{}, false
}

// sizes expands the environment into size variables as the analyzer names
// them: "n", "len(s)", "cap(s)", "bb.n", "len(bb.name)". Later definitions
// win over earlier ones of the same name (shadowing).
func (e *env) sizes() map[string]float64 {
	out := map[string]float64{}
	var expand func(n string, v value, depth int)
	expand = func(n string, v value, depth int) {
		if depth > 3 {
			return
		}
		switch v.kind {
		case vNum:
			out[n] = v.num
		case vStruct:
			for f, fv := range v.fields {
				expand(n+"."+f, fv, depth+1)
			}
		}
		if l, ok := v.length(); ok {
			out["len("+n+")"] = l
			if c, _ := v.capacity(); v.kind != vStr {
				out["cap("+n+")"] = c
			}
		}
	}
	for i, n := range e.names {
		expand(n, e.vals[i], 0)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// eval evaluates x in e, returning an unknown value when it cannot.
func (d *discoverer) eval(x ast.Expr, e *env) value {
	if x == nil {
		return value{}
	}
	if tv, ok := d.info.Types[x]; ok && tv.Value != nil {
		return constValue(tv.Value)
	}
	if tv, ok := d.info.Types[x]; ok && tv.IsNil() {
		switch u := tv.Type.Underlying().(type) {
		case *types.Slice, *types.Map:
			return value{kind: vList} // ranges over nothing
		case *types.Basic:
			if u.Kind() == types.UntypedNil {
				// An argument nil: a nil slice or map ranges over
				// nothing (and nothing else ranges).
				return value{kind: vList}
			}
		}
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		return d.eval(x.X, e)
	case *ast.Ident:
		obj := d.info.Uses[x]
		if obj == nil {
			obj = d.info.Defs[x]
		}
		if v, ok := e.get(obj); ok {
			return v
		}
		if fn, ok := obj.(*types.Func); ok && fn.Type().(*types.Signature).Recv() == nil {
			return value{kind: vFunc, fname: funcName(fn)}
		}
		if init, ok := d.globals[obj]; ok {
			if v, ok := d.gcache[obj]; ok {
				return v
			}
			d.gcache[obj] = value{} // cut cycles
			v := d.eval(init, newEnv())
			d.gcache[obj] = v
			return v
		}
	case *ast.UnaryExpr:
		v := d.eval(x.X, e)
		switch x.Op {
		case token.AND:
			return v
		case token.SUB:
			if v.kind == vNum {
				return num(-v.num)
			}
		case token.NOT:
			if v.kind == vBool {
				return value{kind: vBool, b: !v.b}
			}
		}
	case *ast.BinaryExpr:
		return d.binary(x.Op, d.eval(x.X, e), d.eval(x.Y, e))
	case *ast.CompositeLit:
		return d.composite(x, e)
	case *ast.SelectorExpr:
		v := d.eval(x.X, e)
		if v.kind == vStruct {
			if fv, ok := v.fields[x.Sel.Name]; ok {
				return fv
			}
		}
	case *ast.SliceExpr:
		var lo value
		if x.Low != nil {
			if lo = d.eval(x.Low, e); lo.kind != vNum {
				return value{}
			}
		}
		return d.eval(x.X, e).slice(lo, d.eval(x.High, e), d.eval(x.Max, e), x.High != nil, x.Max != nil)
	case *ast.IndexExpr:
		v := d.eval(x.X, e)
		i := d.eval(x.Index, e)
		if v.kind == vList && i.kind == vNum && v.keys == nil {
			if k := int(i.num); k >= 0 && k < len(v.elems) {
				return v.elems[k]
			}
		}
		if v.kind == vList && v.keys != nil && (i.kind == vNum || i.kind == vStr) {
			// A map literal indexed by a known key.
			for j, k := range v.keys {
				if k.kind == i.kind && k.num == i.num && k.str == i.str {
					return v.elems[j]
				}
			}
		}
	case *ast.CallExpr:
		return d.callValue(x, e)
	case *ast.FuncLit:
		return value{kind: vFunc, lit: x}
	}
	return value{}
}

func constValue(c constant.Value) value {
	switch c.Kind() {
	case constant.String:
		return value{kind: vStr, str: constant.StringVal(c)}
	case constant.Bool:
		return value{kind: vBool, b: constant.BoolVal(c)}
	case constant.Int, constant.Float:
		f, _ := constant.Float64Val(c)
		return num(f)
	}
	return value{}
}

func (d *discoverer) binary(op token.Token, a, b value) value {
	if a.kind == vStr && b.kind == vStr && op == token.ADD {
		return value{kind: vStr, str: a.str + b.str}
	}
	if a.kind != vNum || b.kind != vNum {
		return value{}
	}
	x, y := a.num, b.num
	switch op {
	case token.ADD:
		return num(x + y)
	case token.SUB:
		return num(x - y)
	case token.MUL:
		return num(x * y)
	case token.QUO:
		if y != 0 {
			return num(x / y) // integer division is handled by the constant folder for constants
		}
	case token.REM:
		if y != 0 {
			return num(math.Mod(x, y))
		}
	case token.SHL:
		return num(x * math.Exp2(y))
	case token.SHR:
		return num(math.Floor(x / math.Exp2(y)))
	case token.LSS:
		return value{kind: vBool, b: x < y}
	case token.LEQ:
		return value{kind: vBool, b: x <= y}
	case token.GTR:
		return value{kind: vBool, b: x > y}
	case token.GEQ:
		return value{kind: vBool, b: x >= y}
	case token.EQL:
		return value{kind: vBool, b: x == y}
	case token.NEQ:
		return value{kind: vBool, b: x != y}
	}
	return value{}
}

func (d *discoverer) composite(x *ast.CompositeLit, e *env) value {
	t := d.info.TypeOf(x)
	if t == nil {
		return value{}
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		v := value{kind: vStruct, fields: map[string]value{}}
		for i, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					v.fields[id.Name] = d.eval(kv.Value, e)
				}
				continue
			}
			if i < u.NumFields() {
				v.fields[u.Field(i).Name()] = d.eval(el, e)
			}
		}
		for i := 0; i < u.NumFields(); i++ { // omitted fields are zero
			if _, ok := v.fields[u.Field(i).Name()]; !ok {
				v.fields[u.Field(i).Name()] = zeroValue(u.Field(i).Type())
			}
		}
		return v
	case *types.Slice, *types.Array:
		v := value{kind: vList}
		for _, el := range x.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				return value{} // indexed literal: order and gaps not modelled
			}
			v.elems = append(v.elems, d.eval(el, e))
		}
		if a, ok := u.(*types.Array); ok && int64(len(v.elems)) != a.Len() {
			return lenOnly(float64(a.Len()))
		}
		return v
	case *types.Map:
		// Map iteration order is random; names and values are still known.
		v := value{kind: vList}
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return value{}
			}
			v.keys = append(v.keys, d.eval(kv.Key, e))
			v.elems = append(v.elems, d.eval(kv.Value, e))
		}
		return v
	}
	return value{}
}

// callValue evaluates the calls that build benchmark names and sizes.
func (d *discoverer) callValue(c *ast.CallExpr, e *env) value {
	if tv, ok := d.info.Types[c.Fun]; ok && tv.IsType() && len(c.Args) == 1 { // conversion
		v := d.eval(c.Args[0], e)
		to := tv.Type.Underlying()
		if b, ok := to.(*types.Basic); ok && b.Info()&types.IsInteger != 0 && v.kind == vNum {
			return num(math.Trunc(v.num))
		}
		if l, ok := v.length(); ok {
			if b, ok := to.(*types.Basic); ok && b.Info()&types.IsString != 0 && v.kind == vStr {
				return v
			}
			return lenOnly(l)
		}
		return v
	}
	if isObjectType(d.info.TypeOf(c)) {
		return d.construct(c, e)
	}
	if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
		if _, ok := d.info.Uses[id].(*types.Builtin); ok {
			switch id.Name {
			case "len":
				if len(c.Args) == 1 {
					if l, ok := d.eval(c.Args[0], e).length(); ok {
						return num(l)
					}
				}
			case "cap":
				if len(c.Args) == 1 {
					if l, ok := d.eval(c.Args[0], e).capacity(); ok {
						return num(l)
					}
				}
			case "make":
				if len(c.Args) >= 2 {
					if _, ok := d.info.TypeOf(c.Args[0]).Underlying().(*types.Slice); ok {
						if n := d.eval(c.Args[1], e); n.kind == vNum {
							v := lenOnly(n.num)
							if len(c.Args) == 3 {
								m := d.eval(c.Args[2], e)
								if m.kind != vNum {
									return value{}
								}
								if m.num != n.num {
									v.capn, v.hasCap = m.num, true
								}
							}
							return v
						}
					}
				}
			}
			return value{}
		}
	}
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return value{}
	}
	fn, ok := d.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return value{}
	}
	args := make([]value, len(c.Args))
	for i, a := range c.Args {
		args[i] = d.eval(a, e)
	}
	known := func() ([]any, bool) {
		out := make([]any, len(args))
		for i, a := range args {
			switch a.kind {
			case vNum:
				if isIntType(d.info.TypeOf(c.Args[i])) {
					out[i] = int64(a.num)
				} else {
					out[i] = a.num
				}
			case vStr:
				out[i] = a.str
			case vBool:
				out[i] = a.b
			default:
				return nil, false
			}
		}
		return out, true
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "fmt.Sprintf":
		if vs, ok := known(); ok && len(vs) > 0 {
			if f, ok := vs[0].(string); ok {
				return value{kind: vStr, str: fmt.Sprintf(f, vs[1:]...)}
			}
		}
	case "fmt.Sprint":
		if vs, ok := known(); ok {
			return value{kind: vStr, str: fmt.Sprint(vs...)}
		}
	case "math/rand.Intn", "math/rand.Int31n", "math/rand.Int63n",
		"math/rand/v2.IntN", "math/rand/v2.Int32N", "math/rand/v2.Int64N",
		"math/rand/v2.UintN", "math/rand/v2.Uint32N", "math/rand/v2.Uint64N", "math/rand/v2.N":
		// Random in [0, n): the package functions and the *Rand methods.
		if len(args) == 1 && args[0].kind == vNum && args[0].num >= 1 {
			return value{kind: vBnd, num: args[0].num - 1}
		}
	case "maps.Keys", "maps.Values":
		// An iterator over a map literal's keys (values); ranging over it
		// directly visits them in an order go test does not fix, and the
		// names printed follow the literal's.
		if len(args) == 1 && args[0].kind == vList && args[0].keys != nil {
			out := args[0].elems
			if fn.Name() == "Keys" {
				out = args[0].keys
			}
			return value{kind: vList, elems: slices.Clone(out)}
		}
	case "slices.Collect":
		if len(args) == 1 && args[0].kind == vList && args[0].keys == nil {
			return args[0]
		}
	case "slices.Sorted":
		if len(args) == 1 && args[0].kind == vList && args[0].keys == nil {
			if out, ok := sortedValues(args[0].elems); ok {
				return value{kind: vList, elems: out}
			}
		}
	case "strconv.Itoa":
		if len(args) == 1 && args[0].kind == vNum {
			return value{kind: vStr, str: strconv.Itoa(int(args[0].num))}
		}
	case "strconv.FormatInt":
		if len(args) == 2 && args[0].kind == vNum && args[1].kind == vNum {
			return value{kind: vStr, str: strconv.FormatInt(int64(args[0].num), int(args[1].num))}
		}
	case "strings.Repeat":
		if len(args) == 2 && args[1].kind == vNum {
			if args[0].kind == vStr && args[1].num*float64(len(args[0].str)) <= 1<<16 {
				return value{kind: vStr, str: strings.Repeat(args[0].str, int(args[1].num))}
			}
			if l, ok := args[0].length(); ok {
				return lenOnly(l * args[1].num)
			}
		}
	case "bytes.Repeat":
		if len(args) == 2 && args[1].kind == vNum {
			if l, ok := args[0].length(); ok {
				return lenOnly(l * args[1].num)
			}
		}
	}
	return value{}
}

// sortedValues sorts a list of numbers or of strings, as slices.Sorted
// does; false if they are not all of one of those kinds.
func sortedValues(vs []value) ([]value, bool) {
	out := slices.Clone(vs)
	if len(out) == 0 {
		return out, true
	}
	kind := out[0].kind
	if kind != vNum && kind != vStr {
		return nil, false
	}
	for _, v := range out {
		if v.kind != kind {
			return nil, false
		}
	}
	slices.SortStableFunc(out, func(a, b value) int {
		if kind == vNum {
			return cmp.Compare(a.num, b.num)
		}
		return strings.Compare(a.str, b.str)
	})
	return out, true
}

// timerUntouched reports whether fn, the functions it calls statically and
// the closures they create (a benchmark factory's `return func(b
// *testing.B) {...}`, called through the value it returns) — the callees
// that can reach the timer (mayTouchTimer) — up to depth 6, never call b.ResetTimer, b.StopTimer or b.Loop (whose first call
// resets the timer). testing starts the timer before it calls the
// benchmark function and reads it when the function returns, so without
// those calls everything the function does is measured: setup before the
// b.N loop included. A dynamic call is taken as not touching the timer.
func timerUntouched(fn *ssa.Function, seen map[*ssa.Function]bool, depth int) bool {
	if fn == nil || seen[fn] || depth > 6 {
		return true
	}
	seen[fn] = true
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.MakeClosure:
				if g, ok := in.Fn.(*ssa.Function); ok && !timerUntouched(g, seen, depth+1) {
					return false
				}
			case ssa.CallInstruction:
				g := in.Common().StaticCallee()
				if g == nil {
					continue
				}
				if g.Pkg != nil && g.Pkg.Pkg.Path() == "testing" {
					switch g.Name() {
					case "ResetTimer", "StopTimer", "Loop":
						if analyzer.HarnessCall(g) {
							return false
						}
					}
					continue
				}
				if o := g.Origin(); o != nil {
					g = o
				}
				if !mayTouchTimer(g.Signature) {
					continue
				}
				if !timerUntouched(g, seen, depth+1) {
					return false
				}
			}
		}
	}
	return true
}

// mayTouchTimer reports whether a function of signature sig can reach a
// benchmark's timer: it takes a *testing.B or testing.TB, or returns a
// function (a factory's benchmark closure), which the caller may run.
func mayTouchTimer(sig *types.Signature) bool {
	for v := range sig.Params().Variables() {
		switch types.TypeString(v.Type(), nil) {
		case "*testing.B", "testing.TB":
			return true
		}
	}
	for v := range sig.Results().Variables() {
		if _, ok := v.Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// onceMethods are the *testing.B methods that neither read b.N nor run
// the benchmark body.
var onceMethods = map[string]bool{
	"StopTimer": true, "StartTimer": true, "ResetTimer": true, "ReportAllocs": true, "SetBytes": true,
	"ReportMetric": true, "Helper": true, "Log": true, "Logf": true, "Skip": true, "Skipf": true,
	"SkipNow": true, "Fatal": true, "Fatalf": true, "Error": true, "Errorf": true, "Fail": true,
	"FailNow": true, "Cleanup": true, "Name": true, "TempDir": true, "Setenv": true,
}

// runsOnce reports whether body uses its *testing.B b only through
// onceMethods: no b.N, no b.Loop or b.RunParallel, b not passed on.
func runsOnce(body *ast.BlockStmt, b types.Object, info *types.Info) bool {
	once := true
	ast.Inspect(body, func(n ast.Node) bool {
		if !once || n == nil {
			return false
		}
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && info.Uses[id] == b {
				if !onceMethods[sel.Sel.Name] {
					once = false
				}
				return false
			}
		}
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == b {
			once = false // b itself used as a value: passed on or stored
		}
		return true
	})
	return once
}
