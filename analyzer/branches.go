package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Static branch prediction.
//
// Without a profile, the probability that a two-way branch goes one way is
// estimated from the shape of the code with the heuristics of Ball and
// Larus ("Branch prediction for free", PLDI 1993), each weighted by the
// hit rate Wu and Larus measured for it ("Static branch frequency and
// program profile analysis", MICRO 27, 1994, Table 1), the heuristics that
// apply to one branch being combined with the Dempster–Shafer rule of the
// same paper. The loop-branch (0.88) and loop-exit (0.80) heuristics are
// not used as probabilities: loops are handled structurally (trip counts,
// and an exit taken once per entry), which is what those heuristics
// approximate. Go-specific evidence that is stronger than any of these
// heuristics decides alone (see branchProb).

// Hit rates of the Ball–Larus heuristics measured by Wu and Larus (1994,
// Table 1): the probability that the branch goes the way the heuristic
// predicts.
const (
	PointerHitRate    = 0.60 // a pointer is not nil; two pointers differ
	CallHitRate       = 0.78 // a successor with a call (not post-dominating) is not taken
	OpcodeHitRate     = 0.84 // x < 0, x <= 0 and x == constant fail
	ReturnHitRate     = 0.72 // a successor that returns is not taken
	StoreHitRate      = 0.55 // a successor with a store (not post-dominating) is not taken
	LoopHeaderHitRate = 0.75 // a successor that enters a loop (not post-dominating) is taken
	GuardHitRate      = 0.62 // a successor using a compared value (not post-dominating) is taken
)

// combineDS combines two independent estimates p and q of the probability
// of the same outcome by the Dempster–Shafer rule for two outcomes, as Wu
// and Larus do: p·q / (p·q + (1-p)(1-q)).
func combineDS(p, q float64) float64 {
	num := p * q
	den := num + (1-p)*(1-q)
	if den == 0 {
		return 0.5
	}
	return num / den
}

// postDom holds the post-dominator sets of a function's blocks as bit sets.
type postDom struct {
	words int
	sets  [][]uint64 // by Index; nil for blocks not considered
}

// postDominators computes, for every block, the blocks that lie on every
// path from it to a return or a panic. A block from which no exit is
// reachable (an infinite loop) is post-dominated only by itself.
func postDominators(fn *ssa.Function) *postDom {
	n := len(fn.Blocks)
	pd := &postDom{words: (n + 63) / 64, sets: make([][]uint64, n)}
	// Blocks that reach an exit, found backwards from the exits.
	reach := make([]bool, n)
	var stack []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if len(b.Succs) == 0 {
			reach[b.Index] = true
			stack = append(stack, b)
		}
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range b.Preds {
			if !reach[p.Index] {
				reach[p.Index] = true
				stack = append(stack, p)
			}
		}
	}
	for _, b := range fn.Blocks {
		s := make([]uint64, pd.words)
		if len(b.Succs) == 0 || !reach[b.Index] {
			s[b.Index/64] |= 1 << (b.Index % 64)
		} else {
			for i := range s {
				s[i] = ^uint64(0)
			}
		}
		pd.sets[b.Index] = s
	}
	tmp := make([]uint64, pd.words)
	for changed := true; changed; {
		changed = false
		for i := n - 1; i >= 0; i-- { // roughly postorder: exits come late
			b := fn.Blocks[i]
			if len(b.Succs) == 0 || !reach[b.Index] {
				continue
			}
			for w := range tmp {
				tmp[w] = ^uint64(0)
			}
			for _, s := range b.Succs {
				for w, x := range pd.sets[s.Index] {
					tmp[w] &= x
				}
			}
			tmp[b.Index/64] |= 1 << (b.Index % 64)
			cur := pd.sets[b.Index]
			for w := range cur {
				if cur[w] != tmp[w] {
					copy(cur, tmp)
					changed = true
					break
				}
			}
		}
	}
	return pd
}

// postDominates reports whether every path from b to an exit passes x.
func (pd *postDom) postDominates(x, b *ssa.BasicBlock) bool {
	return pd.sets[b.Index][x.Index/64]&(1<<(x.Index%64)) != 0
}

// branchProb returns the probability that the If ending block a takes its
// true arm (a.Succs[0]). Go-specific evidence decides alone, in this order:
//
//   - a constant condition is decided at compile time, and a test of the
//     CPU's features is decided for the profiles' CPUs, every feature
//     present (cpufeature.go);
//   - an arm on which every path panics (or calls a function that never
//     returns) is never taken;
//   - the test guarding a bottom-tested loop enters it;
//   - the rare arm of a capacity check (`len+n > cap`, growth; `len <
//     cap/4`, shrinking) is amortized to never (capcheck.go), and so is the
//     lazy initialization of a parameter's field (`if p.f == nil { p.f =
//     ... }`);
//   - the arm of `err != nil` is taken with probability ErrorArmProb;
//   - an arm that returns a non-nil error, where the other does not, with
//     probability ErrorReturnProb;
//   - a residue test's == arm (`i%k == c`), with probability 1/k
//     (residueProb).
//
// Otherwise the Ball–Larus heuristics that apply are combined by
// Dempster–Shafer (even odds when none applies). analyzeFlow puts a size
// guard (guard.go) between the two: it decides where the evidence above
// does not.
func (f *flow) branchProb(a *ssa.BasicBlock) float64 {
	if p, ok := f.evidenceProb(a); ok {
		return p
	}
	return f.heuristicProb(a)
}

// evidenceProb is the probability of a's true arm when Go-specific
// evidence decides it (see branchProb), and false otherwise.
func (f *flow) evidenceProb(a *ssa.BasicBlock) (float64, bool) {
	t, e := a.Succs[0], a.Succs[1]
	// A constant condition (`if race.Enabled`, `if is32bit && ...`, a
	// debug flag) is decided at compile time.
	// So is, for the profiles' CPUs, a test of the CPU's features
	// (cpufeature.go).
	v, ok := constCond(a)
	if !ok {
		v, ok = featureCond(a)
	}
	if ok {
		if v {
			return 1, true
		}
		return 0, true
	}
	switch {
	case t == e:
		return 1, true
	case f.cold[t.Index] && f.cold[e.Index]:
		return 0.5, true
	case f.cold[t.Index]:
		return 0, true
	case f.cold[e.Index]:
		return 1, true
	}
	// The guard of a bottom-tested loop: entering it is certain when the
	// other arm is where the loop exits to.
	for i, s := range a.Succs {
		if l := f.headerOf(s); l != nil && l.rotated && !l.contains(a) && f.exitsTo(l, a.Succs[1-i]) {
			return float64(1 - i), true
		}
	}
	if rare := capacityArm(a); rare != nil {
		if rare == t {
			return 0, true
		}
		return 1, true
	}
	if rare := fitArm(a); rare != nil {
		if rare == t {
			return 0, true
		}
		return 1, true
	}
	if rare := freeListMissArm(a); rare != nil {
		if rare == t {
			return 0, true
		}
		return 1, true
	}
	if rare, _ := lazyInitArm(a); rare != nil {
		if rare == t {
			return 0, true
		}
		return 1, true
	}
	if arm := errorArm(a); arm != nil {
		if arm == t {
			return ErrorArmProb, true
		}
		return 1 - ErrorArmProb, true
	}
	if arm := errorReturnArm(a); arm != nil {
		if arm == t {
			return ErrorReturnProb, true
		}
		return 1 - ErrorReturnProb, true
	}
	if p, ok := residueProb(a); ok {
		return p, true
	}
	return 0, false
}

// residueProb is the probability that the If ending a, a test of an
// integer's residue modulo a constant k against a constant (`i%2 == 0`,
// `n%64 != 7`, `h&(k-1) == 0` for a power of two k), takes its true arm:
// 1/k for ==, 1 − 1/k for !=, each of the k residues taken equally often
// — by a counter stepping through consecutive values (every k-th
// iteration of a loop: an even/odd split, a flush every 64 items) as by a
// hash or a random value. Residues that tests of the same value on the
// way to a have ruled out (the earlier cases of `switch i % 3`) are not
// among those left: the second case of three is taken half the time. The
// opcode heuristic's "x == constant fails" (0.84 for the false arm) knows
// nothing of k: for `i%2 == 0` it gives the even arm 0.16 rather than one
// half. A constant outside [0, k) (a residue the test cannot meet, or a
// negative one of a signed operand) is left to the heuristics.
func residueProb(a *ssa.BasicBlock) (float64, bool) {
	r, c, eq, ok := residueTest(a)
	if !ok {
		return 0, false
	}
	k, _ := residueModulus(r)
	left := k
	seen := map[float64]bool{c: true}
	// Walk up the dominators: a test of the same residue whose arm
	// towards a is the one that rules its constant out.
	for b := a; b.Idom() != nil; b = b.Idom() {
		d := b.Idom()
		r2, c2, eq2, ok := residueTest(d)
		if !ok || r2 != r || seen[c2] {
			continue
		}
		// The arm of d on which r != c2: the false arm of ==, the
		// true arm of !=.
		out := d.Succs[1]
		if !eq2 {
			out = d.Succs[0]
		}
		if len(out.Preds) == 1 && out.Dominates(a) {
			seen[c2] = true
			left--
		}
	}
	if left < 1 {
		return 0, false
	}
	if eq {
		return 1 / left, true
	}
	return 1 - 1/left, true
}

// residueTest reports whether the If ending a compares a residue r (x%k
// or x&(k-1), residueModulus) with a constant c in [0, k), and whether
// with == (eq) or !=.
func residueTest(a *ssa.BasicBlock) (r *ssa.BinOp, c float64, eq, ok bool) {
	cmp, isBin := branchCond(a).(*ssa.BinOp)
	if !isBin || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
		return nil, 0, false, false
	}
	x, y := cmp.X, cmp.Y
	if _, isConst := x.(*ssa.Const); isConst {
		x, y = y, x
	}
	c, ok = constInt(y)
	if !ok {
		return nil, 0, false, false
	}
	r, isBin = x.(*ssa.BinOp)
	if !isBin {
		return nil, 0, false, false
	}
	k, ok := residueModulus(r)
	if !ok || c < 0 || c >= k {
		return nil, 0, false, false
	}
	return r, c, cmp.Op == token.EQL, true
}

// residueModulus is k for an integer's residue r: x % k, or x & (k-1) for
// a power of two k, k >= 2 a constant.
func residueModulus(r *ssa.BinOp) (float64, bool) {
	if !isInteger(r.X.Type()) {
		return 0, false
	}
	k, ok := constInt(r.Y)
	if !ok {
		return 0, false
	}
	switch r.Op {
	case token.REM:
	case token.AND:
		k++
		if math.Trunc(math.Log2(k)) != math.Log2(k) {
			return 0, false
		}
	default:
		return 0, false
	}
	return k, k >= 2
}

// ErrorReturnProb is the probability given to the arm of a test that
// returns an error of its own making (`if !ok { return 0,
// errors.New("bad input") }`): the exceptional path of Go's error idiom,
// which a program, and a benchmark above all, takes rarely.
const ErrorReturnProb = 0.001

// errorReturnArm returns the successor of a's If that returns an error of
// the function's own making when the other does not, or nil.
func errorReturnArm(a *ssa.BasicBlock) *ssa.BasicBlock {
	t, e := a.Succs[0], a.Succs[1]
	switch rt, re := reachesOnly(t, returnsError), reachesOnly(e, returnsError); {
	case rt && !re:
		return t
	case re && !rt:
		return e
	}
	return nil
}

// returnsError reports whether b returns a non-nil error: the function's
// last result is an error and b returns a value for it other than nil (a
// phi of several paths' errors does not count: one of them may be nil).
func returnsError(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
	if !ok || len(ret.Results) == 0 {
		return false
	}
	last := ret.Results[len(ret.Results)-1]
	if !isErrorType(last.Type()) {
		return false
	}
	switch v := last.(type) {
	case *ssa.Const:
		return !v.IsNil()
	case *ssa.Phi:
		return false
	}
	return true
}

// heuristicProb combines the Ball–Larus heuristics that apply to a's
// branch by Dempster–Shafer, from even odds.
func (f *flow) heuristicProb(a *ssa.BasicBlock) float64 {
	p := 0.5
	for _, h := range f.heuristics(a) {
		p = combineDS(p, h.prob)
	}
	return p
}

// prediction is one heuristic's estimate of the probability that a branch
// takes its true arm.
type prediction struct {
	name string
	prob float64
}

// heuristics lists the Ball–Larus heuristics that apply to the If ending
// a, in the paper's order, each with its Wu–Larus probability for the true
// arm. A heuristic that would pick both arms does not apply.
func (f *flow) heuristics(a *ssa.BasicBlock) []prediction {
	var out []prediction
	cond := a.Instrs[len(a.Instrs)-1].(*ssa.If).Cond
	cmp, _ := cond.(*ssa.BinOp)
	// predicts turns "the true arm is predicted taken / not taken" into a
	// probability of the true arm.
	add := func(name string, rate float64, trueTaken bool) {
		if trueTaken {
			out = append(out, prediction{name, rate})
		} else {
			out = append(out, prediction{name, 1 - rate})
		}
	}
	// arm reports which single successor satisfies pred (0 or 1), or -1.
	arm := func(pred func(s *ssa.BasicBlock) bool) int {
		t, e := pred(a.Succs[0]), pred(a.Succs[1])
		switch {
		case t && !e:
			return 0
		case e && !t:
			return 1
		}
		return -1
	}
	notPDom := func(s *ssa.BasicBlock) bool { return !f.pdom.postDominates(s, a) }

	if cmp != nil {
		if eq, ok := pointerCompare(cmp); ok {
			add("pointer", PointerHitRate, !eq)
		}
		if taken, ok := opcodePrediction(cmp); ok {
			add("opcode", OpcodeHitRate, taken)
		}
	}
	if i := arm(func(s *ssa.BasicBlock) bool { return notPDom(s) && reachesOnly(s, hasCall) }); i >= 0 {
		add("call", CallHitRate, i == 1)
	}
	// Ball and Larus's return heuristic targets early exits. A successor
	// that post-dominates the branch is the fall-through every path takes
	// (in Go SSA often the join block ending in the function's return),
	// not an early exit, so it does not count here.
	if i := arm(func(s *ssa.BasicBlock) bool { return notPDom(s) && reachesOnly(s, endsInReturn) }); i >= 0 {
		add("return", ReturnHitRate, i == 1)
	}
	if i := arm(func(s *ssa.BasicBlock) bool { return notPDom(s) && hasStore(s) }); i >= 0 {
		add("store", StoreHitRate, i == 1)
	}
	if i := arm(func(s *ssa.BasicBlock) bool { return notPDom(s) && f.entersLoop(a, s) }); i >= 0 {
		add("loop header", LoopHeaderHitRate, i == 0)
	}
	if cmp != nil {
		if i := arm(func(s *ssa.BasicBlock) bool { return notPDom(s) && usesOperand(s, cmp) }); i >= 0 {
			add("guard", GuardHitRate, i == 0)
		}
	}
	return out
}

// reachesOnly reports whether s, or a block s passes control to
// unconditionally and dominates, satisfies has (Ball and Larus's "contains
// or unconditionally passes control to a block that contains").
func reachesOnly(s *ssa.BasicBlock, has func(*ssa.BasicBlock) bool) bool {
	for b, i := s, 0; i < 8; i++ {
		if has(b) {
			return true
		}
		if len(b.Succs) != 1 {
			return false
		}
		next := b.Succs[0]
		if next == s || !s.Dominates(next) {
			return false
		}
		b = next
	}
	return false
}

// hasCall reports whether b calls a function (builtins such as len and
// append are operations, not calls) or starts a goroutine or a defer.
func hasCall(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		switch in := in.(type) {
		case *ssa.Call:
			if _, builtin := in.Call.Value.(*ssa.Builtin); !builtin && !branchTest(in) {
				return true
			}
		case *ssa.Go, *ssa.Defer:
			return true
		}
	}
	return false
}

// branchTest reports whether call is a predicate whose result only
// decides the branch ending its own block (`if math.IsInf(v, 1) {`, `if
// !t.has(k) {`): the test of the next condition in a chain of checks, not
// the work of the path. Ball and Larus's call heuristic predicts against
// successors that do work by calling (error reporting, printing, rare
// slow paths); a successor whose only call evaluates its own branch
// condition is the fall-through to the next test, and would otherwise
// make every guard clause of a chain (`if math.IsNaN(v) { return "NaN" }
// if math.IsInf(v, 1) { return "+Inf" }`) look taken.
func branchTest(call *ssa.Call) bool {
	if !isBool(call.Type()) {
		return false
	}
	var v ssa.Value = call
	for {
		refs := v.Referrers()
		if refs == nil || len(*refs) != 1 {
			return false
		}
		switch r := (*refs)[0].(type) {
		case *ssa.If:
			return r.Block() == call.Block()
		case *ssa.UnOp:
			if r.Op != token.NOT {
				return false
			}
			v = r
		default:
			return false
		}
	}
}

func endsInReturn(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	_, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
	return ok
}

// hasStore reports whether b writes memory: a store through a pointer or a
// map update.
func hasStore(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		switch in.(type) {
		case *ssa.Store, *ssa.MapUpdate:
			return true
		}
	}
	return false
}

// entersLoop reports whether s, a successor of a, is the header of a loop
// that does not contain a, or a preheader (a block that only jumps to
// such a header).
func (f *flow) entersLoop(a, s *ssa.BasicBlock) bool {
	if l := f.headerOf(s); l != nil && !l.contains(a) {
		return true
	}
	if len(s.Succs) == 1 {
		if l := f.headerOf(s.Succs[0]); l != nil && !l.contains(a) && !l.contains(s) {
			return true
		}
	}
	return false
}

// usesOperand reports whether an instruction of s (other than a phi, whose
// use belongs to the incoming edge) uses a non-constant operand of cmp.
func usesOperand(s *ssa.BasicBlock, cmp *ssa.BinOp) bool {
	for _, v := range []ssa.Value{cmp.X, cmp.Y} {
		if _, ok := v.(*ssa.Const); ok {
			continue
		}
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			if _, phi := r.(*ssa.Phi); !phi && r.Block() == s {
				return true
			}
		}
	}
	return false
}

// pointerCompare reports whether cmp compares a pointer-shaped value with
// nil or with another pointer for (in)equality, and whether the test is ==.
// Pointers, unsafe.Pointer, maps, channels, functions, slices and
// interfaces other than error count (error has its own, stronger rule).
func pointerCompare(cmp *ssa.BinOp) (eq, ok bool) {
	if cmp.Op != token.EQL && cmp.Op != token.NEQ {
		return false, false
	}
	if !pointerLike(cmp.X.Type()) || !pointerLike(cmp.Y.Type()) {
		return false, false
	}
	return cmp.Op == token.EQL, true
}

func pointerLike(t types.Type) bool {
	if isErrorType(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature, *types.Slice, *types.Interface:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	}
	return false
}

// opcodePrediction applies Ball and Larus's opcode heuristic: a comparison
// of a number for less than zero or less than or equal to zero fails, and
// so does a comparison for equality with a constant (or of two floats).
// It reports whether the true arm is predicted. Go adaptation: equality
// with a constant string counts too (a switch on a string is a chain of
// such tests, and its rationale — one value of many — holds the same).
func opcodePrediction(cmp *ssa.BinOp) (taken, ok bool) {
	basic, _ := cmp.X.Type().Underlying().(*types.Basic)
	if basic == nil {
		return false, false
	}
	info := basic.Info()
	numeric := info&(types.IsInteger|types.IsFloat) != 0
	isConst := func(v ssa.Value) (*ssa.Const, bool) {
		c, ok := v.(*ssa.Const)
		return c, ok && c.Value != nil
	}
	cx, xConst := isConst(cmp.X)
	cy, yConst := isConst(cmp.Y)
	switch cmp.Op {
	case token.EQL, token.NEQ:
		if xConst && yConst {
			return false, false
		}
		if (numeric || info&types.IsString != 0) && (xConst || yConst) ||
			info&types.IsFloat != 0 {
			return cmp.Op == token.NEQ, true
		}
		return false, false
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return false, false
	}
	if !numeric || xConst == yConst {
		return false, false
	}
	op := cmp.Op
	c := cy
	if xConst { // 0 > x is x < 0
		op, c = flip(op), cx
	}
	if !isZero(c) {
		return false, false
	}
	// x < 0 and x <= 0 fail; x > 0 and x >= 0 hold.
	return op == token.GTR || op == token.GEQ, true
}

func isZero(c *ssa.Const) bool {
	switch c.Value.Kind() {
	case constant.Int, constant.Float:
		return constant.Sign(c.Value) == 0
	}
	return false
}

// RetryFailProb is the probability that one attempt of a retry loop fails
// and the loop tries again. Rejection samplers are built to accept at least
// half of their draws (math/rand's Int31n and Int63n reject fewer than half
// of the values, since max ≥ 2^(k-1); Lemire's multiply-shift method used
// by math/rand/v2 rejects fewer than n of 2^64), and a compare-and-swap
// fails only under contention, so 1/2 is an upper bound for the samplers
// and pessimistic for CAS. The number of attempts is then geometric: 1/(1-q)
// = 2 attempts, of which q/(1-q) = 1 is a retry.
const RetryFailProb = 0.5

// retryTrip reports whether l is a retry loop — one that repeats an
// attempt until it succeeds — and its expected trip count per entry:
//
//   - a top-tested loop whose only work is to recompute, by the same call
//     that computed it before the loop, the value its condition tests
//     against a loop-invariant bound (rejection sampling: `v := r.Int31();
//     for v > max { v = r.Int31() }`): the body runs q/(1-q) times;
//   - a loop whose test is a compare-and-swap of sync/atomic: the attempt
//     runs 1/(1-q) times, q/(1-q) of them failing.
func (st *funcState) retryTrip(l *loop) (float64, bool) {
	q := RetryFailProb
	retries, attempts := q/(1-q), 1/(1-q)
	h := l.test
	if h == nil {
		return 0, false
	}
	cond := h.Instrs[len(h.Instrs)-1].(*ssa.If).Cond
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond = u.X
	}
	if call, ok := cond.(*ssa.Call); ok && isCAS(call) {
		// The test is the attempt: it runs trip+1 times at the top of a
		// loop, trip times at its bottom.
		if l.rotated {
			return attempts, true
		}
		return retries, true
	}
	if l.rotated || h != l.header {
		return 0, false
	}
	cmp, ok := cond.(*ssa.BinOp)
	if !ok {
		return 0, false
	}
	phi, bound := cmp.X, cmp.Y
	if !l.invariant(bound) {
		phi, bound = bound, phi
	}
	p, ok := phi.(*ssa.Phi)
	if !ok || p.Block() != h || !l.invariant(bound) || len(p.Edges) != 2 {
		return 0, false
	}
	var inside, outside *ssa.Call
	var insideVal ssa.Value
	for i, e := range p.Edges {
		c := callRoot(e, 0)
		if c == nil {
			return 0, false
		}
		if l.contains(h.Preds[i]) {
			inside, insideVal = c, e
		} else {
			outside = c
		}
	}
	if inside == nil || outside == nil || !l.contains(inside.Block()) || l.contains(outside.Block()) || !sameCallee(inside, outside) {
		return 0, false
	}
	if !l.onlyRecomputes(p, insideVal) {
		return 0, false
	}
	return retries, true
}

// invariant reports whether v does not change in l: a constant, a
// parameter, or a value computed outside the loop.
func (l *loop) invariant(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Const, *ssa.Parameter, *ssa.FreeVar, *ssa.Global, *ssa.Function:
		return true
	case ssa.Instruction:
		return !l.contains(v.Block())
	}
	return false
}

// callRoot follows v back through conversions, arithmetic and tuple
// extraction to the call that computes it, or returns nil.
func callRoot(v ssa.Value, depth int) *ssa.Call {
	if depth > 8 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.Call:
		if _, builtin := v.Call.Value.(*ssa.Builtin); builtin {
			return nil
		}
		return v
	case *ssa.Convert:
		return callRoot(v.X, depth+1)
	case *ssa.ChangeType:
		return callRoot(v.X, depth+1)
	case *ssa.Extract:
		return callRoot(v.Tuple, depth+1)
	case *ssa.UnOp:
		if v.Op == token.MUL || v.Op == token.ARROW { // a load or a receive is not arithmetic
			return nil
		}
		return callRoot(v.X, depth+1)
	case *ssa.BinOp:
		if c := callRoot(v.X, depth+1); c != nil {
			return c
		}
		return callRoot(v.Y, depth+1)
	}
	return nil
}

// sameCallee reports whether two calls call the same function or method.
func sameCallee(a, b *ssa.Call) bool {
	if fa, fb := a.Call.StaticCallee(), b.Call.StaticCallee(); fa != nil || fb != nil {
		return fa == fb
	}
	if a.Call.IsInvoke() && b.Call.IsInvoke() {
		return a.Call.Method == b.Call.Method
	}
	return false
}

// onlyRecomputes reports whether the loop does nothing but compute next,
// the value the phi takes around the back edge: no stores, sends, map
// updates, and every instruction with a value (and every other phi of the
// header) belongs to that computation.
func (l *loop) onlyRecomputes(phi *ssa.Phi, next ssa.Value) bool {
	slice := map[ssa.Value]bool{}
	var walk func(v ssa.Value)
	walk = func(v ssa.Value) {
		in, ok := v.(ssa.Instruction)
		if !ok || slice[v] || !l.contains(in.Block()) || v == phi {
			return
		}
		slice[v] = true
		for _, op := range in.Operands(nil) {
			if *op != nil {
				walk(*op)
			}
		}
	}
	walk(next)
	// Values derived from the attempt alone (hi of `hi, lo =
	// bits.Mul64(...)`) belong to it too.
	fn := phi.Block().Parent()
	for grew := true; grew; {
		grew = false
		for i, ok := range l.blocks {
			if !ok {
				continue
			}
			for _, in := range fn.Blocks[i].Instrs {
				v, isVal := in.(ssa.Value)
				if !isVal || slice[v] || !pureStep(in) {
					continue
				}
				derived := true
				for _, op := range in.Operands(nil) {
					if *op != nil && !slice[*op] && !l.invariant(*op) {
						derived = false
					}
				}
				if derived {
					slice[v] = true
					grew = true
				}
			}
		}
	}
	for i, ok := range l.blocks {
		if !ok {
			continue
		}
		b := fn.Blocks[i]
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.If, *ssa.Jump, *ssa.DebugRef:
				continue
			case *ssa.Phi:
				// The tested phi, or another value of the same attempt
				// (hi of `hi, lo = bits.Mul64(r.Uint64(), n)`).
				if in == phi || in.Block() == phi.Block() && l.backEdgeValuesIn(in, slice) {
					continue
				}
				return false
			case ssa.Value:
				if slice[in] || in == l.test.Instrs[len(l.test.Instrs)-1].(*ssa.If).Cond {
					continue
				}
				return false
			default:
				return false
			}
		}
	}
	return true
}

// pureStep reports whether in computes a value from its operands without
// effects: arithmetic, conversions, extraction from a tuple.
func pureStep(in ssa.Instruction) bool {
	switch in := in.(type) {
	case *ssa.Extract, *ssa.Convert, *ssa.ChangeType, *ssa.BinOp:
		return true
	case *ssa.UnOp:
		return in.Op != token.MUL && in.Op != token.ARROW
	}
	return false
}

// backEdgeValuesIn reports whether every value phi takes around a back
// edge of l is in slice.
func (l *loop) backEdgeValuesIn(phi *ssa.Phi, slice map[ssa.Value]bool) bool {
	for i, e := range phi.Edges {
		if l.contains(phi.Block().Preds[i]) && !slice[e] {
			return false
		}
	}
	return true
}

// isCAS reports whether call is a compare-and-swap of sync/atomic (the
// functions or the methods of its typed values).
func isCAS(call *ssa.Call) bool {
	fn := call.Call.StaticCallee()
	if fn == nil || fn.Pkg == nil && fn.Origin() == nil {
		return false
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Pkg == nil || fn.Pkg.Pkg.Path() != "sync/atomic" {
		return false
	}
	return strings.HasPrefix(fn.Name(), "CompareAndSwap")
}

// LoopExitHitRate is Wu and Larus's rate for the loop-exit heuristic: a
// branch inside a loop that can leave it stays in the loop 80% of the time.
const LoopExitHitRate = 0.80

// unknownTrip is the expected trip count of a loop whose bound the code
// does not tell. Without early exits it is DefaultTrip: the loop-branch
// heuristic's 0.88 (Wu–Larus) is a continue probability p of about 8/9,
// and a geometric number of iterations has mean p/(1-p) = 8. Each early
// exit that runs on every iteration (its block dominates every back edge)
// multiplies p by the probability of staying in the loop (stayProb).
func (f *flow) unknownTrip(l *loop) float64 {
	p := float64(DefaultTrip) / (DefaultTrip + 1)
	var latches []*ssa.BasicBlock
	for _, b := range l.header.Preds {
		if l.contains(b) {
			latches = append(latches, b)
		}
	}
	fn := l.header.Parent()
	for i, in := range l.blocks {
		a := fn.Blocks[i]
		if !in || a == l.test || f.inner[i] != l || len(a.Succs) != 2 || f.cold[i] {
			continue
		}
		if _, ok := a.Instrs[len(a.Instrs)-1].(*ssa.If); !ok {
			continue
		}
		var exit *ssa.BasicBlock
		for _, s := range a.Succs {
			if !l.contains(s) {
				exit = s
			}
		}
		if exit == nil || l.contains(a.Succs[0]) == l.contains(a.Succs[1]) || f.cold[exit.Index] {
			continue
		}
		if !dominatesAll(a, latches) {
			continue
		}
		p *= f.stayProb(a, exit)
	}
	return round4(p / (1 - p))
}

// stayProb is the probability that the early exit a of a loop, whose arm
// exit leaves it, stays in the loop: Go-specific evidence alone (an `err
// != nil` exit leaves one time in ten, the rare arm of a capacity check
// never), else the loop-exit heuristic (0.8 to stay) combined by
// Dempster–Shafer with the other heuristics that apply, as Wu and Larus
// combine every heuristic of a branch: `if v == 0 { break }` also fails by
// the opcode heuristic (0.84), so it stays with probability 0.95.
func (f *flow) stayProb(a, exit *ssa.BasicBlock) float64 {
	if arm := errorArm(a); arm != nil {
		if arm == exit {
			return 1 - ErrorArmProb
		}
		return ErrorArmProb
	}
	if rare := capacityArm(a); rare != nil {
		if rare == exit {
			return 1
		}
		return 0
	}
	if rare := fitArm(a); rare != nil {
		if rare == exit {
			return 1
		}
		return 0
	}
	pt := LoopExitHitRate // probability of the true arm
	if exit == a.Succs[0] {
		pt = 1 - LoopExitHitRate
	}
	for _, h := range f.heuristics(a) {
		pt = combineDS(pt, h.prob)
	}
	if exit == a.Succs[0] {
		return 1 - pt
	}
	return pt
}

// dominated returns b and the blocks b dominates, walking the dominator
// tree down from b: the region an arm decides.
func dominated(b *ssa.BasicBlock) []*ssa.BasicBlock {
	out := []*ssa.BasicBlock{b}
	for i := 0; i < len(out); i++ {
		out = append(out, out[i].Dominees()...)
	}
	return out
}
