package analyzer

import (
	"fmt"
	"go/constant"
	"go/token"
	"math"
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/perfcast/perfcast/analyzer/sizeclass"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
	"golang.org/x/tools/go/ssa"
)

// The matching methods of *regexp.Regexp are priced by a model of how the
// package runs them (regexp/exec.go, backtrack.go, onepass.go), not by
// their std summaries. Those come out as a constant of some 20,000
// operations whatever the input, because the matchers' loops (a work
// stack, a run queue, a position advancing by a decoded rune's width) have
// no trip count the analysis can express and compound their default of 8.
//
// A match runs one of three machines, chosen when the pattern compiles and
// by the input's length (Regexp.doExecute):
//
//   - one-pass, for a pattern anchored at the start whose alternatives
//     each commit on one rune: one instruction step per input rune;
//   - backtracking, for a program of at most 500 instructions and an
//     input shorter than 256K/len(prog) bytes: a bit set of visited
//     (instruction, position) pairs, cleared at every execution, bounds
//     the work to linear in the input;
//   - the NFA ("pike VM") otherwise: each input rune steps every live
//     thread of the run queue.
//
// The machines come from sync.Pools (Regexp.get, newBitState,
// newOnePassMachine), so in the steady state matching allocates nothing:
// MatchString, Match, FindString and Find allocate no memory; the
// methods returning indices allocate their []int (append to a nil slice);
// Find*Submatch allocate the capture slice when the program has more than
// the 4 slots of their stack buffer, and their []string or [][]byte;
// FindAll* allocate a []int per match (allMatches passes nil to
// doExecute) and their result, first with capacity 10; ReplaceAll*
// allocate their replacement closure, the output buffer as it grows, and
// for the string forms the output string.
//
// Cost per execution is an overhead plus a per-byte cost over the bytes
// scanned, taken as the whole input (a validated input matches to its
// end; a search that fails scans it all). The constants are in visits —
// one regexpVisit, the operations of one step of the backtracker's loop
// (pop a job, test and set its visited bit, fetch the instruction,
// branch on its opcode, step the input) — fitted to the thread CPU time
// of MatchString on Zen 5 (go1.26, December 2026; patterns of 4 to 179
// instructions, inputs of 5 to 80,000 bytes) through the profile's
// operation costs, so the fitted counts also stand for the branch
// mispredictions no operation class prices:
//
//	one-pass       25 ns per execution,           9.5 ns a byte
//	backtracking   40 + 1.2·P ns per execution,   15 + 0.3·P ns a byte
//	NFA            90 + 1.2·P ns per execution,   25 + 0.45·P ns a byte
//
// with P the program's instructions (len(prog.Inst)). A pattern with a
// literal prefix that is not one-pass skips to candidates with
// strings.Index, about a visit for two bytes. An input shorter than the
// pattern's shortest match is rejected before any machine runs: about one
// visit (2.4 ns).
//
// The program is known when the receiver is the result of
// regexp.MustCompile or Compile (directly, or through an unexported
// package variable set once by the package's initialization, var
// initializer or func init) of a constant pattern, or of one built by
// concatenation or fmt.Sprintf from constants: the pattern is compiled at
// analysis time. Otherwise a program of regexpDefaultInsts instructions,
// backtracking, with regexpDefaultGroups capture groups is assumed.

// regexpVisit is the operations of one visit of a program instruction.
var regexpVisit = map[manifest.OpClass]float64{
	manifest.OpLoad: 6, manifest.OpStore: 2, manifest.OpInt: 6, manifest.OpBranch: 4,
	manifest.OpBoundsChk: 2, manifest.OpCall: 1,
}

// Visits per execution and per byte of each machine (see above: ns on
// Zen 5 divided by 2.08 ns, one regexpVisit there).
const (
	onePassExecVisits = 12
	onePassByteVisits = 4.6

	backtrackExecVisits     = 19
	backtrackExecVisitsInst = 0.58
	backtrackByteVisits     = 7.2
	backtrackByteVisitsInst = 0.144

	nfaExecVisits     = 43
	nfaExecVisitsInst = 0.58
	nfaByteVisits     = 12
	nfaByteVisitsInst = 0.22

	prefixByteVisits = 0.5

	// rejectVisits is a call that doExecute ends at once, the input being
	// shorter than any match (2.4 ns on Zen 5, go1.26: the call and the
	// length check).
	rejectVisits = 1

	// maxBacktrackProg and maxBacktrackVector are regexp's limits for the
	// backtracker (backtrack.go).
	maxBacktrackProg   = 500
	maxBacktrackVector = 256 * 1024

	// regexpDefaultInsts and regexpDefaultGroups are the program assumed
	// for a pattern not known at analysis time: some 50 characters, two
	// groups (a caller asking for submatches has some).
	regexpDefaultInsts  = 24
	regexpDefaultGroups = 2

	// regexpBytesPerMatch is the input assumed per match of FindAll* and
	// ReplaceAll* when the input is not known: a token and its separator.
	regexpBytesPerMatch = 8

	// regexpStartSize is FindAll*'s first capacity (startSize).
	regexpStartSize = 10
)

// regexpProg is what the model needs of a compiled pattern.
type regexpProg struct {
	insts     int    // len(prog.Inst)
	onePass   bool   // regexp compiled a one-pass program
	numCap    int    // prog.NumCap: capture slots
	numSubexp int    // parenthesized groups
	prefix    string // literal prefix
	anchored  bool   // the program starts with ^ (\A)
	minLen    int    // bytes of the shortest input the pattern can match
	// re is the pattern compiled at analysis time, to run on inputs
	// that are constants too (nil when it did not compile).
	re *regexp.Regexp
}

// defaultRegexpProg is assumed for a pattern not known at analysis time.
var defaultRegexpProg = regexpProg{insts: regexpDefaultInsts, numCap: 2 * (regexpDefaultGroups + 1), numSubexp: regexpDefaultGroups}

// compileRegexpProg compiles pattern as regexp.Compile (or CompilePOSIX)
// does and reads what the model needs.
func compileRegexpProg(pattern string, posix bool) (regexpProg, bool) {
	flags := syntax.Perl
	if posix {
		flags = syntax.POSIX
	}
	re, err := syntax.Parse(pattern, flags)
	if err != nil {
		return regexpProg{}, false
	}
	numSubexp := re.MaxCap()
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return regexpProg{}, false
	}
	p := regexpProg{
		insts: len(prog.Inst), numCap: prog.NumCap, numSubexp: numSubexp,
		anchored: prog.StartCond()&syntax.EmptyBeginText != 0,
	}
	// Whether the program is one-pass is regexp's own analysis
	// (compileOnePass), not exported: compile the pattern and read the
	// unexported field; a regexp that no longer has it counts as not
	// one-pass.
	var compiled *regexp.Regexp
	if posix {
		compiled, err = regexp.CompilePOSIX(pattern)
	} else {
		compiled, err = regexp.Compile(pattern)
	}
	if err == nil {
		p.re = compiled
		if f := reflect.ValueOf(compiled).Elem().FieldByName("onepass"); f.IsValid() && f.Kind() == reflect.Pointer {
			p.onePass = !f.IsNil()
		}
		// Likewise the shortest match's length, below which doExecute
		// rejects an input before running any machine.
		if f := reflect.ValueOf(compiled).Elem().FieldByName("minInputLen"); f.IsValid() && f.CanInt() {
			p.minLen = int(f.Int())
		}
	}
	if !p.onePass {
		p.prefix, _ = prog.Prefix()
	}
	return p, true
}

// regexpMethod describes one priced method of *regexp.Regexp.
type regexpMethod struct {
	all bool // FindAll* and Split: every match, with a limit argument
	// result is what the call allocates once (FindAll*: the result's first
	// array), in objects and bytes.
	result func(p regexpProg) (count, bytes float64)
	// perMatch is what FindAll* allocate per match besides the []int.
	perMatch func(p regexpProg) (count, bytes float64)
	replace  int  // ReplaceAll*: 1 string forms, 2 []byte forms
	split    bool // Split: FindAllStringIndex and the pieces
	// closure is the size of ReplaceAll*'s replacement closure.
	closure int64
}

func roundBytes(n int64) float64 { return float64(sizeclass.Round(n)) }

var regexpMethods = func() map[string]regexpMethod {
	none := func(regexpProg) (float64, float64) { return 0, 0 }
	loc := func(regexpProg) (float64, float64) { return 1, 16 }
	caps := func(p regexpProg) (float64, float64) { return 1, roundBytes(int64(8 * max(p.numCap, 2))) }
	submatch := func(elem int64) func(p regexpProg) (float64, float64) {
		return func(p regexpProg) (float64, float64) {
			c, b := 1.0, roundBytes(elem*int64(1+p.numSubexp))
			if p.numCap > 4 { // past the [4]int buffer on the stack
				c, b = c+1, b+roundBytes(int64(8*p.numCap))
			}
			return c, b
		}
	}
	slice := func(elem int64) func(p regexpProg) (float64, float64) {
		return func(p regexpProg) (float64, float64) {
			return 1, roundBytes(elem * int64(1+p.numSubexp))
		}
	}
	m := map[string]regexpMethod{
		"MatchString": {result: none}, "Match": {result: none},
		"FindString": {result: none}, "Find": {result: none},
		"FindStringIndex": {result: loc}, "FindIndex": {result: loc},
		"FindStringSubmatch": {result: submatch(16)}, "FindSubmatch": {result: submatch(24)},
		"FindStringSubmatchIndex": {result: caps}, "FindSubmatchIndex": {result: caps},

		"FindAllString":              {all: true, result: firstResult(16), perMatch: none},
		"FindAll":                    {all: true, result: firstResult(24), perMatch: none},
		"FindAllStringIndex":         {all: true, result: firstResult(24), perMatch: none},
		"FindAllIndex":               {all: true, result: firstResult(24), perMatch: none},
		"FindAllStringSubmatchIndex": {all: true, result: firstResult(24), perMatch: none},
		"FindAllSubmatchIndex":       {all: true, result: firstResult(24), perMatch: none},
		"FindAllStringSubmatch":      {all: true, result: firstResult(24), perMatch: slice(16)},
		"FindAllSubmatch":            {all: true, result: firstResult(24), perMatch: slice(24)},

		// FindAllStringIndex, then the []string of len(matches) and its
		// growth by the last piece.
		"Split": {all: true, split: true, result: firstResult(24), perMatch: none},

		// The closures capture re and repl (and src for ReplaceAllString).
		"ReplaceAllString":        {replace: 1, closure: 48, result: none},
		"ReplaceAllLiteralString": {replace: 1, closure: 16, result: none},
		"ReplaceAll":              {replace: 2, closure: 64, result: none},
		"ReplaceAllLiteral":       {replace: 2, closure: 32, result: none},
	}
	return m
}()

// firstResult is FindAll*'s result slice of elem-byte elements: its
// first allocation, of capacity 10, charged once per call (the growth past
// 10 is charged per match in regexpSummary).
func firstResult(elem int64) func(regexpProg) (float64, float64) {
	return func(regexpProg) (float64, float64) { return 1, roundBytes(elem * regexpStartSize) }
}

// regexpCall returns the modelled summary of a call of a matching method
// of *regexp.Regexp, or nil for any other callee.
func (st *funcState) regexpCall(callee *ssa.Function, args []ssa.Value) *Summary {
	if callee.Pkg == nil || callee.Pkg.Pkg.Path() != "regexp" || callee.Signature.Recv() == nil || len(args) < 2 {
		return nil
	}
	m, ok := regexpMethods[callee.Name()]
	if !ok {
		return nil
	}
	p, ok := regexpProgOf(args[0], 0)
	if !ok {
		p = defaultRegexpProg
	}
	limit := -1.0
	if m.all && len(args) > 2 {
		if c, ok := args[2].(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Int {
			if k, ok := constant.Int64Val(c.Value); ok && k >= 0 {
				limit = float64(k)
			}
		}
	}
	sum := regexpSummary(funcKey(callee), m, p, limit)
	if m.replace == 1 && p.re != nil && len(args) == 3 {
		src, ok1 := st.constOf(args[1])
		repl, ok2 := st.constOf(args[2])
		if ok1 && ok2 && src.Kind() == constant.String && repl.Kind() == constant.String {
			literal := callee.Name() == "ReplaceAllLiteralString"
			if c, b, ok := constReplaceAllocs(p.re, constant.StringVal(src), constant.StringVal(repl), literal); ok {
				sum.AllocCount, sum.AllocBytes = expr.Const(c), expr.Const(b)
			}
		}
	}
	return sum
}

// replaceAllDstCap is the bytes of replaceAll's [2]int match buffer,
// which gc moves to the heap: one allocation per ReplaceAll* call (its
// replacement closure stays on the stack).
const replaceAllDstCap = 16

// constReplaceAllocs is what ReplaceAllString (or, literal,
// ReplaceAllLiteralString) allocates on a constant input with a constant
// replacement, the pattern run at analysis time: the match buffer; the
// output buffer as replaceAll's appends grow it from nil — the text
// before each match, the replacement, the rest after the last — by the
// runtime's growth rule and size classes; and the output string unless
// it is empty or one byte (the runtime's static strings). A replacement
// with $ (expanded piece by piece) is left to the model (ok false).
func constReplaceAllocs(re *regexp.Regexp, src, repl string, literal bool) (count, bytes float64, ok bool) {
	if !literal && strings.Contains(repl, "$") {
		return 0, 0, false
	}
	count, bytes = 1, replaceAllDstCap
	length, capacity := 0, 0
	add := func(k int) {
		if k == 0 {
			return
		}
		if need := length + k; need > capacity {
			capacity = int(sizeclass.Round(int64(nextSliceCap(need, capacity))))
			count++
			bytes += float64(capacity)
		}
		length += k
	}
	last := 0
	for _, a := range re.FindAllStringIndex(src, -1) {
		add(a[0] - last)
		if a[1] > last || a[0] == 0 {
			add(len(repl))
		}
		last = a[1]
	}
	add(len(src) - last)
	if length > 1 {
		count++
		bytes += float64(sizeclass.Round(int64(length)))
	}
	return count, bytes, true
}

// nextSliceCap is the runtime's nextslicecap: the capacity append grows a
// slice of capacity oldCap to for newLen elements, before rounding up to
// a size class.
func nextSliceCap(newLen, oldCap int) int {
	doubled := 2 * oldCap
	if newLen > doubled {
		return newLen
	}
	const threshold = 256
	if oldCap < threshold {
		return doubled
	}
	c := oldCap
	for c < newLen {
		c += (c + 3*threshold) >> 2
	}
	return c
}

// regexpSummary is the cost of one call of method m with program p over
// an input of len(s) bytes; limit is FindAll*'s constant limit (-1: none).
func regexpSummary(name string, m regexpMethod, p regexpProg, limit float64) *Summary {
	n := expr.Var("len(s)")
	one := expr.Const(1)
	nonEmpty := expr.Min(one, expr.Max(expr.Const(0), n))
	P := float64(p.insts)

	// The machine: one-pass, else backtracking below its limits (an
	// indicator over the input's length), else the NFA.
	var execVisits, byteVisits expr.Expr
	switch {
	case p.onePass:
		execVisits, byteVisits = expr.Const(onePassExecVisits), expr.Const(onePassByteVisits)
	default:
		bt := expr.Const(0)
		if p.insts <= maxBacktrackProg {
			maxLen := math.Floor(maxBacktrackVector / P)
			bt = expr.Min(one, expr.Max(expr.Const(0), expr.Sub(expr.Const(maxLen), n)))
		}
		nfa := expr.Sub(one, bt)
		execVisits = expr.Add(
			expr.Scale(bt, backtrackExecVisits+backtrackExecVisitsInst*P),
			expr.Scale(nfa, nfaExecVisits+nfaExecVisitsInst*P))
		byteVisits = expr.Add(
			expr.Scale(bt, backtrackByteVisits+backtrackByteVisitsInst*P),
			expr.Scale(nfa, nfaByteVisits+nfaByteVisitsInst*P))
		if p.prefix != "" && !p.anchored {
			byteVisits = expr.Const(prefixByteVisits)
			// The match itself runs the machine over its length, at
			// least the prefix.
			execVisits = expr.Add(execVisits, expr.Const(float64(len(p.prefix))*(backtrackByteVisits+backtrackByteVisitsInst*P)))
		}
	}

	// Executions: one, or one per match and one that finds no more.
	execs := one
	matches := one
	if m.all || m.replace != 0 {
		matches = expr.Max(nonEmpty, expr.Scale(n, 1.0/regexpBytesPerMatch))
		if p.anchored {
			matches = expr.Min(one, matches)
		}
		if limit >= 0 {
			matches = expr.Min(expr.Const(limit), matches)
		}
		execs = expr.Add(matches, one)
	}
	visits := expr.Add(expr.Mul(execs, execVisits), expr.Mul(n, byteVisits))
	// An input shorter than the shortest match is rejected before any
	// machine runs (an indicator over its length): no match, so nothing
	// of a match's results is allocated either.
	reject := expr.Const(0)
	if p.minLen > 0 {
		reject = expr.Min(one, expr.Max(expr.Const(0), expr.Sub(expr.Const(float64(p.minLen)), n)))
		visits = expr.Add(expr.Mul(expr.Sub(one, reject), visits), expr.Scale(reject, rejectVisits))
	}
	sum := &Summary{
		Name:       name,
		Params:     []string{"re", "s"},
		Vars:       []manifest.Var{{Name: "len(s)", Default: DefaultSize, Origin: "parameter"}},
		Confidence: manifest.Estimated,
		Notes:      []string{"regexp: cost of the matching machines modelled (regexp.go)"},
		Sized:      true,
	}
	for _, class := range manifest.OpClasses {
		if k := regexpVisit[class]; k != 0 {
			sum.CPU = append(sum.CPU, OpCount{Class: class, Count: expr.Scale(visits, k)})
		}
	}

	count, bytes := m.result(p)
	allocCount, allocBytes := expr.Const(count), expr.Const(bytes)
	if m.all {
		// A []int of numCap per match, plus the result's growth past its
		// first 10 elements: one allocation per doubling, and arrays of
		// about twice the elements in all (taken at 24 bytes each).
		capBytes := roundBytes(int64(8 * max(p.numCap, 2)))
		pc, pb := m.perMatch(p)
		allocCount = expr.Mul(nonEmpty, expr.Add(allocCount,
			expr.Scale(matches, 1+pc),
			expr.Log2(expr.Max(one, expr.Scale(matches, 1.0/regexpStartSize)))))
		allocBytes = expr.Mul(nonEmpty, expr.Add(allocBytes, expr.Scale(matches, capBytes+pb+2*24)))
		// Callers ranging over the result loop once per match.
		l := expr.Mul(nonEmpty, matches)
		if m.split {
			allocCount = expr.Add(allocCount, expr.Const(2))
			allocBytes = expr.Add(allocBytes, expr.Scale(matches, 3*16))
			l = expr.Add(matches, one)
		}
		sum.ResultLen = &l
	}
	if m.replace != 0 {
		// The closure; the output buffer, one allocation and one more
		// per doubling as the appends fill it, about twice the output in
		// all; for the string forms the output string, of about the
		// input's length (a string of one byte is the runtime's static
		// one: no allocation).
		bufCount := expr.Add(one, expr.Log2(expr.Add(one, expr.Scale(n, 1.0/16))))
		allocCount = expr.Add(expr.Const(1), expr.Mul(nonEmpty, bufCount))
		allocBytes = expr.Add(expr.Const(roundBytes(m.closure)), expr.Scale(n, 2))
		if m.replace == 1 {
			longer := expr.Min(one, expr.Max(expr.Const(0), expr.Sub(n, one)))
			allocCount = expr.Add(allocCount, longer)
			allocBytes = expr.Add(allocBytes, n)
		}
	}
	if m.replace == 0 && !m.split && p.minLen > 0 {
		// ReplaceAll* copy the input and Split returns it whole even
		// when nothing matches.
		allocCount = expr.Mul(expr.Sub(one, reject), allocCount)
		allocBytes = expr.Mul(expr.Sub(one, reject), allocBytes)
		if sum.ResultLen != nil {
			l := expr.Mul(expr.Sub(one, reject), *sum.ResultLen)
			sum.ResultLen = &l
		}
	}
	sum.AllocCount, sum.AllocBytes = allocCount, allocBytes
	sum.RetainOut, sum.RetainHeld = expr.Const(0), expr.Const(0)
	return sum
}

// regexpProgOf returns the program of the *regexp.Regexp v when v is
// compiled from a pattern known at analysis time.
func regexpProgOf(v ssa.Value, depth int) (regexpProg, bool) {
	pattern, posix, ok := regexpPatternOf(v, depth)
	if !ok {
		return regexpProg{}, false
	}
	return compileRegexpProg(pattern, posix)
}

// regexpPatternOf returns the pattern the *regexp.Regexp v is compiled
// from, and whether with POSIX semantics, when it is known at analysis
// time: regexp.MustCompile or Compile (or their POSIX forms) of a
// constant string (constString), directly or through an unexported
// package variable set once by the package's initialization.
func regexpPatternOf(v ssa.Value, depth int) (string, bool, bool) {
	if depth > 4 {
		return "", false, false
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		if g, ok := v.X.(*ssa.Global); ok && v.Op == token.MUL {
			if init := initStoredValue(g); init != nil {
				return regexpPatternOf(init, depth+1)
			}
		}
	case *ssa.Extract: // re, err := regexp.Compile(...)
		if c, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 {
			return regexpPatternOf(c, depth+1)
		}
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "regexp" || len(v.Call.Args) != 1 {
			return "", false, false
		}
		posix := false
		switch callee.Name() {
		case "MustCompile", "Compile":
		case "MustCompilePOSIX", "CompilePOSIX":
			posix = true
		default:
			return "", false, false
		}
		pattern, ok := constString(v.Call.Args[0], 0)
		return pattern, posix, ok
	}
	return "", false, false
}

// constString evaluates v when it is a string known at analysis time: a
// constant, a concatenation of such strings, an unexported package
// variable initialized to one, or fmt.Sprintf of a constant format with
// such arguments (strings, integers, booleans).
func constString(v ssa.Value, depth int) (string, bool) {
	if depth > 8 {
		return "", false
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.String {
			return constant.StringVal(v.Value), true
		}
	case *ssa.BinOp:
		if v.Op != token.ADD {
			return "", false
		}
		x, ok := constString(v.X, depth+1)
		if !ok {
			return "", false
		}
		y, ok := constString(v.Y, depth+1)
		return x + y, ok
	case *ssa.UnOp:
		if g, ok := v.X.(*ssa.Global); ok && v.Op == token.MUL {
			if init := initStoredValue(g); init != nil {
				return constString(init, depth+1)
			}
		}
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil || callee.String() != "fmt.Sprintf" || len(v.Call.Args) != 2 {
			return "", false
		}
		format, ok := constString(v.Call.Args[0], depth+1)
		if !ok {
			return "", false
		}
		vals, ok := constArgs(v.Call.Args[1], depth+1)
		if !ok {
			return "", false
		}
		return fmt.Sprintf(format, vals...), true
	}
	return "", false
}

// constArgs evaluates the variadic slice of a call (variadicValues) when
// every element is a constant string, integer or boolean.
func constArgs(v ssa.Value, depth int) ([]any, bool) {
	elems, ok := variadicValues(v)
	if !ok {
		return nil, false
	}
	vals := make([]any, len(elems))
	for i, e := range elems {
		if vals[i], ok = sprintfArg(e, depth); !ok {
			return nil, false
		}
	}
	return vals, true
}

// sprintfArg is a constant string, integer or boolean argument of a
// fmt.Sprintf that builds a pattern.
func sprintfArg(v ssa.Value, depth int) (any, bool) {
	if c, ok := v.(*ssa.Const); ok && c.Value != nil {
		switch c.Value.Kind() {
		case constant.Int:
			if k, ok := constant.Int64Val(c.Value); ok {
				return k, true
			}
		case constant.Bool:
			return constant.BoolVal(c.Value), true
		}
	}
	s, ok := constString(v, depth+1)
	return s, ok
}

// initStoredValue is the value an unexported package variable holds after
// the package's initialization: globalInit's, or else the one store of a
// declared init function (`func init() { re = regexp.MustCompile(...) }`)
// when nothing else stores to the variable or takes its address and the
// store runs exactly once (outside any loop, on every path to the
// function's return).
func initStoredValue(g *ssa.Global) ssa.Value {
	if v := globalInit(g); v != nil {
		return v
	}
	if g.Pkg == nil || g.Object() == nil || g.Object().Exported() {
		return nil
	}
	declaredInit := func(fn *ssa.Function) bool { return strings.HasPrefix(fn.Name(), "init#") && fn.Parent() == nil }
	store := soleStore(g, packageFuncs(g.Pkg), declaredInit)
	if store == nil || !runsOnce(store.Block()) {
		return nil
	}
	return store.Val
}

// runsOnce reports whether block b runs exactly once per call of its
// function: it is in no cycle and dominates every returning block.
func runsOnce(b *ssa.BasicBlock) bool {
	for _, o := range b.Parent().Blocks {
		if len(o.Instrs) > 0 {
			if _, ok := o.Instrs[len(o.Instrs)-1].(*ssa.Return); ok && !b.Dominates(o) {
				return false
			}
		}
	}
	// In a cycle: b reaches itself.
	seen := map[*ssa.BasicBlock]bool{}
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return false
		}
		if seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, x.Succs...)
	}
	return true
}
