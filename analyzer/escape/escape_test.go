package escape_test

import (
	"context"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/perfcast/perfcast/analyzer/escape"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixture is the testdata module compiled and loaded once.
type fixture struct {
	dir  string
	dec  *escape.Decisions
	fset *token.FileSet
	pkgs []*ssa.Package
	err  error
}

var (
	fixOnce sync.Once
	fix     fixture
)

func loadFixture(t *testing.T) *fixture {
	t.Helper()
	fixOnce.Do(func() {
		dir, err := filepath.Abs("testdata/mod")
		if err != nil {
			fix.err = err
			return
		}
		fix.dir = dir
		fix.dec, fix.err = escape.Compile(context.Background(), dir, []string{"./..."}, escape.Options{})
		if fix.err != nil {
			return
		}
		var spkgs []*ssa.Package
		fix.fset, _, spkgs, fix.err = buildSSA(dir, false, "./...")
		if fix.err != nil {
			return
		}
		for _, p := range spkgs {
			if p != nil {
				fix.pkgs = append(fix.pkgs, p)
			}
		}
		slices.SortFunc(fix.pkgs, func(a, b *ssa.Package) int { return strings.Compare(a.Pkg.Path(), b.Pkg.Path()) })
	})
	if fix.err != nil {
		t.Fatal(fix.err)
	}
	return &fix
}

// buildSSA loads the packages matching patterns in dir (with their tests if
// tests) and builds their SSA, for mapping gc's decisions onto it.
func buildSSA(dir string, tests bool, patterns ...string) (*token.FileSet, []*packages.Package, []*ssa.Package, error) {
	cfg := &packages.Config{Dir: dir, Mode: packages.LoadSyntax, Tests: tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, nil, err
	}
	prog, spkgs := ssautil.Packages(pkgs, 0)
	prog.Build()
	return prog.Fset, pkgs, spkgs, nil
}

// functions lists a package's source functions, literals included, by position.
func functions(p *ssa.Package) []*ssa.Function {
	var out []*ssa.Function
	var add func(*ssa.Function)
	add = func(f *ssa.Function) {
		out = append(out, f)
		for _, a := range f.AnonFuncs {
			add(a)
		}
	}
	for _, m := range p.Members {
		if f, ok := m.(*ssa.Function); ok && f.Blocks != nil {
			add(f)
		}
		if ty, ok := m.(*ssa.Type); ok {
			for _, t := range []types.Type{ty.Type(), types.NewPointer(ty.Type())} {
				mset := p.Prog.MethodSets.MethodSet(t)
				for i := range mset.Len() {
					if f := p.Prog.MethodValue(mset.At(i)); f != nil && f.Synthetic == "" {
						add(f)
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b *ssa.Function) int { return int(a.Pos() - b.Pos()) })
	return slices.Compact(out)
}

type classified struct {
	fn    *ssa.Function
	instr ssa.Instruction
	v     escape.Verdict
}

func classifyAll(f *fixture, p *ssa.Package) []classified {
	var out []classified
	for _, fn := range functions(p) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				v := f.dec.Classify(f.fset, in)
				if v.Kind != escape.KindUnknown {
					out = append(out, classified{fn, in, v})
				}
			}
		}
	}
	return out
}

func (f *fixture) rel(p escape.Position) string {
	r, err := filepath.Rel(f.dir, p.File)
	if err != nil {
		r = p.File
	}
	return fmt.Sprintf("%s:%d:%d", filepath.ToSlash(r), p.Line, p.Col)
}

func TestGolden(t *testing.T) {
	f := loadFixture(t)
	for _, gp := range f.dec.Packages {
		name := filepath.Base(gp.Path)
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			fmt.Fprintf(&b, "# gc sites of %s\n", gp.Path)
			for _, s := range gp.Sites {
				line := s.String()
				line = strings.ReplaceAll(line, f.dir+string(filepath.Separator), "")
				fmt.Fprintln(&b, line)
			}
			fmt.Fprintln(&b, "# inlinable")
			for _, in := range gp.Inlinable {
				fmt.Fprintf(&b, "%s %s cost %d\n", f.rel(in.Pos), in.Name, in.Cost)
			}
			fmt.Fprintln(&b, "# go/ssa allocation instructions")
			for _, p := range f.pkgs {
				if p.Pkg.Path() != gp.Path {
					continue
				}
				for _, c := range classifyAll(f, p) {
					pos := "-"
					if c.instr.Pos().IsValid() {
						pp := f.fset.Position(c.instr.Pos())
						pos = f.rel(escape.Position{File: pp.Filename, Line: pp.Line, Col: pp.Column})
					}
					site := "-"
					if c.v.Site != nil {
						site = f.rel(c.v.Site.Pos)
					}
					fb := escape.FallbackClassify(c.instr)
					if c.v.Nearby {
						site += "(nearby)"
					}
					fmt.Fprintf(&b, "%s %s %s heap=%v known=%v source=%s bytes=%d elem=%d maxstack=%d site=%s fallback=%v | %s\n",
						c.fn.Name(), pos, c.v.Kind, c.v.Heap, c.v.Known, c.v.Source, c.v.Bytes, c.v.ElemBytes, c.v.MaxStackBytes, site, fb.Heap, c.instr)
				}
			}
			golden := filepath.Join("testdata", "golden", name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("%s differs from the golden file (run with -update and review the diff):\n%s", golden, got)
			}
		})
	}
}

// TestNamedExpectations checks the testdata's naming convention: a function
// named Esc* has a heap allocation that costs memory, Stack* has none.
func TestNamedExpectations(t *testing.T) {
	f := loadFixture(t)
	byFn := map[*ssa.Function][]classified{}
	var fns []*ssa.Function
	for _, p := range f.pkgs {
		for _, c := range classifyAll(f, p) {
			top := c.fn
			for top.Parent() != nil {
				top = top.Parent()
			}
			if _, ok := byFn[top]; !ok {
				fns = append(fns, top)
			}
			byFn[top] = append(byFn[top], c)
		}
	}
	checked := 0
	for _, fn := range fns {
		cs := byFn[fn]
		heap, heapBytes := 0, 0
		for _, c := range cs {
			if c.v.Heap {
				heap++
				if c.v.Bytes != 0 {
					heapBytes++
				}
			}
		}
		switch name := fn.Name(); {
		case name == "EscConstant":
			// gc reports the conversion escaping, but it points at
			// read-only data: heap with no bytes.
			if heap == 0 || heapBytes != 0 {
				t.Errorf("%s: want a heap verdict of 0 bytes, got %d heap (%d with bytes)", fn, heap, heapBytes)
			}
			checked++
		case strings.HasPrefix(name, "Esc"):
			if heapBytes == 0 {
				t.Errorf("%s: no heap allocation found among %d allocation instructions", fn, len(cs))
			}
			checked++
		case strings.HasPrefix(name, "Stack"):
			if heap != 0 {
				t.Errorf("%s: %d heap verdicts, want none", fn, heap)
			}
			checked++
		}
	}
	if checked < 30 {
		t.Errorf("checked %d functions, want at least 30: testdata not loaded?", checked)
	}
}

func findFunc(t *testing.T, f *fixture, pkg, name string) *ssa.Function {
	t.Helper()
	for _, p := range f.pkgs {
		if strings.HasSuffix(p.Pkg.Path(), "/"+pkg) {
			if fn := p.Func(name); fn != nil {
				return fn
			}
		}
	}
	t.Fatalf("no function %s.%s", pkg, name)
	return nil
}

func TestSpecialVerdicts(t *testing.T) {
	f := loadFixture(t)
	tests := []struct {
		pkg, fn string
		kind    escape.Kind
		want    func(escape.Verdict) bool
		desc    string
	}{
		{"alloc", "SmallMake", escape.KindMakeSlice, func(v escape.Verdict) bool {
			return !v.Heap && v.Known && v.MaxStackBytes == 32 && v.Bytes == -1 && v.ElemBytes == 1
		}, "variable make kept on the stack up to 32 bytes"},
		{"alloc", "StackMakeConst", escape.KindMakeSlice, func(v escape.Verdict) bool {
			return !v.Heap && v.Known && v.MaxStackBytes == 0 && v.Bytes == 64
		}, "constant make on the stack"},
		{"alloc", "EscMakeHuge", escape.KindMakeSlice, func(v escape.Verdict) bool {
			return v.Heap && v.Bytes == 1<<20
		}, "1 MiB make too large for the stack"},
		{"alloc", "EscChan", escape.KindMakeChan, func(v escape.Verdict) bool {
			return v.Heap && v.Source == escape.FromRule && v.Bytes == 96+4*8
		}, "make(chan) always allocates hchan and buffer"},
		{"alloc", "EscNew", escape.KindNew, func(v escape.Verdict) bool {
			return v.Heap && v.Source == escape.FromCompiler && v.Bytes == 16 && v.Site != nil && v.Site.Kind == escape.KindNew
		}, "escaping new(T) of 16 bytes"},
		{"iface", "StackPointer", escape.KindInterface, func(v escape.Verdict) bool {
			return !v.Heap && v.Known && v.Source == escape.FromRule && v.Bytes == 0
		}, "pointer-shaped value in an interface"},
		{"iface", "EscBoxStruct", escape.KindInterface, func(v escape.Verdict) bool {
			return v.Heap && v.Bytes == 24
		}, "boxing a 24-byte struct"},
		{"conv", "EscConcatAssign", escape.KindConcat, func(v escape.Verdict) bool {
			return v.Heap && v.Source == escape.FromRule
		}, "s += t always calls concatstrings without a buffer"},
		{"closures", "StackStatic", escape.KindUnknown, nil, "capture-less literal: no instruction"},
	}
	for _, tt := range tests {
		t.Run(tt.pkg+"."+tt.fn, func(t *testing.T) {
			fn := findFunc(t, f, tt.pkg, tt.fn)
			var got []escape.Verdict
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					if v := f.dec.Classify(f.fset, in); v.Kind == tt.kind && tt.kind != escape.KindUnknown {
						got = append(got, v)
					} else if tt.kind == escape.KindUnknown && v.Kind != escape.KindUnknown {
						t.Errorf("%s: unexpected allocation %v", tt.desc, v)
					}
				}
			}
			if tt.want == nil {
				return
			}
			if len(got) != 1 {
				t.Fatalf("%s: %d instructions of kind %s, want 1: %+v", tt.desc, len(got), tt.kind, got)
			}
			if !tt.want(got[0]) {
				t.Errorf("%s: verdict %+v", tt.desc, got[0])
			}
		})
	}
}

func TestInlinedAt(t *testing.T) {
	f := loadFixture(t)
	tests := []struct {
		caller   string
		wantHeap bool
	}{
		{"StackCaller", false},
		{"EscCaller", true},
	}
	for _, tt := range tests {
		t.Run(tt.caller, func(t *testing.T) {
			fn := findFunc(t, f, "inlined", tt.caller)
			var sites []*escape.Site
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					if c, ok := in.(ssa.CallInstruction); ok {
						sites = append(sites, f.dec.InlinedAtCall(f.fset, c)...)
					}
				}
			}
			if len(sites) != 1 {
				t.Fatalf("got %d inlined sites, want 1: %v", len(sites), sites)
			}
			s := sites[0]
			if s.Heap != tt.wantHeap || s.Kind != escape.KindCompositeLit {
				t.Errorf("site %v: want heap=%v complit", s, tt.wantHeap)
			}
			if tt.wantHeap && len(s.Inlined) > 0 {
				callee := findFunc(t, f, "inlined", "newBox")
				in := f.dec.AllocAt(f.fset, callee, s.Inlined[len(s.Inlined)-1])
				if a, ok := in.(*ssa.Alloc); !ok || a.Comment != "complit" {
					t.Errorf("AllocAt(newBox, %v) = %v, want newBox's &Box{} alloc", s.Inlined[len(s.Inlined)-1], in)
				}
			}
			if tt.wantHeap {
				if len(s.Inlined) == 0 || !strings.HasSuffix(s.Inlined[len(s.Inlined)-1].File, "inlined.go") || s.Inlined[len(s.Inlined)-1].Line != 6 {
					t.Errorf("site %v: want an inlined-from stack ending at newBox's &Box{} (inlined.go:6)", s)
				}
			} else if !s.AtInlinedCall {
				t.Errorf("site %v: want AtInlinedCall", s)
			}
		})
	}
}

func TestInlinedAtCallLeavesOutResultConversion(t *testing.T) {
	f := loadFixture(t)
	fn := findFunc(t, f, "inlined", "EscConvInlined")
	var conv *escape.Verdict
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if c, ok := in.(ssa.CallInstruction); ok {
				if sites := f.dec.InlinedAtCall(f.fset, c); len(sites) != 0 {
					t.Errorf("InlinedAtCall(%v) = %v, want none (the conversion is the caller's)", c, sites)
				}
			}
			if v := f.dec.Classify(f.fset, in); v.Kind == escape.KindInterface {
				conv = &v
			}
		}
	}
	if conv == nil || !conv.Heap || conv.Source != escape.FromCompiler || conv.Site == nil || conv.Site.Expr != "~r0" {
		t.Errorf("conversion verdict = %+v, want heap from gc's \"~r0 escapes to heap\" (the inlined result)", conv)
	}
}

func TestCanInline(t *testing.T) {
	f := loadFixture(t)
	tests := []struct {
		name string
		ok   bool
	}{
		{"example.com/esc/inlined.newBox", true},
		{"example.com/esc/inlined.notInlined", false},
		{"example.com/esc/closures.C.Get", true},
		{"example.com/esc/closures.EscClosure.func1", true},
		{"example.com/esc/nosuch.F", false},
	}
	for _, tt := range tests {
		cost, ok := f.dec.CanInline(tt.name)
		if ok != tt.ok || (ok && (cost <= 0 || cost > 80)) {
			t.Errorf("CanInline(%s) = %d, %v; want ok=%v and 0 < cost <= 80", tt.name, cost, ok, tt.ok)
		}
	}
	fn := findFunc(t, f, "inlined", "newBox")
	if cost, ok := f.dec.CanInlineFunc(f.fset, fn); !ok || cost <= 0 {
		t.Errorf("CanInlineFunc(newBox) = %d, %v", cost, ok)
	}
}

func TestFailures(t *testing.T) {
	f := loadFixture(t)
	if len(f.dec.Failures) != 1 || f.dec.Failures[0].Path != "example.com/esc/broken" {
		t.Fatalf("Failures = %+v, want example.com/esc/broken only", f.dec.Failures)
	}
	if !strings.Contains(f.dec.Failures[0].Err, "broken.go:4") {
		t.Errorf("failure %q does not name broken.go:4", f.dec.Failures[0].Err)
	}
	if len(f.dec.Packages) < 6 {
		t.Errorf("%d packages compiled, want the 6 good ones", len(f.dec.Packages))
	}
}

func TestCompileMissingPackage(t *testing.T) {
	f := loadFixture(t)
	dec, err := escape.Compile(context.Background(), f.dir, []string{"./alloc", "example.com/esc/nosuch"}, escape.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Packages) != 1 || dec.Packages[0].Path != "example.com/esc/alloc" || len(dec.Packages[0].Sites) == 0 {
		t.Errorf("packages = %v, want example.com/esc/alloc with its sites", dec.Packages)
	}
	if len(dec.Failures) != 1 || dec.Failures[0].Path != "example.com/esc/nosuch" || dec.Failures[0].Err == "" {
		t.Errorf("failures = %+v, want example.com/esc/nosuch with its error", dec.Failures)
	}
}

// TestCompileAgain: a second run must log again (the build cache must not
// serve a compile without its log) and decide the same.
func TestCompileAgain(t *testing.T) {
	f := loadFixture(t)
	dec, err := escape.Compile(context.Background(), f.dir, []string{"./alloc"}, escape.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Packages) != 1 {
		t.Fatalf("%d packages", len(dec.Packages))
	}
	var first *escape.Package
	for _, p := range f.dec.Packages {
		if p.Path == "example.com/esc/alloc" {
			first = p
		}
	}
	got, want := dec.Packages[0], first
	if len(got.Sites) == 0 || len(got.Sites) != len(want.Sites) {
		t.Fatalf("second compile: %d sites, first: %d", len(got.Sites), len(want.Sites))
	}
	for i := range got.Sites {
		if got.Sites[i].String() != want.Sites[i].String() {
			t.Errorf("site %d: %s != %s", i, got.Sites[i], want.Sites[i])
		}
	}
	if len(got.Inlinable) == 0 || got.Inlinable[0].Cost < 0 {
		t.Errorf("second compile has no inliner costs: the -json log was not written")
	}
}

// TestCompileTrimpath: a user's GOFLAGS=-trimpath must not break positions.
func TestCompileTrimpath(t *testing.T) {
	f := loadFixture(t)
	dec, err := escape.Compile(context.Background(), f.dir, []string{"./alloc"}, escape.Options{Env: []string{"GOFLAGS=-trimpath"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(dec.Packages) != 1 || len(dec.Packages[0].Sites) == 0 {
		t.Fatalf("no sites: %+v", dec.Packages)
	}
	for _, s := range dec.Packages[0].Sites {
		if !strings.HasPrefix(s.Pos.File, f.dir) {
			t.Errorf("site %v is not under %s", s, f.dir)
		}
	}
}

func TestCompileCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := escape.Compile(ctx, "testdata/mod", []string{"./..."}, escape.Options{})
	if err == nil {
		t.Fatal("Compile with a cancelled context succeeded")
	}
}

func TestCompileRejectsGcflags(t *testing.T) {
	_, err := escape.Compile(context.Background(), "testdata/mod", []string{"./..."}, escape.Options{BuildFlags: []string{"-gcflags=-N"}})
	if err == nil || !strings.Contains(err.Error(), "gcflags") {
		t.Fatalf("err = %v, want a complaint about -gcflags", err)
	}
}

func TestFallbackSimple(t *testing.T) {
	f := loadFixture(t)
	tests := []struct {
		fn   string
		kind escape.Kind
		heap bool
	}{
		{"EscNew", escape.KindNew, true},
		{"StackNew", escape.KindNew, false},
		{"EscMake", escape.KindMakeSlice, true},
		{"EscChan", escape.KindMakeChan, true},
	}
	for _, tt := range tests {
		fn := findFunc(t, f, "alloc", tt.fn)
		n := 0
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				v := escape.FallbackClassify(in)
				if v.Kind != tt.kind {
					continue
				}
				n++
				if v.Heap != tt.heap || v.Known || v.Source != escape.FromFallback {
					t.Errorf("%s: FallbackClassify = %+v, want heap=%v unknown fallback", tt.fn, v, tt.heap)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d instructions of kind %s", tt.fn, n, tt.kind)
		}
	}
}

func TestOracle(t *testing.T) {
	f := loadFixture(t)
	o := escape.Oracle{Decisions: f.dec}
	tests := []struct {
		pkg, fn     string
		heap, known bool
	}{
		{"alloc", "EscNew", true, true},
		{"alloc", "StackNew", false, true},
		{"alloc", "SmallMake", true, true}, // variable size: heap above 32 bytes
		{"iface", "EscConstant", false, true},
		{"iface", "StackPointer", false, true},
	}
	for _, tt := range tests {
		fn := findFunc(t, f, tt.pkg, tt.fn)
		n := 0
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				heap, known := o.Classify(f.fset, in)
				if f.dec.Classify(f.fset, in).Kind == escape.KindUnknown {
					if heap || known {
						t.Errorf("%s: non-allocation %v: heap=%v known=%v", tt.fn, in, heap, known)
					}
					continue
				}
				n++
				if heap != tt.heap || known != tt.known {
					t.Errorf("%s: %v: heap=%v known=%v, want %v %v", tt.fn, in, heap, known, tt.heap, tt.known)
				}
			}
		}
		if n != 1 {
			t.Errorf("%s: %d allocation instructions, want 1", tt.fn, n)
		}
	}
}

// TestBoundsChecks checks gc's bounds-check decisions, mapped onto go/ssa's
// index and slice instructions by position.
func TestBoundsChecks(t *testing.T) {
	f := loadFixture(t)
	want := map[string][]int{ // per function, the checks at each index/slice instruction in order
		"Index":   {1},
		"Reslice": {2}, // j <= cap(s) and i <= j
		"Sum":     {0, 1},
		"Masked":  {0},
	}
	found := 0
	for _, p := range f.pkgs {
		if !strings.HasSuffix(p.Pkg.Path(), "/bounds") {
			continue
		}
		for name, w := range want {
			fn := p.Func(name)
			if fn == nil {
				t.Fatalf("no function %s", name)
			}
			var got []int
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					switch in.(type) {
					case *ssa.IndexAddr, *ssa.Index, *ssa.Slice:
						n, known := f.dec.BoundsChecks(f.fset, in.Pos())
						if !known {
							t.Errorf("%s: %v: checks unknown", name, in)
						}
						got = append(got, n)
					}
				}
			}
			if !slices.Equal(got, w) {
				t.Errorf("%s: bounds checks %v, want %v", name, got, w)
			}
			found++
		}
	}
	if found != len(want) {
		t.Fatalf("found %d of %d functions", found, len(want))
	}
	if _, known := f.dec.BoundsChecks(f.fset, token.NoPos); known {
		t.Error("no position: want unknown")
	}
}
