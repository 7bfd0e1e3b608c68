package analyzer

import (
	"go/constant"
	"go/token"
	"math"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// capacityArm returns the rarely taken successor of b's If when b tests a
// length against a capacity, or nil. Two idioms:
//
//   - growth, `if len+n > cap(s) { grow }` (in any orientation, e.g.
//     `if cap(s) >= n { reuse } else { make }`): the arm where the length
//     exceeds the capacity runs O(log n) times over n calls, since capacity
//     grows geometrically;
//   - shrinking, `if len < cap(s)/4 { shrink }`, against a fraction of the
//     capacity: the arm where the length falls below it is as rare.
//
// Amortized, the rare arm's probability per call is taken as 0 instead of
// the estimate of an unknown branch (which would charge every append with
// a fraction of a reallocation); the bytes growth reallocates are charged
// per element added instead (growthBytes).
func capacityArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	arm, _ := capacityCheck(b)
	return arm
}

// capCheck describes a growth capacity check `len+n > cap(s)`.
type capCheck struct {
	s      ssa.Value // the slice whose capacity is tested
	length ssa.Value // the other side: the length after adding
}

// capacityCheck is capacityArm that also describes a growth check (c.s is
// nil for a shrinking one).
func capacityCheck(b *ssa.BasicBlock) (*ssa.BasicBlock, capCheck) {
	cmp, ok := branchCond(b).(*ssa.BinOp)
	if !ok {
		return nil, capCheck{}
	}
	op := cmp.Op
	switch op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return nil, capCheck{}
	}
	capSide, other := cmp.Y, cmp.X
	if c, _ := usesCap(capSide, 0); !c {
		capSide, other = other, capSide
		op = flip(op) // now: other op capSide
	}
	hasCap, fraction := usesCap(capSide, 0)
	if !hasCap {
		return nil, capCheck{}
	}
	if c, _ := usesCap(other, 0); c {
		return nil, capCheck{} // cap against cap: neither idiom
	}
	var c capCheck
	if !fraction {
		c = capCheck{s: capOperand(capSide, 0), length: other}
	}
	// The true arm is rare when it is the growth arm (other > cap) or
	// the shrink arm (other < fraction of cap).
	trueRare := op == token.GTR || op == token.GEQ
	if fraction {
		trueRare = op == token.LSS || op == token.LEQ
	}
	if trueRare {
		return b.Succs[0], c
	}
	return b.Succs[1], c
}

// growthArm is capacityCheck for the allocations of the rare arm
// (growthBytes, freshArm): nil when the "rare" side is where both sides
// meet (`if c < 2*cap(b) { c = 2*cap(b) }`, a growth size computed before
// the one allocation that follows either way), which allocates on every
// path, not on growth. The branch's odds keep capacityCheck's arm (the
// side with the room is the common one).
func growthArm(b *ssa.BasicBlock) (*ssa.BasicBlock, capCheck) {
	arm, c := capacityCheck(b)
	if arm == nil {
		return nil, c
	}
	common := b.Succs[0]
	if common == arm {
		common = b.Succs[1]
	}
	if reachesAvoiding(common, arm, b) {
		return nil, capCheck{}
	}
	return arm, c
}

// reachesAvoiding reports whether target can be reached from start
// without passing through avoid (a short search: arms are small).
func reachesAvoiding(start, target, avoid *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{avoid: true}
	stack := []*ssa.BasicBlock{start}
	for len(stack) > 0 && len(seen) < 256 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == target {
			return true
		}
		if seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, x.Succs...)
	}
	return false
}

// capOperand returns the slice of the cap() call v is computed from, or
// nil.
func capOperand(v ssa.Value, depth int) ssa.Value {
	if depth > 6 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.Call:
		if bi, ok := v.Call.Value.(*ssa.Builtin); ok && bi.Name() == "cap" && len(v.Call.Args) == 1 {
			return v.Call.Args[0]
		}
	case *ssa.Convert:
		return capOperand(v.X, depth+1)
	case *ssa.BinOp:
		if s := capOperand(v.X, depth+1); s != nil {
			return s
		}
		return capOperand(v.Y, depth+1)
	}
	return nil
}

// growthFactor is the factor by which a growing slice's capacity is
// multiplied at each reallocation: doubling, as most hand-written growth
// code and the runtime's append below 256 elements do.
const growthFactor = 2

// growthBytesPerElem is the bytes reallocated per element added to a slice
// that grows without bound, in units of the element size. Growing by g,
// the arrays allocated up to capacity C sum to C·g/(g-1); where the final
// length S falls in (C/g, C] is uniform on a log scale over many runs, so
// C/S averages (g-1)/ln g, and the bytes per element added are g/ln g
// element sizes (2.885 for doubling).
var growthBytesPerElem = growthFactor / math.Log(growthFactor)

// growthBytes charges the reallocations of a growth capacity check
// (`if size+n > cap(s) { grow }`; arm and c as capacityCheck gives them), whose rare arm the branch
// probabilities amortize to never. The check adds n elements to a length
// kept in memory (a size field, len of a field), so the structure grows by
// n per execution and the arm reallocates growthBytesPerElem·n element
// sizes on average. A check of any other form (`cap(s) >= need`, a length
// against the capacity alone) does not say the structure grows, and is
// not charged. Only an arm that allocates is charged, and only bytes: the
// reallocations per call tend to 0.
func (st *funcState) growthBytes(arm *ssa.BasicBlock, c capCheck, freq expr.Expr) {
	if arm == nil || c.s == nil || !st.armAllocates(arm) {
		return
	}
	es := st.sizeof(elemType(c.s.Type()))
	if es <= 0 {
		return
	}
	add, ok := c.length.(*ssa.BinOp)
	if !ok || add.Op != token.ADD {
		return
	}
	var n expr.Expr
	for _, xy := range [][2]ssa.Value{{add.X, add.Y}, {add.Y, add.X}} {
		if isLength(xy[0]) {
			if k, ok := st.symInt(xy[1]); ok {
				n = expr.Max(expr.Const(0), k)
			}
			break
		}
	}
	if n.IsZero() {
		return
	}
	st.allocBytes = expr.Add(st.allocBytes, expr.Mul(freq, expr.Scale(n, float64(es)*growthBytesPerElem)))
	// The array the structure holds now is reachable from where the
	// slice lives (a parameter's field: the structure itself) until the
	// next growth replaces it; the arrays before it are garbage.
	if ld, ok := c.s.(*ssa.UnOp); ok && ld.Op == token.MUL {
		st.retain(st.rootKind(ld.X, arm), freq, expr.Scale(n, float64(es)*liveBytesPerElem))
	}
}

// liveBytesPerElem is the bytes of the array a growing slice holds per
// element added, in units of the element size: its capacity C over its
// length S, which averages (g-1)/ln g over where S falls in (C/g, C] on a
// log scale (1.443 for doubling). The live heap grows by that much per
// element; the rest of growthBytesPerElem, g/ln g, is the arrays the
// growth left behind.
var liveBytesPerElem = (growthFactor - 1) / math.Log(growthFactor)

// isLength reports whether v reads a length: len(x), or a field or
// variable loaded from memory (a size field, `list.size`).
func isLength(v ssa.Value) bool {
	for {
		c, ok := v.(*ssa.Convert)
		if !ok {
			break
		}
		v = c.X
	}
	switch v := v.(type) {
	case *ssa.Call:
		bi, ok := v.Call.Value.(*ssa.Builtin)
		return ok && bi.Name() == "len"
	case *ssa.UnOp:
		return v.Op == token.MUL
	case *ssa.Field:
		return true
	}
	return false
}

// armAllocates reports whether the blocks arm dominates make a slice,
// append, or call a function whose summary allocates.
func (st *funcState) armAllocates(arm *ssa.BasicBlock) bool {
	for _, d := range dominated(arm) {
		for _, in := range d.Instrs {
			switch in := in.(type) {
			case *ssa.MakeSlice:
				return true
			case ssa.CallInstruction:
				if bi, ok := in.Common().Value.(*ssa.Builtin); ok {
					if bi.Name() == "append" {
						return true
					}
					continue
				}
				if callee := in.Common().StaticCallee(); callee != nil {
					if sum := st.s.summaryOf(callee); sum != nil && !sum.AllocBytes.IsZero() {
						return true
					}
				}
			}
		}
	}
	return false
}

// usesCap reports whether v is computed from a cap() call through
// arithmetic and conversions, and whether it is a fraction of the
// capacity (divided, shifted right, or multiplied by a float constant
// below one).
func usesCap(v ssa.Value, depth int) (found, fraction bool) {
	if depth > 6 {
		return false, false
	}
	switch v := v.(type) {
	case *ssa.Call:
		if bi, ok := v.Call.Value.(*ssa.Builtin); ok {
			return bi.Name() == "cap", false
		}
	case *ssa.Convert:
		return usesCap(v.X, depth+1)
	case *ssa.BinOp:
		fx, frx := usesCap(v.X, depth+1)
		fy, fry := usesCap(v.Y, depth+1)
		if !fx && !fy {
			return false, false
		}
		frac := frx || fry
		switch v.Op {
		case token.QUO, token.SHR:
			frac = frac || fx
		case token.MUL:
			for _, k := range []ssa.Value{v.X, v.Y} {
				if c, ok := k.(*ssa.Const); ok && c.Value != nil {
					if f, _ := constFloat(c); f > 0 && f < 1 {
						frac = true
					}
				}
			}
		}
		return true, frac
	}
	return false, false
}

// constFloat is the value of a numeric constant as a float64.
func constFloat(c *ssa.Const) (float64, bool) {
	f := constant.ToFloat(c.Value)
	if f.Kind() != constant.Float {
		return 0, false
	}
	v, _ := constant.Float64Val(f)
	return v, true
}

// lazyInitArm returns the successor of b that initializes a field on first
// use — `if p.f == nil { p.f = make(...) }` on a field of a parameter —
// and nil for any other block, with the parameter p. The object outlives
// the call, so the arm runs once over the calls that reach it: amortized,
// its probability per call is taken as 0, as for capacity growth.
func lazyInitArm(b *ssa.BasicBlock) (arm *ssa.BasicBlock, p *ssa.Parameter) {
	cmp, ok := branchCond(b).(*ssa.BinOp)
	if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
		return nil, nil
	}
	x, y := cmp.X, cmp.Y
	if c, ok := x.(*ssa.Const); ok && c.IsNil() {
		x, y = y, x
	}
	if c, ok := y.(*ssa.Const); !ok || !c.IsNil() {
		return nil, nil
	}
	u, ok := x.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil, nil
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return nil, nil
	}
	p, ok = fa.X.(*ssa.Parameter)
	if !ok {
		return nil, nil
	}
	arm = b.Succs[0]
	if cmp.Op == token.NEQ {
		arm = b.Succs[1]
	}
	if len(arm.Preds) != 1 {
		return nil, nil
	}
	for _, d := range dominated(arm) {
		for _, in := range d.Instrs {
			if s, ok := in.(*ssa.Store); ok {
				if f, ok := s.Addr.(*ssa.FieldAddr); ok && f.X == fa.X && f.Field == fa.Field {
					return arm, p
				}
			}
		}
	}
	return nil, nil
}

// fitArm returns the rare successor of b's If when b tests the boolean
// result of a static call that reports a capacity check's outcome: the
// callee returns the constant true only where its own growth check finds
// room and false only on the check's rare arm (bytes.Buffer's
// tryGrowByReslice, `if n <= cap(b.buf)-l { b.buf = b.buf[:l+n]; return
// l, true }; return 0, false`, behind `if m, ok := b.tryGrowByReslice(n);
// !ok { m = b.grow(n) }`). The caller's branch is then that capacity
// check, moved into a helper, and as rare: capacity grows geometrically,
// so the arm where the helper found no room runs O(log n) times over n
// calls. A callee whose body is not at hand (another package's, from its
// summary) is not looked into.
func fitArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	arm, _ := fitCheck(b)
	return arm
}

// fitCheck is fitArm that also returns the parameter of b's function
// passed as the owner of the slice the callee's check tests (bytes.Buffer
// b for b.buf), or nil when the argument is not a parameter.
func fitCheck(b *ssa.BasicBlock) (*ssa.BasicBlock, *ssa.Parameter) {
	cond := branchCond(b)
	if cond == nil || !isBool(cond.Type()) {
		return nil, nil
	}
	negated := false
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, negated = u.X, true
	}
	var call *ssa.Call
	idx := 0
	switch c := cond.(type) {
	case *ssa.Extract:
		call, _ = c.Tuple.(*ssa.Call)
		idx = c.Index
	case *ssa.Call:
		call = c
	}
	if call == nil || call.Call.IsInvoke() {
		return nil, nil
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee == b.Parent() {
		return nil, nil
	}
	fits, owner := reportsFit(callee, idx)
	if !fits {
		return nil, nil
	}
	var p *ssa.Parameter
	if owner >= 0 && owner < len(call.Call.Args) {
		if q, ok := call.Call.Args[owner].(*ssa.Parameter); ok && q.Parent() == b.Parent() {
			p = q
		}
	}
	// The condition is true where the callee found room.
	if negated {
		return b.Succs[0], p
	}
	return b.Succs[1], p
}

// reportsFit reports whether fn's result idx is the constant true on every
// return its one growth capacity check's roomy arm dominates, and the
// constant false on every return its rare arm dominates, with at least one
// of each and no other return; owner is the index of the parameter whose
// field the check tests, or -1.
func reportsFit(fn *ssa.Function, idx int) (fits bool, owner int) {
	var rare, roomy *ssa.BasicBlock
	owner = -1
	for _, b := range fn.Blocks {
		arm, c := capacityCheck(b)
		if arm == nil || c.s == nil {
			continue
		}
		if rare != nil {
			return false, -1 // two checks: which one the result reports is not clear
		}
		rare, roomy = arm, b.Succs[0]
		if roomy == arm {
			roomy = b.Succs[1]
		}
		if singlePred(rare, b) == nil || singlePred(roomy, b) == nil {
			return false, -1
		}
		if p := fieldParam(c.s); p != nil {
			owner = slices.Index(fn.Params, p)
		}
	}
	if rare == nil {
		return false, -1
	}
	trues, falses := 0, 0
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if idx >= len(ret.Results) {
			return false, -1
		}
		c, ok := ret.Results[idx].(*ssa.Const)
		if !ok || c.Value == nil || c.Value.Kind() != constant.Bool {
			return false, -1
		}
		switch {
		case constant.BoolVal(c.Value) && roomy.Dominates(b):
			trues++
		case !constant.BoolVal(c.Value) && rare.Dominates(b):
			falses++
		default:
			return false, -1
		}
	}
	return trues > 0 && falses > 0, owner
}
