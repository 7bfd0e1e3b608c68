package analyzer

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
)

// TestConstDivision checks which divisions gc strength-reduces and into
// how many operations.
func TestConstDivision(t *testing.T) {
	// The dividend's type is all that is read of it.
	param := func(kind types.BasicKind) ssa.Value { return ssa.NewConst(constant.MakeInt64(7), types.Typ[kind]) }
	variable := &ssa.UnOp{Op: token.SUB} // a divisor computed at run time
	k := func(kind types.BasicKind, v int64) *ssa.Const {
		return ssa.NewConst(constant.MakeInt64(v), types.Typ[kind])
	}
	for _, tc := range []struct {
		name        string
		op          token.Token
		x, y        ssa.Value
		muls, ints  float64
		strengthRed bool
	}{
		{"uint / 64: shift", token.QUO, param(types.Uint), k(types.Uint, 64), 0, 1, true},
		{"uint % 64: mask", token.REM, param(types.Uint), k(types.Uint, 64), 0, 1, true},
		{"int / 2: shift with fix-up", token.QUO, param(types.Int), k(types.Int, 2), 0, 3, true},
		{"int % 8", token.REM, param(types.Int), k(types.Int, 8), 0, 4, true},
		{"uint64 / 1000: magic multiply", token.QUO, param(types.Uint64), k(types.Uint64, 1000), 1, 2, true},
		{"int64 % 1000", token.REM, param(types.Int64), k(types.Int64, 1000), 2, 5, true},
		{"int / -1", token.QUO, param(types.Int), k(types.Int, -1), 0, 1, true},
		{"int / variable", token.QUO, param(types.Int), variable, 0, 0, false},
		{"int / 0", token.QUO, param(types.Int), k(types.Int, 0), 0, 0, false},
	} {
		b := &ssa.BinOp{Op: tc.op, X: tc.x, Y: tc.y}
		muls, ints, ok := constDivision(b)
		if ok != tc.strengthRed || muls != tc.muls || ints != tc.ints {
			t.Errorf("%s: %g muls, %g ints, reduced %v; want %g, %g, %v", tc.name, muls, ints, ok, tc.muls, tc.ints, tc.strengthRed)
		}
	}
}

// TestConstMultiplyMatchesGc compiles multiplies by constants with gc and
// reads its assembly: where gc uses IMUL constMultiply must say so, and
// elsewhere count the instructions gc emits instead (register moves
// aside: renaming makes them free).
func TestConstMultiplyMatchesGc(t *testing.T) {
	consts := []int64{-9, -7, -5, -3, -1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 13, 15, 16, 17, 19, 21, 23, 24, 25, 27, 29,
		31, 33, 37, 40, 41, 45, 48, 63, 65, 72, 73, 81, 96, 100, 127, 129, 1000, 1 << 40, 0x5bd1e995, 0x7fffffff}
	var src strings.Builder
	src.WriteString("package m\n")
	for i, c := range consts {
		fmt.Fprintf(&src, "func W%d(x int64) int64 { return x * %d }\n", i, c)
		if c == int64(int32(c)) {
			fmt.Fprintf(&src, "func N%d(x int32) int32 { return x * %d }\n", i, c)
		}
	}
	asm := gcAssembly(t, src.String())
	for i, c := range consts {
		for _, typ := range []types.BasicKind{types.Int64, types.Int32} {
			name := fmt.Sprintf("W%d", i)
			if typ == types.Int32 {
				if c != int64(int32(c)) {
					continue
				}
				name = fmt.Sprintf("N%d", i)
			}
			ops, ok := asm[name]
			if !ok {
				t.Fatalf("no assembly for %s", name)
			}
			imul := false
			for _, op := range ops {
				imul = imul || strings.HasPrefix(op, "IMUL")
			}
			x := ssa.NewConst(constant.MakeInt64(1), types.Typ[typ])
			v := &ssa.BinOp{Op: token.MUL, X: x, Y: ssa.NewConst(constant.MakeInt64(c), types.Typ[typ])}
			ints, reduced := constMultiply(v)
			switch {
			case imul && reduced:
				t.Errorf("x*%d (%s): gc multiplies (%v), constMultiply says %v instructions", c, types.Typ[typ], ops, ints)
			case !imul && !reduced:
				t.Errorf("x*%d (%s): gc uses %v, constMultiply says multiply", c, types.Typ[typ], ops)
			case !imul && int(ints) != len(ops):
				t.Errorf("x*%d (%s): gc uses %v, constMultiply says %v instructions", c, types.Typ[typ], ops, ints)
			}
		}
	}
}

// gcAssembly compiles src, package m, with gc for amd64 and returns each
// function's instructions, register moves and pseudo-instructions left
// out.
func gcAssembly(t *testing.T, src string) map[string][]string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"go.mod": "module m\n\ngo 1.22\n", "m.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "build", "-gcflags=-S", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOARCH=amd64", "GOAMD64=v1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	instr := regexp.MustCompile(`\)\t([A-Z][A-Z0-9]*)`)
	asm := map[string][]string{}
	fn := ""
	for _, line := range strings.Split(string(out), "\n") {
		if f, ok := strings.CutPrefix(line, "m."); ok && strings.Contains(f, " STEXT") {
			fn = f[:strings.Index(f, " ")]
			continue
		}
		if m := instr.FindStringSubmatch(line); m != nil && fn != "" {
			switch op := m[1]; {
			case op == "TEXT" || op == "FUNCDATA" || op == "PCDATA" || op == "RET" || strings.HasPrefix(op, "MOV"):
			default:
				asm[fn] = append(asm[fn], op)
			}
		}
	}
	return asm
}

// TestRotateMatchesGc checks isRotate against the rotates gc emits: a
// pair of constant shifts of one unsigned operand whose amounts add up to
// its width, combined by |, ^ or +.
func TestRotateMatchesGc(t *testing.T) {
	type tc struct {
		typ, expr string
	}
	cases := []tc{
		{"uint32", "x<<15 | x>>17"}, {"uint32", "x>>13 ^ x<<19"}, {"uint64", "x<<31 + x>>33"},
		{"uint64", "x<<31 | x>>32"}, {"int64", "x<<31 | x>>33"}, {"uint16", "x<<3 | x>>13"},
		{"uint32", "x<<15 & x>>17"}, {"uint8", "x<<1 | x>>7"},
	}
	var src strings.Builder
	src.WriteString("package m\n")
	for i, c := range cases {
		fmt.Fprintf(&src, "func R%d(x %s) %s { return %s }\n", i, c.typ, c.typ, c.expr)
	}
	asm := gcAssembly(t, src.String())
	// The same functions in SSA.
	fset := token.NewFileSet()
	sp := buildSrc(t, fset, strings.Replace(src.String(), "package m", "package p", 1))
	for i, c := range cases {
		name := fmt.Sprintf("R%d", i)
		rol := false
		for _, op := range asm[name] {
			rol = rol || strings.HasPrefix(op, "ROL") || strings.HasPrefix(op, "ROR")
		}
		var got bool
		for _, b := range sp.Func(name).Blocks {
			for _, in := range b.Instrs {
				if v, ok := in.(*ssa.BinOp); ok && isRotate(v) {
					got = true
				}
			}
		}
		if got != rol {
			t.Errorf("%s %s: gc emits %v, isRotate says %v", c.typ, c.expr, asm[name], got)
		}
	}
}
