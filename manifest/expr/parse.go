package expr

import (
	"fmt"
	"math"
	"strconv"
)

// SyntaxError reports a malformed expression and the byte offset where the
// problem was found.
type SyntaxError struct {
	Input  string
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	in := e.Input
	if len(in) > 80 {
		in = in[:77] + "..." // an error is one line, even for a huge input
	}
	return fmt.Sprintf("bad expression %q at offset %d: %s", in, e.Offset, e.Msg)
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 200

// Parse parses a cost expression written in the grammar of the package
// documentation and returns it in canonical form.
func Parse(s string) (Expr, error) {
	if len(s) > MaxLen {
		return Expr{}, &SyntaxError{Input: s, Offset: MaxLen, Msg: fmt.Sprintf("expression longer than %d bytes", MaxLen)}
	}
	p := &parser{in: s}
	p.next()
	e := p.expr()
	if p.err == nil && p.tok != tEOF {
		p.fail("unexpected %s", p.describe())
	}
	if p.err != nil {
		return Expr{}, p.err
	}
	if len(e.String()) > maxPrinted {
		return Expr{}, &SyntaxError{Input: s, Offset: 0, Msg: fmt.Sprintf("expression expands to more than %d bytes", maxPrinted)}
	}
	if !e.finite() {
		return Expr{}, &SyntaxError{Input: s, Offset: 0, Msg: "a coefficient overflows float64"}
	}
	return e, nil
}

// MaxLen bounds the length of an expression Parse accepts. Real costs are a
// few dozen bytes. The bound keeps hostile input cheap: some shapes, such as
// a chain of quotients a/b/c/..., take time quadratic in their length.
const MaxLen = 4096

// finite reports whether every coefficient in e, including inside calls and
// quotients, is a finite number.
func (e Expr) finite() bool {
	for _, t := range e.terms {
		if math.IsInf(t.coef, 0) || math.IsNaN(t.coef) {
			return false
		}
		for _, f := range t.fs {
			for _, a := range f.a.args {
				if !a.finite() {
					return false
				}
			}
		}
	}
	return true
}

// MustParse is like Parse but panics on error; for tests and tables.
func MustParse(s string) Expr {
	e, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return e
}

type tokKind uint8

const (
	tEOF tokKind = iota
	tNum
	tIdent
	tOp // one of + - * / ^ ( ) ,
	tBad
)

type parser struct {
	in    string
	pos   int // offset after the current token
	start int // offset of the current token
	tok   tokKind
	text  string
	num   float64
	depth int
	err   error
}

func (p *parser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = &SyntaxError{Input: p.in, Offset: p.start, Msg: fmt.Sprintf(format, args...)}
	}
	p.tok = tEOF
}

func (p *parser) describe() string {
	switch p.tok {
	case tEOF:
		return "end of expression"
	case tNum, tIdent, tOp:
		return strconv.Quote(p.text)
	}
	return "character " + strconv.Quote(p.text)
}

func (p *parser) next() {
	if p.err != nil {
		return
	}
	for p.pos < len(p.in) && (p.in[p.pos] == ' ' || p.in[p.pos] == '\t' || p.in[p.pos] == '\n' || p.in[p.pos] == '\r') {
		p.pos++
	}
	p.start = p.pos
	if p.pos >= len(p.in) {
		p.tok, p.text = tEOF, ""
		return
	}
	c := p.in[p.pos]
	switch {
	case c >= '0' && c <= '9' || c == '.':
		end := p.pos
		for end < len(p.in) && (isDigit(p.in[end]) || p.in[end] == '.') {
			end++
		}
		if end < len(p.in) && (p.in[end] == 'e' || p.in[end] == 'E') {
			e := end + 1
			if e < len(p.in) && (p.in[e] == '+' || p.in[e] == '-') {
				e++
			}
			if e < len(p.in) && isDigit(p.in[e]) {
				for e < len(p.in) && isDigit(p.in[e]) {
					e++
				}
				end = e
			}
		}
		p.text = p.in[p.pos:end]
		v, err := strconv.ParseFloat(p.text, 64)
		if err != nil || math.IsInf(v, 0) {
			p.fail("bad number %q", p.text)
			return
		}
		p.tok, p.num, p.pos = tNum, v, end
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		end := p.pos
		for end < len(p.in) && (isIdentByte(p.in[end])) {
			end++
		}
		p.tok, p.text, p.pos = tIdent, p.in[p.pos:end], end
	case c == '+' || c == '-' || c == '*' || c == '/' || c == '^' || c == '(' || c == ')' || c == ',':
		p.tok, p.text, p.pos = tOp, p.in[p.pos:p.pos+1], p.pos+1
	default:
		p.tok, p.text = tBad, p.in[p.pos:p.pos+1]
		p.fail("unexpected %s", p.describe())
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentByte(c byte) bool {
	return c == '_' || c == '.' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (p *parser) isOp(s string) bool { return p.tok == tOp && p.text == s }

func (p *parser) expect(s string) {
	if !p.isOp(s) {
		p.fail("expected %q, found %s", s, p.describe())
		return
	}
	p.next()
}

func (p *parser) expr() Expr {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.fail("expression nested too deeply")
		return Expr{}
	}
	// Collect the terms and add them once: adding one at a time re-sorts
	// the sum each time, which is quadratic in a long sum.
	parts := []Expr{p.term()}
	n := len(parts[0].terms)
	for p.err == nil && (p.isOp("+") || p.isOp("-")) {
		neg := p.text == "-"
		p.next()
		t := p.term()
		if neg {
			t = Scale(t, -1)
		}
		parts = append(parts, t)
		if n += len(t.terms); n > 4*maxTerms {
			p.fail("expression has more than %d terms", 4*maxTerms)
			return Expr{}
		}
	}
	e := Add(parts...)
	p.checkSize(e)
	return e
}

func (p *parser) term() Expr {
	e := p.unary()
	for p.err == nil && (p.isOp("*") || p.isOp("/")) {
		div := p.text == "/"
		p.next()
		f := p.unary()
		if !div && !p.productFits(e, f) || div && !p.quotientFits(e, f) {
			return Expr{}
		}
		if div {
			e = Div(e, f)
		} else {
			e = Mul(e, f)
		}
		p.checkSize(e)
	}
	return e
}

func (p *parser) unary() Expr {
	if p.isOp("-") {
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			p.fail("expression nested too deeply")
			return Expr{}
		}
		p.next()
		return Scale(p.unary(), -1)
	}
	return p.power()
}

// maxPow bounds the exponent of a sum, whose power is expanded term by
// term; maxExp bounds the exponent of a single term, whose power costs
// nothing to compute, and so every exponent in canonical form.
const (
	maxPow = 8
	maxExp = 1 << 16
)

func (p *parser) power() Expr {
	e := p.primary()
	if p.err == nil && p.isOp("^") {
		p.next()
		limit := maxPow
		if len(e.terms) <= 1 {
			limit = maxExp
		}
		if p.tok != tNum || p.num != math.Trunc(p.num) || p.num < 0 || p.num > float64(limit) {
			p.fail("exponent must be an integer from 0 to %d, found %s", limit, p.describe())
			return Expr{}
		}
		n := int(p.num)
		p.next()
		if len(e.terms) <= 1 {
			e = monoPow(e, n)
			p.checkSize(e)
			return e
		}
		base := e
		e = Const(1)
		for range n {
			if !p.productFits(e, base) {
				return Expr{}
			}
			e = Mul(e, base)
			p.checkSize(e)
		}
	}
	return e
}

// monoPow raises an expression of at most one term to the power n.
func monoPow(e Expr, n int) Expr {
	if n == 0 {
		return Const(1)
	}
	if len(e.terms) == 0 {
		return e
	}
	t := e.terms[0]
	fs := make([]factor, len(t.fs))
	for i, f := range t.fs {
		fs[i] = factor{a: f.a, pow: f.pow * n}
	}
	return normalize([]term{{coef: math.Pow(t.coef, float64(n)), fs: fs}})
}

// maxTerms bounds the size of an expanded expression so that hostile input
// such as (a+b+c)^8^8 cannot exhaust memory.
const maxTerms = 4096

// productFits fails the parse before a product whose expansion could exceed
// maxTerms is computed: the expansion itself is what costs memory.
func (p *parser) productFits(a, b Expr) bool {
	if p.err != nil {
		return false
	}
	if len(a.terms)*len(b.terms) > maxTerms {
		p.fail("expression expands to more than %d terms", maxTerms)
		return false
	}
	return true
}

// quotientFits bounds num/den, which prints den once per term of num.
func (p *parser) quotientFits(num, den Expr) bool {
	if p.err != nil {
		return false
	}
	if len(num.terms)*(len(den.String())+8) > maxPrinted {
		p.fail("expression prints longer than %d bytes", maxPrinted)
		return false
	}
	return true
}

// maxFactors bounds the distinct atoms in one term, which no real cost
// approaches; multiplying in one more factor costs time linear in them.
const maxFactors = 64

// maxPrinted bounds the canonical form's length: to MaxLen, so that Parse
// reads back whatever it printed.
const maxPrinted = MaxLen

func (p *parser) checkSize(e Expr) {
	if len(e.terms) > maxTerms {
		p.fail("expression expands to more than %d terms", maxTerms)
		return
	}
	for _, t := range e.terms {
		if len(t.fs) > maxFactors {
			p.fail("a term has more than %d factors", maxFactors)
			return
		}
		for _, f := range t.fs {
			if f.pow > maxExp {
				p.fail("exponent larger than %d", maxExp)
				return
			}
		}
	}
}

func (p *parser) primary() Expr {
	switch p.tok {
	case tNum:
		v := p.num
		p.next()
		return Const(v)
	case tIdent:
		name := p.text
		p.next()
		if !p.isOp("(") {
			if isFunc(name) {
				p.fail("%s must be called", name)
				return Expr{}
			}
			return Var(name)
		}
		p.next()
		if name == "len" || name == "cap" {
			if p.tok != tIdent || isFunc(p.text) {
				p.fail("%s takes an identifier, found %s", name, p.describe())
				return Expr{}
			}
			v := name + "(" + p.text + ")"
			p.next()
			p.expect(")")
			return Var(v)
		}
		if !isFunc(name) {
			p.fail("unknown function %s", name)
			return Expr{}
		}
		var args []Expr
		for p.err == nil {
			args = append(args, p.expr())
			if !p.isOp(",") {
				break
			}
			p.next()
		}
		p.expect(")")
		if p.err != nil {
			return Expr{}
		}
		switch name {
		case "min", "max":
			if len(args) < 2 {
				p.fail("%s needs at least two arguments", name)
				return Expr{}
			}
		default:
			if len(args) != 1 {
				p.fail("%s takes one argument", name)
				return Expr{}
			}
		}
		return call(name, args)
	case tOp:
		if p.text == "(" {
			p.next()
			e := p.expr()
			p.expect(")")
			return e
		}
	}
	p.fail("unexpected %s", p.describe())
	return Expr{}
}
