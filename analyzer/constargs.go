package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Constant arguments.
//
// A summary is computed once per function, over its parameters' sizes:
// a branch that tests a parameter's value (`if s[8] != '-'`, `if exp < 0`,
// `switch len(s) { case 36: ... default: return err }` where the default
// is an error return) keeps its static odds, whatever the caller passes.
// Benchmarks call the code under test with constants (string literals,
// integer constants, package variables set once), and where the constant
// decides such a branch the callee runs one arm only: gc does not fold it
// (the callee is compiled once), but the CPU takes the same way on every
// call. So a static call whose arguments include constants is costed by
// the callee's summary specialized to them: the callee's branch conditions
// that the constants decide (constant folding over its SSA: constants,
// len of and bytes of constant strings, slices of them, arithmetic,
// conversions that keep the value, comparisons, math's classification of
// a constant float, φs whose incoming values agree) take their arm with probability 1, and its own calls pass the
// constants on. A package variable that only its initializer stores
// (globalInit) holds its initial value. Conditions constant in the
// function itself (on such variables) are decided in every summary.
//
// Bounds: the callee is in the caller's package (its body is at hand, in
// the whole-program run and in vet mode alike), is not part of a call
// cycle, has at most maxSpecInstrs instructions, and specializations nest
// at most maxSpecDepth calls deep; the loop test of a loop and an arm
// leaving a loop keep their rules (trip counts, exits). Specialized
// summaries are cached per callee and tuple of constant arguments.

// maxSpecDepth bounds how many specialized calls nest.
const maxSpecDepth = 3

// maxSpecInstrs bounds the size of a function summarized again for
// constant arguments.
const maxSpecInstrs = 1500

// maxConstString bounds the constant strings followed.
const maxConstString = 4096

// specialization is a function's constant arguments, by parameter.
type specialization struct {
	fn     *ssa.Function
	consts map[*ssa.Parameter]constant.Value
	types  map[*ssa.Parameter]types.Type // concrete types of interface arguments (concrete.go)
}

// folder evaluates SSA values that are constant given a function's
// constant parameters. With a flow, a φ ignores the values coming from
// blocks that do not run and along edges a decided branch does not take.
type folder struct {
	consts map[*ssa.Parameter]constant.Value
	flow   *constFlow
	seen   map[*ssa.Phi]bool
	calls  *foldCalls // nested evaluations of calls (conststd.go)
}

// constFlow is what the constants decide in a function: the arm each
// decided branch takes (true: Succs[0]) and the blocks that can run.
type constFlow struct {
	decided map[int]bool
	live    []bool
}

// takes reports whether control can pass from pred to succ.
func (cf *constFlow) takes(pred, succ *ssa.BasicBlock) bool {
	if cf == nil {
		return true
	}
	if !cf.live[pred.Index] {
		return false
	}
	t, ok := cf.decided[pred.Index]
	if !ok || len(pred.Succs) != 2 || pred.Succs[0] == pred.Succs[1] {
		return true
	}
	if t {
		return pred.Succs[0] == succ
	}
	return pred.Succs[1] == succ
}

// foldFlow decides the branches of fn whose conditions are constant under
// consts, to a fixed point: an edge no execution takes drops out of the
// φs it feeds, which may make further conditions constant (a string
// resliced on the arms of a switch its length decides). Every step only
// removes edges that cannot be taken, so the decisions hold for every
// execution with those arguments.
func foldFlow(fn *ssa.Function, consts map[*ssa.Parameter]constant.Value) *constFlow {
	return foldFlowIn(fn, consts, nil)
}

// foldFlowIn is foldFlow inside the evaluation of calls (nil: outermost).
func foldFlowIn(fn *ssa.Function, consts map[*ssa.Parameter]constant.Value, calls *foldCalls) *constFlow {
	cf := &constFlow{decided: map[int]bool{}, live: make([]bool, len(fn.Blocks))}
	for range 8 {
		// Reachability from the entry along the edges still possible.
		clear(cf.live)
		stack := []*ssa.BasicBlock{fn.Blocks[0]}
		cf.live[0] = true
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, s := range b.Succs {
				if !cf.live[s.Index] && cf.takes(b, s) {
					cf.live[s.Index] = true
					stack = append(stack, s)
				}
			}
		}
		f := folder{consts: consts, flow: cf, calls: calls}
		changed := false
		for _, b := range fn.Blocks {
			if _, done := cf.decided[b.Index]; done || !cf.live[b.Index] {
				continue
			}
			cond := branchCond(b)
			if cond == nil {
				continue
			}
			if c, ok := f.eval(cond, 0); ok && c.Kind() == constant.Bool {
				cf.decided[b.Index] = constant.BoolVal(c)
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return cf
}

// constValue returns v's value when it is a constant under consts.
func constValue(v ssa.Value, consts map[*ssa.Parameter]constant.Value) (constant.Value, bool) {
	f := folder{consts: consts}
	return f.eval(v, 0)
}

func (f *folder) eval(v ssa.Value, depth int) (constant.Value, bool) {
	if depth > 16 || v == nil {
		return nil, false
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil || !foldable(v.Type()) {
			return nil, false
		}
		return f.fit(v.Value, v.Type())
	case *ssa.Parameter:
		c, ok := f.consts[v]
		return c, ok
	case *ssa.ChangeType:
		return f.eval(v.X, depth+1)
	case *ssa.Convert:
		if !isInteger(v.Type()) || !isInteger(v.X.Type()) {
			return nil, false
		}
		x, ok := f.eval(v.X, depth+1)
		if !ok {
			return nil, false
		}
		return f.fit(x, v.Type())
	case *ssa.UnOp:
		switch v.Op {
		case token.MUL:
			if g := loadedGlobal(v); g != nil {
				if init := globalInit(g); init != nil {
					return (&folder{}).eval(init, depth+1)
				}
				return nil, false
			}
			if p := spilledParam(v); p != nil {
				return f.eval(p, depth+1)
			}
			// An element of a slice known at analysis time (conststd.go).
			if ia, ok := v.X.(*ssa.IndexAddr); ok && foldable(v.Type()) {
				if isSliceType(ia.X.Type()) {
					s, ok := f.slice(ia.X, depth+1)
					if !ok {
						return nil, false
					}
					i, known := f.index(ia.Index, depth)
					e, ok := s.element(i, known)
					if !ok {
						return nil, false
					}
					return f.fit(constant.MakeString(e), v.Type())
				}
			}
			return nil, false
		case token.SUB, token.NOT, token.XOR:
			x, ok := f.eval(v.X, depth+1)
			if !ok {
				return nil, false
			}
			prec := uint(0)
			switch v.Op {
			case token.NOT:
				if x.Kind() != constant.Bool {
					return nil, false
				}
			case token.SUB:
				if x.Kind() != constant.Int && x.Kind() != constant.Float {
					return nil, false
				}
			case token.XOR: // ^x
				b, ok := v.Type().Underlying().(*types.Basic)
				if !ok || x.Kind() != constant.Int {
					return nil, false
				}
				if b.Info()&types.IsUnsigned != 0 {
					prec = uint(intBits(b))
				}
			}
			return f.fit(constant.UnaryOp(v.Op, x, prec), v.Type())
		}
	case *ssa.BinOp:
		return f.binOp(v, depth)
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" && len(v.Call.Args) == 1 && isStringType(v.Call.Args[0].Type()) {
			x, ok := f.eval(v.Call.Args[0], depth+1)
			if !ok || x.Kind() != constant.String {
				return nil, false
			}
			return constant.MakeInt64(int64(len(constant.StringVal(x)))), true
		}
		if b, ok := v.Call.Value.(*ssa.Builtin); ok {
			if b.Name() == "len" && len(v.Call.Args) == 1 {
				if isSliceType(v.Call.Args[0].Type()) {
					s, ok := f.slice(v.Call.Args[0], depth+1)
					if !ok {
						return nil, false
					}
					return constant.MakeInt64(int64(s.n)), true
				}
			}
			return nil, false
		}
		if c, ok := f.mathPredicate(v, depth); ok {
			return c, true
		}
		return f.call(v, depth)
	case *ssa.Index:
		if !isStringType(v.X.Type()) {
			return nil, false
		}
		x, ok := f.eval(v.X, depth+1)
		if !ok || x.Kind() != constant.String {
			return nil, false
		}
		i, ok := f.index(v.Index, depth)
		s := constant.StringVal(x)
		if !ok || i < 0 || i >= int64(len(s)) {
			return nil, false
		}
		return constant.MakeInt64(int64(s[i])), true
	case *ssa.Slice:
		if !isStringType(v.X.Type()) || v.Max != nil {
			return nil, false
		}
		x, ok := f.eval(v.X, depth+1)
		if !ok || x.Kind() != constant.String {
			return nil, false
		}
		s := constant.StringVal(x)
		lo, hi := int64(0), int64(len(s))
		if v.Low != nil {
			if lo, ok = f.index(v.Low, depth); !ok {
				return nil, false
			}
		}
		if v.High != nil {
			if hi, ok = f.index(v.High, depth); !ok {
				return nil, false
			}
		}
		if lo < 0 || hi < lo || hi > int64(len(s)) {
			return nil, false
		}
		return constant.MakeString(s[lo:hi]), true
	case *ssa.Phi:
		if f.seen[v] {
			return nil, false
		}
		if f.seen == nil {
			f.seen = map[*ssa.Phi]bool{}
		}
		f.seen[v] = true
		defer delete(f.seen, v)
		var out constant.Value
		for i, e := range v.Edges {
			if !f.flow.takes(v.Block().Preds[i], v.Block()) {
				continue
			}
			c, ok := f.eval(e, depth+1)
			if !ok || (out != nil && !constant.Compare(out, token.EQL, c)) {
				return nil, false
			}
			out = c
		}
		return out, out != nil
	}
	return nil, false
}

// mathPredicate folds math's classification of a constant float64:
// IsNaN(x), IsInf(x, sign) and Signbit(x), which gc inlines to a compare
// or two (`if math.IsNaN(v) { return "NaN" }`, the guard clauses before a
// formatter's work). A constant is finite, so IsNaN and IsInf are false.
func (f *folder) mathPredicate(v *ssa.Call, depth int) (constant.Value, bool) {
	callee := v.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "math" || len(v.Call.Args) == 0 {
		return nil, false
	}
	switch callee.Name() {
	case "IsNaN", "IsInf", "Signbit":
	default:
		return nil, false
	}
	x, ok := f.eval(v.Call.Args[0], depth+1)
	if !ok || (x.Kind() != constant.Float && x.Kind() != constant.Int) {
		return nil, false
	}
	if callee.Name() == "Signbit" {
		return constant.MakeBool(constant.Sign(x) < 0), true
	}
	return constant.MakeBool(false), true
}

// index evaluates an integer operand used as an index.
func (f *folder) index(v ssa.Value, depth int) (int64, bool) {
	c, ok := f.eval(v, depth+1)
	if !ok || c.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c)
}

func (f *folder) binOp(v *ssa.BinOp, depth int) (constant.Value, bool) {
	// A slice compared with nil (conststd.go).
	if isSliceType(v.X.Type()) && (v.Op == token.EQL || v.Op == token.NEQ) {
		x, ok1 := f.slice(v.X, depth+1)
		y, ok2 := f.slice(v.Y, depth+1)
		if !ok1 || !ok2 {
			return nil, false
		}
		return constant.MakeBool((x.isNil == y.isNil) == (v.Op == token.EQL)), true
	}
	x, ok := f.eval(v.X, depth+1)
	if !ok {
		return nil, false
	}
	y, ok := f.eval(v.Y, depth+1)
	if !ok {
		return nil, false
	}
	if x.Kind() != y.Kind() && !(v.Op == token.SHL || v.Op == token.SHR) {
		return nil, false
	}
	switch v.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		if x.Kind() == constant.Bool && v.Op != token.EQL && v.Op != token.NEQ {
			return nil, false
		}
		return constant.MakeBool(constant.Compare(x, v.Op, y)), true
	case token.ADD, token.SUB, token.MUL:
		if x.Kind() == constant.String && v.Op != token.ADD {
			return nil, false
		}
		return f.fit(constant.BinaryOp(x, v.Op, y), v.Type())
	case token.QUO, token.REM:
		if constant.Sign(y) == 0 {
			return nil, false
		}
		if x.Kind() == constant.Int {
			op := token.QUO_ASSIGN // truncated integer division
			if v.Op == token.REM {
				op = token.REM
			}
			return f.fit(constant.BinaryOp(x, op, y), v.Type())
		}
		if v.Op == token.QUO && x.Kind() == constant.Float {
			return f.fit(constant.BinaryOp(x, token.QUO, y), v.Type())
		}
	case token.AND, token.OR, token.XOR, token.AND_NOT:
		if x.Kind() != constant.Int {
			return nil, false
		}
		return f.fit(constant.BinaryOp(x, v.Op, y), v.Type())
	case token.SHL, token.SHR:
		if x.Kind() != constant.Int || y.Kind() != constant.Int {
			return nil, false
		}
		s, ok := constant.Uint64Val(y)
		if !ok || s > 64 {
			return nil, false
		}
		return f.fit(constant.Shift(x, v.Op, uint(s)), v.Type())
	}
	return nil, false
}

// fit returns c when the type t holds it: an integer that overflows its
// type (which would wrap around) is not folded.
func (f *folder) fit(c constant.Value, t types.Type) (constant.Value, bool) {
	if c == nil || c.Kind() == constant.Unknown {
		return nil, false
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return nil, false
	}
	switch {
	case b.Info()&types.IsInteger != 0:
		if c.Kind() != constant.Int {
			return nil, false
		}
		bits := intBits(b)
		if b.Info()&types.IsUnsigned != 0 {
			if constant.Sign(c) < 0 || constant.BitLen(c) > bits {
				return nil, false
			}
		} else {
			lim := constant.Shift(constant.MakeInt64(1), token.SHL, uint(bits-1))
			if constant.Compare(c, token.GEQ, lim) || constant.Compare(c, token.LSS, constant.UnaryOp(token.SUB, lim, 0)) {
				return nil, false
			}
		}
	case b.Info()&types.IsString != 0:
		if c.Kind() != constant.String || len(constant.StringVal(c)) > maxConstString {
			return nil, false
		}
	case b.Info()&types.IsBoolean != 0:
		if c.Kind() != constant.Bool {
			return nil, false
		}
	case b.Info()&types.IsFloat != 0:
		if c.Kind() != constant.Float && c.Kind() != constant.Int {
			return nil, false
		}
		c = constant.ToFloat(c)
	default:
		return nil, false
	}
	return c, true
}

// foldable reports whether values of t are folded: integers, floats,
// strings and booleans.
func foldable(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsInteger|types.IsFloat|types.IsString|types.IsBoolean) != 0
}

// intBits is the width of an integer type on 64-bit targets.
func intBits(b *types.Basic) int {
	switch b.Kind() {
	case types.Int8, types.Uint8:
		return 8
	case types.Int16, types.Uint16:
		return 16
	case types.Int32, types.Uint32:
		return 32
	}
	return 64
}

// constBranch decides the branch ending b when its condition is constant
// under the function's constant arguments (or constant in itself: a test
// of a package variable only its initializer sets): the arm it names runs
// on every call. The test of a loop's header and an arm leaving the loop
// are left to the loop rules.
func (st *funcState) constBranch(b *ssa.BasicBlock, f *flow) (float64, bool) {
	cond := branchCond(b)
	if cond == nil {
		return 0, false
	}
	if _, isConst := cond.(*ssa.Const); isConst {
		return 0, false // evidenceProb's rule
	}
	if st.constFlow == nil {
		st.constFlow = foldFlow(st.fn, st.consts)
	}
	taken, ok := st.constFlow.decided[b.Index]
	if !ok {
		return 0, false
	}
	arm := b.Succs[1]
	if taken {
		arm = b.Succs[0]
	}
	if l := f.inner[b.Index]; l != nil && (l.header == b || !l.contains(arm)) {
		return 0, false
	}
	if taken {
		return 1, true
	}
	return 0, true
}

// constOf is v's value when it is constant in the function being
// summarized (under its constant arguments, along the edges they leave).
func (st *funcState) constOf(v ssa.Value) (constant.Value, bool) {
	if st.constFlow == nil && len(st.fn.Blocks) > 0 {
		st.constFlow = foldFlow(st.fn, st.consts)
	}
	f := folder{consts: st.consts, flow: st.constFlow}
	return f.eval(v, 0)
}

// specialize returns the summary of callee specialized to the constant
// arguments of a call (and the summarizer that made it), or nil when no
// argument is constant, no branch of callee (or of what it calls with
// them) depends on one, or callee is out of bounds.
func (st *funcState) specialize(callee *ssa.Function, args []ssa.Value, plain *Summary) (*Summary, *summarizer) {
	s := st.s
	if plain == nil || s.specs == nil || s.specDepth >= maxSpecDepth || callee.Pkg == nil || st.fn.Pkg != callee.Pkg ||
		len(callee.Blocks) == 0 || callee.Origin() != nil || callee.Synthetic != "" || s.cyclic[callee] ||
		len(callee.Params) != len(args) {
		return nil, nil
	}
	consts := map[*ssa.Parameter]constant.Value{}
	concrete := map[*ssa.Parameter]types.Type{}
	var key strings.Builder
	key.WriteString(funcKey(callee))
	for i, a := range args {
		key.WriteByte('|')
		if t := st.concreteTypeOf(a); t != nil && types.IsInterface(callee.Params[i].Type()) {
			concrete[callee.Params[i]] = t
			key.WriteString("type:" + types.TypeString(t, nil))
			continue
		}
		c, ok := st.constOf(a)
		if !ok {
			continue
		}
		consts[callee.Params[i]] = c
		key.WriteString(c.ExactString())
	}
	if len(consts) == 0 && len(concrete) == 0 {
		return nil, nil
	}
	// The summarizer of the callee's body under the constants: its
	// inlined copies (under this call's decisions, s.oracle) must see
	// them too. The specialized summary itself is made under the
	// package's decisions, as the plain one is (s.oracle may be those
	// of a body gc inlined into its caller, which do not cover the
	// callee's own body), so one cache serves every call.
	c := *s
	c.spec = &specialization{fn: callee, consts: consts, types: concrete}
	c.specDepth++
	if sum, ok := s.specs[key.String()]; ok {
		if sum == nil {
			return nil, nil
		}
		return sum, &c
	}
	s.specs[key.String()] = nil // also cuts cycles
	if instrCount(callee) > maxSpecInstrs || (!decidesBranch(callee, consts) && !decidesTarget(callee, concrete)) {
		return nil, nil
	}
	base := c
	base.oracle = s.baseOracle
	sum := base.summarize(callee, nil, nil)
	s.specs[key.String()] = sum
	return sum, &c
}

// instrCount is the number of instructions of fn.
func instrCount(fn *ssa.Function) int {
	n := 0
	for _, b := range fn.Blocks {
		n += len(b.Instrs)
	}
	return n
}

// decidesBranch reports whether the constant arguments decide a branch of
// fn that is not constant without them, or are passed on to a call in
// fn's package (where they may decide one).
func decidesBranch(fn *ssa.Function, consts map[*ssa.Parameter]constant.Value) bool {
	with, without := foldFlow(fn, consts), foldFlow(fn, nil)
	if len(with.decided) > len(without.decided) {
		return true
	}
	depends := func(v ssa.Value) bool {
		f := folder{consts: consts, flow: with}
		if _, ok := f.eval(v, 0); !ok {
			return false
		}
		_, alone := constValue(v, nil)
		return !alone
	}
	for _, b := range fn.Blocks {
		if !with.live[b.Index] {
			continue
		}
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			// A length the constants decide (a loop's trip count over
			// the pieces of a constant string, conststd.go).
			if b, ok := call.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" && isSliceType(call.Call.Args[0].Type()) && depends(call) {
				return true
			}
			g := call.Call.StaticCallee()
			if g == nil || g.Pkg != fn.Pkg || g == fn {
				continue
			}
			for _, a := range call.Call.Args {
				if depends(a) {
					return true
				}
			}
		}
	}
	return false
}
