package interp

import (
	"errors"
	"fmt"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

const testPkgPrefix = "github.com/perfcast/perfcast/analyzer/interp/testdata/"

// loaded caches one SSA program per test package: loading and building
// takes a while and the programs are read-only for the interpreter.
var loaded sync.Map // pattern → *loadResult

type loadResult struct {
	once sync.Once
	prog *ssa.Program
	pkg  *ssa.Package
	err  error
}

// load builds the SSA of one testdata package as the analyzer does: the
// package from syntax (generics instantiated), its imports from type
// information only, so the standard library has no bodies and runs
// natively.
func load(t testing.TB, name string) (*ssa.Program, *ssa.Package) {
	t.Helper()
	v, _ := loaded.LoadOrStore(name, &loadResult{})
	r := v.(*loadResult)
	r.once.Do(func() {
		mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedTypesSizes
		deps := strings.HasPrefix(name, "poison")
		if deps {
			mode |= packages.NeedDeps
		}
		pkgs, err := packages.Load(&packages.Config{Mode: mode}, "./testdata/"+name)
		if err != nil {
			r.err = err
			return
		}
		if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
			r.err = fmt.Errorf("loading %s: %v", name, pkgs[0].Errors)
			return
		}
		p := pkgs[0]
		prog := ssa.NewProgram(p.Fset, ssa.InstantiateGenerics)
		created := map[*types.Package]bool{p.Types: true}
		var create func(*types.Package)
		syntax := map[*types.Package]*packages.Package{}
		packages.Visit(pkgs, nil, func(q *packages.Package) {
			if deps && strings.HasPrefix(q.PkgPath, testPkgPrefix) {
				syntax[q.Types] = q
			}
		})
		create = func(tp *types.Package) {
			for _, q := range tp.Imports() {
				if !created[q] {
					created[q] = true
					create(q)
					if sp := syntax[q]; sp != nil {
						prog.CreatePackage(q, sp.Syntax, sp.TypesInfo, true)
					} else {
						prog.CreatePackage(q, nil, nil, true)
					}
				}
			}
		}
		create(p.Types)
		r.pkg = prog.CreatePackage(p.Types, p.Syntax, p.TypesInfo, true)
		prog.Build()
		r.prog = prog
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.prog, r.pkg
}

// resultFuncs lists the package's exported functions without parameters
// and with one result of basic type: the programs the tests compare.
func resultFuncs(pkg *ssa.Package) []*ssa.Function {
	var fns []*ssa.Function
	for name, m := range pkg.Members {
		fn, ok := m.(*ssa.Function)
		if !ok || !ast_IsExported(name) || fn.Signature.Params().Len() != 0 || fn.Signature.Results().Len() != 1 {
			continue
		}
		if _, ok := fn.Signature.Results().At(0).Type().Underlying().(*types.Basic); !ok {
			continue
		}
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Name() < fns[j].Name() })
	return fns
}

func ast_IsExported(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' }

// compiled runs the functions compiled (go run on a generated main) and
// returns each one's result as fmt.Sprint prints it.
func compiled(t *testing.T, name string, fns []*ssa.Function) map[string]string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "package main\n\nimport (\n\t\"fmt\"\n\tp %q\n)\n\nfunc main() {\n", testPkgPrefix+name)
	for _, fn := range fns {
		fmt.Fprintf(&b, "\tfmt.Printf(\"%%s\\t%%q\\n\", %q, fmt.Sprint(p.%s()))\n", fn.Name(), fn.Name())
	}
	b.WriteString("}\n")
	dir := t.TempDir()
	main := filepath.Join(dir, "main.go")
	if err := os.WriteFile(main, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", main)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run: %v", err)
	}
	res := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad output line %q", line)
		}
		var s string
		if _, err := fmt.Sscanf(v, "%q", &s); err != nil {
			t.Fatalf("bad output line %q: %v", line, err)
		}
		res[k] = s
	}
	return res
}

// TestPrograms runs every result function of testdata/progs interpreted
// and compiled and compares the results.
func TestPrograms(t *testing.T) {
	comparePrograms(t, "progs", 50)
}

// TestStdPrograms does the same for programs calling the standard
// library; it is skipped while the native side is stubbed.
func TestStdPrograms(t *testing.T) {
	_, pkg := load(t, "stdprogs")
	in := New(pkg.Prog, Config{})
	if _, err := in.Call(pkg.Func("Builder")); err != nil && strings.Contains(err.Error(), "stub") {
		t.Skip("native side stubbed")
	}
	comparePrograms(t, "stdprogs", 10, "ErrorsAs", "StringerSlice")
}

// comparePrograms compares the interpreted and compiled results of the
// package's result functions; those named in refusable may instead fail
// with *Unsupported (what the native side cannot convert faithfully).
func comparePrograms(t *testing.T, name string, atLeast int, refusable ...string) {
	if testing.Short() {
		t.Skip("runs go run")
	}
	_, pkg := load(t, name)
	fns := resultFuncs(pkg)
	if len(fns) < atLeast {
		t.Fatalf("only %d test functions found", len(fns))
	}
	want := compiled(t, name, fns)
	for _, fn := range fns {
		t.Run(fn.Name(), func(t *testing.T) {
			in := New(pkg.Prog, Config{Budget: 50_000_000})
			v, err := in.Call(fn)
			var u *Unsupported
			if err != nil && errors.As(err, &u) && slices.Contains(refusable, fn.Name()) {
				t.Skipf("refused: %v", err)
			}
			if err != nil {
				t.Fatalf("interpreted: %v", err)
			}
			if got := fmt.Sprint(v); got != want[fn.Name()] {
				t.Errorf("interpreted %q, compiled %q", got, want[fn.Name()])
			}
		})
	}
}

// recorder is an Observer that keeps what it is told.
type recorder struct {
	blocks  map[string]int // "func#block" → entries
	allocs  []allocEvent
	inserts []int64
	hints   []int64
	natives []string
	resets  int
}

type allocEvent struct {
	at           ssa.Instruction
	caller       ssa.CallInstruction
	bytes, elems int64
}

func newRecorder() *recorder { return &recorder{blocks: map[string]int{}} }

func (r *recorder) Block(b *ssa.BasicBlock) {
	r.blocks[fmt.Sprintf("%s#%d", b.Parent().Name(), b.Index)]++
}

func (r *recorder) Alloc(at ssa.Instruction, caller ssa.CallInstruction, bytes, elems int64) {
	r.allocs = append(r.allocs, allocEvent{at, caller, bytes, elems})
}

func (r *recorder) MapInsert(at ssa.Instruction, caller ssa.CallInstruction, lenAfter, hint int64) {
	r.inserts = append(r.inserts, lenAfter)
	r.hints = append(r.hints, hint)
}

func (r *recorder) Native(at ssa.CallInstruction, fn *ssa.Function, args []Value) {
	r.natives = append(r.natives, fn.String())
}

func (r *recorder) Reset() {
	r.blocks = map[string]int{}
	r.allocs, r.inserts, r.natives = nil, nil, nil
	r.resets++
}

// entries is how often fn's entry block was entered.
func (r *recorder) entries(fn string) int { return r.blocks[fn+"#0"] }

func TestObserverAppend(t *testing.T) {
	_, pkg := load(t, "progs")
	rec := newRecorder()
	in := New(pkg.Prog, Config{Observer: rec})
	v, err := in.Call(pkg.Func("AppendCapsInt"))
	if err != nil {
		t.Fatal(err)
	}
	// The caps the program saw (compared with the compiled program by
	// TestPrograms) are the allocations of the site s = append(s, i).
	sites := map[ssa.Instruction][]string{}
	for _, a := range rec.allocs {
		c, ok := a.at.(*ssa.Call)
		if !ok {
			continue
		}
		if b, ok := c.Call.Value.(*ssa.Builtin); !ok || b.Name() != "append" {
			continue
		}
		if es := c.Call.Args[0].Type().Underlying().(*types.Slice).Elem(); types.Identical(es, types.Typ[types.Int]) && a.bytes != a.elems*8 {
			t.Errorf("append of %d ints reported %d bytes", a.elems, a.bytes)
		}
		sites[a.at] = append(sites[a.at], fmt.Sprint(a.elems))
	}
	found := false
	for _, caps := range sites {
		if strings.Join(caps, ",") == v.(string) {
			found = true
		}
	}
	if !found || !strings.Contains(v.(string), "512,848,1280") {
		t.Errorf("no append site allocated the caps the program saw (%s): %v", v, sites)
	}
}

func TestObserverEvents(t *testing.T) {
	_, pkg := load(t, "observe")
	for _, tc := range []struct {
		fn    string
		check func(t *testing.T, r *recorder, v Value)
	}{
		{"Loop10", func(t *testing.T, r *recorder, v Value) {
			if n := r.entries("body"); n != 10 {
				t.Errorf("body entered %d times, want 10", n)
			}
		}},
		{"AllocInCallee", func(t *testing.T, r *recorder, v Value) {
			if len(r.allocs) != 1 || r.allocs[0].caller == nil || r.allocs[0].caller.Parent().Name() != "AllocInCallee" {
				t.Errorf("allocs %+v, want one whose caller is the call in AllocInCallee", r.allocs)
			}
		}},
		{"Hinted", func(t *testing.T, r *recorder, v Value) {
			if got := fmt.Sprint(r.inserts, r.hints); got != "[1 2 3] [100 100 100]" {
				t.Errorf("inserts and hints %s", got)
			}
		}},
		{"Inserts", func(t *testing.T, r *recorder, v Value) {
			if got := fmt.Sprint(r.inserts); got != "[1 2 3]" {
				t.Errorf("map inserts %s, want [1 2 3] (overwrites are not insertions)", got)
			}
		}},
		{"Allocs", func(t *testing.T, r *recorder, v Value) {
			var got []string
			for _, a := range r.allocs {
				got = append(got, fmt.Sprintf("%T:%d/%d", a.at, a.bytes, a.elems))
			}
			want := "*ssa.Alloc:24/1 *ssa.Alloc:80/1 *ssa.MakeMap:48/1 *ssa.MakeInterface:24/1 *ssa.MakeClosure:16/1 *ssa.BinOp:6/6 *ssa.Convert:8/8"
			if strings.Join(got, " ") != want {
				t.Errorf("allocs\n%s\nwant\n%s", strings.Join(got, " "), want)
			}
		}},
	} {
		t.Run(tc.fn, func(t *testing.T) {
			rec := newRecorder()
			in := New(pkg.Prog, Config{Observer: rec})
			v, err := in.Call(pkg.Func(tc.fn))
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, rec, v)
		})
	}
}

func TestNativeCallObserved(t *testing.T) {
	_, pkg := load(t, "observe")
	rec := newRecorder()
	in := New(pkg.Prog, Config{Observer: rec})
	v, err := in.Call(pkg.Func("CallsStd"))
	if len(rec.natives) != 1 || rec.natives[0] != "strings.ToUpper" {
		t.Errorf("natives %v, want [strings.ToUpper]", rec.natives)
	}
	// With the native side stubbed, the call itself is unsupported.
	var u *Unsupported
	if err != nil && !errors.As(err, &u) || err == nil && v != "X" {
		t.Errorf("CallsStd = %v, %v; want X or *Unsupported", v, err)
	}
}

func TestUnsupported(t *testing.T) {
	_, pkg := load(t, "unsup")
	for _, tc := range []struct{ fn, what string }{
		{"GoStmt", "go statement"},
		{"Select", "select"},
		{"BlockingSend", "send on a full channel (would block)"},
		{"BlockingRecv", "receive from an empty channel (would block)"},
		{"Forever", "budget"},
		{"Recurse", "call depth"},
		{"UnsafeOuter", "unsafe.Pointer from unsup.inner to *unsup.outer"},
		{"UnsafeForged", "unsafe.Pointer of a uintptr that was not a pointer"},
		{"UnsafeString", "unsafe.String of a pointer not from unsafe.SliceData or StringData"},
	} {
		t.Run(tc.fn, func(t *testing.T) {
			in := New(pkg.Prog, Config{Budget: 1_000_000})
			_, err := in.Call(pkg.Func(tc.fn))
			var u *Unsupported
			if !errors.As(err, &u) || u.What != tc.what {
				t.Fatalf("err %v, want Unsupported %q", err, tc.what)
			}
			if !u.Pos.IsValid() {
				t.Errorf("no position in %v", err)
			}
		})
	}
}

func TestPanicEscapes(t *testing.T) {
	_, pkg := load(t, "unsup")
	in := New(pkg.Prog, Config{})
	_, err := in.Call(pkg.Func("Panics"))
	var p *PanicError
	if !errors.As(err, &p) {
		t.Fatalf("err %v, want *PanicError", err)
	}
	if !strings.Contains(err.Error(), "boom") {
		t.Errorf("error %q does not name the panic value", err)
	}
	_, err = in.Call(pkg.Func("IndexPanics"))
	if !errors.As(err, &p) || !strings.Contains(err.Error(), "index out of range [3] with length 3") {
		t.Errorf("err %v, want an index out of range panic", err)
	}
}

// TestInternalError checks that a bug of the interpreter (here: a value
// of a wrong representation handed to Call) becomes an error naming the
// instruction, not a crash.
func TestInternalError(t *testing.T) {
	_, pkg := load(t, "unsup")
	in := New(pkg.Prog, Config{})
	_, err := in.Call(pkg.Func("Add"), "not an int", 2)
	if err == nil || !strings.Contains(err.Error(), "internal error") || !strings.Contains(err.Error(), "+") {
		t.Errorf("err %v, want an internal error naming the instruction", err)
	}
	// The interpreter remains usable.
	v, err := in.Call(pkg.Func("Add"), 1, 2)
	if err != nil || v != 3 {
		t.Errorf("Add(1, 2) = %v, %v", v, err)
	}
}

func TestCallArgs(t *testing.T) {
	_, pkg := load(t, "unsup")
	in := New(pkg.Prog, Config{})
	v, err := in.Call(pkg.Func("Swap"), "a", 1)
	if err != nil {
		t.Fatal(err)
	}
	if tup, ok := v.(Tuple); !ok || len(tup) != 2 || tup[0] != 1 || tup[1] != "a" {
		t.Errorf("Swap = %#v", v)
	}
}

func TestInitFailure(t *testing.T) {
	_, pkg := load(t, "badinit")
	in := New(pkg.Prog, Config{})
	for i := 0; i < 2; i++ {
		_, err := in.Call(pkg.Func("Get"))
		var p *PanicError
		if !errors.As(err, &p) || !strings.Contains(err.Error(), "initializing") {
			t.Errorf("call %d: err %v, want the initializer's panic", i, err)
		}
	}
}

// TestInitImportRefused checks that a refused initializer of an imported
// package fails only the calls into that package.
func TestInitImportRefused(t *testing.T) {
	_, pkg := load(t, "poison")
	in := New(pkg.Prog, Config{})
	v, err := in.Call(pkg.Func("UsesGood"))
	if err != nil || v != 6 {
		t.Errorf("UsesGood = %v, %v; want 6", v, err)
	}
	_, err = in.Call(pkg.Func("UsesBad"))
	var u *Unsupported
	if !errors.As(err, &u) || u.What != "go statement" || !strings.Contains(err.Error(), "initializing") {
		t.Errorf("UsesBad: err %v, want the refused initializer", err)
	}
}

// TestInterpReuse checks that globals persist across calls of one
// interpreter, that initializers run once, and that Steps and the budget
// count per call.
func TestInterpReuse(t *testing.T) {
	_, pkg := load(t, "progs")
	in := New(pkg.Prog, Config{Budget: 1000})
	for want := 1; want <= 3; want++ {
		v, err := in.Call(pkg.Func("GlobalsMutateOnce"))
		if err != nil || v != want {
			t.Fatalf("call %d: %v, %v", want, v, err)
		}
	}
	if s := in.Steps(); s <= 0 || s > 100 {
		t.Errorf("Steps() = %d after a small call", s)
	}
	_, err := in.Call(pkg.Func("Sieve"))
	var u *Unsupported
	if !errors.As(err, &u) || u.What != "budget" {
		t.Errorf("Sieve with a budget of 1000: %v", err)
	}
	if s := in.Steps(); s < 1001 {
		t.Errorf("Steps() = %d after exhausting a budget of 1000", s)
	}
	// The budget is per call: small calls still run.
	if v, err := in.Call(pkg.Func("GlobalsMutateOnce")); err != nil || v != 4 {
		t.Errorf("after the exhausted call: %v, %v", v, err)
	}
}

// eliding is a recorder that elides the calls of one function (Elider).
type eliding struct {
	*recorder
	callee string
	asked  int
}

func (e *eliding) Elide(call ssa.CallInstruction, callee *ssa.Function) bool {
	e.asked++
	return callee.Name() == e.callee
}

// TestElider checks that a call the observer elides still runs (Loop10's
// sum is right) but reports nothing, and that the observer is asked once
// per call site, not per call.
func TestElider(t *testing.T) {
	_, pkg := load(t, "observe")
	for _, tc := range []struct {
		callee  string
		entries int
	}{{"body", 0}, {"other", 10}} {
		rec := &eliding{recorder: newRecorder(), callee: tc.callee}
		in := New(pkg.Prog, Config{Observer: rec})
		v, err := in.Call(pkg.Func("Loop10"))
		if err != nil {
			t.Fatal(err)
		}
		if v != 90 {
			t.Errorf("eliding %s: Loop10 = %v, want 90", tc.callee, v)
		}
		if n := rec.entries("body"); n != tc.entries {
			t.Errorf("eliding %s: body's entry reported %d times, want %d", tc.callee, n, tc.entries)
		}
		if rec.entries("Loop10") != 1 {
			t.Errorf("eliding %s: Loop10's entry reported %d times, want 1", tc.callee, rec.entries("Loop10"))
		}
		if rec.asked != 1 {
			t.Errorf("eliding %s: asked %d times, want once for the one call site", tc.callee, rec.asked)
		}
	}
}
