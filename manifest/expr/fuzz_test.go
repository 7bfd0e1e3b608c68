package expr

import (
	"math"
	"testing"
)

// FuzzParse checks that Parse never panics, that the canonical form is a
// fixed point (Parse(String(e)) prints the same), and that the reparsed
// expression evaluates to the same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"40 + 6*len(s)", "n*log2(n)", "min(a, b, 3)", "(a+b)^3/c", "ceil(n/3)", "a/(b/c)", "-x - 1e-07"} {
		f.Add(s)
	}
	env := func(name string) (float64, bool) { return float64(len(name)) + 0.5, true }
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			return
		}
		c := e.String()
		e2, err := Parse(c)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its canonical form %q does not parse: %v", s, c, err)
		}
		if c2 := e2.String(); c2 != c {
			t.Fatalf("canonical form is not a fixed point: %q -> %q -> %q", s, c, c2)
		}
		v1, err1 := e.Eval(env)
		v2, err2 := e2.Eval(env)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q: eval error %v, reparsed %v", c, err1, err2)
		}
		if !(v1 == v2 || math.IsNaN(v1) && math.IsNaN(v2)) {
			t.Fatalf("%q evaluates to %v, reparsed to %v", c, v1, v2)
		}
	})
}
