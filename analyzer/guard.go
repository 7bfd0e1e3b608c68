package analyzer

import (
	"go/token"
	"go/types"
	"math"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// Size guards.
//
// A branch whose condition compares a size with a constant — `if len(b) <
// 32 { small path }`, `if d.n+n < 32`, `if l.size == 0` — is not a coin
// toss: it goes one way or the other depending on the size, and the size is
// a variable of the cost expression that a caller or a benchmark binds. Its
// arms are weighted by the indicator of the condition over that size
// ([x >= k] = min(1, max(0, x-k+1)) for an integer x), so that once the
// size is known the right arm is taken, and the static prediction of
// branches.go only splits branches on what the code does not express.

// maxSizeGuards bounds the size guards of one function: arms nested under
// k guards multiply k indicators, and a chain of else-ifs (`switch { case
// n < 8: ...; case n < 64: ... }`) expands into up to 2^k terms in every
// cost below it, which callers multiply again. Further size comparisons
// keep the static prediction.
const maxSizeGuards = 4

// sizeGuard returns the probability that the If ending a takes its true
// arm as an expression over sizes, when its condition compares integers
// that are sizes (symInt: constants, parameters, their lengths and fields,
// results of calls with a known Result, and arithmetic on those), one of
// them constant and the other not — or both constant, when the comparison
// is decided: a size the code fixes (the length of an array) against a
// constant. A comparison of two sizes that are both variables is left to
// the static prediction: unbound, both take the same default and the
// indicator would pick one arm for no reason. So is a branch with an arm
// that leaves its loop (the loop's exit rules apply), and one whose
// operands may change from one iteration of its loop to the next. In a
// recursive function only sizes of parameters that every recursive call
// passes through unchanged (a direction, a mode: `switch dir`) are guards:
// other sizes change from call to call of the recursion (the base case
// `if n < 2` is taken at the leaves of the tree whatever the size the
// recursion starts from), and the function's costs are scaled by the
// tree's expected size, not evaluated at one size.
func (st *funcState) sizeGuard(a *ssa.BasicBlock, f *flow) (expr.Expr, bool) {
	cmp, ok := branchCond(a).(*ssa.BinOp)
	if ok && (cmp.Op == token.EQL || cmp.Op == token.NEQ) {
		if s := nilSliceTest(cmp); s != nil {
			return st.nilSliceGuard(a, f, cmp.Op, s)
		}
	}
	if !ok || !isInteger(cmp.X.Type()) {
		return expr.Expr{}, false
	}
	switch cmp.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
	default:
		return expr.Expr{}, false
	}
	l := f.inner[a.Index]
	if l != nil && (!l.contains(a.Succs[0]) || !l.contains(a.Succs[1])) {
		return expr.Expr{}, false
	}
	if !invariantIn(l, cmp.X, 0) || !invariantIn(l, cmp.Y, 0) {
		return expr.Expr{}, false
	}
	x, ok := st.symInt(cmp.X)
	if !ok {
		return expr.Expr{}, false
	}
	y, ok := st.symInt(cmp.Y)
	if !ok {
		return expr.Expr{}, false
	}
	_, xc := x.Constant()
	_, yc := y.Constant()
	if !xc && !yc {
		return st.fillGuard(cmp, x, y)
	}
	op := cmp.Op
	if !yc { // the size on the left: k < x is x > k
		x, y, op = y, x, flip(op)
	}
	if st.scc[st.fn] || st.rec[st.fn] {
		through := st.passedThrough()
		for _, v := range x.Vars() {
			if !through[sizeBase(v)] {
				return expr.Expr{}, false
			}
		}
	}
	if op == token.EQL || op == token.NEQ {
		// Equality with a constant other than zero is a size guard only
		// on lengths and capacities (`switch len(s) { case 1: ... }`):
		// an integer parameter or field tested against several
		// constants is more often a kind than a size (a token, a mode,
		// an enum), whose default says nothing about which case runs.
		if c, _ := y.Constant(); c != 0 {
			for _, v := range x.Vars() {
				if !strings.HasPrefix(v, "len(") && !strings.HasPrefix(v, "cap(") {
					return expr.Expr{}, false
				}
			}
		}
		eq := a.Succs[0]
		if op == token.NEQ {
			eq = a.Succs[1]
		}
		f.equalities[a.Index] = equality{size: x.String(), value: y, eqArm: eq}
	}
	return sizeIndicator(op, x, y), true
}

// equality is a size guard that tests a size for equality with a
// constant: one link of a switch on a size (`switch n { case 0: ...; case
// 1: ... }`, a chain of such tests).
type equality struct {
	size  string    // the size tested, printed
	value expr.Expr // the constant
	eqArm *ssa.BasicBlock
}

// switchChain returns, for the equality guard a reached only from the
// not-equal arm of an equality guard on the same size and a different
// constant (the next case of a switch), the earlier tests of that chain,
// first to last; nil when a is not such a link. The cases are disjoint, so
// a's equal arm runs with the chain head's probability times [n == c]
// alone (n == c implies that every earlier case failed), and its not-equal
// arm with the head's probability times 1 - Σ [n == c'] over the cases so
// far: the same numbers as the products of the earlier cases' (1 - [n ==
// c']), in expressions that do not grow with every case.
func (f *flow) switchChain(a *ssa.BasicBlock) []*ssa.BasicBlock {
	eq, ok := f.equalities[a.Index]
	if !ok {
		return nil
	}
	var chain []*ssa.BasicBlock
	seen := map[string]bool{eq.value.String(): true}
	for b := a; len(b.Preds) == 1; {
		prev := b.Preds[0]
		pe, ok := f.equalities[prev.Index]
		if !ok || pe.size != eq.size || pe.eqArm == b || seen[pe.value.String()] || f.inner[prev.Index] != f.inner[a.Index] {
			break
		}
		seen[pe.value.String()] = true
		chain = append(chain, prev)
		b = prev
	}
	slices.Reverse(chain)
	return chain
}

// passedThrough names the parameters of a recursive function that every
// call back into its own body passes unchanged, in the same position. A
// cycle through other functions passes nothing through.
func (st *funcState) passedThrough() map[string]bool {
	fn := st.fn
	out := map[string]bool{}
	for _, p := range fn.Params {
		if n := paramName(p); n != "" {
			out[n] = true
		}
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(ssa.CallInstruction)
			if !ok {
				continue
			}
			c := call.Common()
			g := c.StaticCallee()
			if g == nil || !st.scc[g] && !st.rec[g] {
				continue
			}
			if g != fn || c.IsInvoke() {
				return nil
			}
			for i, p := range fn.Params {
				if i >= len(c.Args) || c.Args[i] != ssa.Value(p) {
					delete(out, paramName(p))
				}
			}
		}
	}
	return out
}

// sizeBase is the parameter a size variable belongs to: p for "p",
// "len(p)", "cap(p)" and "p.f".
func sizeBase(v string) string {
	for _, fn := range []string{"len(", "cap("} {
		if strings.HasPrefix(v, fn) && strings.HasSuffix(v, ")") {
			v = v[len(fn) : len(v)-1]
		}
	}
	if i := strings.IndexByte(v, '.'); i >= 0 {
		v = v[:i]
	}
	return v
}

// sizeIndicator is [x op y] for integers x and y: 1 where the comparison
// holds, 0 where it does not, and in between for a fractional size (a mean
// over calls or iterations), which takes the arms in proportion.
func sizeIndicator(op token.Token, x, y expr.Expr) expr.Expr {
	one := expr.Const(1)
	atLeastOne := func(d expr.Expr) expr.Expr { // [d >= 1]
		return expr.Min(one, expr.Max(expr.Expr{}, d))
	}
	switch op {
	case token.GTR:
		return atLeastOne(expr.Sub(x, y))
	case token.GEQ:
		return atLeastOne(expr.Add(expr.Sub(x, y), one))
	case token.LSS:
		return atLeastOne(expr.Sub(y, x))
	case token.LEQ:
		return atLeastOne(expr.Add(expr.Sub(y, x), one))
	case token.EQL:
		d := expr.Sub(x, y)
		return expr.Max(expr.Expr{}, expr.Sub(one, expr.Max(d, expr.Scale(d, -1))))
	case token.NEQ:
		return expr.Sub(one, sizeIndicator(token.EQL, x, y))
	}
	panic("sizeIndicator: not a comparison: " + op.String())
}

// invariantIn reports whether v has the same value on every iteration of
// l (every value does outside loops): it is computed outside l, or inside
// from such values by arithmetic, conversions, len and cap — and loads,
// when l neither stores nor calls anything that could store.
func invariantIn(l *loop, v ssa.Value, depth int) bool {
	in, ok := v.(ssa.Instruction)
	if l == nil || !ok || !l.contains(in.Block()) {
		return true
	}
	if depth > 8 {
		return false
	}
	switch v := v.(type) {
	case *ssa.BinOp, *ssa.Convert, *ssa.ChangeType, *ssa.Field, *ssa.FieldAddr, *ssa.IndexAddr:
	case *ssa.UnOp:
		if v.Op == token.MUL && mayStore(l) {
			return false
		}
		if v.Op == token.ARROW {
			return false
		}
	case *ssa.Call:
		b, ok := v.Call.Value.(*ssa.Builtin)
		if !ok || (b.Name() != "len" && b.Name() != "cap") {
			return false
		}
	default:
		return false
	}
	for _, op := range in.Operands(nil) {
		if *op != nil && !invariantIn(l, *op, depth+1) {
			return false
		}
	}
	return true
}

// mayStore reports whether a block of l writes memory or calls a function
// (which may).
func mayStore(l *loop) bool {
	fn := l.header.Parent()
	for i, in := range l.blocks {
		if in && (hasStore(fn.Blocks[i]) || hasCall(fn.Blocks[i])) {
			return true
		}
	}
	return false
}

// prob is the probability of a block per iteration of its innermost loop
// (per call outside loops): p, the static prediction's number, and e, when
// a size guard splits the way to the block (sym), the same probability as
// an expression over the sizes the guards test. Block frequencies take e;
// the rules that need a number (the effects' removal hits and new keys,
// flag exits, the recursion tree) take p.
type prob struct {
	p   float64
	e   expr.Expr
	sym bool
}

func staticProb(p float64) prob { return prob{p: p} }

// expr is the probability as an expression, unrounded.
func (a prob) expr() expr.Expr {
	if a.sym {
		return a.e
	}
	return expr.Const(a.p)
}

// rounded is the probability for a block frequency: the static number
// kept short (round4), or the expression.
func (a prob) rounded() expr.Expr {
	if a.sym {
		return a.e
	}
	return expr.Const(round4(a.p))
}

func (a prob) plus(b prob) prob {
	if !a.sym && !b.sym {
		return prob{p: a.p + b.p}
	}
	return symProb(a.p+b.p, expr.Add(a.expr(), b.expr()))
}

// times is the probability of an arm taken with probability t by the
// static prediction, g (when guarded) by the sizes.
func (a prob) times(t float64, g expr.Expr, guarded bool) prob {
	if !a.sym && !guarded {
		return prob{p: a.p * t}
	}
	if !guarded {
		g = expr.Const(t)
	}
	return symProb(a.p*t, expr.Mul(a.expr(), g))
}

// atMostOne clamps a probability that exits counted once per loop entry
// may have pushed above 1. An expression that exceeds 1 at some sizes (all
// at 0, 1, 8, 1000 or 10^6) gives way to the static number: the guards
// that led to it are not worth a min(·, 1) carried through every cost.
func (a prob) atMostOne() prob {
	if !a.sym {
		return prob{p: math.Min(a.p, 1)}
	}
	if c, ok := a.e.Constant(); ok {
		return symProb(math.Min(a.p, 1), expr.Const(math.Min(c, 1)))
	}
	for _, x := range []float64{0, 1, DefaultSize, 1e3, 1e6} {
		v, err := a.e.Eval(func(string) (float64, bool) { return x, true })
		if err == nil && v > 1+1e-9 {
			return prob{p: math.Min(a.p, 1)}
		}
	}
	return a
}

// symProb pairs a static probability with its expression over sizes, and
// drops the expression when the guards cancel out (both arms of a guard
// rejoined: g·p + (1-g)·p = p).
func symProb(p float64, e expr.Expr) prob {
	if c, ok := e.Constant(); ok && math.Abs(c-p) < 1e-9 {
		return prob{p: p}
	}
	return prob{p: p, e: e, sym: true}
}

// nilSliceTest returns the slice a comparison tests against nil (`s ==
// nil`, `nil != s`), or nil.
func nilSliceTest(cmp *ssa.BinOp) ssa.Value {
	isNil := func(v ssa.Value) bool {
		c, ok := v.(*ssa.Const)
		return ok && c.Value == nil
	}
	isSlice := func(v ssa.Value) bool {
		_, ok := v.Type().Underlying().(*types.Slice)
		return ok
	}
	switch {
	case isNil(cmp.Y) && isSlice(cmp.X):
		return cmp.X
	case isNil(cmp.X) && isSlice(cmp.Y):
		return cmp.Y
	}
	return nil
}

// nilSliceGuard weights a slice's test against nil as the size guard
// len(s) == 0: a nil slice has no elements, and one that has elements is
// not nil, so where the caller knows the length (a set built with n
// words) the arm it takes is the one counted, instead of the pointer
// heuristic's even-ish split. (An empty slice that is not nil is taken
// for nil: both are empty, and code testing for nil treats them alike
// more often than not.) The conditions on a size guard's operands apply:
// not in a branch leaving its loop, nor on a slice that changes in it,
// nor in a recursion unless the slice passes through unchanged.
func (st *funcState) nilSliceGuard(a *ssa.BasicBlock, f *flow, op token.Token, s ssa.Value) (expr.Expr, bool) {
	l := f.inner[a.Index]
	if l != nil && (!l.contains(a.Succs[0]) || !l.contains(a.Succs[1])) {
		return expr.Expr{}, false
	}
	if !invariantIn(l, s, 0) {
		return expr.Expr{}, false
	}
	n, ok := st.symLen(s)
	if !ok {
		return expr.Expr{}, false
	}
	if _, c := n.Constant(); c {
		return expr.Expr{}, false
	}
	if st.scc[st.fn] || st.rec[st.fn] {
		through := st.passedThrough()
		for _, v := range n.Vars() {
			if !through[sizeBase(v)] {
				return expr.Expr{}, false
			}
		}
	}
	return sizeIndicator(op, n, expr.Const(0)), true
}

// nilReceiverProb decides a method's test of its pointer receiver against
// nil (`if b == nil { return }`, `b != nil && ...`): the receiver is not
// nil. Go lets a method run on a nil pointer, and such guards protect
// against misuse, but a method is called on the object its caller holds;
// calling one on nil is the deliberate exception — except in a recursion,
// where a nil receiver is how the walk down a tree or list ends (`func (n
// *node) size() int { if n == nil { return 0 } ... }`), which keeps the
// static prediction.
func (st *funcState) nilReceiverProb(a *ssa.BasicBlock) (float64, bool) {
	if st.fn.Signature.Recv() == nil || len(st.fn.Params) == 0 || st.scc[st.fn] || st.rec[st.fn] {
		return 0, false
	}
	cmp, ok := branchCond(a).(*ssa.BinOp)
	if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
		return 0, false
	}
	recv := st.fn.Params[0]
	if _, ptr := recv.Type().Underlying().(*types.Pointer); !ptr {
		return 0, false
	}
	isNil := func(v ssa.Value) bool {
		c, ok := v.(*ssa.Const)
		return ok && c.Value == nil
	}
	if !(cmp.X == recv && isNil(cmp.Y)) && !(cmp.Y == recv && isNil(cmp.X)) {
		return 0, false
	}
	if cmp.Op == token.EQL {
		return 0, true
	}
	return 1, true
}

// removalGuard returns the probability that the If ending a takes its
// true arm when it tests whether a map holds the key a removal then
// deletes: `if _, ok := m[key]; ok { delete(m, key); ... }` (or `if !ok
// { return }` before the delete). Such a test is a removal's found
// check, and removals are taken to hit, as their size decreases are (one
// per call, shape.go): the key is there whenever the map holds anything,
// so the found arm is weighted by [len(m) >= 1] = min(1, max(0, len(m))),
// where the static prediction split it by the opcode heuristics. A loop
// removing in every b.N iteration the keys its setup put then finds them
// while the map drains and misses on the empty map (drain.go), and the
// found arm's work (an ordering list's IndexOf and unlinking) is priced
// in the first pass instead of a fifth of it. A map whose length the
// analysis does not express, or an arm that does not delete the key it
// looked up from the same map, keeps the static prediction. The guard is
// one factor, not a product that grows with nested guards, so it stays
// where a summary too long with size guards drops them (summarize).
func (st *funcState) removalGuard(a *ssa.BasicBlock) (expr.Expr, bool) {
	absent := absentArm(a)
	if absent == nil {
		return expr.Expr{}, false
	}
	cond := branchCond(a)
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond = u.X
	}
	lk, ok := cond.(*ssa.Extract).Tuple.(*ssa.Lookup)
	if !ok || !lk.CommaOk {
		return expr.Expr{}, false
	}
	if _, isMap := lk.X.Type().Underlying().(*types.Map); !isMap {
		return expr.Expr{}, false
	}
	found := a.Succs[0]
	if found == absent {
		found = a.Succs[1]
	}
	if found == absent || singlePred(found, a) == nil || !deletesKey(found, lk.X, lk.Index) {
		return expr.Expr{}, false
	}
	l, ok := st.symLen(lk.X)

	if !ok || len(l.Vars()) == 0 {
		return expr.Expr{}, false
	}
	hit := expr.Min(one, expr.Max(expr.Const(0), l))
	if found == a.Succs[0] {
		return hit, true
	}
	return expr.Sub(one, hit), true
}

// deletesKey reports whether a block that arm dominates deletes key from
// the map m: `delete(m, key)` with the same map (the same value, or a load
// of the same address) and the same key.
func deletesKey(arm *ssa.BasicBlock, m, key ssa.Value) bool {
	for _, b := range dominated(arm) {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			bi, ok := call.Call.Value.(*ssa.Builtin)
			if !ok || bi.Name() != "delete" || len(call.Call.Args) != 2 {
				continue
			}
			if sameValue(call.Call.Args[0], m) && sameValue(call.Call.Args[1], key) {
				return true
			}
		}
	}
	return false
}

// sameValue reports whether a and b hold the same value: the same SSA
// value, or loads of the same address (sameAddr).
func sameValue(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	return ok1 && ok2 && la.Op == token.MUL && lb.Op == token.MUL && sameAddr(la.X, lb.X)
}

// removalArmGuard returns the probability that the If ending a takes its
// true arm when one of its arms holds a removal the other skips: the arm
// dominates a decrease of a size by one (`l.size--` on a field of a
// parameter, or a call whose Effects decrease a size of what it is
// given, bound to the caller's sizes) and the test is a boolean a call
// returns (a position in range: `if !l.withinRange(i) { return }`; a
// found flag: `v, ok := q.list.Get(0); if ok { q.list.Remove(0) }`), the
// removal's own precondition — not a comparison, which may be a policy
// (`if l.Len() > c.size { c.removeOldest() }`: an eviction) or a size
// guard. Recursive functions keep the static split, as for size guards
// (the recursion tree's expected size is calibrated on it). Removals hit, as their size decreases are taken to (one per call,
// shape.go's hitFactors): the arm that removes runs while the structure
// holds anything, [size >= 1], where the static prediction split it by
// the opcode heuristics whatever the size. A loop removing in every b.N
// iteration what its setup put in then pays the removals' work (a copy of
// the rest of an array list, a walk to the position) while the structure
// drains and skips it once it is empty (drain.go). The arm's size must be
// one the analysis expresses (not constant); a test with both arms
// removing, or neither, keeps the static prediction.
func (st *funcState) removalArmGuard(a *ssa.BasicBlock) (expr.Expr, bool) {
	cond := branchCond(a)
	if cond == nil || a.Succs[0] == a.Succs[1] || st.scc[st.fn] || st.rec[st.fn] {
		return expr.Expr{}, false
	}
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond = u.X
	}
	if ex, ok := cond.(*ssa.Extract); ok {
		cond = ex.Tuple
	}
	if _, ok := cond.(*ssa.Call); !ok {
		return expr.Expr{}, false
	}
	var size expr.Expr
	arm := -1
	for i, s := range a.Succs {
		if singlePred(s, a) == nil {
			continue
		}
		if sz, ok := st.decreasedSize(s); ok {
			if arm >= 0 {
				return expr.Expr{}, false // both arms remove
			}
			size, arm = sz, i
		}
	}
	if arm < 0 {
		return expr.Expr{}, false
	}
	hit := expr.Min(one, expr.Max(expr.Const(0), size))
	if arm == 0 {
		return hit, true
	}
	return expr.Sub(one, hit), true
}

// decreasedSize returns the size that a block arm dominates decreases by
// one, as an expression over the function's sizes: a store of a field of
// a parameter less one (`l.size--`), or a call whose summary's Effects
// decrease a size of one of its arguments by one. The first found, in
// block order.
func (st *funcState) decreasedSize(arm *ssa.BasicBlock) (expr.Expr, bool) {
	for _, b := range dominated(arm) {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Store:
				fa, ok := in.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				op, ok := in.Val.(*ssa.BinOp)
				if !ok || !isInteger(op.Type()) {
					continue
				}
				c, ok := op.Y.(*ssa.Const)
				if !ok || c.Value == nil {
					continue
				}
				if !(op.Op == token.SUB && c.Int64() == 1) && !(op.Op == token.ADD && c.Int64() == -1) {
					continue
				}
				ld, ok := op.X.(*ssa.UnOp)
				if !ok || ld.Op != token.MUL || !sameAddr(ld.X, fa) {
					continue
				}
				if sz, ok := st.symInt(ld); ok && len(sz.Vars()) > 0 {
					return sz, true
				}
			case *ssa.Call:
				sum := st.calleeSummary(&in.Call)
				if sum == nil {
					continue
				}
				for _, e := range sum.Effects {
					if e.Op != "" {
						continue
					}
					if d, ok := e.Value.Constant(); !ok || d != -1 {
						continue
					}
					args := in.Call.Args
					if in.Call.IsInvoke() {
						continue
					}
					if sz, ok := st.bindExpr(sum, expr.Var(e.Var), args, 0); ok && len(sz.Vars()) > 0 {
						return sz, true
					}
				}
			}
		}
	}
	return expr.Expr{}, false
}

// fillGuard weights an equality between a count and the length of a
// slice, both sizes the code does not fix (`if q.count == len(q.buf) {
// q.resize() }`, a ring buffer's full test, or its shrink test
// `q.count<<2 == len(q.buf)`): the count moves through the values up to
// the length, one step per call, so it equals it once in about len+1
// calls (taken as the larger of the two, whichever is bound) — the
// amortized odds of a growth or shrink that doubles or halves the buffer,
// whose cost in the count the rare arm carries. A
// comparison of any other two variable sizes keeps the static
// prediction (both unbound take the same default, and an indicator
// would pick one arm for no reason).
func (st *funcState) fillGuard(cmp *ssa.BinOp, x, y expr.Expr) (expr.Expr, bool) {
	if cmp.Op != token.EQL && cmp.Op != token.NEQ {
		return expr.Expr{}, false
	}
	if st.scc[st.fn] || st.rec[st.fn] {
		return expr.Expr{}, false
	}
	length := func(e expr.Expr) bool {
		vs := e.Vars()
		return len(vs) == 1 && e.Equal(expr.Var(vs[0])) && (strings.HasPrefix(vs[0], "len(") || strings.HasPrefix(vs[0], "cap("))
	}
	if length(x) == length(y) {
		return expr.Expr{}, false
	}
	// The larger of the two: either may be bound where the other keeps
	// its default (a count the caller's loop fixes, a buffer whose
	// length earlier growth decided).
	n := expr.Max(expr.Expr{}, x, y)
	eq := expr.Div(one, expr.Add(n, one))
	if cmp.Op == token.NEQ {
		return expr.Sub(one, eq), true
	}
	return eq, true
}
