// Package expr implements perfcast's symbolic cost expressions: costs written
// over named input sizes, such as `40 + 6*len(s)` or `n*log2(n)`.
//
// An Expr is always kept in one canonical form, a sum of terms, each a
// coefficient times a product of atoms raised to positive integer powers. An
// atom is a size variable, a call of one of the built-in functions, or a
// quotient whose denominator is not constant. Because every constructor
// returns the canonical form, simplification is not a separate pass: equal
// expressions print identically, and Parse(e.String()) yields e again.
//
// Grammar (white space is ignored):
//
//	expr     = term { ("+" | "-") term } .
//	term     = unary { ("*" | "/") unary } .
//	unary    = "-" unary | power .
//	power    = primary [ "^" integer ] .
//	primary  = number | variable | call | "(" expr ")" .
//	variable = ident | ("len" | "cap") "(" ident ")" .
//	call     = ("min" | "max") "(" expr "," expr { "," expr } ")"
//	         | ("log2" | "ceil") "(" expr ")" .
//	ident    = letter { letter | digit | "_" | "." } .
//	letter   = "a" … "z" | "A" … "Z" | "_" .
//
// Numbers are decimal floating-point literals (1, 0.25, 1e-05). `len(s)` and
// `cap(s)` are variables in their own right: they name the length or capacity
// of the input s, and the evaluator looks them up by that full name. The
// names min, max, log2, ceil, len and cap are reserved. Operators bind as
// usual: ^ tightest, then unary minus, then * and /, then + and -; * and /
// associate to the left, so a/b/c is (a/b)/c.
//
// Evaluation: log2(x) is 0 for x < 1 (it models the depth of a search or a
// sort); ceil rounds up; min and max take two or more arguments; a quotient
// whose denominator evaluates to 0 is an error.
//
// Canonical form: terms are ordered by degree, then by their printed factors;
// a term's variables come before calls and quotients (n*log2(n)); a
// coefficient of 1 is not printed; constants use positional notation between
// 1e-4 and 1e21 and the shortest digits that read back exactly; a quotient
// by a constant becomes a coefficient (n/4 is 0.25*n); a sum divided by a
// non-constant is split per term ((a+b)/n is a/n + b/n).
//
// Bounds, so that hostile input stays cheap: an expression is at most MaxLen
// bytes and 200 levels deep; a sum is raised to a power of at most 8 and a
// single term to at most 65536; the expanded form has at most 4096 terms of at
// most 64 factors. Everything String prints within these bounds, Parse reads
// back to the same expression.
package expr

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Expr is an immutable symbolic cost expression in canonical form.
// The zero Expr is the constant 0.
type Expr struct {
	terms []term // sorted by (degree, key); coefficients are nonzero; monomials unique
}

type term struct {
	coef float64
	fs   []factor // sorted by atom key; pow >= 1
}

type factor struct {
	a   *atom
	pow int
}

type atomKind uint8

const (
	atomVar  atomKind = iota // a size variable
	atomCall                 // min, max, log2, ceil
	atomDiv                  // num/den with a non-constant den
)

type atom struct {
	kind atomKind
	name string // variable name or function name
	args []Expr // call arguments; for atomDiv, {num, den}
	key  string // canonical printed form, used for ordering and equality
}

// Functions lists the built-in functions an expression may call, sorted.
var Functions = []string{"ceil", "log2", "max", "min"}

// Const returns the constant expression c.
func Const(c float64) Expr {
	if c == 0 {
		return Expr{}
	}
	return Expr{terms: []term{{coef: c}}}
}

// Var returns the expression consisting of the size variable name.
// It panics if name is not a valid variable name; use ValidVar to check
// names that come from outside.
func Var(name string) Expr {
	if err := ValidVar(name); err != nil {
		panic(err)
	}
	a := &atom{kind: atomVar, name: name, key: name}
	return Expr{terms: []term{{coef: 1, fs: []factor{{a: a, pow: 1}}}}}
}

// Len returns the variable len(name).
func Len(name string) Expr { return Var("len(" + name + ")") }

// ValidVar reports whether name is a valid variable name: an identifier
// (letters, digits, '_' and '.', not starting with a digit or '.'), or
// len(ident) or cap(ident).
func ValidVar(name string) error {
	inner := name
	if (strings.HasPrefix(name, "len(") || strings.HasPrefix(name, "cap(")) && strings.HasSuffix(name, ")") {
		inner = name[4 : len(name)-1]
	}
	if !isIdent(inner) {
		return fmt.Errorf("invalid variable name %q", name)
	}
	if isFunc(inner) {
		// "len" alone, or len(min): the parser would read a call.
		return fmt.Errorf("variable name %q uses the function name %q", name, inner)
	}
	return nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z'):
		case i > 0 && (r == '.' || ('0' <= r && r <= '9')):
		default:
			return false
		}
	}
	return true
}

func isFunc(name string) bool {
	_, ok := slices.BinarySearch(Functions, name)
	return ok || name == "len" || name == "cap"
}

// IsZero reports whether e is the constant 0.
func (e Expr) IsZero() bool { return len(e.terms) == 0 }

// Constant returns e's value and true if e does not depend on any variable.
func (e Expr) Constant() (float64, bool) {
	switch len(e.terms) {
	case 0:
		return 0, true
	case 1:
		if len(e.terms[0].fs) == 0 {
			return e.terms[0].coef, true
		}
	}
	return 0, false
}

// Equal reports whether e and f are the same expression.
func (e Expr) Equal(f Expr) bool { return e.String() == f.String() }

// Vars returns the sorted names of the variables e depends on.
func (e Expr) Vars() []string {
	set := map[string]bool{}
	e.walkVars(func(n string) { set[n] = true })
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func (e Expr) walkVars(fn func(string)) {
	for _, t := range e.terms {
		for _, f := range t.fs {
			if f.a.kind == atomVar {
				fn(f.a.name)
			}
			for _, a := range f.a.args {
				a.walkVars(fn)
			}
		}
	}
}

// Degree returns the highest total power of any term, counting every atom
// (a call or a quotient counts as 1). It is a rough measure of growth.
func (e Expr) Degree() int {
	d := 0
	for _, t := range e.terms {
		d = max(d, t.degree())
	}
	return d
}

func (t term) degree() int {
	d := 0
	for _, f := range t.fs {
		d += f.pow
	}
	return d
}

func (t term) key() string {
	switch {
	case len(t.fs) == 0:
		return ""
	case len(t.fs) == 1 && t.fs[0].pow == 1:
		return t.fs[0].a.key
	}
	var b strings.Builder
	for i, f := range t.fs {
		if i > 0 {
			b.WriteByte('*')
		}
		b.WriteString(f.a.key)
		if f.pow > 1 {
			b.WriteByte('^')
			b.WriteString(strconv.Itoa(f.pow))
		}
	}
	return b.String()
}

// Add returns e + f.
func Add(es ...Expr) Expr {
	var all []term
	for _, e := range es {
		all = append(all, e.terms...)
	}
	return normalize(all)
}

// Sub returns e - f.
func Sub(e, f Expr) Expr { return Add(e, Scale(f, -1)) }

// Scale returns c*e.
func Scale(e Expr, c float64) Expr {
	if c == 0 {
		return Expr{}
	}
	ts := make([]term, len(e.terms))
	for i, t := range e.terms {
		ts[i] = term{coef: t.coef * c, fs: t.fs}
	}
	return normalize(ts)
}

// Mul returns the product of es.
func Mul(es ...Expr) Expr {
	if len(es) == 2 {
		// The common 6*len(s): scaling needs no expansion.
		if c, ok := es[0].Constant(); ok {
			return Scale(es[1], c)
		}
		if c, ok := es[1].Constant(); ok {
			return Scale(es[0], c)
		}
	}
	if len(es) == 0 {
		return Const(1)
	}
	acc := es[0] // already canonical
	for _, e := range es[1:] {
		ts := make([]term, 0, len(acc.terms)*len(e.terms))
		for _, a := range acc.terms {
			for _, b := range e.terms {
				ts = append(ts, term{coef: a.coef * b.coef, fs: mulFactors(a.fs, b.fs)})
			}
		}
		acc = normalize(ts)
	}
	return acc
}

func mulFactors(a, b []factor) []factor {
	out := make([]factor, 0, len(a)+len(b))
	out = append(out, a...)
	for _, f := range b {
		if i := slices.IndexFunc(out, func(g factor) bool { return g.a.key == f.a.key }); i >= 0 {
			out[i].pow += f.pow
			continue
		}
		out = append(out, f)
	}
	// Variables come first, then calls, then quotients: n*log2(n), not log2(n)*n.
	slices.SortFunc(out, func(x, y factor) int {
		if x.a.kind != y.a.kind {
			return int(x.a.kind) - int(y.a.kind)
		}
		return strings.Compare(x.a.key, y.a.key)
	})
	return out
}

// Pow returns e raised to the non-negative integer power n.
func Pow(e Expr, n int) Expr {
	acc := Const(1)
	for range n {
		acc = Mul(acc, e)
	}
	return acc
}

// Div returns num/den. Division by a constant scales; otherwise the quotient
// is distributed over num's terms and each becomes an atom, so that
// (a+b)/n is written a/n + b/n. Division by the constant 0 yields an error
// at evaluation time: it is kept as a quotient atom.
func Div(num, den Expr) Expr {
	if c, ok := den.Constant(); ok && c != 0 {
		return Scale(num, 1/c)
	}
	// Pull a single-term denominator's coefficient out: a/(c*m) = (1/c)*(a/m).
	dc := 1.0
	if len(den.terms) == 1 && den.terms[0].coef != 0 {
		// Set the coefficient to 1 rather than scaling by 1/dc, which can
		// round to 0.9999999999999999.
		dc = den.terms[0].coef
		den = Expr{terms: []term{{coef: 1, fs: den.terms[0].fs}}}
	}
	var out []Expr
	for _, t := range num.terms {
		mono := Expr{terms: []term{{coef: 1, fs: t.fs}}}
		if mono.Equal(den) {
			out = append(out, Const(t.coef/dc))
			continue
		}
		a := &atom{kind: atomDiv, args: []Expr{mono, den}}
		a.key = a.render()
		out = append(out, Expr{terms: []term{{coef: t.coef / dc, fs: []factor{{a: a, pow: 1}}}}})
	}
	return Add(out...)
}

// Min returns the smallest of es (at least one).
func Min(es ...Expr) Expr { return call("min", es) }

// Max returns the largest of es (at least one).
func Max(es ...Expr) Expr { return call("max", es) }

// Log2 returns log2(e); see Eval for its value at small arguments.
func Log2(e Expr) Expr { return call("log2", []Expr{e}) }

// Ceil returns ceil(e).
func Ceil(e Expr) Expr { return call("ceil", []Expr{e}) }

func call(fn string, args []Expr) Expr {
	if len(args) == 0 {
		panic("expr: " + fn + " needs an argument")
	}
	if fn == "min" || fn == "max" {
		// Fold the constant arguments into one and drop duplicates.
		var consts []float64
		var rest []Expr
		seen := map[string]bool{}
		for _, a := range args {
			if c, ok := a.Constant(); ok {
				consts = append(consts, c)
			} else if k := a.String(); !seen[k] {
				seen[k] = true
				rest = append(rest, a)
			}
		}
		if len(consts) > 0 {
			c := slices.Min(consts)
			if fn == "max" {
				c = slices.Max(consts)
			}
			rest = append(rest, Const(c))
		}
		if len(rest) == 1 {
			return rest[0]
		}
		slices.SortFunc(rest, func(a, b Expr) int { return strings.Compare(a.String(), b.String()) })
		args = rest
	} else {
		allConst := true
		for _, a := range args {
			if _, ok := a.Constant(); !ok {
				allConst = false
			}
		}
		if allConst {
			v, _ := atomValue(fn, args, nil)
			return Const(v)
		}
	}
	a := &atom{kind: atomCall, name: fn, args: args}
	a.key = a.render()
	return Expr{terms: []term{{coef: 1, fs: []factor{{a: a, pow: 1}}}}}
}

// normalize merges like terms, drops zero coefficients and sorts. Each
// term's key is built once: sorting by keys built in the comparison made long
// sums quadratic in string building.
func normalize(ts []term) Expr {
	type keyed struct {
		t      term
		key    string
		degree int
	}
	// Most costs have a handful of terms: find like terms by a linear scan
	// and only index them in a map for long sums.
	var idx map[string]int
	out := make([]keyed, 0, len(ts))
	for _, t := range ts {
		k := t.key()
		i := -1
		if idx != nil {
			if j, ok := idx[k]; ok {
				i = j
			}
		} else {
			i = slices.IndexFunc(out, func(x keyed) bool { return x.key == k })
		}
		if i >= 0 {
			out[i].t.coef += t.coef
			continue
		}
		out = append(out, keyed{t, k, t.degree()})
		if len(out) == 16 && idx == nil {
			idx = make(map[string]int, len(ts))
			for j, x := range out {
				idx[x.key] = j
			}
		} else if idx != nil {
			idx[k] = len(out) - 1
		}
	}
	out = slices.DeleteFunc(out, func(k keyed) bool { return k.t.coef == 0 })
	slices.SortFunc(out, func(a, b keyed) int {
		if d := a.degree - b.degree; d != 0 {
			return d
		}
		return strings.Compare(a.key, b.key)
	})
	if len(out) == 0 {
		return Expr{}
	}
	terms := make([]term, len(out))
	for i, k := range out {
		terms[i] = k.t
	}
	return Expr{terms: terms}
}

// Subst replaces variables by expressions. Variables not in m are kept.
func (e Expr) Subst(m map[string]Expr) Expr {
	if len(m) == 0 {
		return e
	}
	return e.rebuild(func(c float64) float64 { return c }, func(a *atom) Expr {
		if r, ok := m[a.name]; ok {
			return r
		}
		return a.expr()
	})
}

// RoundSig returns e with every coefficient and constant, also inside calls
// and quotients, rounded to n significant digits: for display, where sums of
// measured or averaged counts would otherwise print as 25400.306199999995.
func (e Expr) RoundSig(n int) Expr {
	return e.rebuild(func(c float64) float64 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(c, 'g', n, 64), 64)
		return r
	}, (*atom).expr)
}

// rebuild maps e's coefficients through coef and its variables through
// leaf, and recombines the result through the canonicalizing constructors.
func (e Expr) rebuild(coef func(float64) float64, leaf func(*atom) Expr) Expr {
	var sum []Expr
	for _, t := range e.terms {
		prod := []Expr{Const(coef(t.coef))}
		for _, f := range t.fs {
			prod = append(prod, Pow(f.a.rebuild(coef, leaf), f.pow))
		}
		sum = append(sum, Mul(prod...))
	}
	return Add(sum...)
}

func (a *atom) expr() Expr {
	return Expr{terms: []term{{coef: 1, fs: []factor{{a: a, pow: 1}}}}}
}

func (a *atom) rebuild(coef func(float64) float64, leaf func(*atom) Expr) Expr {
	switch a.kind {
	case atomVar:
		return leaf(a)
	case atomDiv:
		return Div(a.args[0].rebuild(coef, leaf), a.args[1].rebuild(coef, leaf))
	default:
		args := make([]Expr, len(a.args))
		for i, x := range a.args {
			args[i] = x.rebuild(coef, leaf)
		}
		return call(a.name, args)
	}
}

// Eval evaluates e with the variable values given by env. A variable for
// which env reports false is an error naming it.
//
// log2(x) is taken as 0 for x < 1, since it models the depth of a search or a
// sort over x elements; a quotient with a zero denominator is an error.
func (e Expr) Eval(env func(name string) (float64, bool)) (float64, error) {
	sum := 0.0
	for _, t := range e.terms {
		v := t.coef
		for _, f := range t.fs {
			x, err := f.a.eval(env)
			if err != nil {
				return 0, err
			}
			v *= math.Pow(x, float64(f.pow))
		}
		sum += v
	}
	return sum, nil
}

// EvalMap evaluates e with variables from vars.
func (e Expr) EvalMap(vars map[string]float64) (float64, error) {
	return e.Eval(func(n string) (float64, bool) { v, ok := vars[n]; return v, ok })
}

func (a *atom) eval(env func(string) (float64, bool)) (float64, error) {
	if a.kind == atomVar {
		if env != nil {
			if v, ok := env(a.name); ok {
				return v, nil
			}
		}
		return 0, fmt.Errorf("variable %s has no value", a.name)
	}
	args := make([]float64, len(a.args))
	for i, x := range a.args {
		v, err := x.Eval(env)
		if err != nil {
			return 0, err
		}
		args[i] = v
	}
	if a.kind == atomDiv {
		if args[1] == 0 {
			return 0, fmt.Errorf("division by zero in %s", a.key)
		}
		return args[0] / args[1], nil
	}
	return applyFunc(a.name, args), nil
}

func atomValue(fn string, args []Expr, env func(string) (float64, bool)) (float64, error) {
	vs := make([]float64, len(args))
	for i, x := range args {
		v, err := x.Eval(env)
		if err != nil {
			return 0, err
		}
		vs[i] = v
	}
	return applyFunc(fn, vs), nil
}

func applyFunc(fn string, vs []float64) float64 {
	switch fn {
	case "min":
		return slices.Min(vs)
	case "max":
		return slices.Max(vs)
	case "log2":
		if vs[0] < 1 {
			return 0
		}
		return math.Log2(vs[0])
	case "ceil":
		return math.Ceil(vs[0])
	}
	panic("expr: unknown function " + fn)
}

// String returns e in canonical textual form, which Parse accepts.
func (e Expr) String() string {
	if len(e.terms) == 0 {
		return "0"
	}
	var b strings.Builder
	for i, t := range e.terms {
		c := t.coef
		if i > 0 {
			if c < 0 {
				b.WriteString(" - ")
				c = -c
			} else {
				b.WriteString(" + ")
			}
		} else if c < 0 && len(t.fs) > 0 {
			b.WriteByte('-')
			c = -c
		}
		switch {
		case len(t.fs) == 0:
			b.WriteString(formatNum(c))
		case c == 1:
			writeFactors(&b, t.fs, false)
		default:
			b.WriteString(formatNum(c))
			b.WriteByte('*')
			writeFactors(&b, t.fs, true)
		}
	}
	return b.String()
}

func writeFactors(b *strings.Builder, fs []factor, inProduct bool) {
	inProduct = inProduct || len(fs) > 1
	for i, f := range fs {
		if i > 0 {
			b.WriteByte('*')
		}
		wrap := f.a.kind == atomDiv && (inProduct || f.pow > 1)
		if wrap {
			b.WriteByte('(')
		}
		b.WriteString(f.a.key)
		if wrap {
			b.WriteByte(')')
		}
		if f.pow > 1 {
			b.WriteByte('^')
			b.WriteString(strconv.Itoa(f.pow))
		}
	}
}

func (a *atom) render() string {
	switch a.kind {
	case atomVar:
		return a.name
	case atomDiv:
		num, den := a.args[0], a.args[1]
		ns := num.String()
		if num.IsZero() || len(num.terms[0].fs) == 0 {
			ns = "1"
		}
		ds := den.String()
		if !(len(den.terms) == 1 && den.terms[0].coef == 1 && len(den.terms[0].fs) == 1 &&
			den.terms[0].fs[0].pow == 1 && den.terms[0].fs[0].a.kind != atomDiv) {
			ds = "(" + ds + ")"
		}
		return ns + "/" + ds
	default:
		parts := make([]string, len(a.args))
		for i, x := range a.args {
			parts[i] = x.String()
		}
		return a.name + "(" + strings.Join(parts, ", ") + ")"
	}
}

// formatNum prints the shortest decimal that reads back as exactly c, in
// positional notation for the magnitudes costs have (1048576, not 1.048576e+06).
func formatNum(c float64) string {
	if a := math.Abs(c); a >= 1e-4 && a < 1e21 {
		return strconv.FormatFloat(c, 'f', -1, 64)
	}
	return strconv.FormatFloat(c, 'g', -1, 64)
}

// MarshalText implements encoding.TextMarshaler.
func (e Expr) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (e *Expr) UnmarshalText(b []byte) error {
	x, err := Parse(string(b))
	if err != nil {
		return err
	}
	*e = x
	return nil
}

// MarshalYAML writes a constant as a YAML number and anything else as a
// string, so that `count: 3` reads naturally; Parse and manifest decoding
// accept both. (It implements go.yaml.in/yaml/v3's Marshaler without
// importing it.)
func (e Expr) MarshalYAML() (any, error) {
	if c, ok := e.Constant(); ok {
		return c, nil
	}
	return e.String(), nil
}

// Fit returns e when it prints in at most max bytes; otherwise the sum of
// as many of its largest terms as fit, with every other term folded into
// the constant at its value under env. Parse refuses expressions longer
// than MaxLen, so a producer whose products of branch weights and guards
// grow past it (a compiler's parser, a regexp compiler) fits them rather
// than write what cannot be read back; the terms that matter most at the
// sizes env gives keep their dependence on the sizes.
func (e Expr) Fit(max int, env func(name string) (float64, bool)) Expr {
	if len(e.String()) <= max {
		return e
	}
	type ranked struct {
		t     term
		v     float64 // the term's value under env
		size  int     // its printed length, with a separator
		known bool
	}
	rs := make([]ranked, 0, len(e.terms))
	for _, t := range e.terms {
		one := Expr{terms: []term{t}}
		v, err := one.Eval(env)
		rs = append(rs, ranked{t: t, v: v, size: len(one.String()) + 3, known: err == nil})
	}
	// Largest first; a term env cannot value is kept before any other
	// (folding it would lose it), ties in canonical order.
	order := make([]int, len(rs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := rs[i], rs[j]
		if a.known != b.known {
			if !a.known {
				return -1
			}
			return 1
		}
		switch x, y := math.Abs(a.v), math.Abs(b.v); {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	folded := 0.0
	budget := max - 32 // room for the folded constant
	var kept []term
	for _, i := range order {
		r := rs[i]
		if len(r.t.fs) > 0 && r.size <= budget {
			kept = append(kept, r.t)
			budget -= r.size
			continue
		}
		folded += r.v
	}
	out := Add(normalize(kept), Const(folded))
	for len(out.String()) > max && len(out.terms) > 1 {
		// Formatting may differ from the estimate: drop the smallest kept.
		last := kept[len(kept)-1]
		kept = kept[:len(kept)-1]
		v, _ := Expr{terms: []term{last}}.Eval(env)
		folded += v
		out = Add(normalize(kept), Const(folded))
	}
	return out
}
