package analyzer

import (
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Steady state: what a loop repeating the same calls on a structure that
// outlives its iterations costs after the first iteration.
//
// A search structure (a tree, a map with an ordering list, a B-tree)
// allocates its node for a key only when the search for the key misses:
// `case compare == 0: update; return` before `node.Left = &Node{...}`.
// Summary.NewKey is that part of a call's allocations, those made in the
// miss region of a key test (see missRegion); Summary.Found is what runs
// only when the key is found (foundRegion: a removal's work). A loop that
// calls such a function with the same arguments in every iteration — a
// benchmark's `for i := 0; i < b.N; i++ { for n := 0; n < size; n++ {
// t.Put(n, v) } }`, whose keys do not depend on b.N — on a structure made
// before the loop inserts the keys in its first iteration and finds them
// in every later one (replayLoop), or removes them in its first iteration
// and misses them in every later one (foundCall): the NewKey or Found
// part runs in the first iteration only, and a NewKey part not at all
// when the function inserted the same keys before (prefilled). Without a
// proof (arguments that vary across iterations, a structure made inside
// the loop, another call in the loop that removes from it — or, for a
// removal, changes it — or changes its sizes otherwise) every iteration
// pays the whole call, as before.

// keyedCost is the NewKey or Found part of a summary being built.
type keyedCost struct {
	cpu                               map[manifest.OpClass]expr.Expr // Found only
	allocCount, allocBytes, retainOut expr.Expr
}

// KeyedCost is the part of a call's costs that depends on whether its key
// is in its structure: the allocations it makes only when it inserts a key
// the structure does not hold yet (Summary.NewKey), or what it does only
// when it finds the key (Summary.Found: a removal's unlinking and
// rebalancing).
type KeyedCost struct {
	// Inserts, for a NewKey part made by a loop replaying one call, is the
	// keys it inserts, so that a caller that inserted them before knows
	// they are found (KeySeq); nil otherwise.
	Inserts    *KeySeq   `json:",omitempty"`
	CPU        []OpCount `json:",omitempty"` // Found only, sorted by Class
	AllocCount expr.Expr // heap objects per call
	AllocBytes expr.Expr // their bytes
	RetainOut  expr.Expr // NewKey: the part of AllocBytes stored into the structure
}

// missRegion marks the blocks that run only when a search for a key the
// function is given misses, and records whether the function searches
// (Summary.Searches: it has a key test, or passes a parameter to a
// function that searches). A key test is a branch on
//
//   - the comma-ok of a map lookup whose key depends on a parameter
//     (`if _, ok := m.table[key]; !ok {`): the absent arm misses;
//   - an integer three-way comparison's result, a call's given a
//     parameter-dependent argument, against zero (`c := cmp(key, n.Key);
//     if c == 0`): the unequal arm misses;
//   - a found flag, the boolean result of a call given a
//     parameter-dependent argument whose callee searches (`i, found :=
//     t.search(n, key); if found`; not `if l.withinRange(i)`: a position
//     names another element after a removal): the false arm misses;
//
// where, for the last two, the found arm is an update that returns: the
// blocks it dominates allocate nothing and include a return. The miss
// region is what the missing arm dominates. In a function with a key test,
// an empty slot filled on the arm that found it empty (`q := *qp; if q ==
// nil { *qp = &Node{...} }`, the leaf a recursive insert reaches) is a
// miss region too: a search that finds its key stops before it.
func (st *funcState) missRegion() []bool {
	fn := st.fn
	miss := make([]bool, len(fn.Blocks))
	var arms []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if a := st.missArm(b); a != nil {
			arms = append(arms, a)
		}
		if st.foundArm(b) != nil {
			st.searches = true
		}
	}
	if len(arms) == 0 {
		return nil
	}
	for _, b := range fn.Blocks {
		if a := nilSlotArm(b); a != nil {
			arms = append(arms, a)
		}
	}
	for _, a := range arms {
		for _, b := range dominated(a) {
			miss[b.Index] = true
		}
	}
	return miss
}

// missArm returns the arm of b's branch taken when a key test misses, or
// nil when b does not end in a key test.
func (st *funcState) missArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	if a := absentArm(b); a != nil {
		for _, in := range b.Instrs {
			if l, ok := in.(*ssa.Lookup); ok && l.CommaOk && paramDependent(l.Index, 0) {
				return singlePred(a, b)
			}
		}
		if !commaOkCall(b) {
			return nil
		}
		// The comma-ok of a call ((pos int, found bool) from a search):
		// a found flag, tested below like any other.
	}
	cond, negated := branchCond(b), false
	if cond == nil {
		return nil
	}
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, negated = u.X, true
	}
	var found, missing *ssa.BasicBlock
	switch c := cond.(type) {
	case *ssa.BinOp:
		if c.Op != token.EQL && c.Op != token.NEQ {
			return nil
		}
		x, k := c.X, c.Y
		if _, ok := x.(*ssa.Const); ok {
			x, k = k, x
		}
		kc, ok := k.(*ssa.Const)
		if !ok || !isInteger(x.Type()) || kc.Value == nil || !isZero(kc) || !paramCall(x) {
			return nil
		}
		found, missing = b.Succs[0], b.Succs[1]
		if c.Op == token.NEQ {
			found, missing = missing, found
		}
	case *ssa.Extract, *ssa.Call:
		if !isBool(cond.Type()) || !st.searchCall(cond) {
			return nil
		}
		found, missing = b.Succs[0], b.Succs[1]
	default:
		return nil
	}
	if negated {
		found, missing = missing, found
	}
	if singlePred(found, b) == nil || !st.updateReturns(found) {
		return nil
	}
	return singlePred(missing, b)
}

// commaOkCall reports whether b's branch tests the boolean second result
// of a call (`i, found := t.search(n, key); if found`).
func commaOkCall(b *ssa.BasicBlock) bool {
	cond := branchCond(b)
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond = u.X
	}
	ex, ok := cond.(*ssa.Extract)
	if !ok {
		return false
	}
	_, ok = ex.Tuple.(*ssa.Call)
	return ok
}

// singlePred returns a when b is its only predecessor (its region is then
// what a dominates), else nil.
func singlePred(a, b *ssa.BasicBlock) *ssa.BasicBlock {
	if len(a.Preds) == 1 && a.Preds[0] == b {
		return a
	}
	return nil
}

// updateReturns reports whether the blocks arm dominates allocate nothing,
// call nothing that allocates, and return.
func (st *funcState) updateReturns(arm *ssa.BasicBlock) bool {
	returns := false
	for _, b := range dominated(arm) {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Return:
				returns = true
			case *ssa.Alloc:
				if in.Heap {
					return false
				}
			case *ssa.MakeInterface, *ssa.MakeSlice, *ssa.MakeMap, *ssa.MakeClosure, *ssa.MakeChan:
				return false
			case ssa.CallInstruction:
				if _, ok := in.Common().Value.(*ssa.Builtin); ok {
					continue
				}
				sum := st.calleeSummary(in.Common())
				if sum == nil || !sum.AllocCount.IsZero() {
					return false
				}
			}
		}
	}
	return returns
}

// nilSlotArm returns the arm of b's branch on which a slot just loaded was
// found nil and is filled with a new object (`q := *qp; if q == nil { *qp
// = &Node{} }`, `if n.Left == nil { n.Left = &Node{} }`), or nil.
func nilSlotArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	c, ok := branchCond(b).(*ssa.BinOp)
	if !ok || (c.Op != token.EQL && c.Op != token.NEQ) {
		return nil
	}
	x, k := c.X, c.Y
	if _, ok := x.(*ssa.Const); ok {
		x, k = k, x
	}
	if kc, ok := k.(*ssa.Const); !ok || !kc.IsNil() {
		return nil
	}
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	arm := b.Succs[0]
	if c.Op == token.NEQ {
		arm = b.Succs[1]
	}
	if singlePred(arm, b) == nil {
		return nil
	}
	for _, bb := range dominated(arm) {
		for _, in := range bb.Instrs {
			if s, ok := in.(*ssa.Store); ok && sameAddr(s.Addr, load.X) {
				if _, isAlloc := s.Val.(*ssa.Alloc); isAlloc {
					return arm
				}
			}
		}
	}
	return nil
}

// sameAddr reports whether a and b are the same address: the same value,
// or the same field of the same value.
func sameAddr(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	fa, ok1 := a.(*ssa.FieldAddr)
	fb, ok2 := b.(*ssa.FieldAddr)
	return ok1 && ok2 && fa.X == fb.X && fa.Field == fb.Field
}

func isBool(t types.Type) bool { return basicInfo(t)&types.IsBoolean != 0 }

// paramCall reports whether v is the result (or a result) of a call given
// an argument that depends on one of the function's parameters.
func paramCall(v ssa.Value) bool {
	if ex, ok := v.(*ssa.Extract); ok {
		v = ex.Tuple
	}
	c, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	for _, a := range c.Call.Args {
		if paramDependent(a, 0) {
			return true
		}
	}
	return false
}

// paramDependent reports whether v is computed from a parameter of its
// function, through conversions, field and element reads and arithmetic.
func paramDependent(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Parameter:
		return true
	case *ssa.UnOp:
		if spilledParam(x) != nil {
			return true
		}
		return paramDependent(x.X, depth+1)
	case *ssa.MakeInterface:
		return paramDependent(x.X, depth+1)
	case *ssa.ChangeType:
		return paramDependent(x.X, depth+1)
	case *ssa.ChangeInterface:
		return paramDependent(x.X, depth+1)
	case *ssa.Convert:
		return paramDependent(x.X, depth+1)
	case *ssa.FieldAddr:
		return paramDependent(x.X, depth+1)
	case *ssa.Field:
		return paramDependent(x.X, depth+1)
	case *ssa.IndexAddr:
		return paramDependent(x.X, depth+1)
	case *ssa.Index:
		return paramDependent(x.X, depth+1)
	case *ssa.Slice:
		return paramDependent(x.X, depth+1)
	case *ssa.TypeAssert:
		return paramDependent(x.X, depth+1)
	case *ssa.BinOp:
		return paramDependent(x.X, depth+1) || paramDependent(x.Y, depth+1)
	}
	return false
}

// sameEachTime reports whether v takes the same sequence of values in
// every iteration of loop l (in every call of the function when l is nil)
// given the same parameters: it is computed from values defined before
// the loop, constants and the induction variables of loops nested in it,
// which restart in every iteration, through pure operations; a load reads
// a local cell the loop does not store to, or (l nil) the parameters'
// memory; a new object built from such values counts as the same object.
// Calls (a random key), phis carried by l itself and other loads are not.
func (st *funcState) sameEachTime(v ssa.Value, l *loop, seen map[ssa.Value]bool, depth int) bool {
	if depth > 16 {
		return false
	}
	if seen[v] {
		return true
	}
	in, isInstr := v.(ssa.Instruction)
	if !isInstr {
		switch v.(type) {
		case *ssa.Const, *ssa.Parameter, *ssa.FreeVar, *ssa.Global, *ssa.Function:
			return true
		}
		return false
	}
	if in.Block() == nil {
		return false
	}
	if l != nil && !l.contains(in.Block()) {
		return true
	}
	next := func(x ssa.Value) bool { return st.sameEachTime(x, l, seen, depth+1) }
	switch x := v.(type) {
	case *ssa.Phi:
		if l != nil && x.Block() == l.header {
			return false // carried from iteration to iteration
		}
		seen[v] = true
		for _, e := range x.Edges {
			if !next(e) {
				return false
			}
		}
		return true
	case *ssa.BinOp:
		return next(x.X) && next(x.Y)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return x.Op != token.ARROW && next(x.X)
		}
		if l == nil {
			if _, isGlobal := x.X.(*ssa.Global); isGlobal {
				return true
			}
			return paramDependent(x, 0) && next(x.X)
		}
		switch a := x.X.(type) {
		case *ssa.Alloc, *ssa.FreeVar, *ssa.Global:
			return !st.storesIn(a, l)
		case *ssa.IndexAddr, *ssa.FieldAddr:
			// An element of a slice or a field of an object made
			// before the loop (`for _, k := range keys`), which
			// nothing in the loop writes or hands to a call.
			if !next(a) {
				return false
			}
			root := baseOf(a)
			if r, ok := root.(ssa.Instruction); ok && r.Block() != nil && l.contains(r.Block()) {
				return false
			}
			return !writesInto(root, l)
		}
		return false
	case *ssa.MakeInterface:
		return next(x.X)
	case *ssa.ChangeType:
		return next(x.X)
	case *ssa.ChangeInterface:
		return next(x.X)
	case *ssa.Convert:
		return next(x.X)
	case *ssa.FieldAddr:
		return next(x.X)
	case *ssa.Field:
		return next(x.X)
	case *ssa.IndexAddr:
		return next(x.X) && next(x.Index)
	case *ssa.Index:
		return next(x.X) && next(x.Index)
	case *ssa.Slice:
		for _, y := range []ssa.Value{x.X, x.Low, x.High, x.Max} {
			if y != nil && !next(y) {
				return false
			}
		}
		return true
	case *ssa.Alloc:
		// A new object (a struct, the array of a variadic call) filled
		// with such values: the same contents.
		seen[v] = true
		for _, r := range *x.Referrers() {
			var addr ssa.Value
			switch a := r.(type) {
			case *ssa.FieldAddr:
				addr = a
			case *ssa.IndexAddr:
				if !next(a.Index) {
					return false
				}
				addr = a
			default:
				continue
			}
			for _, rr := range *addr.Referrers() {
				if s, ok := rr.(*ssa.Store); ok && s.Addr == addr && !next(s.Val) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// baseOf follows an address through element, field and slice
// operations to the value it is part of.
func baseOf(v ssa.Value) ssa.Value {
	for range 8 {
		switch x := v.(type) {
		case *ssa.IndexAddr:
			v = x.X
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.Slice:
			v = x.X
		default:
			return v
		}
	}
	return v
}

// writesInto reports whether a store in loop l writes into the value
// root (an element, a field), or a call in l is given a part of it.
func writesInto(root ssa.Value, l *loop) bool {
	for _, b := range l.header.Parent().Blocks {
		if !l.contains(b) {
			continue
		}
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Store:
				if baseOf(in.Addr) == root {
					return true
				}
			case ssa.CallInstruction:
				if b, ok := in.Common().Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
					continue
				}
				for _, a := range in.Common().Args {
					if canHold(a) && baseOf(a) == root {
						return true
					}
				}
				if in.Common().IsInvoke() && baseOf(in.Common().Value) == root {
					return true
				}
			}
		}
	}
	return false
}

// storesIn reports whether a store in loop l writes to addr.
func (st *funcState) storesIn(addr ssa.Value, l *loop) bool {
	refs := addr.Referrers()
	if refs == nil {
		return true // a global: its stores are not listed, any may be in l
	}
	for _, r := range *refs {
		if s, ok := r.(*ssa.Store); ok && s.Addr == addr && l.contains(s.Block()) {
			return true
		}
	}
	return false
}

// holders returns the roots of the objects a call's arguments can store
// into (pointers, maps, slices, interfaces).
func holders(args []ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, a := range args {
		if !canHold(a) {
			continue
		}
		r, _ := objectPath(a)
		out = append(out, r)
	}
	return out
}

// keepsKeys reports whether nothing in the blocks of region (a loop; the
// whole function when nil) other than the call at undoes what a call on
// the objects roots inserted: no other call given one of them removes
// from it or sets or changes its sizes in an unknown way (its summary's
// Effects and Clobbers say so), or has no summary (calls within the
// function's own recursion excepted: the same operation on a part of the
// structure), and, in a loop, no store writes into one of them directly.
func (st *funcState) keepsKeys(region *loop, at ssa.Instruction, roots []ssa.Value) bool {
	return st.othersOnly(region, at, roots, func(sum *Summary) bool {
		if len(sum.Clobbers) > 0 {
			return false
		}
		for _, e := range sum.Effects {
			if e.Op != "" || exprSign(e.Value) < 0 {
				return false
			}
		}
		return true
	})
}

// othersOnly reports whether every call in region (a loop; the whole
// function when nil) other than at that is given one of the objects roots
// has a complete summary (Sized) that ok accepts, calls within the
// function's own recursion and the benchmark harness excepted, and, in a
// loop, no store writes into one of the objects.
func (st *funcState) othersOnly(region *loop, at ssa.Instruction, roots []ssa.Value, ok func(*Summary) bool) bool {
	if len(roots) == 0 {
		return false
	}
	shares := func(args []ssa.Value) bool {
		for _, r := range holders(args) {
			for _, q := range roots {
				if r == q {
					return true
				}
			}
		}
		return false
	}
	for _, b := range st.fn.Blocks {
		if region != nil && !region.contains(b) {
			continue
		}
		for _, in := range b.Instrs {
			if in == at {
				continue
			}
			switch in := in.(type) {
			case *ssa.Store:
				// In a loop, a direct write into the structure; in the
				// whole function, its own insert.
				if region != nil && shares([]ssa.Value{in.Addr}) {
					return false
				}
			case ssa.CallInstruction:
				c := in.Common()
				if _, isBuiltin := c.Value.(*ssa.Builtin); isBuiltin {
					continue
				}
				args := c.Args
				if c.IsInvoke() {
					args = append([]ssa.Value{c.Value}, args...)
				}
				if !shares(args) {
					continue
				}
				if g := c.StaticCallee(); g != nil {
					if o := g.Origin(); o != nil {
						g = o
					}
					// The harness, or the function's own recursion: the
					// same operation on a part of the structure.
					if HarnessCall(g) || st.scc[g] || st.rec[g] || g == st.fn {
						continue
					}
				}
				sum := st.calleeSummary(c)
				if sum == nil || !sum.Sized || !ok(sum) {
					return false
				}
			}
		}
	}
	return true
}

// replayLoop returns the outermost loop around the call at, with arguments
// args, whose every iteration repeats the same calls on the same objects
// and nothing else in the loop removes from them (keepsKeys); nil when
// there is none.
func (st *funcState) replayLoop(at ssa.Instruction, args []ssa.Value) *loop {
	roots := holders(args)
	return st.replayedBy(at, args, func(l *loop) bool { return st.keepsKeys(l, at, roots) })
}

// replayedBy returns the outermost loop around the call at whose
// iterations give the call the same arguments (sameEachTime, so the
// objects were made before the loop: persists) and which others accepts;
// nil when there is none.
func (st *funcState) replayedBy(at ssa.Instruction, args []ssa.Value, others func(*loop) bool) *loop {
	if st.flow == nil || at == nil || at.Block() == nil {
		return nil
	}
	roots := holders(args)
	var best *loop
	for l := st.flow.inner[at.Block().Index]; l != nil; l = l.parent {
		ok := persists(roots, l)
		for _, a := range args {
			if !ok {
				break
			}
			ok = st.sameEachTime(a, l, map[ssa.Value]bool{}, 0)
		}
		if ok && others(l) {
			best = l
		}
	}
	return best
}

// persists reports whether one of the objects roots is made before loop
// l (nil: outside the function), so that what a call stores into it stays
// from one iteration (call) to the next: a structure made afresh in every
// iteration is filled afresh.
func persists(roots []ssa.Value, l *loop) bool {
	for _, r := range roots {
		in, ok := r.(ssa.Instruction)
		if !ok {
			switch r.(type) {
			case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
				return true
			}
			continue
		}
		if l != nil && in.Block() != nil && !l.contains(in.Block()) {
			return true
		}
	}
	return false
}

// perEntry is the frequency per call of a block of loop l's body (or of a
// loop nested in it) counted once per entry of l instead of once per
// iteration: freq without l's trip count.
func (st *funcState) perEntry(b *ssa.BasicBlock, l *loop, freq expr.Expr) expr.Expr {
	inner := st.flow.inner[b.Index]
	if inner == nil || inner.header == b {
		return expr.Div(freq, l.trip)
	}
	var chain func(m *loop) expr.Expr
	chain = func(m *loop) expr.Expr {
		outer := expr.Const(1)
		if m.parent != nil {
			outer = chain(m.parent)
		}
		if m == l {
			return expr.Mul(expr.Const(round4(m.enter)), outer)
		}
		return expr.Mul(m.trip, expr.Const(round4(m.enter)), outer)
	}
	f := expr.Scale(chain(inner), round4(st.flow.prob[b.Index]))
	if !expr.Mul(f, l.trip).Equal(freq) {
		return expr.Div(freq, l.trip) // a flag exit or another shape: divide
	}
	return f
}

// keyedCall adds what a callee allocates only for new keys to the caller,
// for the call st.cur with args and frequency f (weight included), whose
// full cost addSummary has just added: in a miss region the whole call is
// the caller's new-key cost; in a loop drawing the keys from a finite set
// (domainLoop) it runs at most once per key of the set per entry of the
// loop; in a loop replaying the same calls (replayLoop)
// the callee's NewKey part runs once per entry of the loop; otherwise the
// callee's NewKey part stays one of the caller's when the arguments are
// the same for the same parameters.
func (st *funcState) keyedCall(sum *Summary, m map[string]expr.Expr, sub func(expr.Expr) expr.Expr, args []ssa.Value, f, weight expr.Expr) {
	if st.cur == nil || st.cur.Block() == nil || st.flow == nil {
		return
	}
	b := st.cur.Block()
	if st.miss != nil && st.miss[b.Index] {
		st.nk.allocCount = expr.Add(st.nk.allocCount, expr.Mul(f, sub(sum.AllocCount)))
		st.nk.allocBytes = expr.Add(st.nk.allocBytes, expr.Mul(f, sub(sum.AllocBytes)))
		if st.calleeRetention(args, b) == retainedOut {
			st.nk.retainOut = expr.Add(st.nk.retainOut, expr.Mul(f, sub(sum.RetainOut)))
		}
		return
	}
	nk := sum.NewKey
	if nk == nil {
		return
	}
	count, bytes, kept := sub(nk.AllocCount), sub(nk.AllocBytes), sub(nk.RetainOut)
	perCall := f
	var seq *KeySeq // the keys the call's new-key part inserts, when known
	if nk.Inserts != nil {
		seq = nk.Inserts.bind(m)
	}
	if seq != nil && st.prefilled(seq, args) {
		// Setup inserted these keys before: the call finds them all.
		less := expr.Scale(f, -1)
		st.allocCount = expr.Add(st.allocCount, expr.Mul(less, count))
		st.allocBytes = expr.Add(st.allocBytes, expr.Mul(less, bytes))
		if !kept.IsZero() {
			st.retain(st.calleeRetention(args, b), less, kept)
		}
		return
	}
	if l, d := st.domainLoop(sum, args); l != nil {
		// Keys drawn from d values: the loop's calls insert at most d
		// of them, the rest find theirs.
		pe := st.perEntry(b, l, st.flow.freq[b.Index])
		once := expr.Mul(weight, expr.Min(expr.Mul(d, expr.Const(round4(l.enter))), expr.Mul(l.trip, pe)))
		less := expr.Sub(once, f)
		st.allocCount = expr.Add(st.allocCount, expr.Mul(less, count))
		st.allocBytes = expr.Add(st.allocBytes, expr.Mul(less, bytes))
		if !kept.IsZero() {
			st.retain(st.calleeRetention(args, b), less, kept)
		}
		return
	}
	if l := st.replayLoop(st.cur, args); l != nil {
		once := expr.Mul(weight, expr.Min(one, l.trip), st.perEntry(b, l, st.flow.freq[b.Index]))
		seq = st.keySeq(funcKey0(st.calleeOf(st.cur)), args, l, false)
		less := expr.Sub(once, f)
		st.allocCount = expr.Add(st.allocCount, expr.Mul(less, count))
		st.allocBytes = expr.Add(st.allocBytes, expr.Mul(less, bytes))
		if !kept.IsZero() {
			st.retain(st.calleeRetention(args, b), less, kept)
		}
		perCall = once
	}
	for _, a := range args {
		if !st.sameEachTime(a, nil, map[ssa.Value]bool{}, 0) {
			return
		}
	}
	if roots := holders(args); !persists(roots, nil) || !st.keepsKeys(nil, st.cur, roots) {
		return
	}
	// One known key sequence describes the part; two or none: unknown.
	if st.nk.allocCount.IsZero() && !st.nkSeqSet {
		st.nkSeq = seq
	} else {
		st.nkSeq = nil
	}
	st.nkSeqSet = true
	st.nk.allocCount = expr.Add(st.nk.allocCount, expr.Mul(perCall, count))
	st.nk.allocBytes = expr.Add(st.nk.allocBytes, expr.Mul(perCall, bytes))
	if st.calleeRetention(args, b) == retainedOut {
		st.nk.retainOut = expr.Add(st.nk.retainOut, expr.Mul(perCall, kept))
	}
}

// KeySeq is the sequence of calls a replaying loop's first iteration makes
// for the new-key part of a summary (KeyedCost.Inserts): the callee, and
// per argument the structure (Holder), a value (Lo = Hi), the counter of a
// counted loop from Lo up to Hi (exclusive), or a constant of another kind
// (Opaque), over the function's parameters.
type KeySeq struct {
	Callee string
	Args   []KeyArg
}

// KeyArg is one argument of a KeySeq.
type KeyArg struct {
	Holder bool
	Opaque string    `json:",omitempty"`
	Lo, Hi expr.Expr // a value: Lo = Hi; a counter: [Lo, Hi)
}

func (k *KeySeq) bind(m map[string]expr.Expr) *KeySeq {
	out := &KeySeq{Callee: k.Callee}
	for _, a := range k.Args {
		out.Args = append(out.Args, KeyArg{a.Holder, a.Opaque, a.Lo.Subst(m), a.Hi.Subst(m)})
	}
	return out
}

// covers reports whether the keys of k include those of q: the same callee
// and, argument by argument, the same constant or value, or a counter
// range holding q's.
func (k *KeySeq) covers(q *KeySeq) bool {
	if k.Callee != q.Callee || len(k.Args) != len(q.Args) {
		return false
	}
	for i, a := range k.Args {
		b := q.Args[i]
		if a.Holder != b.Holder || a.Opaque != b.Opaque {
			return false
		}
		if a.Holder || a.Opaque != "" {
			continue
		}
		if a.Lo.Equal(b.Lo) && a.Hi.Equal(b.Hi) {
			continue
		}
		alo, ok1 := a.Lo.Constant()
		ahi, ok2 := a.Hi.Constant()
		blo, ok3 := b.Lo.Constant()
		bhi, ok4 := b.Hi.Constant()
		if !ok1 || !ok2 || !ok3 || !ok4 || alo > blo || ahi < bhi {
			return false
		}
	}
	return true
}

// calleeOf is the static callee of a call instruction, or nil.
func (st *funcState) calleeOf(in ssa.Instruction) *ssa.Function {
	c, ok := in.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	g := c.Common().StaticCallee()
	if g != nil {
		if o := g.Origin(); o != nil {
			g = o
		}
	}
	return g
}

// keySeq describes the arguments args of a call of callee as a KeySeq:
// replayed by loop l (counters of the loops nested in l), or, with
// inclusive, made by loop l as a whole (counters of l and the loops in
// it; l nil: a single call). nil when an argument is none of its kinds.
func (st *funcState) keySeq(callee string, args []ssa.Value, l *loop, inclusive bool) *KeySeq {
	if callee == "" || callee == "<nil>" {
		return nil
	}
	seq := &KeySeq{Callee: callee}
	for _, a := range args {
		for {
			if mi, ok := a.(*ssa.MakeInterface); ok {
				a = mi.X
				continue
			}
			if ct, ok := a.(*ssa.ChangeType); ok {
				a = ct.X
				continue
			}
			break
		}
		if canHold(a) {
			seq.Args = append(seq.Args, KeyArg{Holder: true})
			continue
		}
		if c, ok := a.(*ssa.Const); ok {
			if e, ok := symInt(c); ok {
				seq.Args = append(seq.Args, KeyArg{Lo: e, Hi: e})
			} else {
				seq.Args = append(seq.Args, KeyArg{Opaque: c.String()})
			}
			continue
		}
		if phi, ok := a.(*ssa.Phi); ok && st.flow != nil {
			var m *loop
			for _, x := range st.flow.loops {
				if x.header == phi.Block() {
					m = x
				}
			}
			inside := m != nil && m.exact && (l == nil || (m == l && inclusive) || (m != l && l.contains(m.header)))
			if inside {
				if iv, ok := st.phiInduction(m, phi); ok && iv.kind == stepAdd && iv.k == 1 {
					seq.Args = append(seq.Args, KeyArg{Lo: iv.init, Hi: expr.Add(iv.init, m.trip)})
					continue
				}
			}
			return nil
		}
		if e, ok := st.symInt(a); ok && paramExpr(e, st.paramNames()) {
			seq.Args = append(seq.Args, KeyArg{Lo: e, Hi: e})
			continue
		}
		return nil
	}
	return seq
}

// paramNames are the names of the function's parameters.
func (st *funcState) paramNames() []string {
	var out []string
	for _, p := range st.fn.Params {
		out = append(out, paramName(p))
	}
	return out
}

// prefilled reports whether, before the call st.cur (whose new-key part
// inserts the keys seq, into the objects of args), the function already
// inserted them: a call of the same callee on the same objects, in a loop
// that ends before the call (a benchmark's setup filling the structure
// with the keys its timed loop puts again), with nothing removing from
// the objects in the function.
func (st *funcState) prefilled(seq *KeySeq, args []ssa.Value) bool {
	at := st.cur
	roots := holders(args)
	// Nothing else changes the objects but more of the same inserts (whose
	// restructuring of the objects is theirs).
	inserts := func(sum *Summary) bool {
		if sum.Name == seq.Callee {
			return true
		}
		if len(sum.Clobbers) > 0 {
			return false
		}
		for _, e := range sum.Effects {
			if e.Op != "" || exprSign(e.Value) < 0 {
				return false
			}
		}
		return true
	}
	if len(roots) == 0 || st.flow == nil || !st.othersOnly(nil, at, roots, inserts) {
		return false
	}
	for _, b := range st.fn.Blocks {
		for _, in := range b.Instrs {
			c, ok := in.(ssa.CallInstruction)
			if !ok || in == at || funcKey0(st.calleeOf(in)) != seq.Callee {
				continue
			}
			cargs := c.Common().Args
			shared := false
			for _, r := range holders(cargs) {
				for _, q := range roots {
					shared = shared || r == q
				}
			}
			if !shared {
				continue
			}
			// The loop making the calls, ended before the call.
			l := st.flow.inner[b.Index]
			for l != nil && l.parent != nil && !l.parent.contains(at.Block()) {
				l = l.parent
			}
			if l != nil && (l.contains(at.Block()) || !l.header.Dominates(at.Block())) {
				continue
			}
			if l == nil && !(b.Dominates(at.Block()) && (b != at.Block() || precedes(in, at))) {
				continue
			}
			if got := st.keySeq(seq.Callee, cargs, l, true); got != nil && got.covers(seq) {
				return true
			}
		}
	}
	return false
}

// funcKey0 is funcKey, "" for nil.
func funcKey0(fn *ssa.Function) string {
	if fn == nil {
		return ""
	}
	return funcKey(fn)
}

// keyedAlloc records an allocation of the function's own made in a miss
// region as new-key cost.
func (st *funcState) keyedAlloc(in ssa.Instruction, freq, bytes, count expr.Expr, k retainKind) {
	if st.miss == nil || !st.miss[in.Block().Index] {
		return
	}
	st.nk.allocCount = expr.Add(st.nk.allocCount, expr.Mul(freq, count))
	st.nk.allocBytes = expr.Add(st.nk.allocBytes, expr.Mul(freq, bytes))
	if k == retainedOut {
		st.nk.retainOut = expr.Add(st.nk.retainOut, expr.Mul(freq, bytes))
	}
}

// foundRegion marks the blocks that run only when a search for a key the
// function is given finds it: what the found arm of a key test dominates
// (missRegion's tests, with the found arm of `c == 0` and of a found flag
// taken whatever it does, and the non-nil arm of a pointer a call given
// the key returns: `n := t.lookup(key); if n == nil { return }`).
func (st *funcState) foundRegion() []bool {
	fn := st.fn
	var arms []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if a := st.foundArm(b); a != nil {
			arms = append(arms, a)
		}
	}
	if len(arms) == 0 {
		return nil
	}
	found := make([]bool, len(fn.Blocks))
	for _, a := range arms {
		for _, b := range dominated(a) {
			found[b.Index] = true
		}
	}
	return found
}

// foundArm returns the arm of b's branch taken when a key test finds its
// key, or nil.
func (st *funcState) foundArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	if a := absentArm(b); a != nil {
		for _, in := range b.Instrs {
			if l, ok := in.(*ssa.Lookup); ok && l.CommaOk && paramDependent(l.Index, 0) {
				other := b.Succs[0]
				if other == a {
					other = b.Succs[1]
				}
				return singlePred(other, b)
			}
		}
		return nil
	}
	cond, negated := branchCond(b), false
	if cond == nil {
		return nil
	}
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, negated = u.X, true
	}
	var found *ssa.BasicBlock
	switch c := cond.(type) {
	case *ssa.BinOp:
		if c.Op != token.EQL && c.Op != token.NEQ {
			return nil
		}
		x, k := c.X, c.Y
		if _, ok := x.(*ssa.Const); ok {
			x, k = k, x
		}
		kc, ok := k.(*ssa.Const)
		if !ok || !paramCall(x) {
			return nil
		}
		switch {
		case isInteger(x.Type()) && kc.Value != nil && isZero(kc):
			found = b.Succs[0] // c == 0
			if c.Op == token.NEQ {
				found = b.Succs[1]
			}
		case kc.IsNil() && isPointer(x.Type()) && st.searchCall(x):
			found = b.Succs[1] // n == nil: not found
			if c.Op == token.NEQ {
				found = b.Succs[0]
			}
		default:
			return nil
		}
	case *ssa.Extract, *ssa.Call:
		if !isBool(cond.Type()) || !st.searchCall(cond) {
			return nil
		}
		found = b.Succs[0]
	default:
		return nil
	}
	if negated {
		if found == b.Succs[0] {
			found = b.Succs[1]
		} else {
			found = b.Succs[0]
		}
	}
	return singlePred(found, b)
}

// searchCall reports whether v is a result of a call given a
// parameter-dependent argument whose callee searches for it
// (Summary.Searches): a found flag or a node from a search by key, not a
// range check of a position (`if !l.withinRange(i)`), for which calling
// again with the same argument means another element.
func (st *funcState) searchCall(v ssa.Value) bool {
	if !paramCall(v) {
		return false
	}
	if ex, ok := v.(*ssa.Extract); ok {
		v = ex.Tuple
	}
	sum := st.calleeSummary(&v.(*ssa.Call).Call)
	return sum != nil && sum.Searches
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// removes reports whether a call of sum takes something out of one of its
// parameters' structures: a size it decreases (Effects).
func removes(sum *Summary) bool {
	for _, e := range sum.Effects {
		if e.Op == "" && exprSign(e.Value) < 0 {
			return true
		}
	}
	return false
}

// readOnlyBesides reports whether, in the blocks of loop region (the
// whole function when nil), no call other than the one at, given one of
// the objects roots, changes their sizes (Effects, Clobbers), or has no
// summary (the function's own recursion excepted), and, in a loop, no
// store writes into them: nothing puts back what the call at takes out.
func (st *funcState) readOnlyBesides(region *loop, at ssa.Instruction, roots []ssa.Value) bool {
	return st.othersOnly(region, at, roots, func(sum *Summary) bool {
		return len(sum.Effects) == 0 && len(sum.Clobbers) == 0
	})
}

// foundCall handles the Found part of a call (st.cur) with args and
// frequency f, whose full cost addSummary has just added: in a found
// region the call is part of the caller's Found (the block's delta,
// foundBlock); a call that removes, repeated with the same arguments by a
// loop on a structure made before it with nothing putting back, finds its
// keys in the first iteration only (replayed removal: the later
// iterations miss), so its Found part runs in the loop's first iteration
// only — min(1, trip) times per entry; and the callee's Found part stays
// one of the caller's when the same parameters give the same arguments.
func (st *funcState) foundCall(sum *Summary, m map[string]expr.Expr, db *drainBinding, args []ssa.Value, f, weight expr.Expr) {
	if st.cur == nil || st.cur.Block() == nil || st.flow == nil || sum.Found == nil {
		return
	}
	b := st.cur.Block()
	if st.found != nil && st.found[b.Index] {
		return // the whole call is in the block's delta
	}
	fd := sum.Found
	perCall, sub := f, db.mix
	roots := holders(args)
	if removes(sum) {
		if l := st.replayedBy(st.cur, args, func(l *loop) bool { return st.readOnlyBesides(l, st.cur, roots) }); l != nil {
			// The first iteration runs while the structure drains:
			// its Found part at the draining sizes (drain.go).
			once := expr.Mul(weight, expr.Min(one, l.trip), st.perEntry(b, l, st.flow.freq[b.Index]))
			for _, oc := range fd.CPU {
				st.addCPU(oc.Class, expr.Sub(expr.Mul(once, db.active(oc.Count)), expr.Mul(f, db.mix(oc.Count))))
			}
			st.allocCount = expr.Add(st.allocCount, expr.Sub(expr.Mul(once, db.active(fd.AllocCount)), expr.Mul(f, db.mix(fd.AllocCount))))
			st.allocBytes = expr.Add(st.allocBytes, expr.Sub(expr.Mul(once, db.active(fd.AllocBytes)), expr.Mul(f, db.mix(fd.AllocBytes))))
			perCall, sub = once, db.active
		}
	}
	for _, a := range args {
		if !st.sameEachTime(a, nil, map[ssa.Value]bool{}, 0) {
			return
		}
	}
	if !persists(roots, nil) || !st.readOnlyBesides(nil, st.cur, roots) {
		return
	}
	if st.fd.cpu == nil {
		st.fd.cpu = map[manifest.OpClass]expr.Expr{}
	}
	for _, oc := range fd.CPU {
		st.fd.cpu[oc.Class] = expr.Add(st.fd.cpu[oc.Class], expr.Mul(perCall, sub(oc.Count)))
	}
	st.fd.allocCount = expr.Add(st.fd.allocCount, expr.Mul(perCall, sub(fd.AllocCount)))
	st.fd.allocBytes = expr.Add(st.fd.allocBytes, expr.Mul(perCall, sub(fd.AllocBytes)))
}

// foundBlock adds to the Found part what counting a block of a found
// region added to the summary: cpu and the allocation totals before it.
func (st *funcState) foundBlock(cpu map[manifest.OpClass]expr.Expr, count, bytes expr.Expr) {
	if st.fd.cpu == nil {
		st.fd.cpu = map[manifest.OpClass]expr.Expr{}
	}
	for c, e := range st.cpu {
		if d := expr.Sub(e, cpu[c]); !d.IsZero() {
			st.fd.cpu[c] = expr.Add(st.fd.cpu[c], d)
		}
	}
	st.fd.allocCount = expr.Add(st.fd.allocCount, expr.Sub(st.allocCount, count))
	st.fd.allocBytes = expr.Add(st.fd.allocBytes, expr.Sub(st.allocBytes, bytes))
}

// keyedSummary converts an accumulated part into the summary's form
// (nil when it holds nothing), reporting the variables it uses.
func keyedSummary(k keyedCost, seq *KeySeq, scale expr.Expr, collect func(expr.Expr)) *KeyedCost {
	out := &KeyedCost{Inserts: seq, AllocCount: clean(expr.Mul(k.allocCount, scale)), AllocBytes: clean(expr.Mul(k.allocBytes, scale)), RetainOut: clean(expr.Mul(k.retainOut, scale))}
	for _, c := range slices.Sorted(maps.Keys(k.cpu)) {
		if e := clean(expr.Mul(k.cpu[c], scale)); !e.IsZero() {
			out.CPU = append(out.CPU, OpCount{Class: c, Count: e})
		}
	}
	slices.SortFunc(out.CPU, func(a, b OpCount) int { return strings.Compare(string(a.Class), string(b.Class)) })
	if out.AllocCount.IsZero() && out.AllocBytes.IsZero() && len(out.CPU) == 0 {
		return nil
	}
	collect(out.AllocCount)
	collect(out.AllocBytes)
	collect(out.RetainOut)
	if seq != nil {
		for _, a := range seq.Args {
			collect(a.Lo)
			collect(a.Hi)
		}
	}
	for _, oc := range out.CPU {
		collect(oc.Count)
	}
	return out
}

// domainLoop returns the outermost loop around the call st.cur (of sum,
// with args) whose iterations draw the call's keys from a finite set, with
// the set's size d: every argument either takes the same values in every
// iteration (sameEachTime: the structure, a constant) or has a key domain
// (keyDomain), d being the largest; the structure is made before the loop,
// nothing else in the loop removes from it (keepsKeys), and the callee
// itself removes nothing — an insert that evicts to stay within a
// capacity misses again the keys it evicted. Such a loop's calls find
// every key but the first draw of each: at most d of them insert, per
// entry of the loop (the number of distinct keys inserted so far, which
// stops growing at d). Only loops at the top of the function (the b.N
// loop), entered once per call; nil when there is none.
func (st *funcState) domainLoop(sum *Summary, args []ssa.Value) (*loop, expr.Expr) {
	at := st.cur
	if st.flow == nil || at == nil || at.Block() == nil || removes(sum) || len(sum.Clobbers) > 0 {
		return nil, expr.Expr{}
	}
	roots := holders(args)
	l := st.flow.inner[at.Block().Index]
	for l != nil && l.parent != nil {
		l = l.parent
	}
	if l == nil || !persists(roots, l) || !st.keepsKeys(l, at, roots) {
		return nil, expr.Expr{}
	}
	var d expr.Expr
	found := false
	for _, a := range args {
		if st.sameEachTime(a, l, map[ssa.Value]bool{}, 0) {
			continue
		}
		k, ok := st.keyDomain(a, 0)
		if !ok || !st.sameEachTimeExpr(k) {
			return nil, expr.Expr{}
		}
		if found {
			d = expr.Max(d, k)
		} else {
			d, found = k, true
		}
	}
	if !found {
		return nil, expr.Expr{}
	}
	return l, d
}

// sameEachTimeExpr reports whether a domain's size is fixed for the call:
// a constant or an expression over the function's parameters' sizes.
func (st *funcState) sameEachTimeExpr(e expr.Expr) bool {
	return paramExpr(e, st.paramNames())
}

// keyDomain returns the number of distinct values v can take when it is
// drawn from a finite set: x % d (d a constant or a size: `i%len(keys)`),
// x & (d-1) for a power of two d, rand.Intn(d) and its kin, an element of
// a slice or array at an index with such a domain (keys[i%len(keys)]), or
// an element of a slice the function made whose every store is such a
// value (a benchmark's `trace[i] = rand.Int63() % 32768` before its
// timed loop; the largest of the stores' domains), through conversions.
func (st *funcState) keyDomain(v ssa.Value, depth int) (expr.Expr, bool) {
	if depth > 8 {
		return expr.Expr{}, false
	}
	switch x := v.(type) {
	case *ssa.MakeInterface:
		return st.keyDomain(x.X, depth+1)
	case *ssa.ChangeType:
		return st.keyDomain(x.X, depth+1)
	case *ssa.Convert:
		if isInteger(x.X.Type()) && isInteger(x.Type()) {
			return st.keyDomain(x.X, depth+1)
		}
	case *ssa.BinOp:
		switch x.Op {
		case token.REM:
			if k, ok := constInt(x.Y); ok && k >= 1 {
				return expr.Const(k), true
			}
			if e, ok := st.symInt(x.Y); ok && len(e.Vars()) > 0 {
				return e, true
			}
		case token.AND:
			for _, m := range []ssa.Value{x.X, x.Y} {
				if k, ok := constInt(m); ok && k >= 1 && k < 1<<31 {
					if u := uint64(k); u&(u+1) == 0 {
						return expr.Const(k + 1), true
					}
				}
			}
		}
	case *ssa.Call:
		g := x.Call.StaticCallee()
		if g == nil || g.Pkg == nil || len(x.Call.Args) == 0 {
			break
		}
		if o := g.Origin(); o != nil {
			g = o
		}
		if p := g.Pkg.Pkg.Path(); (p == "math/rand" || p == "math/rand/v2") && randBounded[g.Name()] {
			n := x.Call.Args[len(x.Call.Args)-1]
			if k, ok := constInt(n); ok && k >= 1 {
				return expr.Const(k), true
			}
			if e, ok := st.symInt(n); ok && len(e.Vars()) > 0 {
				return e, true
			}
		}
	case *ssa.UnOp:
		if x.Op != token.MUL {
			break
		}
		ia, ok := x.X.(*ssa.IndexAddr)
		if !ok {
			break
		}
		if d, ok := st.keyDomain(ia.Index, depth+1); ok {
			return d, true
		}
		return st.storedDomain(baseOf(ia), depth)
	}
	return expr.Expr{}, false
}

// randBounded are the functions of math/rand and math/rand/v2 (package
// functions and *Rand methods) returning a value in [0, n) for their last
// argument n.
var randBounded = map[string]bool{
	"Intn": true, "Int31n": true, "Int63n": true,
	"IntN": true, "Int32N": true, "Int64N": true, "UintN": true, "Uint32N": true, "Uint64N": true, "N": true,
}

// storedDomain is the largest key domain of the values stored into the
// elements of root, a slice or array the function allocates and hands to
// no call: every store must have one.
func (st *funcState) storedDomain(root ssa.Value, depth int) (expr.Expr, bool) {
	switch root.(type) {
	case *ssa.MakeSlice, *ssa.Alloc:
	default:
		return expr.Expr{}, false
	}
	var d expr.Expr
	found := false
	var visit func(v ssa.Value) bool
	visit = func(v ssa.Value) bool {
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.IndexAddr:
				if r.X != v {
					return false
				}
				for _, rr := range *r.Referrers() {
					switch rr := rr.(type) {
					case *ssa.Store:
						if rr.Addr != r {
							return false
						}
						k, ok := st.keyDomain(rr.Val, depth+1)
						if !ok {
							return false
						}
						if found {
							d = expr.Max(d, k)
						} else {
							d, found = k, true
						}
					case *ssa.UnOp:
						// a read
					default:
						return false
					}
				}
			case *ssa.Slice:
				if !visit(r) {
					return false
				}
			case *ssa.UnOp, *ssa.DebugRef:
			case ssa.CallInstruction:
				b, ok := r.Common().Value.(*ssa.Builtin)
				if !ok || (b.Name() != "len" && b.Name() != "cap") {
					return false
				}
			default:
				return false
			}
		}
		return true
	}
	if !visit(root) || !found {
		return expr.Expr{}, false
	}
	return d, true
}
