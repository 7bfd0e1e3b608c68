package analyzer

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// loop is a natural loop of the control-flow graph.
type loop struct {
	header *ssa.BasicBlock
	blocks []bool // indexed by BasicBlock.Index
	parent *loop
	depth  int

	trip      expr.Expr       // iterations per entry into the loop
	exact     bool            // trip is known from the code (not a default)
	earlyExit bool            // some exit leaves from a block other than the loop's test
	test      *ssa.BasicBlock // the block whose If decides whether to iterate again
	bisect    bool            // a binary search (bisect.go): its passes' side choices mispredict
	rotated   bool            // the test is at the bottom (do-while shape), not in the header
	absIter   expr.Expr       // iterations per call of the function
	enter     float64         // probability of entering the loop per iteration of its parent (per call at the top), static
}

func (l *loop) contains(b *ssa.BasicBlock) bool { return l != nil && l.blocks[b.Index] }

// stays reports whether control at b stays in the loop: b is in it and
// the arms of constant conditions from b (the `||` of formatBase10's
// test, whose dead arm leads back in) do not lead out.
func (l *loop) stays(b *ssa.BasicBlock) bool {
	for i := 0; i < 4 && l.contains(b); i++ {
		next, ok := constArm(b)
		if !ok {
			break
		}
		b = next
	}
	return l.contains(b)
}

// flow is the execution frequency of every block of a function per call.
type flow struct {
	loops   []*loop
	inner   []*loop     // innermost loop of each block, by Index; nil outside loops
	freq    []expr.Expr // executions per call, by Index
	static  []expr.Expr // the same under the static prediction alone (size guards at their Ball–Larus split); nil when no guard applies
	reached []bool
	cold    []bool            // blocks from which every path panics
	prob    []float64         // probability of each block per iteration of its innermost loop (per call outside loops)
	pdom    *postDom          // post-dominators, for the branch heuristics
	taken   []float64         // probability of the true arm of each block ending in an If, by Index
	guards  map[int]expr.Expr // the true arm's probability over sizes, for blocks ending in a size guard (guard.go)
	// equalities are the size guards that test a size against a constant
	// for equality, by Index.
	equalities map[int]equality
}

// coldBlocks marks the blocks from which every path ends in a panic or a
// call that does not return (os.Exit, log.Fatal, a helper that always
// panics), and the blocks that call an outlined slow path (a function
// named ...Slow or ...slow by Go's convention: sync.Mutex's lockSlow after
// its compare-and-swap failed, sync.Once's doSlow): they are taken as
// never executed, as compilers lay them out, and as an uncontended lock
// and a done Once run.
func coldBlocks(fn *ssa.Function, noReturn func(*ssa.Function) bool) []bool {
	cold := make([]bool, len(fn.Blocks))
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if cold[b.Index] || len(b.Instrs) == 0 {
				continue
			}
			c := false
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic); ok {
				c = true
			} else if callsNoReturn(b, noReturn) || reportsFailure(b) || callsSlowPath(b) {
				c = true
			} else if len(b.Succs) > 0 {
				c = true
				for _, s := range b.Succs {
					if !cold[s.Index] {
						c = false
						break
					}
				}
			}
			if c {
				cold[b.Index] = true
				changed = true
			}
		}
	}
	return cold
}

// callsSlowPath reports whether b calls a function or method named as an
// outlined slow path (lockSlow, doSlow, unlockSlow, growslow).
func callsSlowPath(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		if call, ok := in.(*ssa.Call); ok {
			if g := call.Call.StaticCallee(); g != nil && (strings.HasSuffix(g.Name(), "Slow") || strings.HasSuffix(g.Name(), "slow")) {
				return true
			}
		}
	}
	return false
}

func callsNoReturn(b *ssa.BasicBlock, noReturn func(*ssa.Function) bool) bool {
	for _, in := range b.Instrs {
		if call, ok := in.(*ssa.Call); ok {
			if g := call.Call.StaticCallee(); g != nil && noReturn(g) {
				return true
			}
		}
	}
	return false
}

// failureMethods are the methods of testing's T, B and F (and of the
// testing.TB interface) that mark the test failed or skipped.
var failureMethods = map[string]bool{
	"Error": true, "Errorf": true, "Fail": true, "FailNow": true, "Fatal": true, "Fatalf": true,
	"Skip": true, "Skipf": true, "SkipNow": true,
}

// reportsFailure reports whether b calls a method of package testing that
// fails or skips the test or benchmark running (t.Errorf, b.Fatal,
// tb.Error through testing.TB). A benchmark that fails or is skipped
// prints no result line, so the runs that are measured never took such a
// block — the check of a table-driven helper (`if got != want {
// tb.Errorf(...) }`) called in the timed loop — whether or not the call
// returns: it is cold, like a panic.
func reportsFailure(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		call, ok := in.(*ssa.Call)
		if !ok {
			continue
		}
		if m := call.Call.Method; m != nil {
			if m.Pkg() != nil && m.Pkg().Path() == "testing" && failureMethods[m.Name()] {
				return true
			}
			continue
		}
		g := call.Call.StaticCallee()
		if g == nil || g.Signature.Recv() == nil || !failureMethods[g.Name()] {
			continue
		}
		if g.Pkg != nil && g.Pkg.Pkg.Path() == "testing" {
			return true
		}
		// A promoted method's wrapper ((*testing.T).Errorf) has no package.
		if n, ok := types.Unalias(deref(g.Signature.Recv().Type())).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" {
			return true
		}
	}
	return false
}

// knownNoReturn are functions that never return whose bodies do not show it
// (they end in a system call).
var knownNoReturn = map[string]bool{
	"os.Exit": true, "syscall.Exit": true, "runtime.Goexit": true,
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true, "log.Panic": true, "log.Panicf": true, "log.Panicln": true,
	"(*log.Logger).Fatal": true, "(*log.Logger).Fatalf": true, "(*log.Logger).Fatalln": true,
	"(*log.Logger).Panic": true, "(*log.Logger).Panicf": true, "(*log.Logger).Panicln": true,
	"(*testing.common).FailNow": true, "(*testing.common).Fatal": true, "(*testing.common).Fatalf": true,
	"(*testing.common).SkipNow": true, "(*testing.common).Skip": true, "(*testing.common).Skipf": true,
}

// noReturn reports whether calling g never returns.
func (st *funcState) noReturn(g *ssa.Function) bool {
	if knownNoReturn[funcKey(g)] {
		return true
	}
	if st.scc[g] || st.rec[g] || g == st.fn {
		return false
	}
	s := st.s.summaryOf(g)
	return s != nil && s.NoReturn
}

// branchCond returns the condition of the If that ends b, or nil if b
// does not end in a two-way branch.
func branchCond(b *ssa.BasicBlock) ssa.Value {
	if b == nil || len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil
	}
	if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
		return iff.Cond
	}
	return nil
}

// dominatesAll reports whether b dominates every block of bs: b runs on
// each path to them, as a block on every iteration of a loop dominates its
// latches (the sources of its back edges).
func dominatesAll(b *ssa.BasicBlock, bs []*ssa.BasicBlock) bool {
	for _, x := range bs {
		if !b.Dominates(x) {
			return false
		}
	}
	return true
}

// errorArm returns the successor of a's If that is taken when an error
// (a value of type error) is not nil, or nil if a does not test one.
func errorArm(a *ssa.BasicBlock) *ssa.BasicBlock {
	cmp, ok := branchCond(a).(*ssa.BinOp)
	if !ok || (cmp.Op != token.NEQ && cmp.Op != token.EQL) {
		return nil
	}
	x, y := cmp.X, cmp.Y
	if c, ok := x.(*ssa.Const); ok && c.Value == nil {
		x, y = y, x
	}
	if c, ok := y.(*ssa.Const); !ok || c.Value != nil || !isErrorType(x.Type()) {
		return nil
	}
	if cmp.Op == token.NEQ {
		return a.Succs[0]
	}
	return a.Succs[1]
}

var errorType = types.Universe.Lookup("error").Type()

func isErrorType(t types.Type) bool { return types.Identical(t, errorType) }

// exceptionalArm returns the probability of the edge a→b, from a's If to
// its successor b, when that arm is Go's exceptional path: the arm of `err
// != nil`, or an arm that returns an error of its own making (branches.go).
func exceptionalArm(a, b *ssa.BasicBlock) (float64, bool) {
	if _, ok := a.Instrs[len(a.Instrs)-1].(*ssa.If); !ok || a.Succs[0] == a.Succs[1] {
		return 0, false
	}
	switch b {
	case errorArm(a):
		return ErrorArmProb, true
	case errorReturnArm(a):
		return ErrorReturnProb, true
	}
	return 0, false
}

// ErrorArmProb is the probability given to the arm of `err != nil`.
const ErrorArmProb = 0.1

// DefaultTrip is the trip count assumed for a loop whose bound is unknown,
// and DefaultSize the value assumed for a size variable nobody sets.
const (
	DefaultTrip = 8
	DefaultSize = 8
)

// analyzeFlow finds fn's loops, their trip counts and every block's
// frequency. Frequencies follow these rules:
//
//   - the entry block runs once per call;
//   - the arms of an if split the test's frequency by the static branch
//     prediction of branches.go (branchProb), unless one arm leaves the
//     innermost loop, in which case the other arm keeps the full frequency
//     (the exit is taken at most once per entry);
//   - a loop header runs trip+1 times per entry, its body blocks trip times;
//   - a block leaving a loop runs as often as the loop is entered;
//   - no block runs more often per iteration than once.
func (st *funcState) analyzeFlow() *flow {
	fn := st.fn
	n := len(fn.Blocks)
	f := &flow{inner: make([]*loop, n), reached: make([]bool, n), cold: coldBlocks(fn, st.noReturn)}

	// Natural loops: a back edge b→h where h dominates b.
	byHeader := map[*ssa.BasicBlock]*loop{}
	for _, b := range fn.Blocks {
		for _, h := range b.Succs {
			if !h.Dominates(b) {
				continue
			}
			l := byHeader[h]
			if l == nil {
				l = &loop{header: h, blocks: make([]bool, n)}
				l.blocks[h.Index] = true
				byHeader[h] = l
				f.loops = append(f.loops, l)
			}
			// Everything that reaches b without passing h.
			stack := []*ssa.BasicBlock{b}
			for len(stack) > 0 {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if l.blocks[x.Index] {
					continue
				}
				l.blocks[x.Index] = true
				stack = append(stack, x.Preds...)
			}
		}
	}
	// Nesting: the parent is the smallest other loop containing the header.
	size := func(l *loop) int {
		c := 0
		for _, in := range l.blocks {
			if in {
				c++
			}
		}
		return c
	}
	sizes := map[*loop]int{}
	for _, l := range f.loops {
		sizes[l] = size(l)
	}
	for _, l := range f.loops {
		for _, m := range f.loops {
			if m != l && m.blocks[l.header.Index] && (l.parent == nil || sizes[m] < sizes[l.parent]) {
				l.parent = m
			}
		}
	}
	for _, l := range f.loops {
		for p := l.parent; p != nil; p = p.parent {
			l.depth++
		}
	}
	// Outer loops first, so absIter of the parent is known.
	slices.SortStableFunc(f.loops, func(a, b *loop) int { return a.depth - b.depth })
	for _, b := range fn.Blocks {
		for _, l := range f.loops {
			if l.blocks[b.Index] && (f.inner[b.Index] == nil || l.depth > f.inner[b.Index].depth) {
				f.inner[b.Index] = l
			}
		}
	}
	f.pdom = postDominators(fn)
	// Inner loops first: an outer loop's count may be expressed through an
	// inner one's (outerCountedTrip).
	for i := len(f.loops) - 1; i >= 0; i-- {
		st.tripCount(f.loops[i], f)
	}
	f.taken = make([]float64, n)
	f.guards, f.equalities = map[int]expr.Expr{}, map[int]equality{}
	for _, b := range fn.Blocks {
		if len(b.Succs) != 2 {
			continue
		}
		if p, ok := st.constBranch(b, f); ok {
			f.taken[b.Index] = p
			continue
		}
		if p, ok := f.evidenceProb(b); ok {
			f.taken[b.Index] = p
			continue
		}
		if p, ok := st.nilReceiverProb(b); ok {
			f.taken[b.Index] = p
			continue
		}
		f.taken[b.Index] = f.heuristicProb(b)
		if g, ok := st.removalGuard(b); ok {
			f.guards[b.Index] = g
			continue
		}
		if st.noGuards || len(f.guards) >= maxSizeGuards {
			continue
		}
		if g, ok := st.sizeGuard(b, f); ok {
			if c, isConst := g.Constant(); isConst {
				f.taken[b.Index] = c // decided: sizes the code fixes
			} else {
				f.guards[b.Index] = g
			}
		} else if g, ok := st.removalArmGuard(b); ok {
			f.guards[b.Index] = g
		}
	}

	// Probability of each block per iteration of its innermost loop (per
	// call outside loops), and of each loop being entered per iteration of
	// its parent, in reverse postorder ignoring back edges.
	p := make([]prob, n)
	enter := map[*loop]prob{}
	order := reversePostorder(fn)
	for _, b := range order {
		f.reached[b.Index] = true
		if b.Index == 0 {
			p[0] = staticProb(1)
		}
		if l := byHeader[b]; l != nil {
			var sum prob
			for _, a := range b.Preds {
				if !l.blocks[a.Index] && f.reached[a.Index] {
					sum = sum.plus(f.edgeProb(a, b, p, enter))
				}
			}
			if b.Index == 0 {
				sum = staticProb(1)
			}
			enter[l] = sum.atMostOne()
			p[b.Index] = staticProb(1)
			continue
		}
		if b.Index == 0 {
			continue
		}
		var sum prob
		for _, a := range b.Preds {
			if f.reached[a.Index] && !b.Dominates(a) {
				sum = sum.plus(f.edgeProb(a, b, p, enter))
			}
		}
		p[b.Index] = sum.atMostOne()
	}
	if fn.Recover != nil {
		f.reached[fn.Recover.Index] = true
		p[fn.Recover.Index] = prob{}
	}

	f.prob = make([]float64, n)
	for i, x := range p {
		f.prob[i] = x.p
	}
	for _, l := range f.loops {
		l.enter = enter[l].p
	}
	flag := flagExits(f.loops)
	if len(f.guards) > 0 {
		// The same frequencies under the static prediction alone, for the
		// rule calibrated on it (the recursion tree's expected size).
		static := make([]prob, n)
		staticEnter := map[*loop]prob{}
		for i, x := range p {
			static[i] = staticProb(x.p)
		}
		for l, x := range enter {
			staticEnter[l] = staticProb(x.p)
		}
		f.static = f.frequencies(fn, static, staticEnter, flag)
	}
	f.freq = f.frequencies(fn, p, enter, flag)
	return f
}

// frequencies returns every reached block's executions per call from its
// probability per iteration of its innermost loop (p), the loops' entry
// probabilities (enter) and trip counts, and the blocks that leave a loop
// by clearing its flag; it sets the loops' iterations per call (absIter).
func (f *flow) frequencies(fn *ssa.Function, p []prob, enter map[*loop]prob, flag map[*ssa.BasicBlock]*loop) []expr.Expr {
	freq := make([]expr.Expr, len(fn.Blocks))
	for _, l := range f.loops { // outer first
		outer := expr.Const(1)
		if l.parent != nil {
			outer = l.parent.absIter
		}
		l.absIter = expr.Mul(l.trip, enter[l].rounded(), outer)
	}
	flagShare := map[*loop]float64{}
	for b, l := range flag {
		flagShare[l] += p[b.Index].p
	}
	for _, b := range fn.Blocks {
		if !f.reached[b.Index] {
			continue
		}
		l := f.inner[b.Index]
		if fl := flag[b]; fl != nil && fl == l && flagShare[l] > 0 {
			// A block that ends the loop by clearing its flag runs at
			// most once per entry of the loop: its share of the flag
			// exits, per entry.
			outer := expr.Const(1)
			if l.parent != nil {
				outer = l.parent.absIter
			}
			l.earlyExit = true
			freq[b.Index] = expr.Mul(expr.Const(round4(enter[l].p*p[b.Index].p/flagShare[l])), outer)
			continue
		}
		switch {
		case l == nil:
			freq[b.Index] = p[b.Index].rounded()
		case l.header == b:
			outer := expr.Const(1)
			if l.parent != nil {
				outer = l.parent.absIter
			}
			t := l.trip
			if !l.rotated {
				t = expr.Add(t, expr.Const(1)) // the test runs once more than the body
			}
			freq[b.Index] = expr.Mul(t, enter[l].rounded(), outer)
		default:
			freq[b.Index] = expr.Mul(l.absIter, p[b.Index].rounded())
		}
	}
	return freq
}

// staticFreq is block i's frequency under the static prediction alone:
// the effects of a block on sizes are weighted by it, as their hit and
// new-key factors are, so that no size carries a size guard's indicator
// (a drift divided by one would fail to evaluate where it is 0).
func (f *flow) staticFreq(i int) expr.Expr {
	if f.static != nil {
		return f.static[i]
	}
	return f.freq[i]
}

// flagExits finds the blocks that end a loop through its flag — `for loop {
// ...; loop = false }` or `for !done { ...; done = true }`: the loop is
// tested in its header on a boolean phi, and the block jumps back to the
// header with the constant that fails the test. Such a block leaves the
// loop as surely as a break, so it runs at most once per entry, not with
// its branch's probability on every iteration.
func flagExits(loops []*loop) map[*ssa.BasicBlock]*loop {
	out := map[*ssa.BasicBlock]*loop{}
	for _, l := range loops {
		if l.test != l.header || l.rotated {
			continue
		}
		cond, negated := branchCond(l.header), false
		if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
			cond, negated = u.X, true
		}
		phi, ok := cond.(*ssa.Phi)
		if !ok || phi.Block() != l.header {
			continue
		}
		// The value of the phi that keeps the loop going.
		stay := l.contains(l.header.Succs[0]) != negated
		for i, e := range phi.Edges {
			pred := l.header.Preds[i]
			c, ok := e.(*ssa.Const)
			if !ok || !l.contains(pred) || c.Value == nil || c.Value.Kind() != constant.Bool {
				continue
			}
			if constant.BoolVal(c.Value) != stay {
				out[pred] = l
			}
		}
	}
	return out
}

// round4 keeps probabilities short in the output (0.5, 0.25, 0.125, 0.0625).
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// edgeProb is the probability contribution of the edge a→b to b, in b's
// context (the innermost loop of b).
func (f *flow) edgeProb(a, b *ssa.BasicBlock, p []prob, enter map[*loop]prob) prob {
	// Panicking paths are cold; the other arm keeps the whole weight.
	if f.cold[b.Index] {
		return prob{}
	}
	la := f.inner[a.Index]
	// Leaving one or more loops: the exit runs once per entry of the
	// outermost loop left.
	if la != nil && !la.contains(b) {
		x := la
		for x.parent != nil && !x.parent.contains(b) {
			x = x.parent
		}
		if a != la.test {
			la.earlyExit = true
		}
		// An exit through an exceptional arm (an error returned or
		// passed on) is not taken once per entry like a search's exit,
		// but about as rarely as the arm.
		if q, ok := exceptionalArm(a, b); ok {
			return enter[x].times(q, expr.Expr{}, false)
		}
		return enter[x]
	}
	if len(a.Succs) < 2 {
		return p[a.Index]
	}
	// A test whose other arm leaves the loop, or is the loop's own test:
	// the arm staying in keeps the whole weight (unless it is cold).
	for _, s := range a.Succs {
		if s != b && la != nil && !la.contains(s) {
			return p[a.Index]
		}
	}
	// Otherwise the static branch prediction of branches.go, or the
	// indicator of a size guard (guard.go).
	t := f.taken[a.Index]
	g, guarded := f.guards[a.Index]
	if b == a.Succs[0] {
		if b == a.Succs[1] {
			return p[a.Index]
		}
	}
	if chain := f.switchChain(a); chain != nil {
		// A later case of a switch on a size: the cases are disjoint.
		pt := t
		if b != a.Succs[0] {
			pt = 1 - t
		}
		arm := g
		if b != f.equalities[a.Index].eqArm {
			arm = expr.Sub(expr.Const(1), g)
			for _, c := range chain {
				arm = expr.Sub(arm, f.guards[c.Index])
			}
		}
		return symProb(p[a.Index].p*pt, expr.Mul(p[chain[0].Index].expr(), arm))
	}
	if b == a.Succs[0] {
		return p[a.Index].times(t, g, guarded)
	}
	if guarded {
		g = expr.Sub(expr.Const(1), g)
	}
	return p[a.Index].times(1-t, g, guarded)
}

func (f *flow) headerOf(b *ssa.BasicBlock) *loop {
	for _, l := range f.loops {
		if l.header == b {
			return l
		}
	}
	return nil
}

// exitsTo reports whether some block of l branches to s outside l.
func (f *flow) exitsTo(l *loop, s *ssa.BasicBlock) bool {
	if l.contains(s) {
		return false
	}
	for _, p := range s.Preds {
		if l.contains(p) {
			return true
		}
	}
	return false
}

func reversePostorder(fn *ssa.Function) []*ssa.BasicBlock {
	seen := make([]bool, len(fn.Blocks))
	var post []*ssa.BasicBlock
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		seen[b.Index] = true
		for _, s := range b.Succs {
			if !seen[s.Index] {
				visit(s)
			}
		}
		post = append(post, b)
	}
	if len(fn.Blocks) > 0 {
		visit(fn.Blocks[0])
	}
	slices.Reverse(post)
	return post
}

// tripCount recognizes canonical loops and sets l.trip, or names an unknown
// bound variable.
func (st *funcState) tripCount(l *loop, f *flow) {
	l.test = findTest(l)
	if trip, _, ok := st.canonicalTrip(l); ok {
		if c, isConst := trip.Constant(); isConst && c < 0 {
			trip = expr.Expr{} // the loop does not run
		}
		l.trip, l.exact = trip, true
		return
	}
	if trip, ok := st.outerCountedTrip(l, f.loops); ok {
		l.trip, l.exact = trip, true
		return
	}
	if trip, ok := st.onceTrip(l, f.loops); ok {
		st.estimated(fmt.Sprintf("loop at %s: an inner loop consumes its slice below its bound, at most one iteration", st.relPos(st.blockPos(l.header))))
		l.trip = trip
		return
	}
	if trip, ok := st.retryTrip(l); ok {
		pos := st.blockPos(l.header)
		name := st.headerLoopName(l.header, pos)
		st.addVar(name, trip, "retry loop at "+st.relPos(pos))
		st.estimated(fmt.Sprintf("loop at %s: retry loop, expected trip count %g", st.relPos(pos), trip))
		l.trip = expr.Var(name)
		return
	}
	if trip, ok := st.bisectTrip(l); ok {
		l.trip, l.bisect = trip, true
		return
	}
	if trip, ok := st.descentTrip(l); ok {
		st.estimated(fmt.Sprintf("loop at %s: descent of a binary tree, %s levels", st.relPos(st.blockPos(l.header)), trip))
		l.trip = trip
		return
	}
	if trip, ok := st.fillTrip(l); ok {
		st.estimated(fmt.Sprintf("loop at %s: fills a slice of %s elements it made, at most that many iterations", st.relPos(st.blockPos(l.header)), trip))
		l.trip = trip
		return
	}
	def := f.unknownTrip(l)
	if b, ok := arrayTripBound(l); ok && b < def {
		// A loop over a slice of a fixed-size array runs at most as
		// many times as the array allows.
		def = b
		st.estimated(fmt.Sprintf("loop at %s: walks a slice of a fixed-size array, at most %g iterations", st.relPos(st.blockPos(l.header)), b))
	}
	if b, ok := divTripBound(l); ok && b < def {
		def = b
		st.estimated(fmt.Sprintf("loop at %s: divides an integer of unknown value, half its type's digits", st.relPos(st.blockPos(l.header))))
	}
	name := st.loopVar(l.header, def)
	l.trip = expr.Var(name)
}

// divTripBound bounds a loop `for x >= c { x /= k }` whose x enters with a
// value the analysis cannot express (uint32(u) of an outer loop's u in
// formatBase10's last chunk): it runs at most ⌊log_k(2^w/c)⌋ + 1 times
// for an integer of w bits, and half that is the expected count when the
// value's magnitude is as likely small as large.
func divTripBound(l *loop) (float64, bool) {
	if l.test == nil || l.rotated {
		return 0, false
	}
	cmp, ok := branchCond(l.test).(*ssa.BinOp)
	if !ok {
		return 0, false
	}
	op, x, y := cmp.Op, cmp.X, cmp.Y
	if sx, sy, sop, ok := shiftTest(cmp); ok {
		x, y, op = sx, sy, sop
	}
	if _, ok := x.(*ssa.Const); ok {
		x, y, op = y, x, flip(op)
	}
	if !l.stays(l.test.Succs[0]) {
		op = negateCmp(op)
	}
	c, ok := constInt(y)
	if !ok {
		return 0, false
	}
	switch op {
	case token.GEQ:
	case token.GTR:
		c++
	default:
		return 0, false
	}
	phi, ok := x.(*ssa.Phi)
	if !ok || phi.Block() != l.header || c < 1 {
		return 0, false
	}
	_, kind, k, ok := phiStep(l, phi)
	if !ok || kind != stepDiv || k < 2 {
		return 0, false
	}
	t, ok := phi.Type().Underlying().(*types.Basic)
	if !ok || t.Info()&types.IsInteger == 0 {
		return 0, false
	}
	bits := float64(intBits(t))
	if t.Info()&types.IsUnsigned == 0 {
		bits--
	}
	most := math.Floor((bits-math.Log2(c))/math.Log2(k)) + 1
	if most < 1 {
		return 0, false
	}
	return most / 2, true
}

// arrayTripBound bounds the trip count of a loop whose bound is the length
// of a slice cut from a fixed-size array at an unknown index (`b :=
// buf[:n]`): a loop consuming it, `for len(b) >= c { b = b[k:] }`, runs at
// most (N-c)/k + 1 times for an array of N, and an index loop `for i :=
// a; i < len(b); i += k` at most (N-a)/k.
func arrayTripBound(l *loop) (float64, bool) {
	cmp, ok := branchCond(l.test).(*ssa.BinOp)
	if !ok || l.rotated {
		return 0, false
	}
	op, x, y := cmp.Op, cmp.X, cmp.Y
	if _, ok := y.(*ssa.Call); ok {
		x, y, op = y, x, flip(op)
	}
	if !l.stays(l.test.Succs[0]) {
		op = negateCmp(op)
	}
	call, ok := x.(*ssa.Call)
	if !ok || len(call.Call.Args) != 1 {
		return 0, false
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "len" {
		return 0, false
	}
	arg := call.Call.Args[0]
	if phi, ok := arg.(*ssa.Phi); ok && phi.Block() == l.header {
		// Consumed: len(b) >= c (or > c) with b = b[k:] around the loop.
		cy, ok := symInt(y)
		if !ok {
			return 0, false
		}
		c, ok := cy.Constant()
		if !ok || (op != token.GEQ && op != token.GTR) {
			return 0, false
		}
		if op == token.GTR {
			c++
		}
		n, k := -1.0, 0.0
		for i, e := range phi.Edges {
			if !l.contains(l.header.Preds[i]) {
				b, ok := arrayBound(e, 0)
				if !ok || n >= 0 {
					return 0, false
				}
				n = b
				continue
			}
			sl, ok := e.(*ssa.Slice)
			if !ok || sl.X != phi || sl.Low == nil || sl.High != nil {
				return 0, false
			}
			lo, ok := constInt(sl.Low)
			if !ok || lo <= 0 || (k != 0 && lo != k) {
				return 0, false
			}
			k = lo
		}
		if n < 0 || k == 0 || c < 1 {
			return 0, false
		}
		return math.Max(0, math.Floor((n-c)/k)+1), true
	}
	// An index loop: i < len(b) (i+1 < len(b) for a range loop, which
	// tests the next index), i from a constant up by a constant.
	tested, inc := false, 0.0
	if b, ok := y.(*ssa.BinOp); ok && b.Op == token.ADD {
		c, ok := constInt(b.Y)
		if !ok {
			return 0, false
		}
		y, tested, inc = b.X, true, c
	}
	phi, ok := y.(*ssa.Phi)
	if !ok || phi.Block() != l.header || op != token.GTR { // len(b) > i
		return 0, false
	}
	n, ok := arrayBound(arg, 0)
	if !ok || !invariantIn(l, arg, 0) {
		return 0, false
	}
	var start, k float64
	found := 0
	for i, e := range phi.Edges {
		if !l.contains(l.header.Preds[i]) {
			a, ok := constInt(e)
			if !ok {
				return 0, false
			}
			start = a
			found++
			continue
		}
		b, ok := e.(*ssa.BinOp)
		if !ok || b.Op != token.ADD || b.X != phi {
			return 0, false
		}
		step, ok := constInt(b.Y)
		if !ok || step <= 0 {
			return 0, false
		}
		k = step
		found++
	}
	if found != len(phi.Edges) || k == 0 {
		return 0, false
	}
	if tested {
		if inc != k {
			return 0, false
		}
		start += k
	}
	return math.Max(0, math.Ceil((n-start)/k)), true
}

// constInt is v's value when it is an integer constant.
func constInt(v ssa.Value) (float64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	f, _ := constant.Float64Val(c.Value)
	return f, true
}

// arrayBound is an upper bound on the length of v when v is cut from a
// fixed-size array (arr[:n], arr[i:n], a phi of such slices), whatever
// the indexes the code does not tell.
func arrayBound(v ssa.Value, depth int) (float64, bool) {
	if depth > 8 {
		return 0, false
	}
	if n, ok := arrayLen(v.Type()); ok {
		return float64(n), true
	}
	switch v := v.(type) {
	case *ssa.Slice:
		n, ok := arrayBound(v.X, depth+1)
		if !ok {
			return 0, false
		}
		if v.High != nil {
			if h, ok := constInt(v.High); ok {
				n = math.Min(n, h)
			}
		}
		if v.Low != nil {
			if lo, ok := constInt(v.Low); ok {
				n -= lo
			}
		}
		return math.Max(n, 0), true
	case *ssa.Phi:
		out, any := 0.0, false
		for _, e := range v.Edges {
			if sl, ok := e.(*ssa.Slice); ok && sl.X == v && sl.High == nil {
				continue
			}
			n, ok := arrayBound(e, depth+1)
			if !ok {
				return 0, false
			}
			out, any = math.Max(out, n), true
		}
		return out, any
	}
	return 0, false
}

// findTest returns the block whose If decides whether l iterates again:
// the header (for and range loops), or else a latch branching back to the
// header (bottom-tested loops such as range over int).
func findTest(l *loop) *ssa.BasicBlock {
	isTest := func(b *ssa.BasicBlock) bool {
		if len(b.Instrs) == 0 || len(b.Succs) != 2 {
			return false
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); !ok {
			return false
		}
		return l.contains(b.Succs[0]) != l.contains(b.Succs[1])
	}
	if isTest(l.header) {
		l.rotated = slices.Contains(l.header.Succs, l.header) // a one-block loop tests at its bottom
		return l.header
	}
	// A condition with a constant operand, `for (host64bit && u>>29 != 0)
	// || …` in strconv's formatBase10, puts `if true` in the header: the
	// test is where the constant arm leads.
	for b, i := l.header, 0; i < 4; i++ {
		next, ok := constArm(b)
		if !ok || !l.contains(next) || len(next.Preds) != 1 {
			break
		}
		if _, ok := next.Instrs[len(next.Instrs)-1].(*ssa.If); ok && len(next.Succs) == 2 && l.stays(next.Succs[0]) != l.stays(next.Succs[1]) {
			return next
		}
		b = next
	}
	var latch *ssa.BasicBlock
	for _, p := range l.header.Preds {
		if l.contains(p) {
			if latch != nil {
				return nil
			}
			latch = p
		}
	}
	if latch != nil && isTest(latch) && slices.Contains(latch.Succs, l.header) {
		l.rotated = true
		return latch
	}
	return nil
}

// constArm is the successor b's `if` takes when its condition is a
// constant.
func constArm(b *ssa.BasicBlock) (*ssa.BasicBlock, bool) {
	v, ok := constCond(b)
	if !ok {
		return nil, false
	}
	if v {
		return b.Succs[0], true
	}
	return b.Succs[1], true
}

// constCond is the value of the condition of the `if` ending b when it is
// a constant (`if race.Enabled`, the `true` of `host64bit && …`).
func constCond(b *ssa.BasicBlock) (value, ok bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return false, false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false, false
	}
	c, ok := iff.Cond.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c.Value), true
}

// loopVar names an unknown loop bound after the loop's position:
// loop_<package path>_<file>_<line>.
func (st *funcState) loopVar(h *ssa.BasicBlock, def float64) string {
	pos := st.blockPos(h)
	name := st.headerLoopName(h, pos)
	st.addVar(name, def, "unknown loop bound at "+st.relPos(pos))
	st.estimated(fmt.Sprintf("loop at %s: unknown trip count, default %.4g", st.relPos(pos), def))
	return name
}

// headerLoopName is loopName for the loop headed by h, made unique within
// the function: the headers of nested loops can share a position (a range
// loop's header starts with the phis of variables declared before both
// loops), and loops sharing a variable would share a trip count.
func (st *funcState) headerLoopName(h *ssa.BasicBlock, pos token.Position) string {
	if name, ok := st.loopNames[h]; ok {
		return name
	}
	if st.loopNames == nil {
		st.loopNames = map[*ssa.BasicBlock]string{}
	}
	base := st.loopName(pos)
	name := base
	for i := 2; st.loopNameTaken(name); i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	st.loopNames[h] = name
	return name
}

// loopNameTaken reports whether another loop of the function has name.
func (st *funcState) loopNameTaken(name string) bool {
	for _, n := range st.loopNames {
		if n == name {
			return true
		}
	}
	return false
}

func (st *funcState) loopName(pos token.Position) string {
	return "loop_" + st.pkgTag() + "_" + sanitize(filepath.Base(pos.Filename)) + "_" + fmt.Sprint(pos.Line)
}

// blockPos is the position of the first instruction of b that has one.
func (st *funcState) blockPos(b *ssa.BasicBlock) token.Position {
	for _, in := range b.Instrs {
		if p := in.Pos(); p.IsValid() {
			return st.fset.Position(p)
		}
	}
	// A header made only of phis and a jump: look at what it branches to.
	for _, s := range b.Succs {
		for _, in := range s.Instrs {
			if p := in.Pos(); p.IsValid() {
				return st.fset.Position(p)
			}
		}
	}
	return st.fset.Position(st.fn.Pos())
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// canonicalTrip handles range loops and for loops with an induction
// variable compared against a bound that does not change in the loop.
func (st *funcState) canonicalTrip(l *loop) (expr.Expr, string, bool) {
	h := l.test
	if h == nil {
		return expr.Expr{}, "", false
	}
	iff := h.Instrs[len(h.Instrs)-1].(*ssa.If)
	in0 := l.stays(h.Succs[0])
	negate := !in0 // the loop continues when the condition is false

	// range over map or string: the condition is ok of Next.
	if ex, ok := iff.Cond.(*ssa.Extract); ok && ex.Index == 0 {
		if next, ok := ex.Tuple.(*ssa.Next); ok {
			if r, ok := next.Iter.(*ssa.Range); ok {
				if n, ok := st.symLen(r.X); ok {
					if next.IsString {
						st.bounded("range over string: trip count is its length in bytes, an upper bound on runes")
					}
					return n, "range", true
				}
			}
		}
	}
	if call, ok := iff.Cond.(*ssa.Call); ok && !negate {
		if n, ok := benchLoopTrip(call); ok {
			return n, "b.Loop", true
		}
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return expr.Expr{}, "", false
	}
	if trip, ok := consumeTrip(l, cmp, negate); ok {
		return trip, "consumed slice", true
	}
	op := cmp.Op
	x, y := cmp.X, cmp.Y
	if sx, sy, sop, ok := shiftTest(cmp); ok {
		// u>>29 != 0 is u >= 1<<29: formatBase10's outer loop, which
		// divides u by 1e9 while it does not fit 29 bits.
		x, y, op = sx, sy, sop
	}
	ind, tested, ok := st.induction(l, x)
	if !ok {
		ind, tested, ok = st.induction(l, y)
		if !ok {
			return expr.Expr{}, "", false
		}
		x, y = y, x
		op = flip(op)
	}
	_ = x
	if negate {
		op = negateCmp(op)
	}
	// symInt only expresses constants, parameters, their lengths and fields:
	// a field re-read in the loop is assumed not to change.
	bound, ok := st.symInt(y)
	if !ok {
		return expr.Expr{}, "", false
	}
	trip, what, ok := tripOf(ind, tested, op, bound)
	if ok && l.rotated {
		// A bottom test runs after each iteration: one more iteration than
		// successful tests.
		trip = expr.Add(trip, expr.Const(1))
	}
	return trip, what, ok
}

// outerCountedTrip recognizes an outer loop whose counter advances inside a
// directly nested loop,
//
//	for i < n {
//		x := rebuild()
//		for _, v := range vs { use(x, v); i++; if i >= n { return } }
//	}
//
// the shape of benchmarks that rebuild their state every len(vs)
// operations: the counter goes up by k per inner iteration, so the inner
// body runs (n-i0)/k times in all and the outer loop n/(k·trip(inner))
// times (the inner loop's own exit on i >= n ends the last pass early).
// It needs the inner loop's trip count, computed first.
func (st *funcState) outerCountedTrip(l *loop, loops []*loop) (expr.Expr, bool) {
	h := l.test
	cmp, ok := branchCond(h).(*ssa.BinOp)
	if !ok {
		return expr.Expr{}, false
	}
	op, x, y := cmp.Op, cmp.X, cmp.Y
	phi, ok := x.(*ssa.Phi)
	if !ok || phi.Block() != l.header {
		if phi, ok = y.(*ssa.Phi); !ok || phi.Block() != l.header {
			return expr.Expr{}, false
		}
		y, op = x, flip(op)
	}
	if !l.stays(h.Succs[0]) {
		op = negateCmp(op)
	}
	if op != token.LSS && op != token.LEQ {
		return expr.Expr{}, false
	}
	bound, ok := st.symInt(y)
	if !ok {
		return expr.Expr{}, false
	}
	var init expr.Expr
	var upd *ssa.Phi
	for i, e := range phi.Edges {
		if l.contains(l.header.Preds[i]) {
			p, ok := e.(*ssa.Phi)
			if !ok || (upd != nil && upd != p) {
				return expr.Expr{}, false
			}
			upd = p
		} else if init, ok = symInt(e); !ok {
			return expr.Expr{}, false
		}
	}
	if upd == nil {
		return expr.Expr{}, false
	}
	var inner *loop
	for _, m := range loops {
		if m.parent == l && m.header == upd.Block() {
			inner = m
		}
	}
	if inner == nil || inner.trip.IsZero() {
		return expr.Expr{}, false
	}
	// Inside the inner loop the counter enters as the outer phi and
	// advances by a constant k on the back edge.
	k := 0.0
	for i, e := range upd.Edges {
		if !inner.contains(inner.header.Preds[i]) {
			if e != phi {
				return expr.Expr{}, false
			}
			continue
		}
		b, ok := e.(*ssa.BinOp)
		if !ok || b.Op != token.ADD || b.X != upd {
			return expr.Expr{}, false
		}
		c, ok := symInt(b.Y)
		if !ok {
			return expr.Expr{}, false
		}
		ck, ok := c.Constant()
		if !ok || ck <= 0 || (k != 0 && ck != k) {
			return expr.Expr{}, false
		}
		k = ck
	}
	if k == 0 {
		return expr.Expr{}, false
	}
	total := expr.Sub(bound, init)
	if op == token.LEQ {
		total = expr.Add(total, expr.Const(1))
	}
	st.bounded(fmt.Sprintf("loop at %s: its counter advances in the inner loop, so it runs (bound)/(inner trip count) times", st.relPos(st.blockPos(l.header))))
	return expr.Div(total, expr.Scale(inner.trip, k)), true
}

// consumeTrip recognizes a loop that consumes a slice or string from the
// front, `for len(b) >= k { ...; b = b[k:] }` (`len(b) > 0` with b = b[1:],
// as hashes and parsers walk their input): len(b) steps down by k from the
// length the loop starts with, so the loop runs while it stays at or above
// the bound.
func consumeTrip(l *loop, cmp *ssa.BinOp, negate bool) (expr.Expr, bool) {
	if l.rotated {
		return expr.Expr{}, false
	}
	op, x, y := cmp.Op, cmp.X, cmp.Y
	if _, ok := y.(*ssa.Call); ok {
		x, y, op = y, x, flip(op)
	}
	if negate {
		op = negateCmp(op)
	}
	call, ok := x.(*ssa.Call)
	if !ok || len(call.Call.Args) != 1 {
		return expr.Expr{}, false
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "len" {
		return expr.Expr{}, false
	}
	phi, ok := call.Call.Args[0].(*ssa.Phi)
	if !ok || phi.Block() != l.header {
		return expr.Expr{}, false
	}
	bound, ok := symInt(y)
	if !ok {
		return expr.Expr{}, false
	}
	c, ok := bound.Constant()
	if !ok {
		return expr.Expr{}, false
	}
	switch op {
	case token.GEQ:
	case token.GTR:
		c++ // len > c is len >= c+1
	default:
		return expr.Expr{}, false
	}
	var start expr.Expr
	k := 0.0
	entries := 0
	for i, e := range phi.Edges {
		if !l.contains(l.header.Preds[i]) {
			n, ok := symLen(e)
			if !ok {
				return expr.Expr{}, false
			}
			start = n
			entries++
			continue
		}
		sl, ok := e.(*ssa.Slice)
		if ip, isPhi := e.(*ssa.Phi); isPhi && l.contains(ip.Block()) {
			// Chunks of at most k, the last one taking the rest:
			// `if len(p) > k { p, q = p[:k], p[k:] }; …; p = q`, q
			// nil on the last pass (adler32's blocks of nmax bytes).
			sl, ok = restOrEmpty(ip)
		}
		if !ok || sl.X != phi || sl.Low == nil || sl.High != nil || sl.Max != nil {
			return expr.Expr{}, false
		}
		lo, ok := symInt(sl.Low)
		if !ok {
			return expr.Expr{}, false
		}
		step, ok := lo.Constant()
		if !ok || step <= 0 || (k != 0 && step != k) {
			return expr.Expr{}, false
		}
		k = step
	}
	if k == 0 || start.IsZero() {
		return expr.Expr{}, false
	}
	if entries > 1 {
		// Entered from several paths (adler32 cuts its input to nmax
		// bytes on one, just before the loop): the phi's length over
		// its entry edges, which leaves out the loop's own b[k:].
		n, ok := symLen(phi)
		if !ok {
			return expr.Expr{}, false
		}
		start = n
	}
	if c < 1 {
		return expr.Expr{}, false // len(b) >= 0 never ends the loop
	}
	// Iterations: the number of lengths start, start-k, ... that are >= c.
	return expr.Max(expr.Const(0), expr.Add(expr.Scale(expr.Sub(start, expr.Const(c)), 1/k), expr.Const(1))), true
}

// restOrEmpty returns the one slice expression among the edges of phi
// whose other edges are empty constants (nil, "") or phi itself (kept
// around an inner loop whose header the join shares): what is left of a
// slice after a chunk, or nothing on the last pass.
func restOrEmpty(phi *ssa.Phi) (*ssa.Slice, bool) {
	var rest *ssa.Slice
	for _, e := range phi.Edges {
		if e == phi {
			continue
		}
		switch v := e.(type) {
		case *ssa.Const:
			if v.Value != nil && (v.Value.Kind() != constant.String || constant.StringVal(v.Value) != "") {
				return nil, false
			}
		case *ssa.Slice:
			if rest != nil {
				return nil, false
			}
			rest = v
		default:
			return nil, false
		}
	}
	return rest, rest != nil
}

func tripOf(ind inductionVar, tested bool, op token.Token, bound expr.Expr) (expr.Expr, string, bool) {
	start := ind.init
	if tested {
		start = ind.next(start)
	}
	one := expr.Const(1)
	switch ind.kind {
	case stepAdd:
		k := ind.k
		switch {
		case k > 0 && (op == token.LSS || op == token.NEQ):
			return divUp(expr.Sub(bound, start), k), "for", true
		case k > 0 && op == token.LEQ:
			return expr.Add(divUp(expr.Sub(bound, start), k), one), "for", true
		case k < 0 && (op == token.GTR || op == token.NEQ):
			return divUp(expr.Sub(start, bound), -k), "for", true
		case k < 0 && op == token.GEQ:
			return expr.Add(divUp(expr.Sub(start, bound), -k), one), "for", true
		}
	case stepMul:
		if c, ok := start.Constant(); ok && c <= 0 {
			// 0·k stays 0: not a geometric loop (its exit lies elsewhere).
			return expr.Expr{}, "", false
		}
		var t expr.Expr
		switch op {
		case token.LSS, token.NEQ, token.LEQ:
			if c, ok := start.Constant(); ok && c >= 1 {
				t = expr.Sub(expr.Log2(bound), expr.Const(math.Log2(c)))
			} else {
				t = expr.Log2(expr.Div(bound, start))
			}
			t = logBase(t, ind.k)
			if op == token.LEQ {
				t = expr.Add(t, one)
			}
			return t, "for", true
		}
	case stepDiv:
		c, isConst := bound.Constant()
		switch {
		case (op == token.GTR || op == token.NEQ) && isConst && c == 0:
			return divTrip(start, expr.Const(1), ind.k), "for", true
		case op == token.GTR && isConst:
			return divTrip(start, expr.Const(c+1), ind.k), "for", true
		case op == token.GTR || op == token.NEQ:
			return logBase(expr.Log2(expr.Div(start, bound)), ind.k), "for", true
		case op == token.GEQ:
			return divTrip(start, bound, ind.k), "for", true
		}
	}
	return expr.Expr{}, "", false
}

// divTrip is the trip count of `for x >= c { x /= k }` from x = start:
// the values start, start/k, start/k², … that are at least c, which is
// ⌊log_k(start/c)⌋ + 1 = ⌊log_k(k·start/c)⌋ for start ≥ c and none
// below (Itoa's digit loop runs twice for 12345, not 2.05 + 1 times, and
// not at all for 42). log2 is 0 below 1, which makes it 0 there; the
// floor is −ceil(−x), and its 2e-4 absorbs the rounding of a printed
// 1/log2(k) (five digits) at exact powers.
func divTrip(start, c expr.Expr, k float64) expr.Expr {
	l := logBase(expr.Log2(expr.Div(expr.Scale(start, k), c)), k)
	return expr.Scale(expr.Ceil(expr.Add(expr.Scale(l, -1), expr.Const(-2e-4))), -1)
}

// shiftTest reads a loop test `x>>s != 0` (or == 0) on an unsigned x as
// the comparison x >= 1<<s (x < 1<<s) it is, and returns its operands.
func shiftTest(cmp *ssa.BinOp) (x, y ssa.Value, op token.Token, ok bool) {
	if cmp.Op != token.NEQ && cmp.Op != token.EQL {
		return nil, nil, 0, false
	}
	sh, zero := cmp.X, cmp.Y
	if _, ok := sh.(*ssa.Const); ok {
		sh, zero = zero, sh
	}
	if z, ok := constInt(zero); !ok || z != 0 {
		return nil, nil, 0, false
	}
	b, ok := sh.(*ssa.BinOp)
	if !ok || b.Op != token.SHR {
		return nil, nil, 0, false
	}
	s, ok := constInt(b.Y)
	if !ok || s <= 0 || s >= 64 {
		return nil, nil, 0, false
	}
	if t, ok := b.X.Type().Underlying().(*types.Basic); !ok || t.Info()&types.IsUnsigned == 0 {
		return nil, nil, 0, false
	}
	bound := ssa.NewConst(constant.MakeUint64(1<<uint(s)), b.X.Type())
	if cmp.Op == token.NEQ {
		return b.X, bound, token.GEQ, true
	}
	return b.X, bound, token.LSS, true
}

// logBase turns a base-2 logarithm into one in base k, the factor of a
// geometric loop (i *= 10 or n /= 10 runs log10 times, not log2).
func logBase(log2 expr.Expr, k float64) expr.Expr {
	if k == 2 {
		return log2
	}
	return expr.Scale(log2, 1/math.Log2(k))
}

func divUp(e expr.Expr, k float64) expr.Expr {
	if k == 1 {
		return e
	}
	if c, ok := e.Constant(); ok {
		return expr.Const(math.Ceil(c / k))
	}
	return expr.Ceil(expr.Scale(e, 1/k))
}

func flip(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

func negateCmp(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GEQ
	case token.GEQ:
		return token.LSS
	case token.GTR:
		return token.LEQ
	case token.LEQ:
		return token.GTR
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	}
	return op
}

type stepKind int

const (
	stepAdd stepKind = iota // i += k
	stepMul                 // i *= 2, i <<= 1
	stepDiv                 // i /= 2, i >>= 1
)

type inductionVar struct {
	init expr.Expr
	kind stepKind
	k    float64
}

func (iv inductionVar) next(e expr.Expr) expr.Expr {
	switch iv.kind {
	case stepMul:
		return expr.Scale(e, iv.k)
	case stepDiv:
		return expr.Scale(e, 1/iv.k)
	}
	return expr.Add(e, expr.Const(iv.k))
}

// induction reports whether v is an induction variable of l (a phi of the
// header) or its next value (phi+k computed in the header, as range loops
// do); tested is true in the second case.
func (st *funcState) induction(l *loop, v ssa.Value) (inductionVar, bool, bool) {
	if phi, ok := v.(*ssa.Phi); ok && phi.Block() == l.header {
		iv, ok := st.phiInduction(l, phi)
		return iv, false, ok
	}
	if b, ok := v.(*ssa.BinOp); ok && l.contains(b.Block()) && b.Op == token.ADD {
		if phi, ok := b.X.(*ssa.Phi); ok && phi.Block() == l.header {
			if c, ok := b.Y.(*ssa.Const); ok {
				iv, ok := st.phiInduction(l, phi)
				if ok && iv.kind == stepAdd {
					if k, ok2 := symInt(c); ok2 {
						if kc, _ := k.Constant(); kc == iv.k {
							return iv, true, true
						}
					}
				}
			}
		}
	}
	return inductionVar{}, false, false
}

func (st *funcState) phiInduction(l *loop, phi *ssa.Phi) (inductionVar, bool) {
	init, kind, k, ok := phiStep(l, phi)
	if !ok {
		return inductionVar{}, false
	}
	a, ok := symInt(init)
	if !ok {
		return inductionVar{}, false
	}
	return inductionVar{init: a, kind: kind, k: k}, true
}

// phiStep reads phi, of l's header, as a variable entering l with init
// and stepped by a constant on every iteration (i += k, i *= k, i <<= s,
// i /= k, i >>= s: one update for all of l's back edges).
func phiStep(l *loop, phi *ssa.Phi) (init ssa.Value, kind stepKind, k float64, ok bool) {
	return stepOf(phi, l.contains)
}

// stepOf is phiStep for the loop headed by phi's block whose blocks inLoop
// reports: the edges from them are the update, the others the init.
func stepOf(phi *ssa.Phi, inLoop func(*ssa.BasicBlock) bool) (init ssa.Value, kind stepKind, k float64, ok bool) {
	var upd ssa.Value
	for i, e := range phi.Edges {
		pred := phi.Block().Preds[i]
		if inLoop(pred) {
			if upd != nil && upd != e {
				return nil, 0, 0, false
			}
			upd = e
		} else {
			if init != nil && init != e {
				return nil, 0, 0, false
			}
			init = e
		}
	}
	if init == nil || upd == nil {
		return nil, 0, 0, false
	}
	b, ok := upd.(*ssa.BinOp)
	if !ok || b.X != phi {
		return nil, 0, 0, false
	}
	kx, ok := symInt(b.Y)
	if !ok {
		return nil, 0, 0, false
	}
	k, ok = kx.Constant()
	if !ok || k == 0 {
		return nil, 0, 0, false
	}
	switch b.Op {
	case token.ADD:
		return init, stepAdd, k, true
	case token.SUB:
		return init, stepAdd, -k, true
	case token.MUL:
		if k < 2 {
			return nil, 0, 0, false
		}
		return init, stepMul, k, true
	case token.SHL:
		return init, stepMul, math.Exp2(k), true
	case token.QUO:
		if k < 2 {
			return nil, 0, 0, false
		}
		return init, stepDiv, k, true
	case token.SHR:
		return init, stepDiv, math.Exp2(k), true
	}
	return nil, 0, 0, false
}

// benchLoopTrip recognizes `for b.Loop() { ... }` in a benchmark (and
// `for pb.Next()` in a b.RunParallel body, bounded by "pb.N"): the loop
// runs b.N times, the same variable a classic `for i := 0; i < b.N; i++`
// loop is bounded by, so a benchmark's per-operation cost is the
// coefficient of "b.N" in its summary either way.
func benchLoopTrip(call *ssa.Call) (expr.Expr, bool) {
	fn := call.Call.StaticCallee()
	if fn == nil || len(call.Call.Args) != 1 {
		return expr.Expr{}, false
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return expr.Expr{}, false
	}
	switch types.TypeString(recv.Type(), nil) + "." + fn.Name() {
	case "*testing.B.Loop", "*testing.PB.Next":
		// for pb.Next() in b.RunParallel: pb.N iterations in this
		// goroutine, b.N over all of them.
	default:
		return expr.Expr{}, false
	}
	n := valueName(call.Call.Args[0])
	if n == "" || expr.ValidVar(n+".N") != nil {
		return expr.Expr{}, false
	}
	return expr.Var(n + ".N"), true
}

// onceTrip recognizes a loop that can iterate at most once because an
// inner loop consumes its slice below its own bound — crc64's update,
//
//	for len(p) >= 64 {
//		...
//		for len(p) > 8 { ...; p = p[8:] }
//	}
//
// — the inner loop leaves only through its test, with len(p) <= 8, which
// fails the outer test: the outer loop runs once when its test holds on
// entry, [len(p) >= 64], and not at all otherwise. Left at an unknown trip
// count, its body (a 2 KiB table compare there) was charged several times
// even for a 12-byte input.
func (st *funcState) onceTrip(l *loop, loops []*loop) (expr.Expr, bool) {
	if l.test != l.header || l.rotated {
		return expr.Expr{}, false
	}
	// The outer test, as len(phi) > c or >= c staying in the loop.
	s, op, c, ok := lenTest(l)
	phi, isPhi := s.(*ssa.Phi)
	if !ok || !isPhi || phi.Block() != l.header || (op != token.GTR && op != token.GEQ) {
		return expr.Expr{}, false
	}
	var entry ssa.Value
	for i, e := range phi.Edges {
		pred := l.header.Preds[i]
		if !l.contains(pred) {
			if entry != nil && entry != e {
				return expr.Expr{}, false
			}
			entry = e
			continue
		}
		// The back edge carries an inner loop's phi, out of that loop.
		in, ok := e.(*ssa.Phi)
		if !ok {
			return expr.Expr{}, false
		}
		var inner *loop
		for _, o := range loops {
			if o.header == in.Block() && o != l && l.contains(o.header) {
				inner = o
			}
		}
		if inner == nil || pred != inner.test && inner.contains(pred) || inner.test != inner.header || inner.rotated {
			return expr.Expr{}, false
		}
		for _, b := range in.Parent().Blocks {
			if inner.contains(b) && b != inner.test {
				for _, s := range b.Succs {
					if !inner.contains(s) {
						return expr.Expr{}, false // another exit: len(p) may be anything there
					}
				}
			}
		}
		is, iop, ic, ok := lenTest(inner)
		if !ok || is != in {
			return expr.Expr{}, false
		}
		// On exit len(p) <= most; the outer test needs more.
		var most float64
		switch iop {
		case token.GTR:
			most = ic
		case token.GEQ:
			most = ic - 1
		default:
			return expr.Expr{}, false
		}
		if op == token.GTR && most > c || op == token.GEQ && most >= c {
			return expr.Expr{}, false
		}
	}
	if entry == nil {
		return expr.Expr{}, false
	}
	n, ok := st.symLen(entry)
	if !ok {
		return expr.Const(1), true // at most once
	}
	return sizeIndicator(op, n, expr.Const(c)), true
}

// lenTest reads the test of loop l as len(s) op c, c a constant, with op
// the comparison that keeps the loop iterating.
func lenTest(l *loop) (s ssa.Value, op token.Token, c float64, ok bool) {
	cmp, isCmp := branchCond(l.test).(*ssa.BinOp)
	if !isCmp {
		return nil, 0, 0, false
	}
	op, x, y := cmp.Op, cmp.X, cmp.Y
	if lenArg(x) == nil {
		x, y, op = y, x, flip(op)
	}
	if !l.stays(l.test.Succs[0]) {
		op = negateCmp(op)
	}
	s = lenArg(x)
	c, isConst := constInt(y)
	if s == nil || !isConst {
		return nil, 0, 0, false
	}
	return s, op, c, true
}
