package analyzer

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/perfcast/perfcast/manifest"
)

// TestConstArgs checks that a call passing constants is costed by the
// callee specialized to them (constargs.go): the branches the constants
// decide take one arm, two calls deep, while a call passing a variable
// keeps the static odds.
func TestConstArgs(t *testing.T) {
	pkg := analyzeTestPkg(t, "constargs")
	n := map[string]float64{"n": 100}
	for _, tc := range []struct {
		fn    string
		class manifest.OpClass
		vars  map[string]float64
		want  float64
	}{
		// A byte of a constant string: 'v' multiplies, '1' does not.
		{"constargs.PrefixedV", manifest.OpMul, n, 100},
		{"constargs.PrefixedNone", manifest.OpMul, n, 0},
		// A kind passed on through Outer (k+1): case 3 multiplies twice,
		// no case at 5.
		{"constargs.ModeThree", manifest.OpMul, nil, 2},
		{"constargs.ModeFive", manifest.OpMul, nil, 0},
		// A string of a bad length, sliced from a package variable only
		// its initializer sets, takes the error exit that the static
		// prediction makes rare; one of 36 bytes parses.
		{"constargs.ParseBad", manifest.OpMul, n, 0},
		// One of 36 bytes parses: 16 multiplications a parse (s[i*2]'s
		// index is a shift).
		{"constargs.ParseGood", manifest.OpMul, n, 1600},
		// A struct built by a constructor returned by value has the
		// constructor's field sizes, and a value receiver's field (spilled
		// by go/ssa) is a size guard: exp >= 0 returns at once.
		{"constargs.FloorFast", manifest.OpMul, n, 0},
		{"constargs.FloorRegular", manifest.OpMul, n, 300},
		// math.IsNaN, IsInf and Signbit of a constant fold: a finite
		// positive float passes every guard, a negative one returns at
		// Signbit.
		{"constargs.FormatConst", manifest.OpMul, n, 1},
		{"constargs.FormatNegative", manifest.OpMul, n, 0},
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if got := opAt(t, pkg, tc.fn, tc.class, tc.vars); got < tc.want-1e-6 || got > tc.want+1e-6 {
			t.Errorf("%s: %s = %g, want %g (%s)", tc.fn, tc.class, got, tc.want, s.Op(tc.class))
		}
	}
	// The guard on the spilled value receiver's field, in Floor's own
	// summary: exp >= 0 returns at once, exp = -2 runs heavy(2) (2
	// multiplications) and the final one.
	for exp, want := range map[float64]float64{2: 0, 0: 0, -2: 3} {
		if got := opAt(t, pkg, "(constargs.Dec).Floor", manifest.OpMul, map[string]float64{"d.exp": exp}); got != want {
			t.Errorf("Floor at d.exp = %g: mul = %g, want %g", exp, got, want)
		}
	}
	// Passing a variable leaves Mode's odds static: some multiplication,
	// less than case 3's.
	if got := opAt(t, pkg, "constargs.ModeVar", manifest.OpMul, nil); got <= 0 || got >= 2 {
		t.Errorf("ModeVar: mul = %g, want the static split in (0, 2)", got)
	}
	if s := pkg["constargs.ParseBad"]; s.AllocCount.IsZero() {
		t.Errorf("ParseBad: the error exit allocates its error; alloc count %s", s.AllocCount)
	}
	// An error holding a length (a struct of one int, boxed by convT64)
	// allocates nothing for a length below 256, one object above: the
	// concatenation's string and the box.
	for fn, want := range map[string]float64{"constargs.CheckShort": 0, "constargs.CheckLong": 200} {
		if got := eval(t, pkg[fn].AllocCount, n); got != want {
			t.Errorf("%s: allocs = %g, want %g (%s)", fn, got, want, pkg[fn].AllocCount)
		}
	}
}

// TestConstFold checks the folding of values under constant parameters:
// each function's returned value, its parameter set to arg.
func TestConstFold(t *testing.T) {
	const src = `package p

var g = "f47ac10b"

func sum(x int8) int8      { return x + 20 }
func overflow(x int8) int8 { return x + 100 }
func quo(x int) int        { return x / 2 }
func rem(x int) int        { return x % 2 }
func div0(x int) int       { return 7 / x }
func shift(x uint8) uint8  { return x << 4 }
func neg(x int) int        { return -x }
func byteAt(s string) byte { return s[1] }
func cut(s string) string  { return s[1:3] }
func long(s string) bool   { return len(s) == 36 }
func glob(x int) int       { return len(g[:x]) }
func past(x int) string    { return g[:x] }
func phi(x int) int {
	y := 3
	if x > 0 {
		y = x
	}
	return y
}
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	sp, _, err := ssautil.BuildPackage(&types.Config{}, fset, types.NewPackage("p", "p"), []*ast.File{file}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		fn   string
		arg  constant.Value
		want string // ExactString; "" for not constant
	}{
		{"sum", constant.MakeInt64(100), "120"},
		// 100+100 overflows int8: a wraparound is not folded.
		{"overflow", constant.MakeInt64(100), ""},
		{"quo", constant.MakeInt64(7), "3"},
		{"rem", constant.MakeInt64(-7), "-1"},
		{"div0", constant.MakeInt64(0), ""},
		{"shift", constant.MakeInt64(3), "48"},
		{"shift", constant.MakeInt64(16), ""},
		{"neg", constant.MakeInt64(5), "-5"},
		{"byteAt", constant.MakeString("v1"), "49"},
		{"byteAt", constant.MakeString("v"), ""},
		{"cut", constant.MakeString("v1.2"), `"1."`},
		{"long", constant.MakeString("v1.2"), "false"},
		// A package variable only its initializer sets holds its value.
		{"glob", constant.MakeInt64(4), "4"},
		{"past", constant.MakeInt64(9), ""},
		// A φ is constant where every incoming value agrees.
		{"phi", constant.MakeInt64(3), "3"},
		{"phi", constant.MakeInt64(4), ""},
	} {
		fn := sp.Func(tc.fn)
		var ret *ssa.Return
		for _, b := range fn.Blocks {
			if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				ret = r
			}
		}
		got, ok := constValue(ret.Results[0], map[*ssa.Parameter]constant.Value{fn.Params[0]: tc.arg})
		s := ""
		if ok {
			s = got.ExactString()
		}
		if s != tc.want {
			t.Errorf("%s(%s): got %q, want %q", tc.fn, tc.arg.ExactString(), s, tc.want)
		}
	}
}
