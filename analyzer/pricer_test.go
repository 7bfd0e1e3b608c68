package analyzer

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/perfcast/perfcast/manifest"
)

// TestPricer checks that a Pricer counts a block's own operations (a call
// as a call, not its callee's body), decides allocations by the heap
// oracle and size classes, prices map growth by the swiss tables' steps
// and std calls by their summaries at the sizes bound.
func TestPricer(t *testing.T) {
	const src = `package p

import (
	"math/big"
	"strings"
	"unicode/utf8"
)

func mul(z, x, y *big.Int) *big.Int { return z.Mul(x, y) }

func runeLen(r rune) int { return utf8.RuneLen(r) }

func index(s, sub string) int { return strings.Index(s, sub) }

func sum(a []int) int {
	s := 0
	for _, x := range a {
		s += x * x
	}
	return s
}

func caller(a []int) int { return sum(a) + 1 }

func upper(s string) string { return strings.ToUpper(s) }

func box(x [3]int) any { return x }
`
	fset := token.NewFileSet()
	sp := buildSrc(t, fset, src)
	std := LoadStdTable()
	lookup := func(key string, obj *types.Func) *Summary { return std.Lookup(key) }
	pr := NewPricer(fset, types.SizesFor("gc", "amd64"), nil, lookup)

	// The loop body of sum: a load, a multiply and an add at least; the
	// body of caller: one call, and none of sum's multiplies.
	muls := 0.0
	for _, b := range sp.Func("sum").Blocks {
		muls += pr.BlockOps(b)[manifest.OpMul]
	}
	if muls != 1 {
		t.Errorf("sum: %v multiplies over its blocks, want 1", muls)
	}
	var calls, callerMuls float64
	for _, b := range sp.Func("caller").Blocks {
		calls += pr.BlockOps(b)[manifest.OpCall]
		callerMuls += pr.BlockOps(b)[manifest.OpMul]
	}
	if calls != 1 || callerMuls != 0 {
		t.Errorf("caller: %v calls and %v multiplies, want 1 and 0", calls, callerMuls)
	}

	// Boxing a [3]int escapes (SSA's rule without gc's oracle): 24 bytes,
	// size class 24; a 25-byte request takes the 32-byte class.
	var mi *ssa.MakeInterface
	for _, b := range sp.Func("box").Blocks {
		for _, in := range b.Instrs {
			if v, ok := in.(*ssa.MakeInterface); ok {
				mi = v
			}
		}
	}
	if hb, heap := pr.Alloc(mi, nil, 24, 1); !heap || hb != 24 {
		t.Errorf("box: Alloc = %d, %v; want 24, true", hb, heap)
	}
	if hb, _ := pr.Alloc(mi, nil, 25, 1); hb != 32 {
		t.Errorf("box of 25 bytes: %d, want the 32-byte class", hb)
	}

	// Map growth: the first key allocates the first group, keys 2..8 fit
	// in it, the ninth starts the directory and the first table.
	mt := types.NewMap(types.Typ[types.Int], types.Typ[types.Int])
	if c, _ := pr.MapInsert(mt, 1, 0); c != 1 {
		t.Errorf("first key: %v allocations, want 1", c)
	}
	if c, b := pr.MapInsert(mt, 5, 0); c != 0 || b != 0 {
		t.Errorf("fifth key: %v allocations, %v bytes, want none", c, b)
	}
	if c, _ := pr.MapInsert(mt, 9, 0); c < 2 {
		t.Errorf("ninth key: %v allocations, want the directory and a table", c)
	}
	if c, _ := pr.MapInsert(mt, 9, 16); c != 0 {
		t.Errorf("ninth key under a hint of 16: %v allocations, want 0", c)
	}
	if c, _ := pr.MapInsert(mt, 1, 4); c != 1 {
		t.Errorf("first key under a hint of 4: %v allocations, want the first group", c)
	}

	// strings.ToUpper by its std summary: more bytes for a longer input.
	var upperFn *ssa.Function
	for _, b := range sp.Func("upper").Blocks {
		for _, in := range b.Instrs {
			if c, ok := in.(*ssa.Call); ok && c.Call.StaticCallee() != nil {
				upperFn = c.Call.StaticCallee()
			}
		}
	}
	at := func(n float64) NativeCost {
		c, ok, err := pr.Native(upperFn, "", func(sum *Summary, v manifest.Var) (float64, bool) {
			if v.Name == "len(s)" {
				return n, true
			}
			return 0, false
		})
		if err != nil || !ok {
			t.Fatalf("Native(strings.ToUpper) = %v, %v", ok, err)
		}
		return c
	}
	if small, big := at(2), at(1000); big.Bytes < small.Bytes+500 || small.Allocs <= 0 {
		t.Errorf("strings.ToUpper: %v bytes for 2, %v for 1000 (allocs %v)", small.Bytes, big.Bytes, small.Allocs)
	}

	// strings.Index of a 3-byte needle in a short string is a
	// brute-force search in SSE (bytealg.MaxLen is 63 on amd64 with
	// AVX2): no Rabin-Karp hashing, so no multiplication.
	c, ok, err := pr.Native(staticCallee(sp.Func("index")), "", func(sum *Summary, v manifest.Var) (float64, bool) {
		switch v.Name {
		case "len(s)":
			return 7, true
		case "len(substr)":
			return 3, true
		}
		return 0, false
	})
	if err != nil || !ok || c.Ops[manifest.OpMul] != 0 {
		t.Errorf("strings.Index(7 bytes, 3 bytes): %v multiplies (ok %v, err %v), want 0", c.Ops[manifest.OpMul], ok, err)
	}

	// Int.Mul's summary counts no allocation (its callee nat.mul is in
	// its recursive cycle), but nat.mul allocates the product: a run
	// must measure it. utf8.RuneLen allocates nothing, nor do its callees.
	for fn, want := range map[string]bool{"mul": true, "runeLen": false} {
		if got := pr.MayAllocate(staticCallee(sp.Func(fn))); got != want {
			t.Errorf("MayAllocate(callee of %s) = %v, want %v", fn, got, want)
		}
	}
}

// staticCallee is the callee of fn's last static call.
func staticCallee(fn *ssa.Function) *ssa.Function {
	var callee *ssa.Function
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if c, ok := in.(*ssa.Call); ok && c.Call.StaticCallee() != nil {
				callee = c.Call.StaticCallee()
			}
		}
	}
	return callee
}

// TestKeyPackage checks the package paths read from summary keys.
func TestKeyPackage(t *testing.T) {
	for key, want := range map[string]string{
		"(*math/big.Int).Mul":       "math/big",
		"(math/big.nat).mul$1":      "math/big",
		"math/big.addVV":            "math/big",
		"fmt.Sprintf":               "fmt",
		"gopkg.in/yaml.v3.Marshal":  "gopkg.in/yaml.v3",
		"slices.Sort[[]math/big.W]": "slices",
		"main":                      "",
	} {
		if got := keyPackage(key); got != want {
			t.Errorf("keyPackage(%q) = %q, want %q", key, got, want)
		}
	}
}

// TestMakeMapTables checks make(map, hint)'s tables against
// internal/runtime/maps.NewMap: none up to 8, one table of the next power
// of two of 8/7 of the hint, directories beyond 1024 slots.
func TestMakeMapTables(t *testing.T) {
	pr := NewPricer(token.NewFileSet(), types.SizesFor("gc", "amd64"), nil, func(string, *types.Func) *Summary { return nil })
	mt := types.NewMap(types.Typ[types.Int], types.Typ[types.Int]) // groups of 8 + 8*16 = 136 bytes
	for _, tc := range []struct {
		hint         int64
		count, bytes float64
	}{
		{8, 0, 0},
		{10, 3, 8 + 32 + 288},        // 16 slots: 2 groups, 272 bytes, class 288
		{100, 3, 8 + 32 + 2304},      // 128 slots: 16 groups, 2176 bytes, class 2304
		{2000, 9, 32 + 4*(32+18432)}, // 2285 slots: 4 tables of 1024 (128 groups, 17408 bytes, class 18432)
	} {
		c, b := pr.MakeMapTables(mt, tc.hint)
		if c != tc.count || b != tc.bytes {
			t.Errorf("hint %d: %v objects, %v bytes; want %v, %v", tc.hint, c, b, tc.count, tc.bytes)
		}
	}
}

// TestStringCompareCalls checks gc's lowering of string comparisons as
// the counts see it: equality of two variables calls runtime.memequal,
// ordering calls cmpstring, and equality with a constant of at most 16
// bytes is inlined (a length test and word compares, no call).
func TestStringCompareCalls(t *testing.T) {
	const src = `package p

func eq(a, b string) bool    { return a == b }
func less(a, b string) bool  { return a < b }
func short(a string) bool    { return a == "google.com" }
func empty(a string) bool    { return a != "" }
func long(a string) bool     { return a == "a constant longer than sixteen bytes" }
`
	fset := token.NewFileSet()
	sp := buildSrc(t, fset, src)
	pr := NewPricer(fset, types.SizesFor("gc", "amd64"), nil, func(string, *types.Func) *Summary { return nil })
	for name, want := range map[string]float64{"eq": 1, "less": 1, "short": 0, "empty": 0, "long": 1} {
		calls := 0.0
		for _, b := range sp.Func(name).Blocks {
			calls += pr.BlockOps(b)[manifest.OpCall]
		}
		if calls != want {
			t.Errorf("%s: %v calls, want %v", name, calls, want)
		}
	}
}

// buildSrc builds the SSA package of the one-file package src, importing
// what it imports from the installed std.
func buildSrc(t *testing.T, fset *token.FileSet, src string) *ssa.Package {
	t.Helper()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := &types.Config{Importer: importer.Default()}
	sp, _, err := ssautil.BuildPackage(conf, fset, types.NewPackage("p", "p"), []*ast.File{file}, ssa.BuilderMode(0))
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// TestMapRangeSlots checks the slots a range over a small map steps
// through beyond its keys: a map of at most 8 keys scans its group's 8.
func TestMapRangeSlots(t *testing.T) {
	p := NewPricer(nil, nil, nil, func(string, *types.Func) *Summary { return nil })
	for _, c := range []struct {
		n    int64
		want float64
	}{{0, 0}, {1, 7}, {7, 1}, {8, 0}, {100, 0}} {
		if got := p.MapRangeSlots(c.n); got != c.want {
			t.Errorf("MapRangeSlots(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}
