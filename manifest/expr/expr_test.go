package expr

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"0", "0"},
		{"1 + 2*3", "7"},
		{"n + n", "2*n"},
		{"6*len(s) + 40", "40 + 6*len(s)"},
		{"n - n", "0"},
		{"(n+1)*(n-1)", "-1 + n^2"},
		{"(a+b)^2", "2*a*b + a^2 + b^2"},
		{"b*a", "a*b"},
		{"log2(n)*n", "n*log2(n)"},
		{"n/2", "0.5*n"},
		{"n/(2*m)", "0.5*(n/m)"},
		{"(a+b)/n", "a/n + b/n"},
		{"n/n", "1"},
		{"3/n", "3*(1/n)"},
		{"a/b/c", "a/b/c"},
		{"a/(b/c)", "a/(b/c)"},
		{"a/(n+1)", "a/(1 + n)"},
		{"(a/b)^2", "(a/b)^2"},
		{"min(n, 3, 5)", "min(3, n)"},
		{"max(n, n)", "n"},
		{"max(3, 5)", "5"},
		{"min(b, a)", "min(a, b)"},
		{"-min(a, b)", "-min(a, b)"},
		{"log2(8)", "3"},
		{"log2(0.5)", "0"},
		{"ceil(2.5)", "3"},
		{"ceil(n/3)", "ceil(0.3333333333333333*n)"},
		{"2^8", "256"},
		{"n^0", "1"},
		{"(A^7)^2", "A^14"},
		{"(2*a/b)^3", "8*(a/b)^3"},
		{"0^0", "1"},
		{"1048576*n", "1048576*n"},
		{"1e25", "1e+25"},
		{"0.00001*n", "1e-05*n"},
		{"-n - 5", "-5 - n"},
		{"cap(buf) + len(buf)", "cap(buf) + len(buf)"},
		{"loop_main.go_14 * 3", "3*loop_main.go_14"},
		{" n\t*\n2 ", "2*n"},
		{"x/0", "x/(0)"},
		{"2/(2222222222222222222222/0)", "9e-22*(1/(1/(0)))"},
		{"1/(3*n)", "0.3333333333333333*(1/n)"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := e.String(); got != tt.want {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
		e2, err := Parse(e.String())
		if err != nil {
			t.Errorf("Parse(String(%q)) = %v", tt.in, err)
			continue
		}
		if !e2.Equal(e) {
			t.Errorf("Parse(String(%q)) = %q, want %q", tt.in, e2, e)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{"4 +", 3, "unexpected end of expression"},
		{"", 0, "unexpected end of expression"},
		{"n +* 2", 3, `unexpected "*"`},
		{"foo(n)", 4, "unknown function foo"},
		{"len", 3, "len must be called"},
		{"len(3)", 4, "len takes an identifier"},
		{"len(min)", 4, "len takes an identifier"},
		{"min(n)", 6, "min needs at least two arguments"},
		{"log2(a, b)", 10, "log2 takes one argument"},
		{"n^x", 2, "exponent must be an integer"},
		{"n^2.5", 2, "exponent must be an integer"},
		{"(n+1)^9", 6, "exponent must be an integer from 0 to 8"},
		{"n^70000", 2, "exponent must be an integer from 0 to 65536"},
		{"(n^60000)*n^60000", 0, "exponent larger than 65536"},
		{"(n", 2, `expected ")"`},
		{"n)", 1, `unexpected ")"`},
		{"1.2.3", 0, `bad number "1.2.3"`},
		{"2 $ 3", 2, `unexpected character "$"`},
		{"1e400", 0, "bad number"},
		{"1e300*1e300", 0, "overflows"},
		{"min(1e300*1e300, n)", 0, "overflows"},
		{strings.Repeat("(", 300) + "n" + strings.Repeat(")", 300), 200, "nested too deeply"},
		{strings.Repeat("-", 300) + "n", 199, "nested too deeply"},
		{"(a+b+c+d+e+f+g+h)^8 * (a+b+c+d+e+f+g+h)^8", 0, "more than 4096 terms"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want a SyntaxError", tt.in, err)
			continue
		}
		if !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) message = %q, want it to contain %q", tt.in, se.Msg, tt.msg)
		}
		if tt.offset > 0 && se.Offset != tt.offset {
			t.Errorf("Parse(%q) offset = %d, want %d", tt.in, se.Offset, tt.offset)
		}
	}
	if _, err := Parse(strings.Repeat("n+", MaxLen)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("Parse of a huge input: err = %v, want a length error", err)
	}
}

func TestEval(t *testing.T) {
	env := map[string]float64{"n": 8, "len(s)": 10, "m": 0}
	tests := []struct {
		in   string
		want float64
	}{
		{"40 + 6*len(s)", 100},
		{"n*log2(n)", 24},
		{"log2(m)", 0},
		{"min(n, len(s))", 8},
		{"max(n, len(s), 3)", 10},
		{"ceil(len(s)/3)", 4},
		{"n^2 - 1", 63},
		{"(n+2)/len(s)", 1},
		{"3/n", 0.375},
	}
	for _, tt := range tests {
		got, err := MustParse(tt.in).EvalMap(env)
		if err != nil {
			t.Errorf("Eval(%q): %v", tt.in, err)
			continue
		}
		if math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Eval(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"x + 1", "n/m", "min(q, n)"} {
		if _, err := MustParse(in).EvalMap(env); err == nil {
			t.Errorf("Eval(%q) succeeded, want an error", in)
		}
	}
}

func TestSubst(t *testing.T) {
	tests := []struct {
		in   string
		m    map[string]string
		want string
	}{
		{"40 + 6*len(s)", map[string]string{"len(s)": "2*n"}, "40 + 12*n"},
		{"n*log2(n)", map[string]string{"n": "8"}, "24"},
		{"a/b", map[string]string{"b": "a"}, "1"},
		{"min(a, b)", map[string]string{"a": "b"}, "b"},
		{"n^2", map[string]string{"n": "a+1"}, "1 + 2*a + a^2"},
		{"x + y", map[string]string{"z": "1"}, "x + y"},
	}
	for _, tt := range tests {
		m := map[string]Expr{}
		for k, v := range tt.m {
			m[k] = MustParse(v)
		}
		if got := MustParse(tt.in).Subst(m).String(); got != tt.want {
			t.Errorf("Subst(%q, %v) = %q, want %q", tt.in, tt.m, got, tt.want)
		}
	}
}

func TestConstructors(t *testing.T) {
	n, s := Var("n"), Len("s")
	e := Add(Const(40), Mul(Const(6), s), Pow(n, 2), Div(n, Const(4)), Max(n, s), Min(n, Const(2)), Log2(n), Ceil(Div(s, n)))
	want := "40 + ceil(len(s)/n) + 6*len(s) + log2(n) + max(len(s), n) + min(2, n) + 0.25*n + n^2"
	if e.String() != want {
		t.Errorf("constructed %q, want %q", e, want)
	}
	if got := e.Vars(); strings.Join(got, ",") != "len(s),n" {
		t.Errorf("Vars = %v", got)
	}
	if d := e.Degree(); d != 2 {
		t.Errorf("Degree = %d, want 2", d)
	}
	if c, ok := Sub(Scale(n, 2), Add(n, n)).Constant(); !ok || c != 0 {
		t.Errorf("2n - (n+n) = %v, %v; want constant 0", c, ok)
	}
	if _, ok := n.Constant(); ok {
		t.Error("n reported constant")
	}
}

func TestValidVar(t *testing.T) {
	for _, ok := range []string{"n", "len(s)", "cap(b)", "loop_main.go_14", "_x", "a.b.c", "log2x"} {
		if err := ValidVar(ok); err != nil {
			t.Errorf("ValidVar(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "1n", ".n", "len", "min", "len(min)", "len()", "len(1)", "n m", "n-1", "len(s", "é"} {
		if ValidVar(bad) == nil {
			t.Errorf("ValidVar(%q) = nil, want an error", bad)
		}
	}
}

func TestText(t *testing.T) {
	var e Expr
	if err := e.UnmarshalText([]byte("n + n")); err != nil {
		t.Fatal(err)
	}
	b, _ := e.MarshalText()
	if string(b) != "2*n" {
		t.Errorf("MarshalText = %q", b)
	}
	if err := e.UnmarshalText([]byte("n +")); err == nil {
		t.Error("UnmarshalText accepted a bad expression")
	}
}

// randExpr builds a random expression with the constructors, so that the
// properties below are checked on shapes the parser's tests do not list.
func randExpr(r *rand.Rand, depth int) Expr {
	vars := []string{"n", "m", "len(s)", "k.x"}
	if depth <= 0 || r.IntN(3) == 0 {
		if r.IntN(2) == 0 {
			return Const(float64(r.IntN(20) - 5))
		}
		return Var(vars[r.IntN(len(vars))])
	}
	a, b := randExpr(r, depth-1), randExpr(r, depth-1)
	switch r.IntN(9) {
	case 0, 1:
		return Add(a, b)
	case 2:
		return Sub(a, b)
	case 3:
		return Mul(a, b)
	case 4:
		return Div(a, b)
	case 5:
		return Min(a, b)
	case 6:
		return Max(a, b)
	case 7:
		return Log2(a)
	default:
		return Scale(Ceil(a), 0.5)
	}
}

func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	env := map[string]float64{"n": 7, "m": 3, "len(s)": 12, "k.x": 2.5}
	for i := range 2000 {
		e := randExpr(r, 4)
		s := e.String()
		p, err := Parse(s)
		if err != nil {
			t.Fatalf("#%d: Parse(%q): %v", i, s, err)
		}
		if p.String() != s {
			t.Fatalf("#%d: Parse(%q).String() = %q", i, s, p.String())
		}
		v1, err1 := e.EvalMap(env)
		v2, err2 := p.EvalMap(env)
		if (err1 == nil) != (err2 == nil) || !sameFloat(v1, v2) {
			t.Fatalf("#%d: %q evaluates to %v, %v; reparsed to %v, %v", i, s, v1, err1, v2, err2)
		}
		// Substituting every variable by its value gives the value.
		sub := map[string]Expr{}
		for k, v := range env {
			sub[k] = Const(v)
		}
		c, ok := e.Subst(sub).Constant()
		if err1 == nil && !math.IsInf(v1, 0) && (!ok || math.Abs(c-v1) > 1e-6*math.Max(1, math.Abs(v1))) {
			t.Fatalf("#%d: %q substituted = %v (const %v), evaluated = %v", i, s, c, ok, v1)
		}
		// Addition is commutative and Sub undoes it.
		f := randExpr(r, 2)
		if !Add(e, f).Equal(Add(f, e)) {
			t.Fatalf("#%d: %q + %q is not commutative", i, e, f)
		}
	}
}

func sameFloat(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b)
}

func TestRoundSig(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"25400.306199999995 + 0.123456*n", "25400 + 0.1235*n"},
		{"max(1.23456, n) + 2/(3*len(s))", "max(1.235, n) + 0.6667*(1/len(s))"},
		{"n^2*7.77777 - 1e-9", "-1e-09 + 7.778*n^2"},
	} {
		got := MustParse(c.in).RoundSig(4)
		if want := MustParse(c.want); !got.Equal(want) {
			t.Errorf("RoundSig(%q, 4) = %q, want %q", c.in, got, want)
		}
	}
}
