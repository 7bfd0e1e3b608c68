package predict

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Objects built where a sub-benchmark is created.
//
// A benchmark often builds the structures its sub-benchmarks time in a
// helper (a closure `bench := func(name string, n int, f func(*Set) bool)`
// or a function taking b) that it calls from table loops: the structure's
// sizes depend on the helper's arguments, which only discovery knows, and
// the analyzer's summary of the helper cannot name them (Summary.Captured is
// over the helper's own variables, and is empty when the structure comes
// from a call it cannot bind, such as a local constructor closure).
// Discovery therefore records, per variable, the call that built an object
// (a function of a package or a local closure, with the values of its
// arguments) and the calls it was passed to afterwards (as receiver or
// argument) in the order the walk replays them; predict gives the object
// the sizes its constructor's Shape says for those arguments and applies
// each later call's Effects and Clobbers (objectSizes). An object is
// dropped — its sizes stay unknown, as before — when anything touches it
// that discovery does not replay exactly: a call it cannot name or in a
// branch, a loop it cannot unroll, a store into it, a closure that uses it
// called or passed anywhere but b.Run, more calls than it keeps.

// Object is a structure discovery saw built and changed before a
// benchmark function was created.
type Object struct {
	Var   string       // the variable holding it: its sizes are Var's ("s.length")
	Built ObjectCall   // the call that built it (Self is -1)
	Calls []ObjectCall // the calls it was passed to afterwards, in order
}

// ObjectCall is one call that builds or changes an object.
type ObjectCall struct {
	Func string // ssa name of the callee, as analyzer.Summary.Name
	Args []Arg  // in the callee's Summary.Params order: the receiver first
	Self int    // the object's index in Args; -1 for its constructor
	// Times is how many times the call runs (0 means once): a loop too
	// long to replay iteration by iteration whose body's calls do not
	// depend on the iteration is replayed once, its calls counted T times;
	// -1 when the loop's iterations are unknown (the call then keeps the
	// object's sizes only if it leaves them as they are).
	Times float64
}

// Arg is what discovery knows of an argument.
type Arg struct {
	Num    float64 // its value, if HasNum
	Len    float64 // its length (a slice, string, map), if HasLen
	Max    float64 // when HasMax, its value is unknown but in [0, Max] (rand.Intn(n))
	Obj    *Object // an object discovery follows, as it was when passed
	HasNum bool
	HasLen bool
	HasMax bool
}

// object is an Object while discovery walks: shared by the variables that
// hold it (the values are pointers, so an alias sees the same calls).
type object struct {
	built   ObjectCall
	calls   []ObjectCall
	unknown bool
}

const (
	// maxReplay bounds the loop iterations without b.Run that discovery
	// replays for the objects their bodies use, per package.
	maxReplay = 1 << 18
	// maxObjectCalls bounds the calls kept per object.
	maxObjectCalls = 4096
)

// isObjectType reports whether t has sizes the analyzer's shapes track:
// a map, or a pointer to a struct.
func isObjectType(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		return true
	case *types.Pointer:
		_, ok := u.Elem().Underlying().(*types.Struct)
		return ok
	}
	return false
}

// funcName is the ssa name of a declared function or method (its generic
// origin), as the analyzer keys summaries.
func funcName(fn *types.Func) string { return fn.Origin().FullName() }

// argValue is what a value says of an argument.
func argValue(v value) Arg {
	var a Arg
	switch v.kind {
	case vNum:
		a.Num, a.HasNum = v.num, true
	case vBnd:
		a.Max, a.HasMax = v.num, true
	case vObj:
		if !v.obj.unknown {
			// Calls are only appended: the clipped slice is the state now.
			a.Obj = &Object{Built: v.obj.built, Calls: slices.Clip(v.obj.calls)}
		}
	}
	if l, ok := v.length(); ok {
		a.Len, a.HasLen = l, true
	}
	return a
}

// callee names the function a call expression calls, with the argument
// expressions in its Summary.Params order (the receiver first); "" when it
// is not a function discovery can name (an interface method, a function
// value it does not know, a builtin, a conversion). runs is set for a local
// closure or helper that calls b.Run: the walk follows it instead.
func (w *walk) callee(c *ast.CallExpr) (name string, args []ast.Expr, runs bool) {
	if tv, ok := w.d.info.Types[c.Fun]; ok && tv.IsType() {
		return "", nil, false
	}
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.SelectorExpr:
		if sel := w.d.info.Selections[f]; sel != nil {
			fn, ok := sel.Obj().(*types.Func)
			if sel.Kind() != types.MethodVal || !ok || types.IsInterface(sel.Recv()) {
				return "", nil, false
			}
			return funcName(fn), append([]ast.Expr{f.X}, c.Args...), false
		}
		if fn, ok := w.d.info.Uses[f.Sel].(*types.Func); ok {
			return funcName(fn), c.Args, false
		}
	case *ast.Ident, *ast.IndexExpr:
		id := calleeIdent(f)
		if id == nil {
			return "", nil, false
		}
		obj := w.d.info.Uses[id]
		if v, ok := w.env.get(obj); ok {
			if v.kind != vFunc {
				return "", nil, false
			}
			if v.lit == nil {
				return v.fname, c.Args, false
			}
			if w.containsRun(v.lit.Body) {
				return "", nil, true
			}
			if fn := w.d.ssaFunc(v.lit.Type.Func, nil); fn != nil {
				return fn.String(), c.Args, false
			}
			return "", nil, false
		}
		if fn, ok := obj.(*types.Func); ok {
			if decl := w.d.decls[obj]; decl != nil && w.containsRun(decl.Body) {
				return "", nil, true
			}
			return funcName(fn), c.Args, false
		}
	}
	return "", nil, false
}

// construct evaluates a call that returns an object: a vObj when the
// callee is a function, method or local closure discovery can name (a
// method's shape, such as a Clone's, is over its receiver's sizes: the
// receiver is an argument).
func (d *discoverer) construct(c *ast.CallExpr, e *env) value {
	w := &walk{d: d, env: e}
	name, args, runs := w.callee(c)
	if name == "" || runs {
		return value{}
	}
	call := ObjectCall{Func: name, Self: -1}
	for _, a := range args {
		call.Args = append(call.Args, argValue(d.eval(a, e)))
	}
	return value{kind: vObj, obj: &object{built: call}}
}

// copyObjects returns a copy of e whose objects are copies (variables
// holding the same object still share its copy).
func (e *env) copyObjects() *env {
	c := e.clone()
	copies := map[*object]*object{}
	for i, v := range c.vals {
		if v.kind != vObj {
			continue
		}
		o, ok := copies[v.obj]
		if !ok {
			o = &object{built: v.obj.built, calls: slices.Clip(v.obj.calls), unknown: v.obj.unknown}
			copies[v.obj] = o
		}
		c.vals[i].obj = o
	}
	return c
}

// adopt takes into the walk's environment what the sub-benchmark lit left
// in the variables it captures (after: its environment when it returns):
// the values it assigned them, and the objects as its calls left them.
// Later sub-benchmarks see them so, as go test runs them one after the
// other.
func (w *walk) adopt(lit *ast.FuncLit, after *env) {
	if after == nil {
		return
	}
	assigned := map[types.Object]bool{}
	ast.Inspect(lit.Body, func(x ast.Node) bool {
		for _, l := range assignedExprs(x) {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok {
				if obj := w.d.info.Uses[id]; obj != nil {
					assigned[obj] = true
				}
			}
		}
		return true
	})
	for i, obj := range w.env.objs {
		v, ok := after.get(obj)
		if !ok {
			continue
		}
		if assigned[obj] || (w.env.vals[i].kind == vObj && v.kind == vObj) {
			w.env.vals[i] = v
		}
	}
}

// objectOf returns the object an expression names, if it is a variable
// holding one.
func (w *walk) objectOf(x ast.Expr) *object {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := w.env.get(w.d.info.Uses[id])
	if !ok || v.kind != vObj {
		return nil
	}
	return v.obj
}

// objectCall records a call on the objects it is passed (as receiver or
// argument), or forgets them when the call cannot be replayed.
func (w *walk) objectCall(c *ast.CallExpr) {
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok && w.isB(sel.X) {
		return // b.Run, b.RunParallel: the benchmark's own closures
	}
	name, args, runs := w.callee(c)
	if runs {
		return
	}
	for _, a := range c.Args {
		if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok {
			w.forget(lit) // may run anywhere in the callee
		}
	}
	if name == "" {
		if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
			if b, ok := w.d.info.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
				return
			}
		}
		if tv, ok := w.d.info.Types[c.Fun]; ok && tv.IsType() {
			return // a conversion changes nothing
		}
		for _, a := range args {
			w.forget(a)
		}
		for _, a := range c.Args {
			w.forget(a)
		}
		if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok {
			w.forget(sel.X)
		}
		return
	}
	if v, ok := w.env.get(w.d.info.Uses[calleeIdent(c.Fun)]); ok && v.kind == vFunc && v.lit != nil {
		w.forget(v.lit.Body) // what the local closure captures
	}
	var vals []Arg
	for i, a := range args {
		o := w.objectOf(a)
		if o == nil || o.unknown {
			continue
		}
		if w.inexact > 0 || len(o.calls) >= maxObjectCalls {
			o.unknown = true
			continue
		}
		if vals == nil {
			vals = make([]Arg, len(args))
			for j, x := range args {
				vals[j] = argValue(w.d.eval(x, w.env))
			}
		}
		call := ObjectCall{Func: name, Args: vals, Self: i}
		if w.times > 1 || w.times < 0 {
			call.Times = w.times
		}
		o.calls = append(o.calls, call)
	}
}

// forget makes unknown the objects held by variables n uses.
func (w *walk) forget(n ast.Node) {
	if n == nil {
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := w.env.get(w.d.info.Uses[id]); ok && v.kind == vObj {
				v.obj.unknown = true
			}
		}
		return true
	})
}

// usesObject reports whether n uses a variable holding a known object.
func (w *walk) usesObject(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found {
			if v, ok := w.env.get(w.d.info.Uses[id]); ok && v.kind == vObj && !v.obj.unknown {
				found = true
			}
		}
		return !found
	})
	return found
}

// replayLoop replays a loop without b.Run whose body uses objects, one
// iteration at a time, when its iterations are known (a range over a known
// list or count, a counted for loop) and it has no break, continue, goto
// or return; otherwise the objects it uses become unknown.
func (w *walk) replayLoop(s ast.Stmt) {
	if !w.usesObject(s) {
		return
	}
	var body *ast.BlockStmt
	switch s := s.(type) {
	case *ast.RangeStmt:
		body = s.Body
	case *ast.ForStmt:
		body = s.Body
	}
	if jumps(body) {
		w.forget(s)
		return
	}
	step := func() bool {
		if w.d.steps <= 0 {
			return false
		}
		w.d.steps--
		return true
	}
	switch s := s.(type) {
	case *ast.RangeStmt:
		x := w.d.eval(s.X, w.env)
		if n, ok := x.length(); ok && x.kind != vStr && (n > maxUnroll || n > float64(w.d.steps)) {
			w.repeat(s, body, n)
			return
		}
		if x.kind == vNum && isIntType(w.d.info.TypeOf(s.X)) && (x.num > maxUnroll || x.num > float64(w.d.steps)) {
			w.repeat(s, body, x.num)
			return
		}
		var keys, vals []value
		switch {
		case x.kind == vList && len(x.elems) <= maxUnroll:
			for i, el := range x.elems {
				k := num(float64(i))
				if x.keys != nil {
					k = x.keys[i]
				}
				keys, vals = append(keys, k), append(vals, el)
			}
		case x.kind == vNum && x.num >= 0 && x.num <= maxUnroll && isIntType(w.d.info.TypeOf(s.X)):
			for i := 0; i < int(x.num); i++ {
				keys, vals = append(keys, num(float64(i))), append(vals, value{})
			}
		default:
			w.repeat(s, body, -1) // a range over what discovery does not know
			return
		}
		for i := range keys {
			if !step() {
				w.forget(s)
				return
			}
			if s.Key != nil {
				w.assign(s.Key, keys[i], token.DEFINE)
			}
			if s.Value != nil {
				w.assign(s.Value, vals[i], token.DEFINE)
			}
			w.stmts(s.Body.List)
		}
	case *ast.ForStmt:
		if s.Init != nil {
			w.stmt(s.Init)
		}
		if n, ok := w.countedTrips(s); ok && (n > maxUnroll || n > float64(w.d.steps)) {
			w.repeat(s, body, n)
			return
		}
		for iter := 0; ; iter++ {
			if s.Cond == nil {
				w.repeat(s, body, -1)
				return
			}
			c := w.d.eval(s.Cond, w.env)
			if c.kind != vBool {
				if iter > 0 {
					w.forget(s) // some iterations replayed already
					return
				}
				w.repeat(s, body, -1)
				return
			}
			if !c.b {
				return
			}
			if iter >= maxUnroll || !step() {
				w.forget(s)
				return
			}
			w.stmts(s.Body.List)
			if s.Post == nil {
				w.forget(s)
				return
			}
			w.stmt(s.Post)
		}
	}
}

// repeat replays a loop body too long to unroll (n iterations), or whose
// iterations discovery does not know (n < 0: any number of times, and
// ObjectCall.Times -1), once, with every variable
// declared outside the body that the loop assigns (its counter included)
// unknown:
// the calls it records on objects then do not depend on the iteration, and
// count n times each (ObjectCall.Times).
func (w *walk) repeat(loop ast.Stmt, body *ast.BlockStmt, n float64) {
	if n == 0 {
		return
	}
	if w.d.steps <= 0 || n > 0 && w.times >= 0 && n*max(w.times, 1) > maxTimes {
		w.forget(body)
		return
	}
	w.d.steps--
	ast.Inspect(loop, func(x ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		for _, l := range assignedExprs(x) {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok {
				if obj := w.d.info.Uses[id]; obj != nil {
					if _, in := w.env.get(obj); in {
						w.env.set(obj, id.Name, value{})
					}
				}
			}
		}
		return true
	})
	outer := w.times
	if n < 0 || outer < 0 {
		w.times = -1
	} else {
		w.times = max(outer, 1) * math.Ceil(n)
	}
	w.stmts(body.List)
	w.times = outer
}

// countedTrips is the trip count of `for i := a; i < b; i++` (or <=, or
// i += c) with a, b and c known, its init already walked.
func (w *walk) countedTrips(s *ast.ForStmt) (float64, bool) {
	cond, ok := s.Cond.(*ast.BinaryExpr)
	if !ok || (cond.Op != token.LSS && cond.Op != token.LEQ) {
		return 0, false
	}
	id, ok := ast.Unparen(cond.X).(*ast.Ident)
	if !ok {
		return 0, false
	}
	step := 0.0
	switch p := s.Post.(type) {
	case *ast.IncDecStmt:
		if x, ok := ast.Unparen(p.X).(*ast.Ident); ok && x.Name == id.Name && p.Tok == token.INC {
			step = 1
		}
	case *ast.AssignStmt:
		if x, ok := ast.Unparen(p.Lhs[0]).(*ast.Ident); ok && len(p.Lhs) == 1 && len(p.Rhs) == 1 && x.Name == id.Name && p.Tok == token.ADD_ASSIGN {
			if c := w.d.eval(p.Rhs[0], w.env); c.kind == vNum {
				step = c.num
			}
		}
	}
	a, b := w.d.eval(cond.X, w.env), w.d.eval(cond.Y, w.env)
	if step <= 0 || a.kind != vNum || b.kind != vNum {
		return 0, false
	}
	n := math.Ceil((b.num - a.num) / step)
	if cond.Op == token.LEQ && math.Mod(b.num-a.num, step) == 0 {
		n++
	}
	return max(n, 0), true
}

// jumps reports whether a loop body leaves an iteration early: a break,
// continue, goto or return outside nested function literals.
func jumps(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt, *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// objects lists the known objects and function values of e, by the names
// the benchmark's function sees (a later definition of a name shadows an
// earlier one).
func (d *discoverer) objects(e *env) ([]Object, map[string]string) {
	last := map[string]int{}
	for i, n := range e.names {
		last[n] = i
	}
	var objs []Object
	var funcs map[string]string
	for i, n := range e.names {
		if last[n] != i {
			continue
		}
		v := e.vals[i]
		switch v.kind {
		case vObj:
			if v.obj.unknown {
				continue
			}
			objs = append(objs, Object{Var: n, Built: v.obj.built, Calls: slices.Clone(v.obj.calls)})
		case vFunc:
			name := v.fname
			if v.lit != nil {
				if fn := d.ssaFunc(v.lit.Type.Func, nil); fn != nil {
					name = fn.String()
				}
			}
			if name != "" {
				if funcs == nil {
					funcs = map[string]string{}
				}
				funcs[n] = name
			}
		}
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Var < objs[j].Var })
	return objs, funcs
}

// objectSizes adds to env the sizes of the benchmark's objects
// (Benchmark.Objects) that it does not already give: the constructor's
// Shape bound to its arguments, then each later call's Clobbers and
// Effects on the object's sizes, in order. A size any step cannot bind
// is left out, and so is every size of an object passed to a callee
// without a summary or whose summary does not list all its changes
// (Summary.Sized).
func objectSizes(b Benchmark, env map[string]float64, sums map[string]*analyzer.Summary) map[string]float64 {
	var out map[string]float64
	for _, o := range b.Objects {
		sizes := objectShape(o, sums)
		keys := make([]string, 0, len(sizes))
		for k := range sizes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := analyzer.SizeVar(o.Var, k)
			if _, ok := env[name]; ok {
				continue
			}
			if expr.ValidVar(name) != nil || math.IsNaN(sizes[k]) || math.IsInf(sizes[k], 0) {
				continue
			}
			if out == nil {
				out = make(map[string]float64, len(env)+len(keys))
				for k, v := range env {
					out[k] = v
				}
			}
			out[name] = max(sizes[k], 0)
		}
	}
	if out == nil {
		return env
	}
	return out
}

// objectShape is the sizes of one object after the calls discovery saw.
func objectShape(o Object, sums map[string]*analyzer.Summary) map[string]float64 {
	ctor := sums[o.Built.Func]
	if ctor == nil {
		return nil
	}
	sizes := map[string]float64{}
	for _, f := range ctor.Shape {
		if v, ok := bindCall(f.Value, ctor, o.Built, nil, sums, false); ok {
			sizes[f.Var] = v
		}
	}
	for _, c := range o.Calls {
		sum := sums[c.Func]
		if sum == nil || !sum.Sized || c.Self < 0 || c.Self >= len(sum.Params) || sum.Params[c.Self] == "" {
			return nil
		}
		if c.Times < 0 {
			anyTimes(sizes, sum, c, sums)
			continue
		}
		times := max(c.Times, 1)
		if times > maxTimes {
			return nil
		}
		for range int(times) {
			before := maps.Clone(sizes)
			applyCall(sizes, sum, c, sums)
			if maps.Equal(before, sizes) {
				break // what the call does again changes nothing more
			}
		}
	}
	return sizes
}

// anyTimes applies a call that runs any number of times, none included (a
// loop discovery cannot count, such as a sub-benchmark's b.N loop): a size
// is kept where it is the same after none, one and two runs of the call,
// and is unknown otherwise. Grow-to effects (`if i >= b.length {
// b.extend(i) }`) and values set to what does not depend on the object are
// idempotent: an operation that only raises a size to what its arguments
// already fit leaves it as it is however often it runs, while a capacity
// the call may reallocate (a Clobber) becomes unknown alone instead of
// making every size of the object unknown.
func anyTimes(sizes map[string]float64, sum *analyzer.Summary, c ObjectCall, sums map[string]*analyzer.Summary) {
	once := maps.Clone(sizes)
	applyCall(once, sum, c, sums)
	twice := maps.Clone(once)
	applyCall(twice, sum, c, sums)
	for k, v := range sizes {
		if w, ok := once[k]; !ok || w != v {
			delete(sizes, k)
		} else if w, ok := twice[k]; !ok || w != v {
			delete(sizes, k)
		}
	}
}

// maxTimes bounds the repetitions of one call objectShape applies.
const maxTimes = 1 << 20

// applyCall applies one call's Clobbers and Effects to an object's sizes.
// Every effect is evaluated on the sizes before the call. A grow-to effect
// whose value depends on arguments known only by a range (Arg.Max) leaves
// the size where the value, linear in them, stays at most the size at
// both ends of the range; any other effect that cannot be evaluated makes
// the size unknown.
func applyCall(sizes map[string]float64, sum *analyzer.Summary, c ObjectCall, sums map[string]*analyzer.Summary) {
	self := sum.Params[c.Self]
	for _, n := range sum.Clobbers {
		if v, k := analyzer.SplitSizeVar(n); v == self {
			delete(sizes, k)
		}
	}
	type change struct {
		key string
		op  string
		v   float64
		ok  bool
	}
	var changes []change
	for _, f := range sum.Effects {
		v, k := analyzer.SplitSizeVar(f.Var)
		if v != self || k == "" {
			continue
		}
		x, ok := bindCall(f.Value, sum, c, sizes, sums, false)
		if !ok && f.Op == "max" && f.Value.Degree() <= 1 {
			lo, ok1 := bindCall(f.Value, sum, c, sizes, sums, false, 0)
			hi, ok2 := bindCall(f.Value, sum, c, sizes, sums, true)
			if cur, known := sizes[k]; ok1 && ok2 && known && lo <= cur && hi <= cur {
				x, ok = cur, true
			}
		}
		changes = append(changes, change{k, f.Op, x, ok})
	}
	for _, ch := range changes {
		cur, known := sizes[ch.key]
		switch {
		case !ch.ok:
			delete(sizes, ch.key)
		case ch.op == "set":
			sizes[ch.key] = ch.v
		case !known:
		case ch.op == "max":
			sizes[ch.key] = max(cur, ch.v)
		default:
			sizes[ch.key] = cur + ch.v
		}
	}
}

// bindCall evaluates an expression over a callee's parameters for one
// call: the object's own sizes (self, for the parameter at c.Self), the
// values and lengths of the other arguments. An argument known only by its
// range [0, Max] takes its upper end when upper is set, the value of at
// (if given) otherwise, and is unknown when neither is.
func bindCall(e expr.Expr, sum *analyzer.Summary, c ObjectCall, self map[string]float64, sums map[string]*analyzer.Summary, upper bool, at ...float64) (float64, bool) {
	others := map[int]map[string]float64{} // sizes of other objects passed, computed once
	v, err := e.Eval(func(name string) (float64, bool) {
		base, key := analyzer.SplitSizeVar(name)
		i := slices.Index(sum.Params, base)
		if i < 0 || i >= len(c.Args) {
			return 0, false
		}
		if i == c.Self {
			x, ok := self[key]
			return x, ok
		}
		a := c.Args[i]
		if a.Obj != nil && key != "" {
			sz, ok := others[i]
			if !ok {
				sz = objectShape(*a.Obj, sums)
				others[i] = sz
			}
			x, ok := sz[key]
			return x, ok
		}
		switch key {
		case "":
			switch {
			case a.HasNum:
				return a.Num, true
			case a.HasMax && upper:
				return a.Max, true
			case a.HasMax && len(at) > 0:
				return at[0], true
			}
			return 0, false
		case "len", "cap":
			if strings.HasPrefix(name, key+"(") {
				return a.Len, a.HasLen
			}
		}
		return 0, false
	})
	return v, err == nil
}

// dispatchSizes sets, in env, the dispatch weights (analyzer.DispatchVar)
// of the function values the benchmark's function calls whose value
// discovery knows (Benchmark.Funcs): 1 for the known function, 0 for the
// call's other targets. A function value whose known function is not among
// the targets keeps its default weights.
func dispatchSizes(b Benchmark, env map[string]float64, sum *analyzer.Summary) map[string]float64 {
	if len(b.Funcs) == 0 {
		return env
	}
	var out map[string]float64
	for fv, target := range b.Funcs {
		want := analyzer.DispatchVar(fv, target)
		if !slices.ContainsFunc(sum.Vars, func(v manifest.Var) bool { return v.Name == want && v.Origin == analyzer.DispatchOrigin }) {
			continue
		}
		if out == nil {
			out = make(map[string]float64, len(env)+2)
			for k, v := range env {
				out[k] = v
			}
		}
		for _, v := range sum.Vars {
			if v.Origin != analyzer.DispatchOrigin || !strings.HasPrefix(v.Name, fv+".fn.") {
				continue
			}
			if _, ok := env[v.Name]; ok {
				continue
			}
			out[v.Name] = 0
			if v.Name == want {
				out[v.Name] = 1
			}
		}
	}
	if out == nil {
		return env
	}
	return out
}

// assignedExprs returns what statement n assigns to — the left of `=`
// and `op=`, the operand of `++`/`--`, a range's key and value with `=` —
// but not what it declares; nil for any other node.
func assignedExprs(n ast.Node) []ast.Expr {
	switch x := n.(type) {
	case *ast.AssignStmt:
		if x.Tok != token.DEFINE {
			return x.Lhs
		}
	case *ast.IncDecStmt:
		return []ast.Expr{x.X}
	case *ast.RangeStmt:
		if x.Tok == token.ASSIGN {
			return []ast.Expr{x.Key, x.Value}
		}
	}
	return nil
}
