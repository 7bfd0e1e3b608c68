package escape_test

import (
	"context"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/escape"
)

// testFixture is testdata/mod/bench and badtest compiled with their test
// variants (Options.Tests) and loaded as go test builds them.
type testFixture struct {
	dir  string
	dec  *escape.Decisions
	fset *token.FileSet
	pkgs map[string]*ssa.Package // by go/packages ID: "p", "p [p.test]", "p_test [p.test]"
	err  error
}

var (
	testFixOnce sync.Once
	testFix     testFixture
)

func loadTestFixture(t *testing.T) *testFixture {
	t.Helper()
	testFixOnce.Do(func() {
		f := &testFix
		f.dir, f.err = filepath.Abs("testdata/mod")
		if f.err != nil {
			return
		}
		f.dec, f.err = escape.Compile(context.Background(), f.dir, []string{"./bench", "./badtest"}, escape.Options{Tests: true})
		if f.err != nil {
			return
		}
		var pkgs []*packages.Package
		var spkgs []*ssa.Package
		f.fset, pkgs, spkgs, f.err = buildSSA(f.dir, true, "./bench")
		if f.err != nil {
			return
		}
		f.pkgs = map[string]*ssa.Package{}
		for i, p := range spkgs {
			if p != nil {
				f.pkgs[pkgs[i].ID] = p
			}
		}
	})
	if testFix.err != nil {
		t.Fatal(testFix.err)
	}
	return &testFix
}

const (
	benchPath  = "example.com/esc/bench"
	benchTest  = "example.com/esc/bench [example.com/esc/bench.test]"
	benchXTest = "example.com/esc/bench_test [example.com/esc/bench.test]"
)

func (f *testFixture) fn(t *testing.T, id, name string) *ssa.Function {
	t.Helper()
	p := f.pkgs[id]
	if p == nil {
		t.Fatalf("no package %q among %v", id, slices.Sorted(func(yield func(string) bool) {
			for k := range f.pkgs {
				if !yield(k) {
					return
				}
			}
		}))
	}
	fn := p.Func(name)
	if fn == nil {
		t.Fatalf("no function %s in %s", name, id)
	}
	return fn
}

// TestCompileTests checks what Compile returns for test variants: the
// package, its internal test variant (only what the package's own compile
// did not decide: the _test.go files) and the external test package; a
// test that does not compile is a failure of its variant only.
func TestCompileTests(t *testing.T) {
	f := loadTestFixture(t)
	type key struct{ path, forTest string }
	got := map[key]*escape.Package{}
	var order []key
	for _, p := range f.dec.Packages {
		k := key{p.Path, p.ForTest}
		got[k] = p
		order = append(order, k)
	}
	want := []key{
		{"example.com/esc/badtest", ""},
		{benchPath, ""},
		{benchPath, benchPath},
		{"example.com/esc/bench_test", benchPath},
	}
	if !slices.Equal(order, want) {
		t.Fatalf("packages %v, want %v", order, want)
	}
	internal := got[key{benchPath, benchPath}]
	if len(internal.Sites) == 0 {
		t.Fatal("internal test variant: no sites")
	}
	// The variant keeps, of the package's own files, only what the
	// package's compile did not report: generic code only the tests
	// instantiate (Bag and Locked in bench.go).
	own := got[key{benchPath, ""}]
	ownPos := map[escape.Position]bool{}
	for _, s := range own.Sites {
		ownPos[s.Pos] = true
	}
	generic := 0
	for _, s := range internal.Sites {
		if strings.HasSuffix(s.Pos.File, "_test.go") {
			continue
		}
		if ownPos[s.Pos] {
			t.Errorf("internal test variant repeats the package's own site %v", s)
		}
		generic++
	}
	if generic == 0 {
		t.Error("internal test variant: no site of the generic code only the tests instantiate")
	}
	ownInl := map[string]bool{}
	for _, in := range own.Inlinable {
		ownInl[in.Name] = true
	}
	for _, in := range internal.Inlinable {
		if ownInl[in.Name] {
			t.Errorf("internal test variant repeats the package's own inlinable %s", in.Name)
		}
	}
	if x := got[key{"example.com/esc/bench_test", benchPath}]; len(x.Sites) == 0 || len(x.InlinedCalls) == 0 {
		t.Errorf("external test package: %d sites, %d inlined calls", len(x.Sites), len(x.InlinedCalls))
	}
	if len(f.dec.Failures) != 1 || f.dec.Failures[0].Path != "example.com/esc/badtest [example.com/esc/badtest.test]" ||
		!strings.Contains(f.dec.Failures[0].Err, "badtest_test.go:6") {
		t.Errorf("failures %+v, want the internal test variant of badtest, at badtest_test.go:6", f.dec.Failures)
	}
}

// TestCompileTestsAgain: the same compile twice decides the same, and the
// package's own decisions do not depend on whether its tests are compiled.
func TestCompileTestsAgain(t *testing.T) {
	f := loadTestFixture(t)
	again, err := escape.Compile(context.Background(), f.dir, []string{"./bench", "./badtest"}, escape.Options{Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := escape.Compile(context.Background(), f.dir, []string{"./bench"}, escape.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dump := func(ps []*escape.Package, onlyOwn bool) string {
		var b strings.Builder
		for _, p := range ps {
			if onlyOwn && (p.ForTest != "" || p.Path != benchPath) {
				continue
			}
			b.WriteString("# " + p.Path + " " + p.ForTest + "\n")
			for _, s := range p.Sites {
				b.WriteString(s.String() + "\n")
			}
			for _, in := range p.Inlinable {
				b.WriteString(in.Name + "\n")
			}
			for _, c := range p.InlinedCalls {
				b.WriteString(c.String() + "\n")
			}
		}
		return b.String()
	}
	if a, b := dump(f.dec.Packages, false), dump(again.Packages, false); a != b {
		t.Errorf("second compile differs:\n%s\nfirst:\n%s", b, a)
	}
	if a, b := dump(f.dec.Packages, true), dump(plain.Packages, true); a != b {
		t.Errorf("the package's own decisions differ with Tests:\n%s\nwithout:\n%s", a, b)
	}
}

// allocsIn returns the verdicts of fn's allocation instructions of kind k.
func allocsIn(f *testFixture, fn *ssa.Function, k escape.Kind) []escape.Verdict {
	var out []escape.Verdict
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if v := f.dec.Classify(f.fset, in); v.Kind == k {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestBoxedArgumentInBenchmark: an int boxed for a call whose parameter
// does not escape (Contains, not inlined; Get, inlined) stays on the stack
// in a benchmark loop, internal or external; stored in a global it is on
// the heap. All from gc's log, not guessed.
func TestBoxedArgumentInBenchmark(t *testing.T) {
	f := loadTestFixture(t)
	tests := []struct {
		id, fn string
		heap   bool
	}{
		{benchTest, "BenchmarkSetContains", false},
		{benchTest, "BenchmarkMapGet", false},
		{benchXTest, "BenchmarkXSetContains", false},
		{benchTest, "BenchmarkEscBox", true},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := f.fn(t, tt.id, tt.fn)
			n := 0
			for _, v := range allocsIn(f, fn, escape.KindInterface) {
				if v.Site == nil || !strings.Contains(v.Site.Expr, "1000") {
					continue // the setup loop's boxed i
				}
				n++
				if v.Heap != tt.heap || !v.Known || v.Source != escape.FromCompiler {
					t.Errorf("boxed key: %+v, want heap=%v from gc", v, tt.heap)
				}
			}
			if n != 1 {
				t.Errorf("%d boxed keys in the timed loop, want 1", n)
			}
			for _, v := range allocsIn(f, fn, escape.KindVarargs) {
				if v.Heap {
					t.Errorf("... slice on the heap: %+v", v)
				}
			}
		})
	}
}

// TestInlinedConstructorInBenchmark: New escapes its Digest on its own
// ("moved to heap: d"); inlined into a benchmark that keeps it local, gc
// keeps it on the stack, and InlinedCall says so.
func TestInlinedConstructorInBenchmark(t *testing.T) {
	f := loadTestFixture(t)
	newFn := f.fn(t, benchTest, "New")
	own := allocsIn(f, newFn, escape.KindVar)
	if len(own) != 1 || !own[0].Heap || own[0].Bytes != 64 {
		t.Fatalf("New's own Digest: %+v, want one 64-byte heap variable", own)
	}
	for _, tc := range []struct{ id, fn string }{{benchTest, "BenchmarkNew"}, {benchXTest, "BenchmarkXNew"}} {
		t.Run(tc.fn, func(t *testing.T) {
			fn := f.fn(t, tc.id, tc.fn)
			var calls int
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					call, ok := in.(*ssa.Call)
					if !ok || call.Call.StaticCallee() == nil || call.Call.StaticCallee().Name() != "New" {
						continue
					}
					calls++
					c, ok := f.dec.AtInlinedCall(f.fset, call)
					if !ok {
						t.Fatalf("gc did not inline %v", call)
					}
					callee := call.Call.StaticCallee()
					for _, b := range callee.Blocks {
						for _, in := range b.Instrs {
							if v := c.Classify(f.fset, in); v.Kind != escape.KindUnknown && v.Heap {
								t.Errorf("New inlined at %v: %v on the heap: %+v", c.Pos(), in, v)
							}
							if v := c.Classify(f.fset, in); v.Kind == escape.KindVar && (v.Heap || !v.Known) {
								t.Errorf("New inlined: Digest %+v, want known stack", v)
							}
						}
					}
				}
			}
			if calls != 1 {
				t.Errorf("%d calls of New", calls)
			}
		})
	}
}

// TestInlinedGenericInTests: generic code only the tests instantiate is
// compiled, and logged, only by the internal test variant; the make of
// Bag.Dup inlined into Locked.Dup escapes there, which the log's inlining
// stack of the variant's recompile of bench.go tells.
func TestInlinedGenericInTests(t *testing.T) {
	f := loadTestFixture(t)
	bench := f.fn(t, benchTest, "BenchmarkLockedDup")
	var outer *ssa.Function
	for _, b := range bench.Blocks {
		for _, in := range b.Instrs {
			if call, ok := in.(*ssa.Call); ok && call.Call.StaticCallee() != nil && call.Call.StaticCallee().Name() == "Dup" {
				outer = call.Call.StaticCallee()
			}
		}
	}
	if outer == nil {
		t.Fatal("no call of Locked.Dup in BenchmarkLockedDup")
	}
	if o := outer.Origin(); o != nil {
		outer = o // an instance without InstantiateGenerics calls the generic body
	}
	makes := 0
	for _, b := range outer.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok || call.Call.StaticCallee() == nil || call.Call.StaticCallee().Name() != "Dup" {
				continue
			}
			c, ok := f.dec.AtInlinedCall(f.fset, call)
			if !ok {
				t.Fatalf("gc did not inline %v", call)
			}
			callee := call.Call.StaticCallee()
			if o := callee.Origin(); o != nil {
				callee = o
			}
			for _, b := range callee.Blocks {
				for _, in := range b.Instrs {
					if _, ok := in.(*ssa.MakeMap); !ok {
						continue
					}
					makes++
					if h, known := (escape.InlinedOracle{Call: c}).Classify(f.fset, in); !h || !known {
						t.Errorf("Bag.Dup's make inlined at %v: heap %v, known %v; want heap", c.Pos(), h, known)
					}
				}
			}
		}
	}
	if makes != 1 {
		t.Errorf("%d makes of Bag.Dup inlined into Locked.Dup, want 1", makes)
	}
}

// TestInlinedCallEscaping is the reverse case: newBox's &Box{} escapes
// where the caller returns it (EscCaller), and stays on the stack where it
// does not (StackCaller).
func TestInlinedCallEscaping(t *testing.T) {
	f := loadFixture(t)
	callee := findFunc(t, f, "inlined", "newBox")
	for _, tt := range []struct {
		caller string
		heap   bool
	}{{"EscCaller", true}, {"StackCaller", false}} {
		fn := findFunc(t, f, "inlined", tt.caller)
		n := 0
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				call, ok := in.(*ssa.Call)
				if !ok || call.Call.StaticCallee() != callee {
					continue
				}
				c, ok := f.dec.AtInlinedCall(f.fset, call)
				if !ok {
					t.Fatalf("%s: gc did not inline newBox", tt.caller)
				}
				for _, b := range callee.Blocks {
					for _, in := range b.Instrs {
						if v := c.Classify(f.fset, in); v.Kind == escape.KindCompositeLit {
							n++
							if v.Heap != tt.heap || !v.Known {
								t.Errorf("%s: &Box{} %+v, want heap=%v", tt.caller, v, tt.heap)
							}
							if h, known := (escape.InlinedOracle{Call: c}).Classify(f.fset, in); h != tt.heap || !known {
								t.Errorf("%s: InlinedOracle = %v, %v", tt.caller, h, known)
							}
						}
					}
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d &Box{} verdicts, want 1", tt.caller, n)
		}
	}
	// A call gc keeps a call is no inlined copy.
	fn := findFunc(t, f, "inlined", "EscNotInlined")
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if call, ok := in.(*ssa.Call); ok {
				if _, ok := f.dec.AtInlinedCall(f.fset, call); ok {
					t.Errorf("AtInlinedCall(%v) ok for a //go:noinline callee", call)
				}
			}
		}
	}
}

// TestCanInlineMethod: gc reports a method at its receiver list, go/ssa at
// its name; CanInlineFunc finds gc's verdict for pointer and value
// receivers, in the package, its _test.go files and its external test.
func TestCanInlineMethod(t *testing.T) {
	f := loadTestFixture(t)
	method := func(id, typ, name string, ptr bool) *ssa.Function {
		p := f.pkgs[id]
		if p == nil {
			t.Fatalf("no package %s", id)
		}
		tn, ok := p.Members[typ].(*ssa.Type)
		if !ok {
			t.Fatalf("no type %s in %s", typ, id)
		}
		var recv = tn.Type()
		if ptr {
			recv = types.NewPointer(recv)
		}
		sel := p.Prog.MethodSets.MethodSet(recv).Lookup(p.Pkg, name)
		if sel == nil {
			t.Fatalf("no method %s.%s", typ, name)
		}
		return p.Prog.MethodValue(sel)
	}
	tests := []struct {
		id, typ, name string
		ptr, ok       bool
	}{
		{benchPath, "Set", "Len", true, true},
		{benchPath, "Digest", "Reset", true, true},
		{benchPath, "Digest", "Sum64", false, true},
		{benchPath, "Set", "Contains", true, false}, // //go:noinline
		{benchTest, "counter", "inc", true, true},
		{benchXTest, "hasher", "sum", false, true},
	}
	for _, tt := range tests {
		fn := method(tt.id, tt.typ, tt.name, tt.ptr)
		cost, ok := f.dec.CanInlineFunc(f.fset, fn)
		if ok != tt.ok || (ok && cost <= 0) {
			t.Errorf("CanInlineFunc(%v) = %d, %v; want ok=%v", fn, cost, ok, tt.ok)
		}
	}
}

// TestCompileTestsCommandFails: when the go command cannot compile the
// tests at all, the packages' own decisions stand and each test variant is
// a failure.
func TestCompileTestsCommandFails(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script as the go command")
	}
	f := loadTestFixture(t)
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip(err)
	}
	script := filepath.Join(t.TempDir(), "go")
	body := "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = -test ] && { echo 'no tests today' >&2; exit 1; }; done\nexec " + gobin + " \"$@\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	dec, err := escape.Compile(context.Background(), f.dir, []string{"./bench"}, escape.Options{GoCmd: script, Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Packages) != 1 || dec.Packages[0].Path != benchPath || len(dec.Packages[0].Sites) == 0 {
		t.Errorf("packages %v, want bench's own decisions", dec.Packages)
	}
	if len(dec.Failures) != 1 || dec.Failures[0].Path != benchTest || !strings.Contains(dec.Failures[0].Err, "no tests today") {
		t.Errorf("failures %+v, want %s with the go command's error", dec.Failures, benchTest)
	}
}
