package analyzer

import (
	"go/constant"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Higher-order calls and whole-structure walks.
//
// A call through a function-typed parameter (an iterator's callback, a
// comparator) that VTA did not resolve is recorded in Summary.FuncCalls
// with its count per call, and each caller adds that many calls of the
// function it passes: a function or closure is costed by its summary, the
// caller's own function-typed parameter passes the count on to its callers.
// This is modular (the callee's summary does not depend on its callers) and
// works where VTA does not: in generic code, whose bodies VTA does not
// follow, and in vet mode.
//
// A recursion that descends into its parameter from inside a loop (a tree
// node visiting its children in turn) visits the whole structure below the
// node it starts from, and is recorded in Summary.Walk. A caller that
// starts it on a field of a container (t.root) whose Len method returns a
// size of the container (t.length) binds the recursion variable so that the
// walk visits Len elements in all: count / PerCall calls of PerCall
// elements each, at least one call.

// funcParam returns the function-typed parameter of fn that v is (through
// type conversions), or nil.
func funcParam(fn *ssa.Function, v ssa.Value) *ssa.Parameter {
	v = stripConversions(v)
	p, ok := v.(*ssa.Parameter)
	if !ok || p.Parent() != fn {
		return nil
	}
	if _, ok := p.Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	return p
}

// stripConversions removes type conversions (ItemIterator(f), a generic
// wrapper's ChangeType) around a value.
func stripConversions(v ssa.Value) ssa.Value {
	for {
		switch c := v.(type) {
		case *ssa.ChangeType:
			v = c.X
		case *ssa.Convert:
			v = c.X
		default:
			return v
		}
	}
}

// paramCall records count calls through fn's function-typed parameter p,
// costed by the callers.
func (st *funcState) paramCall(p *ssa.Parameter, count expr.Expr) {
	name := paramName(p)
	if name == "" {
		st.estimated("call through a function value not resolved: callee cost not included")
		return
	}
	if st.funcCalls == nil {
		st.funcCalls = map[string]expr.Expr{}
	}
	st.funcCalls[name] = expr.Add(st.funcCalls[name], count)
	st.estimated("calls through parameter " + name + " are costed by the callers, for the function they pass")
}

// addFuncCalls costs the calls sum makes through its function-typed
// parameters with the functions the caller passes in args; m binds sum's
// variables and f is the frequency (times weight) of the call.
func (st *funcState) addFuncCalls(sum *Summary, args []ssa.Value, m map[string]expr.Expr, f expr.Expr) {
	for _, fc := range sum.FuncCalls {
		idx := slices.Index(sum.Params, fc.Param)
		if idx < 0 || idx >= len(args) {
			continue
		}
		st.callFuncArg(args[idx], expr.Mul(f, fc.Count.Subst(m)), sum.Name)
	}
}

// callFuncArg costs count calls of the function value arg, which the
// caller passes to callee: a function or closure by its summary, the
// caller's own function-typed parameter by passing the calls on to its
// callers (paramCall).
func (st *funcState) callFuncArg(arg ssa.Value, count expr.Expr, callee string) {
	arg = stripConversions(arg)
	if p := funcParam(st.fn, arg); p != nil {
		st.paramCall(p, count)
		return
	}
	var g *ssa.Function
	switch a := arg.(type) {
	case *ssa.Function:
		g = a
	case *ssa.MakeClosure:
		g, _ = a.Fn.(*ssa.Function)
	}
	if g == nil {
		st.estimated("function passed to " + callee + " not known: its calls are not costed")
		return
	}
	// The call itself is counted where it is made, in the callee's own
	// summary (an unresolved call through a parameter counts a closure
	// call): only the function's body is added here.
	st.callKnown(g, count, "")
}

// callKnown costs count calls of g, a function the caller knows a callee
// calls back (through a function value, or an interface method of the
// value it passes), each call counted as class unless class is "" (the
// call already counted).
func (st *funcState) callKnown(g *ssa.Function, count expr.Expr, class manifest.OpClass) {
	if o := g.Origin(); o != nil {
		g = o
	}
	if st.scc[g] || st.rec[g] || HarnessCall(g) || st.intoRuntime(g) {
		st.callees[funcKey(g)] = true
		return
	}
	s := st.s.summaryOf(g)
	if s == nil {
		st.estimated("no summary for " + funcKey(g) + ": counted as a call only")
		return
	}
	if class != "" {
		st.addCPU(class, count)
	}
	st.addSummary(s, nil, count, 1)
}

// walkSite notes a recursive call made at in with args: when it descends
// into a parameter from inside a loop, the function walks a structure, and
// the loop's iterations per call (summed over such loops, each counted
// once) are the elements each call visits.
func (st *funcState) walkSite(in ssa.CallInstruction, args []ssa.Value) {
	if st.flow == nil || in == nil {
		return
	}
	p := descendsInto(st.fn, args)
	if p == nil || paramName(p) == "" {
		return
	}
	l := st.flow.inner[in.Block().Index]
	if l == nil {
		return
	}
	name := paramName(p)
	if st.walkParam != "" && st.walkParam != name {
		st.walkParam = "-" // descends into two parameters: not one structure
		return
	}
	st.walkParam = name
	if !slices.Contains(st.walkLoops, l) {
		// Iterations per call, whichever arm of the function runs the
		// loop: over the walk, the loops run once per element.
		st.walkLoops = append(st.walkLoops, l)
		st.walkPerCall = expr.Add(st.walkPerCall, l.absIter)
	}
}

// bindWalk binds the recursion variable of a walk started at a field of a
// container whose element count the caller knows (see the comment at the
// top of this file).
func (st *funcState) bindWalk(sum *Summary, args []ssa.Value, m map[string]expr.Expr) {
	w := sum.Walk
	if w == nil {
		return
	}
	idx := slices.Index(sum.Params, w.Param)
	if idx < 0 || idx >= len(args) {
		return
	}
	load, ok := stripConversions(args[idx]).(*ssa.UnOp)
	if !ok {
		return
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return
	}
	count, ok := st.containerLen(fa.X)
	if !ok {
		return
	}
	for _, fc := range sum.FuncCalls {
		idx := slices.Index(sum.Params, fc.Param)
		if idx < 0 || idx >= len(args) {
			continue
		}
		if stopFunc(args[idx]) {
			count = pathLen(count)
			st.notes["walk of "+sum.Name+" stopped at the first element by its callback"] = true
			break
		}
		if p := funcParam(st.fn, args[idx]); p != nil && paramName(p) != "" {
			st.addWalkStop(paramName(p), count)
		}
	}
	per := w.PerCall.Subst(m)
	if per.IsZero() {
		per = expr.Const(1)
	}
	m[w.Var] = expr.Max(expr.Const(1), expr.Div(count, per))
	st.notes["walk of "+sum.Name+": as many elements as Len of the structure"] = true
}

// containerLen returns the element count of the object obj points to, as
// the caller knows it: what its Len method returns, when that is a size of
// the receiver ("t.length").
func (st *funcState) containerLen(obj ssa.Value) (expr.Expr, bool) {
	f := lenFunc(obj.Type())
	if f == nil {
		return expr.Expr{}, false
	}
	sum := st.s.lookupObj(f)
	if sum == nil || sum.Result == nil || len(sum.Params) != 1 || sum.Params[0] == "" {
		return expr.Expr{}, false
	}
	vars := sum.Result.Vars()
	if len(vars) == 0 {
		return expr.Expr{}, false
	}
	m := map[string]expr.Expr{}
	for _, v := range vars {
		if _, base, rest := splitVar(v); base != sum.Params[0] || rest == "" {
			return expr.Expr{}, false
		}
		e, ok := st.bindParam(sum, v, []ssa.Value{obj})
		if !ok {
			return expr.Expr{}, false
		}
		m[v] = e
	}
	return sum.Result.Subst(m), true
}

// sortedFuncCalls lists st.funcCalls by parameter name.
func (st *funcState) sortedFuncCalls() []FuncCall {
	var out []FuncCall
	for p, c := range st.funcCalls {
		if c = clean(c); !c.IsZero() {
			out = append(out, FuncCall{Param: p, Count: c})
		}
	}
	slices.SortFunc(out, func(a, b FuncCall) int { return strings.Compare(a.Param, b.Param) })
	return out
}

// lenFunc returns the method Len() int of t (a pointer to a container),
// or nil.
func lenFunc(t types.Type) *types.Func {
	o, _, _ := types.LookupFieldOrMethod(t, true, nil, "Len")
	f, ok := o.(*types.Func)
	if !ok {
		return nil
	}
	sig := f.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !isInteger(sig.Results().At(0).Type()) {
		return nil
	}
	return f
}

// lenMethod is lenFunc's SSA function (the generic origin), or nil,
// remembered by type.
func (s *summarizer) lenMethod(prog *ssa.Program, t types.Type) *ssa.Function {
	if g, ok := s.lens.At(t).(*ssa.Function); ok { // a nil *ssa.Function when t has none
		return g
	}
	var g *ssa.Function
	if f := lenFunc(t); f != nil {
		g = prog.FuncValue(f.Origin())
	}
	s.lens.Set(t, g)
	return g
}

// addWalkStop records that a walk over a container of count elements is
// driven by the callback parameter param.
func (st *funcState) addWalkStop(param string, count expr.Expr) {
	if st.walkStops == nil {
		st.walkStops = map[string]expr.Expr{}
	}
	if old, ok := st.walkStops[param]; ok && !old.Equal(count) {
		count = expr.Max(old, count)
	}
	st.walkStops[param] = count
}

// bindWalkStops applies sum's WalkStops for the callbacks passed in args:
// a callback that always returns false makes the walk visit only the path
// to its first element, the container's count taken as pathLen of it in
// sum's costs; the caller's own callback parameter passes the walk on to
// its callers.
func (st *funcState) bindWalkStops(sum *Summary, args []ssa.Value, m map[string]expr.Expr) {
	for _, ws := range sum.WalkStops {
		idx := slices.Index(sum.Params, ws.Var)
		if idx < 0 || idx >= len(args) {
			continue
		}
		if stopFunc(args[idx]) {
			vars := ws.Value.Vars()
			if len(vars) == 1 && ws.Value.Equal(expr.Var(vars[0])) {
				if b, ok := m[vars[0]]; ok {
					m[vars[0]] = pathLen(b)
				}
			} else {
				for _, v := range vars {
					m[v] = expr.Const(1)
				}
			}
			st.notes["walk in "+sum.Name+" stopped at the first element by its callback"] = true
			continue
		}
		if p := funcParam(st.fn, args[idx]); p != nil && paramName(p) != "" {
			st.addWalkStop(paramName(p), ws.Value.Subst(m))
		}
	}
}

// stopFunc reports whether v is a function (or closure) returning a single
// bool that is the constant false on every return: the stop answer of an
// iteration callback (iter.Seq's yield, sync.Map.Range, tree walks).
func stopFunc(v ssa.Value) bool {
	var g *ssa.Function
	switch a := stripConversions(v).(type) {
	case *ssa.Function:
		g = a
	case *ssa.MakeClosure:
		g, _ = a.Fn.(*ssa.Function)
	}
	if g == nil || len(g.Blocks) == 0 {
		return false
	}
	res := g.Signature.Results()
	if res.Len() != 1 || !types.Identical(res.At(0).Type().Underlying(), types.Typ[types.Bool]) {
		return false
	}
	n := 0
	for _, b := range g.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		c, ok := r.Results[0].(*ssa.Const)
		if !ok || c.Value == nil || constant.BoolVal(c.Value) {
			return false
		}
		n++
	}
	return n > 0
}

// pathLen is the number of elements a walk stopped at its first element
// visits on its way down a structure of count elements: log2(count)+1, the
// depth of a balanced binary tree (an upper bound for wider nodes, whose
// per-node cost PerCall divides it).
func pathLen(count expr.Expr) expr.Expr {
	return expr.Add(expr.Log2(expr.Max(expr.Const(1), count)), expr.Const(1))
}
