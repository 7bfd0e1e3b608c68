package analyzer

import (
	"math"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestRegexpProgram checks what the model reads of a compiled pattern.
func TestRegexpProgram(t *testing.T) {
	for _, c := range []struct {
		pattern          string
		onePass          bool
		insts, numCap    int
		prefix           string
		anchored, parses bool
		minLen           int
	}{
		{`^[a-z]+$`, true, 6, 2, "", true, true, 1},
		{`\.?0+$`, false, 7, 2, "", false, true, 1},
		{`^([a-z]+)-([0-9]+)$`, true, 13, 6, "", true, true, 3},
		{`hello\d`, false, 8, 2, "hello", false, true, 6},
		{`é{2}|x*`, false, 0, 2, "", false, true, 0},
		{`(`, false, 0, 0, "", false, false, 0},
	} {
		p, ok := compileRegexpProg(c.pattern, false)
		if ok != c.parses {
			t.Errorf("%q: compiles %v, want %v", c.pattern, ok, c.parses)
			continue
		}
		if !ok {
			continue
		}
		if c.insts == 0 {
			c.insts = p.insts // not the point of this case
		}
		if p.onePass != c.onePass || p.insts != c.insts || p.numCap != c.numCap || p.prefix != c.prefix || p.anchored != c.anchored || p.minLen != c.minLen {
			t.Errorf("%q: %+v, want one-pass %v, %d instructions, %d slots, prefix %q, anchored %v, shortest match %d bytes",
				c.pattern, p, c.onePass, c.insts, c.numCap, c.prefix, c.anchored, c.minLen)
		}
	}
}

// TestRegexpCost checks the modelled cost of regexp's matching methods:
// linear in the input at each machine's rate, the NFA past the
// backtracker's limit, steady-state allocations per method, the program
// found through package variables, init functions and fmt.Sprintf.
func TestRegexpCost(t *testing.T) {
	sums := analyzeTestPkg(t, "regexps")
	calls := func(fn string, n float64) float64 {
		t.Helper()
		return opAt(t, sums, fn, manifest.OpCall, map[string]float64{"len(s)": n})
	}
	allocs := func(fn string, n float64) float64 {
		t.Helper()
		return eval(t, sums[fn].AllocCount, withDefaults(sums[fn], map[string]float64{"len(s)": n}))
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 0.05*want+0.5 {
			t.Errorf("%s = %g, want %g", what, got, want)
		}
	}
	// One call a visit: the slope over 900 bytes is the machine's rate.
	near("Valid: one-pass visits for 900 bytes", calls("regexps.Valid", 1000)-calls("regexps.Valid", 100), 900*onePassByteVisits)
	bt := backtrackByteVisits + backtrackByteVisitsInst*7
	near("Trailing: backtracking visits for 900 bytes", calls("regexps.Trailing", 1000)-calls("regexps.Trailing", 100), 900*bt)
	// Past 256K bits of visited set (37449 bytes for 7 instructions) the
	// NFA runs, dearer per byte.
	nfa := nfaByteVisits + nfaByteVisitsInst*7
	near("Trailing: NFA visits for 10000 bytes", calls("regexps.Trailing", 60000)-calls("regexps.Trailing", 50000), 10000*nfa)
	if a, b := calls("regexps.Local", 500)-calls("regexps.Local", 100), calls("regexps.Trailing", 500)-calls("regexps.Trailing", 100); math.Abs(a-b) > 1e-9*b {
		t.Errorf("Local: %g visits for 400 bytes, want Trailing's %g (the same pattern compiled in the function)", a, b)
	}
	if a, b := calls("regexps.Unknown", 1000)-calls("regexps.Unknown", 100), 900*(backtrackByteVisits+backtrackByteVisitsInst*regexpDefaultInsts); math.Abs(a-b) > 0.05*b {
		t.Errorf("Unknown: %g visits for 900 bytes, want the default program's %g", a, b)
	}
	if a, b := calls("regexps.Maybe", 1000), calls("regexps.Unknown", 1000); a != b {
		t.Errorf("Maybe: %g visits, want the default program's %g (stored on one path: not followed)", a, b)
	}
	for _, fn := range []string{"regexps.Valid", "regexps.Trailing", "regexps.Unknown"} {
		if got := allocs(fn, 1000); got != 0 {
			t.Errorf("%s: %g allocations, want 0 (the machines come from pools)", fn, got)
		}
	}
	// Twelve capture slots: past FindStringSubmatch's [4]int on the stack,
	// and the []string of six.
	if got := allocs("regexps.Parts", 12); got != 2 {
		t.Errorf("Parts: %g allocations, want 2 (the pattern built by fmt.Sprintf in init)", got)
	}
	// An input shorter than the shortest version ("1.2.3") is rejected
	// before any machine runs: no submatches allocated, a visit's work.
	if got := allocs("regexps.Parts", 4); got != 0 {
		t.Errorf("Parts: %g allocations for 4 bytes, want 0 (shorter than any match)", got)
	}
	if short, long := calls("regexps.Parts", 4), calls("regexps.Parts", 5); short > rejectVisits+2 || long < short+onePassExecVisits {
		t.Errorf("Parts: %g visits for 4 bytes, %g for 5: want about %d (rejected) and a one-pass execution more", short, long, rejectVisits)
	}
	// One []int a match, one per 8 bytes, and the result's first array.
	near("Numbers: allocations for 80 bytes", allocs("regexps.Numbers", 80), 11)
	near("First: allocations with limit 1", allocs("regexps.First", 80), 2)
	if got := allocs("regexps.Numbers", 0); got != 0 {
		t.Errorf("Numbers: %g allocations for an empty input, want 0", got)
	}
	// The replacement closure, the output buffer, the output string.
	near("Trim: allocations for 7 bytes", allocs("regexps.Trim", 7), 3.5)
	if a, b := allocs("regexps.Trim", 1000), allocs("regexps.Trim", 7); a <= b || a > b+8 {
		t.Errorf("Trim: %g allocations for 1000 bytes, %g for 7: want a few more (the buffer doubles)", a, b)
	}
	// Constant inputs run the pattern at analysis time: exact counts.
	for fn, want := range map[string][2]float64{
		// The [2]int match buffer (16 bytes), "2" (8), no string.
		"regexps.TrimZeros": {2, 24},
		// The match buffer; "a" (8), +40 (48), "b" fits, +40 (96),
		// "c" fits, +40 (192); the 123-byte string (128).
		"regexps.Commas": {6, 16 + 8 + 48 + 96 + 192 + 128},
	} {
		s := sums[fn]
		if c, b := eval(t, s.AllocCount, nil), eval(t, s.AllocBytes, nil); c != want[0] || b != want[1] {
			t.Errorf("%s: %g allocations of %g bytes, want %g of %g", fn, c, b, want[0], want[1])
		}
	}
	// The range over FindAllString's result runs once per match.
	for _, v := range sums["regexps.Sum"].Vars {
		if strings.HasPrefix(v.Name, "loop_") {
			t.Errorf("Sum: unknown loop bound %s, want the matches of FindAllString", v.Name)
		}
	}
}
