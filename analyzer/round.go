package analyzer

import (
	"math"
	"strconv"
	"strings"

	"github.com/perfcast/perfcast/manifest/expr"
)

// sigDigits is how many significant digits coefficients keep. Branch
// weights multiply along call chains into long fractions
// (0.054775000000000004) whose tail means nothing; rounding keeps manifests
// readable and stable. Whole numbers are counts (199744 objects for 100000
// nodes and 99744 boxed keys), exact, and kept.
const sigDigits = 5

// roundExpr rounds every number in e to sigDigits significant digits.
// An expression longer than expr.MaxLen (products of guards along a
// parser's recursive descent) is fitted first, at the default sizes:
// unfitted, it would be written into the std table or a manifest and be
// refused when read back, and the function would lose its cost.
func roundExpr(e expr.Expr) expr.Expr {
	if _, ok := e.Constant(); ok && e.IsZero() {
		return e
	}
	s := e.String()
	if len(s) > expr.MaxLen {
		e = e.Fit(expr.MaxLen, func(string) (float64, bool) { return DefaultSize, true })
		s = e.String()
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		c := s[i]
		if c >= '0' && c <= '9' && (i == 0 || !identByte(s[i-1])) {
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' ||
				(s[j] == 'e' || s[j] == 'E') ||
				((s[j] == '+' || s[j] == '-') && (s[j-1] == 'e' || s[j-1] == 'E'))) {
				j++
			}
			f, err := strconv.ParseFloat(s[i:j], 64)
			if w := math.Round(f); err == nil && math.Abs(f) < 1e15 && math.Abs(f-w) <= 1e-9*math.Max(1, math.Abs(f)) {
				// A whole number is a count (elements, bytes, sizes
				// bound to constants): exact, kept, without the
				// floating-point dust of the products that made it
				// (2·100000·0.99744 is 199488.00000000003).
				r := strconv.FormatFloat(w, 'f', -1, 64)
				changed = changed || r != s[i:j]
				b.WriteString(r)
			} else if err == nil {
				r := strconv.FormatFloat(f, 'g', sigDigits, 64)
				if r2, err := strconv.ParseFloat(r, 64); err == nil {
					r = strconv.FormatFloat(r2, 'g', -1, 64)
				}
				if r != s[i:j] {
					changed = true
				}
				b.WriteString(r)
			} else {
				b.WriteString(s[i:j])
			}
			i = j
			continue
		}
		b.WriteByte(c)
		i++
	}
	if !changed {
		return e
	}
	r, err := expr.Parse(b.String())
	if err != nil {
		return e
	}
	return r
}

func identByte(c byte) bool {
	return c == '_' || c == '.' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
