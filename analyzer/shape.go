package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// Sizes of data structures a function builds before it uses them (see the
// package doc, Shapes). A size is named by a key relative to its object:
// "F" for an integer field F, "len(F)" and "cap(F)" for a slice or map
// field, "len" for a map itself. Objects are the values a function can
// follow: its pointer and map parameters (whose changes become
// Summary.Effects), and the structs and maps it allocates or receives from
// a constructor call (whose sizes become Summary.Shape when returned, and
// bind its callees' size variables when passed on).

// maxSizeDepth bounds the chains of call results, constructor shapes and
// objects followed to express one size, as sym.go bounds its own.
const maxSizeDepth = 8

// sizeEvent is one change of a size of an object: set to a value, or
// changed by a delta each time the instruction runs. key "*" stands for
// every size of the object (a call whose effects are unknown).
type sizeEvent struct {
	obj   ssa.Value
	key   string
	in    ssa.Instruction
	op    sizeOp
	value expr.Expr // the change per execution (opAdd), the new value (opSet) or lower bound (opMax)
	known bool      // false: the value or change is unknown
	// lazy binds a callee's lower bound over the object's own sizes
	// (len(elements) grown to size+n), which cannot be bound while the
	// events are listed; sizeAt binds it at the call, with the sizes the
	// object has when the last iteration of the loops changing them
	// starts (drift).
	lazy func() (expr.Expr, bool)
}

// sizeOp is how an event changes a size.
type sizeOp uint8

const (
	opAdd sizeOp = iota // size += value
	opSet               // size = value
	opMax               // size = max(size, value): growth on demand
)

// Summary.Effects' Op for each sizeOp.
var opNames = [...]string{opAdd: "", opSet: "set", opMax: "max"}

// symInt, symLen and symCap are the symbolic rules of sym.go with this
// function's call results and object sizes resolved.
func (st *funcState) symInt(v ssa.Value) (expr.Expr, bool) { return symIntIn(v, 0, st) }
func (st *funcState) symLen(v ssa.Value) (expr.Expr, bool) { return symLenIn(v, 0, st) }
func (st *funcState) symCap(v ssa.Value) (expr.Expr, bool) { return symCapIn(v, 0, st) }

// callResult implements symEnv: a static call's integer result, from the
// callee's Summary.Result with its parameters bound to the arguments.
func (st *funcState) callResult(c *ssa.Call, depth int) (expr.Expr, bool) {
	if depth > maxSizeDepth || !isInteger(c.Type()) {
		return expr.Expr{}, false
	}
	sum := st.calleeSummary(c.Common())
	if sum == nil || sum.Result == nil {
		return expr.Expr{}, false
	}
	return st.bindExpr(sum, *sum.Result, c.Call.Args, depth+1)
}

// callLen implements symEnv: the length of a static call's slice or
// string result, from the callee's Summary.ResultLen.
func (st *funcState) callLen(c *ssa.Call, depth int) (expr.Expr, bool) {
	if depth > maxSizeDepth {
		return expr.Expr{}, false
	}
	// A call evaluated at analysis time (conststd.go).
	if n, ok := st.constLen(c); ok {
		return expr.Const(float64(n)), true
	}
	sum := st.calleeSummary(c.Common())
	if sum == nil || sum.ResultLen == nil {
		return expr.Expr{}, false
	}
	return st.bindExpr(sum, *sum.ResultLen, c.Call.Args, depth+1)
}

// phiLen implements symEnv: the length of a slice grown by append in a
// loop (the phi at the loop's header): its length on entry plus the
// elements appended per iteration (weighted by how often the append runs)
// times the trip count, when taken after the loop; inside the loop, its
// mean over the iterations.
func (st *funcState) phiLen(phi *ssa.Phi, depth int) (expr.Expr, bool) {
	if st.flow == nil || st.cur == nil || st.cur.Block() == nil || depth > maxSizeDepth {
		return expr.Expr{}, false
	}
	var l *loop
	for _, x := range st.flow.loops {
		if x.header == phi.Block() {
			l = x
		}
	}
	if l == nil {
		return expr.Expr{}, false
	}
	var init expr.Expr
	inits := 0
	for i, e := range phi.Edges {
		if l.contains(phi.Block().Preds[i]) {
			continue
		}
		n, ok := symLenIn(e, depth+1, st)
		if !ok || (inits > 0 && !n.Equal(init)) {
			return expr.Expr{}, false
		}
		init = n
		inits++
	}
	growth, ok := st.loopGrowth(phi, l, depth)
	if !ok || inits == 0 {
		return expr.Expr{}, false
	}
	if l.contains(st.cur.Block()) {
		return expr.Add(init, expr.Mul(growth, expr.Scale(expr.Sub(l.trip, expr.Const(1)), 0.5))), true
	}
	return expr.Add(init, expr.Mul(growth, l.trip)), true
}

// loopGrowth is the elements appended per iteration of l to the slice
// held by phi, l's header phi: the appends whose results flow back to
// the header, each weighted by its executions per iteration of l. The
// slice may pass through the header phis of inner loops (`for ... { for
// ... { res = append(res, x) } }`, whose header phi starts from the outer
// one and feeds it back) and the merge phis of conditional appends;
// relFreq counts an inner loop's iterations per iteration of l. False when
// anything else flows into the slice inside l (a reset `res = res[:0]`, a
// call's result) or an append adds an unknown number of elements.
func (st *funcState) loopGrowth(phi *ssa.Phi, l *loop, depth int) (expr.Expr, bool) {
	seen := map[ssa.Value]bool{phi: true}
	var appends []*ssa.Call
	var walk func(v ssa.Value) bool
	walk = func(v ssa.Value) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Phi:
			if !l.contains(v.Block()) {
				return false
			}
			for _, e := range v.Edges {
				if !walk(e) {
					return false
				}
			}
			return true
		case *ssa.Call:
			if b, ok := v.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(v.Call.Args) == 2 && l.contains(v.Block()) {
				appends = append(appends, v)
				return walk(v.Call.Args[0])
			}
		}
		return false
	}
	for i, e := range phi.Edges {
		if l.contains(phi.Block().Preds[i]) && !walk(e) {
			return expr.Expr{}, false
		}
	}
	if len(appends) == 0 {
		return expr.Expr{}, false
	}
	var growth expr.Expr
	for _, c := range appends {
		k, ok := symLenIn(c.Call.Args[1], depth+1, st)
		if !ok {
			return expr.Expr{}, false
		}
		growth = expr.Add(growth, expr.Mul(st.relFreq(c.Block(), l), k))
	}
	return growth, true
}

// calleeSummary is the summary of a static call's callee, or nil (dynamic
// calls, builtins, the function's own cycle).
func (st *funcState) calleeSummary(c *ssa.CallCommon) *Summary {
	if c.IsInvoke() {
		return nil
	}
	g := c.StaticCallee()
	if g == nil {
		return nil
	}
	if o := g.Origin(); o != nil {
		g = o
	}
	if st.scc[g] || st.rec[g] || g == st.fn || HarnessCall(g) {
		return nil
	}
	if sum := st.regexpCall(g, c.Args); sum != nil {
		return sum
	}
	sum := st.s.summaryOf(g)
	// The sizes a call's constant arguments decide: the callee's summary
	// specialized to them (constargs.go), whose results and shapes hold
	// what it computes from the constants.
	if spec, _ := st.specialize(g, c.Args, sum); spec != nil {
		return spec
	}
	return sum
}

// bindExpr expresses e, over the parameters of sum, in the caller's terms
// for a call with args; false if a variable of e cannot be bound (e then
// says nothing the caller can use).
func (st *funcState) bindExpr(sum *Summary, e expr.Expr, args []ssa.Value, depth int) (expr.Expr, bool) {
	if depth > maxSizeDepth {
		return expr.Expr{}, false
	}
	vars := e.Vars()
	if len(vars) == 0 {
		return e, true
	}
	m := make(map[string]expr.Expr, len(vars))
	for _, n := range vars {
		v, ok := st.bindParamDepth(sum, n, args, depth)
		if !ok {
			return expr.Expr{}, false
		}
		m[n] = v
	}
	return e.Subst(m), true
}

// bindLast is bindExpr for a lower bound a callee grows a size to, over
// a call that may run in a loop: an integer argument that is the induction
// variable of a counted loop takes its last value (the size the loop grows
// the object to), init + step·(trip-1).
func (st *funcState) bindLast(sum *Summary, e expr.Expr, args []ssa.Value) (expr.Expr, bool) {
	vars := e.Vars()
	m := make(map[string]expr.Expr, len(vars))
	for _, n := range vars {
		if v, ok := st.lastInduction(sum, n, args); ok {
			m[n] = v
			continue
		}
		v, ok := st.bindParamDepth(sum, n, args, 1)
		if !ok {
			return expr.Expr{}, false
		}
		m[n] = v
	}
	return e.Subst(m), true
}

// objectRoot follows v to the object it designates: through type changes
// and interface conversions, and through a local variable's cell (a
// variable captured by a closure or a named result) when a single store,
// which dominates the load, fills it.
func objectRoot(v ssa.Value) ssa.Value {
	for range maxSizeDepth {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				if s := cellStore(x); s != nil {
					v = s.Val
					continue
				}
			}
		}
		return v
	}
	return v
}

// maxKeyFields bounds the fields on a size key's path: "size",
// "inner.size", "q.list.size" (a queue wrapping a list, held by a
// wrapper), "len(t.root.items)".
const maxKeyFields = 3

// objectPath is the object v designates and the field path to it: v's
// root object with path "", or, for a field of one holding a struct
// pointer or a map (l.inner, l.m, w.q.list), that object and the fields'
// names, at most maxKeyFields-1 of them ("inner", "q.list"), so that sizes
// are followed at most maxKeyFields fields deep ("q.list.size").
func objectPath(v ssa.Value) (ssa.Value, string) {
	r := objectRoot(v)
	path := ""
	for i := 0; ; i++ {
		x, f, ok := loadedField(r)
		if !ok {
			// A struct held by value in a field of a struct pointer,
			// passed by its address (m.forwardMap.Get(k), Go taking
			// &m.forwardMap for the pointer receiver): it is the
			// holder's, one field deeper, as a pointer field's object.
			fa, isFA := r.(*ssa.FieldAddr)
			if !isFA || !isStructPtr(fa.Type()) {
				return r, path
			}
			if f = fieldName(fa.X.Type(), fa.Field); f == "" {
				return r, path
			}
			x, ok = fa.X, true
		}
		if i >= maxKeyFields-1 {
			return nil, ""
		}
		if i == 0 {
			switch t := r.Type().Underlying().(type) {
			case *types.Map:
			case *types.Pointer:
				if _, ok := t.Elem().Underlying().(*types.Struct); !ok {
					return nil, ""
				}
			default:
				return nil, ""
			}
		}
		if path == "" {
			path = f
		} else {
			path = f + "." + path
		}
		r = objectRoot(x)
	}
}

// isStructPtr reports whether t is a pointer to a struct.
func isStructPtr(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Struct)
	return ok
}

// composeKey prefixes the size key of an object with the field path that
// leads to it: ("inner", "size") → "inner.size", ("inner", "len(items)")
// → "len(inner.items)", ("m", "len") → "len(m)", ("q", "list.size") →
// "q.list.size"; "" beyond maxKeyFields fields.
func composeKey(path, key string) string {
	if path == "" {
		return key
	}
	var out, inner string
	switch key {
	case "len":
		out, inner = "len("+path+")", path
	case "*":
		out, inner = path+".*", path+".*"
	default:
		fn, k := "", key
		if i := strings.IndexByte(key, '('); i > 0 && strings.HasSuffix(key, ")") {
			fn, k = key[:i], key[i+1:len(key)-1]
		}
		inner = path + "." + k
		out = inner
		if fn != "" {
			out = fn + "(" + inner + ")"
		}
	}
	if strings.Count(inner, ".") > maxKeyFields-1 {
		return ""
	}
	return out
}

// covers reports whether an event on the size key ev changes the size
// key: the same key, "*" (every size), or a path ending in ".*" or "."
// (the object under a field, changed or pointed elsewhere) that key lies
// under.
func covers(ev, key string) bool {
	if ev == key || ev == "*" {
		return true
	}
	prefix := ""
	switch {
	case strings.HasSuffix(ev, ".*"):
		prefix = strings.TrimSuffix(ev, "*")
	case strings.HasSuffix(ev, "."):
		prefix = ev
	default:
		return false
	}
	k := key
	if i := strings.IndexByte(key, '('); i > 0 && strings.HasSuffix(key, ")") {
		k = key[i+1 : len(key)-1]
	}
	return strings.HasPrefix(k, prefix)
}

// nestedField splits a key under a field into the first field and the
// key under it ("inner" and "size" of "inner.size", "q" and
// "len(list.items)" of "len(q.list.items)"), or "".
func nestedField(key string) (field, inner string) {
	fn, k := "", key
	if i := strings.IndexByte(key, '('); i > 0 && strings.HasSuffix(key, ")") {
		fn, k = key[:i], key[i+1:len(key)-1]
	}
	i := strings.IndexByte(k, '.')
	if i < 0 {
		return "", ""
	}
	inner = k[i+1:]
	if fn != "" {
		inner = fn + "(" + inner + ")"
	}
	return k[:i], inner
}

// fieldOfLocal reports whether addr is a field of an object the function
// follows (its sizes are then followed under the field's name).
func fieldOfLocal(addr ssa.Value) bool {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	obj, path := objectPath(fa.X)
	return obj != nil && path == "" && objectKind(obj) != ""
}

// cellStore returns the only store into the local cell that load reads,
// if it dominates the load and nothing else can write the cell (no call
// takes its address, no closure assigns it).
func cellStore(load *ssa.UnOp) *ssa.Store {
	switch a := load.X.(type) {
	case *ssa.Alloc:
		switch a.Type().(*types.Pointer).Elem().Underlying().(type) {
		case *types.Pointer, *types.Map:
		default:
			return nil
		}
	case *ssa.FreeVar:
	default:
		return nil
	}
	refs := load.X.Referrers()
	if refs == nil {
		return nil
	}
	var store *ssa.Store
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if selfCopy(r) {
				continue // *p = *p, as go/ssa writes named results back
			}
			if r.Addr != load.X || store != nil {
				return nil
			}
			store = r
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.DebugRef:
		case *ssa.MakeClosure:
			if closureStores(r, load.X) && !deferredOnly(r) && mayRunBefore(r, load) {
				return nil
			}
		default:
			return nil
		}
	}
	if store == nil || store.Parent() != load.Parent() || !precedes(store, load) {
		return nil
	}
	return store
}

// mayRunBefore reports whether the closure created at mc may have run
// when in runs: mc comes first in a block, or on a path, leading to in.
func mayRunBefore(mc *ssa.MakeClosure, in ssa.Instruction) bool {
	if mc.Block() == in.Block() && instrIndex(mc) < instrIndex(in) {
		return true
	}
	return reaches(mc.Block(), in.Block(), nil)
}

// selfCopy reports whether s stores what it loads from the same address.
func selfCopy(s *ssa.Store) bool {
	u, ok := s.Val.(*ssa.UnOp)
	return ok && u.Op == token.MUL && u.X == s.Addr
}

// deferredOnly reports whether the closure mc is only deferred. Its
// assignments to the function's variables are then taken as recovery from
// a panic (`defer func() { if recover() != nil { res = fallback } }()`),
// not as what the normal return sees.
func deferredOnly(mc *ssa.MakeClosure) bool {
	refs := mc.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		d, ok := r.(*ssa.Defer)
		if !ok || d.Call.Value != mc {
			return false
		}
	}
	return true
}

// closureStores reports whether the closure mc assigns the captured cell.
func closureStores(mc *ssa.MakeClosure, cell ssa.Value) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return true
	}
	for i, b := range mc.Bindings {
		if b != cell || i >= len(fn.FreeVars) {
			continue
		}
		if refs := fn.FreeVars[i].Referrers(); refs != nil {
			for _, r := range *refs {
				if _, isLoad := r.(*ssa.UnOp); !isLoad {
					return true
				}
			}
		}
	}
	return false
}

// precedes reports whether a runs before b on every path to b: a's block
// dominates b's, and within one block a comes first.
func precedes(a, b ssa.Instruction) bool {
	ba, bb := a.Block(), b.Block()
	if ba != bb {
		return ba.Dominates(bb)
	}
	return instrIndex(a) < instrIndex(b)
}

func instrIndex(in ssa.Instruction) int {
	return slices.Index(in.Block().Instrs, in)
}

// objectKind says whether v is an object whose sizes the function follows:
// "param" (a pointer-to-struct or map parameter), "local" (a struct or map
// it allocates, or the result of a call that may be a constructor), or "".
func objectKind(v ssa.Value) string {
	switch x := v.(type) {
	case *ssa.Parameter:
		if paramName(x) == "" {
			return ""
		}
		switch t := x.Type().Underlying().(type) {
		case *types.Map:
			return "param"
		case *types.Pointer:
			if _, ok := t.Elem().Underlying().(*types.Struct); ok {
				return "param"
			}
		}
	case *ssa.Alloc:
		if _, ok := x.Type().(*types.Pointer).Elem().Underlying().(*types.Struct); ok {
			return "local"
		}
	case *ssa.MakeMap:
		return "local"
	case *ssa.Call, *ssa.Extract:
		if e, ok := x.(*ssa.Extract); ok && constructorCall(e) == nil {
			return ""
		}
		switch t := x.Type().Underlying().(type) {
		case *types.Map:
			return "local"
		case *types.Pointer:
			if _, ok := t.Elem().Underlying().(*types.Struct); ok {
				return "local"
			}
		}
	}
	return ""
}

// sizeEvents lists the changes of object sizes in the function's reached,
// non-cold blocks, in block order; computed once.
func (st *funcState) sizeEvents() []sizeEvent {
	if st.eventsDone || st.flow == nil {
		return st.events
	}
	st.eventsDone, st.buildingEvents = true, true
	cur := st.cur
	defer func() { st.buildingEvents, st.cur = false, cur }()
	var evs []sizeEvent
	// add records an event on the object v designates: v itself or, for
	// a field of one (l.inner), that object's sizes prefixed by the field.
	add := func(v ssa.Value, key string, in ssa.Instruction, op sizeOp, value expr.Expr, known bool) {
		obj, path := objectPath(v)
		if obj == nil || objectKind(obj) == "" {
			return
		}
		if key = composeKey(path, key); key == "" {
			return
		}
		if op == opSet && known {
			if k, ok := st.equalGuard(obj, key, in.Block()); ok {
				op, value = opAdd, expr.Sub(value, k)
			}
		}
		if op == opSet {
			if need, ok := st.growthNeed(obj, key, in.Block()); ok {
				op, value, known = opMax, need, true
			}
		}
		evs = append(evs, sizeEvent{obj: obj, key: key, in: in, op: op, value: value, known: known, lazy: st.pendingLazy})
		st.pendingLazy = nil
	}
	for _, b := range st.fn.Blocks {
		// Amortized arms (capacity growth, lazy initialization) have
		// frequency 0 but still change what they assign; the recover
		// block is a panic's way out.
		if !st.flow.reached[b.Index] || st.flow.cold[b.Index] || b == st.fn.Recover {
			continue
		}
		for _, in := range b.Instrs {
			st.cur = in
			switch in := in.(type) {
			case *ssa.Store:
				if fa, ok := in.Addr.(*ssa.FieldAddr); ok {
					st.fieldStore(fa, in, add)
				}
				// `*t0 = v` overwrites the whole of a local struct, as
				// go/ssa spills a struct parameter (a value receiver)
				// whose field's address is taken: from there on its
				// sizes are v's, not the zero value's.
				if a, ok := in.Addr.(*ssa.Alloc); ok && objectKind(a) == "local" && !selfCopy(in) {
					add(a, "*", in, opSet, expr.Expr{}, false)
				}
				// An object stored anywhere but a followed cell may be
				// changed through the copy.
				if objectKind(objectRoot(in.Val)) == "local" && !selfCopy(in) && !localCell(in.Addr) && !fieldOfLocal(in.Addr) {
					add(in.Val, "*", in, opSet, expr.Expr{}, false)
				}
			case *ssa.MapUpdate:
				st.mapChange(in.Map, in, 1, add)
			case *ssa.Call:
				st.callEvents(in, add)
			case *ssa.Defer, *ssa.Go:
				for _, a := range in.(ssa.CallInstruction).Common().Args {
					add(a, "*", in, opSet, expr.Expr{}, false)
				}
			}
		}
	}
	st.events = evs
	return evs
}

// equalGuard is k when block b runs only where the integer field key of
// obj equals k (b is dominated by the true arm of `if obj.key == k`):
// setting the field to v there changes it by v−k, as a delta (a Remove
// that calls Clear when `size == 1` decrements the size like its other
// paths).
func (st *funcState) equalGuard(obj ssa.Value, key string, b *ssa.BasicBlock) (expr.Expr, bool) {
	if strings.ContainsAny(key, ".(") {
		return expr.Expr{}, false
	}
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 || len(d.Succs) != 2 || d.Succs[0] == d.Succs[1] {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		c, ok := iff.Cond.(*ssa.BinOp)
		if !ok || c.Op != token.EQL {
			continue
		}
		if !d.Succs[0].Dominates(b) || len(d.Succs[0].Preds) != 1 {
			continue
		}
		for _, xy := range [][2]ssa.Value{{c.X, c.Y}, {c.Y, c.X}} {
			x, f, ok := loadedField(xy[0])
			if !ok || f != key {
				continue
			}
			if r, p := objectPath(x); r != obj || p != "" {
				continue
			}
			if k, ok := st.symInt(xy[1]); ok {
				return k, true
			}
		}
	}
	return expr.Expr{}, false
}

// growthNeed is what a growth arm needs, when block b runs only in the
// growth arm of a capacity check of the slice field key ("len(F)",
// "cap(F)") of obj — `if l.size+n >= cap(l.elements) { grow }`: the
// length it compares with the capacity (l.size+n). A size set there (to
// a formula over the old capacity, 2·(cap+n)) is taken as raised to at
// least that: grown on demand to what is needed, a lower bound whatever
// the growth factor.
func (st *funcState) growthNeed(obj ssa.Value, key string, b *ssa.BasicBlock) (expr.Expr, bool) {
	var field string
	switch {
	case strings.HasPrefix(key, "len(") && strings.HasSuffix(key, ")"):
		field = key[4 : len(key)-1]
	case strings.HasPrefix(key, "cap(") && strings.HasSuffix(key, ")"):
		field = key[4 : len(key)-1]
	default:
		return expr.Expr{}, false
	}
	if strings.Contains(field, ".") {
		return expr.Expr{}, false
	}
	for d := b.Idom(); d != nil; d = d.Idom() {
		arm := capacityArm(d)
		if arm == nil || !arm.Dominates(b) {
			continue
		}
		cmp := d.Instrs[len(d.Instrs)-1].(*ssa.If).Cond.(*ssa.BinOp)
		for _, xy := range [][2]ssa.Value{{cmp.X, cmp.Y}, {cmp.Y, cmp.X}} {
			capSide := xy[0]
			for {
				if c, ok := capSide.(*ssa.Convert); ok {
					capSide = c.X
					continue
				}
				break
			}
			c, ok := capSide.(*ssa.Call)
			if !ok || len(c.Call.Args) != 1 {
				continue
			}
			if bi, ok := c.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "cap" {
				continue
			}
			x, f, ok := loadedField(c.Call.Args[0])
			if !ok || f != field {
				continue
			}
			if r, p := objectPath(x); r != obj || p != "" {
				continue
			}
			// The growth arm is the one where the other side exceeds the
			// capacity; a shrink arm compares with a fraction of it.
			if _, frac := usesCap(xy[0], 0); frac {
				return expr.Expr{}, false
			}
			if need, ok := st.symInt(xy[1]); ok {
				return need, true
			}
		}
	}
	return expr.Expr{}, false
}

// localCell reports whether addr is a local variable's cell (one that
// holds a pointer or a map), where storing an object does not let other
// code change it.
func localCell(addr ssa.Value) bool {
	switch a := addr.(type) {
	case *ssa.Alloc:
		switch a.Type().(*types.Pointer).Elem().Underlying().(type) {
		case *types.Pointer, *types.Map:
			return true
		}
	case *ssa.FreeVar:
		return true
	}
	return false
}

// fieldStore records what a store into a field does to the object's sizes.
func (st *funcState) fieldStore(fa *ssa.FieldAddr, s *ssa.Store, add func(ssa.Value, string, ssa.Instruction, sizeOp, expr.Expr, bool)) {
	name := fieldName(fa.X.Type(), fa.Field)
	if name == "" {
		return
	}
	obj := fa.X
	root, path := objectPath(obj)
	sameField := func(v ssa.Value) bool {
		x, f, ok := loadedField(v)
		if !ok || f != name {
			return false
		}
		r, p := objectPath(x)
		return r == root && p == path
	}
	switch t := fa.Type().(*types.Pointer).Elem().Underlying().(type) {
	case *types.Pointer:
		// l.inner = x: the sizes under "inner." are x's from here on.
		if _, ok := t.Elem().Underlying().(*types.Struct); ok {
			if path == "" {
				st.refs[s] = objectRoot(s.Val)
				add(obj, name+".", s, opSet, expr.Expr{}, true)
			} else {
				// l.inner.x = y: the sizes under "inner.x." are unknown.
				add(obj, name+".*", s, opSet, expr.Expr{}, false)
			}
		}
	case *types.Basic:
		if t.Info()&types.IsInteger == 0 {
			return
		}
		// p.F++, p.F += d, p.F -= d
		if b, ok := s.Val.(*ssa.BinOp); ok && (b.Op == token.ADD || b.Op == token.SUB) {
			x, y := b.X, b.Y
			if !sameField(x) && b.Op == token.ADD && sameField(y) {
				x, y = y, x
			}
			if sameField(x) {
				d, ok := st.symInt(y)
				if b.Op == token.SUB {
					d = expr.Scale(d, -1)
				}
				add(obj, name, s, opAdd, d, ok)
				return
			}
		}
		v, ok := st.symInt(s.Val)
		add(obj, name, s, opSet, v, ok)
	case *types.Slice:
		key := "len(" + name + ")"
		if args := appendArgs(s.Val); len(args) == 2 && sameField(args[0]) {
			n, ok := st.symLen(args[1])
			add(obj, key, s, opAdd, n, ok)
			add(obj, "cap("+name+")", s, opSet, expr.Expr{}, false)
			return
		}
		n, ok := st.symLen(s.Val)
		add(obj, key, s, opSet, n, ok)
		// The capacity is known only where the slice is made here.
		var c expr.Expr
		if _, made := s.Val.(*ssa.MakeSlice); made {
			c, ok = st.symCap(s.Val)
		} else {
			ok = false
		}
		add(obj, "cap("+name+")", s, opSet, c, ok)
	case *types.Map:
		_, isMake := s.Val.(*ssa.MakeMap)
		add(obj, "len("+name+")", s, opSet, expr.Expr{}, isMake)
	}
}

// mapChange records a map write (delta 1: a new key, the usual way maps
// are built) or delete (-1) on m, a map field or a map object.
func (st *funcState) mapChange(m ssa.Value, in ssa.Instruction, delta float64, add func(ssa.Value, string, ssa.Instruction, sizeOp, expr.Expr, bool)) {
	add(m, "len", in, opAdd, expr.Const(delta), true)
}

// callEvents records the effects of a call on the objects it is passed.
func (st *funcState) callEvents(c *ssa.Call, add func(ssa.Value, string, ssa.Instruction, sizeOp, expr.Expr, bool)) {
	com := c.Common()
	if b, ok := com.Value.(*ssa.Builtin); ok {
		if b.Name() == "delete" && len(com.Args) == 2 {
			st.mapChange(com.Args[0], c, -1, add)
		}
		return
	}
	args := com.Args
	if com.IsInvoke() {
		args = append([]ssa.Value{com.Value}, args...)
	}
	var sum *Summary
	if g := com.StaticCallee(); g != nil && HarnessCall(g) {
		return
	}
	sum = st.calleeSummary(com)
	if sum == nil && !com.IsInvoke() {
		if g := com.StaticCallee(); g != nil {
			if o := g.Origin(); o != nil {
				g = o
			}
			if st.scc[g] || st.rec[g] || g == st.fn {
				// A call within the function's own cycle, whose summary
				// is not known yet: it may change the fields the cycle's
				// bodies write, and nothing else.
				names, all := st.cycleWrites()
				for _, a := range args {
					obj, path := objectPath(a)
					if all || path != "" || obj == nil {
						add(a, "*", c, opSet, expr.Expr{}, false)
						continue
					}
					for _, key := range st.sizeKeys(obj) {
						_, base, _ := splitVar(key)
						if slices.Contains(names, base) {
							add(obj, key, c, opSet, expr.Expr{}, false)
						}
					}
					if _, isMap := obj.Type().Underlying().(*types.Map); isMap {
						add(obj, "len", c, opSet, expr.Expr{}, false)
					}
				}
				return
			}
		}
	}
	if sum == nil || !sum.Sized {
		// Unknown effects: every object passed may change.
		for _, a := range args {
			add(a, "*", c, opSet, expr.Expr{}, false)
		}
		return
	}
	for _, e := range sum.Effects {
		obj, key, ok := effectTarget(sum, e.Var, args)
		if !ok {
			continue
		}
		op := opAdd
		switch e.Op {
		case "set":
			op = opSet
		case "max":
			op = opMax
		}
		var d expr.Expr
		if op == opMax {
			d, ok = st.bindLast(sum, e.Value, args)
			if !ok {
				sum, v := sum, e.Value
				st.pendingLazy = func() (expr.Expr, bool) { return st.bindLast(sum, v, args) }
			}
		} else {
			d, ok = st.bindExpr(sum, e.Value, args, 1)
		}
		add(obj, key, c, op, d, ok)
		st.pendingLazy = nil
	}
	for _, v := range sum.Clobbers {
		if obj, key, ok := effectTarget(sum, v, args); ok {
			add(obj, key, c, opSet, expr.Expr{}, false)
		}
	}
}

// cycleWrites lists the names of the fields the bodies of the function's
// call cycle store to, directly or through their callees' effects (all:
// something may change any field); computed once.
func (st *funcState) cycleWrites() (names []string, all bool) {
	if st.cycleNames != nil {
		return st.cycleNames, st.cycleAll
	}
	set := map[string]bool{}
	members := []*ssa.Function{st.fn}
	for f := range st.scc {
		members = append(members, f)
	}
	for f := range st.rec {
		members = append(members, f)
	}
	inCycle := func(g *ssa.Function) bool {
		if o := g.Origin(); o != nil {
			g = o
		}
		return g == st.fn || st.scc[g] || st.rec[g]
	}
	for _, f := range members {
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.Store:
					if fa, ok := in.Addr.(*ssa.FieldAddr); ok {
						set[fieldName(fa.X.Type(), fa.Field)] = true
					}
				case *ssa.MapUpdate:
					if _, f, ok := loadedField(in.Map); ok {
						set[f] = true
					} else {
						st.cycleAll = true
					}
				case ssa.CallInstruction:
					com := in.Common()
					if _, ok := com.Value.(*ssa.Builtin); ok {
						continue
					}
					g := com.StaticCallee()
					if g == nil {
						st.cycleAll = true
						continue
					}
					if inCycle(g) || HarnessCall(g) {
						continue
					}
					sum := st.s.summaryOf(g)
					if sum == nil || !sum.Sized {
						st.cycleAll = true
						continue
					}
					for _, e := range sum.Effects {
						_, _, rest := splitVar(e.Var)
						set[strings.TrimPrefix(rest, ".")] = true
					}
					for _, v := range sum.Clobbers {
						_, _, rest := splitVar(v)
						if rest == ".*" {
							st.cycleAll = true
						}
						set[strings.TrimPrefix(rest, ".")] = true
					}
				}
			}
		}
	}
	delete(set, "")
	st.cycleNames = make([]string, 0, len(set))
	for n := range set {
		st.cycleNames = append(st.cycleNames, n)
	}
	slices.Sort(st.cycleNames)
	return st.cycleNames, st.cycleAll
}

// effectTarget maps a callee's size variable ("l.size", "len(l.set)",
// "len(m)", "l.inner.size") to the caller's argument and key.
func effectTarget(sum *Summary, v string, args []ssa.Value) (ssa.Value, string, bool) {
	fn, base, rest := splitVar(v)
	idx := slices.Index(sum.Params, base)
	if idx < 0 || idx >= len(args) {
		return nil, "", false
	}
	arg := args[idx]
	switch {
	case rest == "" && fn == "len":
		return arg, "len", true
	case rest != "" && strings.Count(rest[1:], ".") <= maxKeyFields-1:
		key := rest[1:]
		if fn != "" {
			key = fn + "(" + key + ")"
		}
		return arg, key, true
	}
	return nil, "", false
}

// objectSize implements symEnv: the size key of a local object at the
// instruction being counted.
func (st *funcState) objectSize(obj ssa.Value, key string, depth int) (expr.Expr, bool) {
	if st.buildingEvents || depth > maxSizeDepth || st.flow == nil || st.cur == nil || st.cur.Block() == nil {
		return expr.Expr{}, false
	}
	root, path := objectPath(obj)
	if root == nil || objectKind(root) != "local" {
		return expr.Expr{}, false
	}
	if key = composeKey(path, key); key == "" {
		return expr.Expr{}, false
	}
	return st.sizeAt(root, key, st.cur, depth)
}

// sizeAt is the size key of the local object obj when at runs: what its
// allocation or constructor leaves (the constructor's Shape bound to the
// call's arguments), or the last value set before at, plus the changes
// made before at — each weighted by how often it runs per run of at's
// context: per call, or per iteration of the innermost loop holding both
// the change and at, when obj is created inside that loop too. Changes in
// a loop that also holds at but not obj's creation accumulate while at
// runs (growth, not setup) and are not counted.
func (st *funcState) sizeAt(obj ssa.Value, key string, at ssa.Instruction, depth int) (expr.Expr, bool) {
	created := obj.(ssa.Instruction).Block()
	var sets, adds, maxes []sizeEvent
	field, inner := nestedField(key)
	for _, e := range st.sizeEvents() {
		if e.obj != obj || !covers(e.key, key) {
			continue
		}
		if !st.before(e.in, at, created) {
			continue
		}
		switch e.op {
		case opSet:
			sets = append(sets, e)
		case opAdd:
			adds = append(adds, e)
		case opMax:
			maxes = append(maxes, e)
		}
	}
	var val expr.Expr
	var last *sizeEvent
	for i := range sets {
		latest := true
		for j := range sets {
			if i != j && !precedes(sets[j].in, sets[i].in) {
				latest = false
				break
			}
		}
		if latest {
			last = &sets[i]
			break
		}
	}
	switch {
	case last != nil && last.key == field+".":
		// The field was pointed at another object: its sizes from there.
		store, _ := last.in.(*ssa.Store)
		v, ok := st.refSize(st.refs[store], inner, at, depth)
		if !ok {
			return expr.Expr{}, false
		}
		val = v
	case last != nil && last.key == "*":
		// The whole object was overwritten: with a parameter's value,
		// its sizes are the parameter's (variables the caller binds).
		v, ok := wholeStoreSize(last.in, key)
		if !ok {
			return expr.Expr{}, false
		}
		val = v
	case last != nil:
		if !last.known {
			return expr.Expr{}, false
		}
		val = last.value
	case len(sets) > 0:
		return expr.Expr{}, false // set on different paths
	default:
		b, ok := st.baseSize(obj, key, depth)
		if !ok {
			return expr.Expr{}, false
		}
		val = b
	}
	for _, e := range append(adds, maxes...) {
		if last != nil && !precedes(last.in, e.in) {
			if st.before(e.in, last.in, created) {
				continue // overwritten by the set
			}
			return expr.Expr{}, false
		}
		if !e.known && e.op == opMax && e.lazy != nil && depth < maxSizeDepth {
			cur := st.cur
			st.cur, st.atEnd = e.in, st.atEnd+1
			v, ok := e.lazy()
			st.cur, st.atEnd = cur, st.atEnd-1
			if !ok {
				return expr.Expr{}, false
			}
			val = expr.Max(val, v)
			continue
		}
		if !e.known {
			return expr.Expr{}, false
		}
		if e.op == opMax {
			val = expr.Max(val, e.value)
			continue
		}
		l := st.commonLoop(e.in.Block(), at.Block())
		r := expr.Scale(st.relFreq(e.in.Block(), l), st.newKeyFactor(e.in.Block()))
		val = expr.Add(val, expr.Mul(r, e.value))
	}
	return st.drift(obj, key, at, created, val), true
}

// drift is the mean size key of obj over the runs of at, for a size that
// is s0 when the outermost loop holding at but not obj's creation is
// entered (created: the block creating obj; the entry block for a
// parameter) and changes by deltas inside that loop: a benchmark's b.N
// loop removing what setup added, or adding to it. With D the change per
// iteration of that loop (each delta weighted by how often it runs per
// iteration) and T its trip count, the size is taken as changing evenly
// over the iterations, clamped at zero: the mean of max(0, s0 + D·t) over
// t in [0, T], s0 + D·T/2 when D ≥ 0, and (s0·m + D·m²/2)/T with m =
// min(T, s0/−D), the iterations it takes to empty, when D < 0. Costs
// linear in the size then total exactly what the calls' sizes sum to; a
// structure emptied during the first iteration costs its removals once
// per entry into the loop, and nothing per later iteration. s0 is
// returned unchanged when nothing changes the size in that loop, when it
// is also assigned or changed by unknown amounts there, or when the sign
// of D is not the same with every variable at 1 and at 1000 (sizes and
// trip counts are non-negative, so a sum of terms of one sign passes).
func (st *funcState) drift(obj ssa.Value, key string, at ssa.Instruction, created *ssa.BasicBlock, s0 expr.Expr) expr.Expr {
	if st.flow == nil || at.Block() == nil {
		return s0
	}
	var outer *loop
	for l := st.flow.inner[at.Block().Index]; l != nil && !l.contains(created); l = l.parent {
		outer = l
	}
	if outer == nil {
		return s0
	}
	var d expr.Expr
	changed := false
	evs := st.sizeEvents()
	hit := st.hitFactors(evs, func(e sizeEvent) string {
		if e.obj == obj && e.key == key && outer.contains(e.in.Block()) {
			return "x"
		}
		return ""
	})
	for _, e := range evs {
		if e.obj != obj || !outer.contains(e.in.Block()) {
			continue
		}
		if !covers(e.key, key) {
			continue
		}
		if e.op != opAdd || !e.known || e.key != key {
			return s0
		}
		r := expr.Scale(st.relFreq(e.in.Block(), outer), st.newKeyFactor(e.in.Block())*hit[e.in])
		d = expr.Add(d, expr.Mul(r, e.value))
		changed = true
	}
	if !changed {
		return s0
	}
	d = roundExpr(d)
	sign := exprSign(d)
	t := outer.trip
	if st.atEnd > 0 {
		// A lower bound a call in the loop raises a size to, over this
		// size: its value when the last iteration starts, s0 + D·(T-1).
		last := expr.Add(s0, expr.Mul(d, expr.Sub(t, expr.Const(1))))
		switch {
		case sign > 0:
			return last
		case sign < 0:
			return expr.Max(expr.Const(0), last)
		}
		return s0
	}
	switch {
	case sign > 0:
		return expr.Add(s0, expr.Mul(d, expr.Scale(t, 0.5)))
	case sign < 0:
		m := expr.Min(t, expr.Div(s0, expr.Scale(d, -1)))
		sum := expr.Add(expr.Mul(s0, m), expr.Mul(d, expr.Pow(m, 2), expr.Const(0.5)))
		mean := expr.Div(sum, t)
		st.lastDrain = &drain{mean: mean, frac: expr.Div(m, t), active: expr.Add(s0, expr.Mul(d, m, expr.Const(0.5)))}
		return mean
	}
	return s0
}

// paramSize is the size key of the parameter object p, named by the
// variable name, at the instruction being counted: the variable, or its
// mean over a loop of the function that changes it (drift).
func (st *funcState) paramSize(p ssa.Value, key, name string) expr.Expr {
	v := expr.Var(name)
	if st.buildingEvents || st.flow == nil || st.cur == nil || st.cur.Block() == nil || len(st.fn.Blocks) == 0 {
		return v
	}
	return st.drift(p, key, st.cur, st.fn.Blocks[0], v)
}

// exprSign is the sign of e where it is the same with every variable at 1
// and at 1000 (and nonzero); 0 otherwise.
func exprSign(e expr.Expr) int {
	sign := 0
	for _, x := range []float64{1, 1000} {
		v, err := e.Eval(func(string) (float64, bool) { return x, true })
		if err != nil || v == 0 {
			return 0
		}
		s := 1
		if v < 0 {
			s = -1
		}
		if sign != 0 && s != sign {
			return 0
		}
		sign = s
	}
	return sign
}

// refSize is the size key of the object ref a field was pointed at, when
// at runs: a local object's, or a parameter's as a variable.
func (st *funcState) refSize(ref ssa.Value, key string, at ssa.Instruction, depth int) (expr.Expr, bool) {
	if depth > maxSizeDepth || ref == nil {
		return expr.Expr{}, false
	}
	if c, ok := ref.(*ssa.Const); ok && c.IsNil() {
		return expr.Expr{}, true
	}
	switch objectKind(ref) {
	case "local":
		return st.sizeAt(ref, key, at, depth+1)
	case "param":
		return paramSizeVar(ref.(*ssa.Parameter), key)
	}
	return expr.Expr{}, false
}

// paramSizeVar is the variable standing for the size key of parameter p
// (len(cs.items) for p cs and key len(items)), which its callers bind.
func paramSizeVar(p *ssa.Parameter, key string) (expr.Expr, bool) {
	v := sizeVar(paramName(p), key)
	if expr.ValidVar(v) != nil {
		return expr.Expr{}, false
	}
	return expr.Var(v), true
}

// wholeStoreSize is the size key of a local struct that the store in
// overwrote with a parameter's value (`*t0 = cs`): the parameter's size
// variable, such as len(cs.items).
func wholeStoreSize(in ssa.Instruction, key string) (expr.Expr, bool) {
	s, ok := in.(*ssa.Store)
	if !ok {
		return expr.Expr{}, false
	}
	p, ok := s.Val.(*ssa.Parameter)
	if !ok || paramName(p) == "" {
		return expr.Expr{}, false
	}
	return paramSizeVar(p, key)
}

// baseSize is a size of obj as created: zero for what the function
// allocates, the constructor's Shape for a call.
func (st *funcState) baseSize(obj ssa.Value, key string, depth int) (expr.Expr, bool) {
	switch o := obj.(type) {
	case *ssa.Alloc, *ssa.MakeMap:
		return expr.Expr{}, true
	case *ssa.Call, *ssa.Extract:
		c, ok := o.(*ssa.Call)
		if !ok {
			c = constructorCall(o.(*ssa.Extract))
		}
		return st.callShape(c, key, depth)
	}
	return expr.Expr{}, false
}

// callShape is the Shape for key of what call c returns (its callee's,
// specialized to constant arguments), bound to the call's arguments.
func (st *funcState) callShape(c *ssa.Call, key string, depth int) (expr.Expr, bool) {
	sum := st.calleeSummary(c.Common())
	if sum == nil {
		return expr.Expr{}, false
	}
	for _, f := range sum.Shape {
		if f.Var == key {
			return st.bindExpr(sum, f.Value, c.Call.Args, depth+1)
		}
	}
	return expr.Expr{}, false
}

// constructorCall is the call whose first result e is (`s, err :=
// New(...)`: Summary.Shape describes the first result), or nil.
func constructorCall(e *ssa.Extract) *ssa.Call {
	if e.Index != 0 {
		return nil
	}
	c, _ := e.Tuple.(*ssa.Call)
	return c
}

// before reports whether the change e completes before at runs, for an
// object created in block created: e reaches at within one iteration of
// their innermost common loop, and that loop creates the object afresh
// (a change in a loop that holds at but not the creation is growth while
// at runs, not setup).
func (st *funcState) before(e, at ssa.Instruction, created *ssa.BasicBlock) bool {
	be, bu := e.Block(), at.Block()
	l := st.commonLoop(be, bu)
	if l != nil && !l.contains(created) {
		return false
	}
	if be == bu {
		return instrIndex(e) < instrIndex(at)
	}
	return reaches(be, bu, l)
}

// commonLoop is the innermost loop holding both blocks, or nil.
func (st *funcState) commonLoop(a, b *ssa.BasicBlock) *loop {
	for l := st.flow.inner[a.Index]; l != nil; l = l.parent {
		if l.contains(b) {
			return l
		}
	}
	return nil
}

// reaches reports whether a path leads from a to b within loop l (nil: the
// whole function) without passing l's header, i.e. within one iteration.
func reaches(a, b *ssa.BasicBlock, l *loop) bool {
	seen := map[*ssa.BasicBlock]bool{a: true}
	stack := []*ssa.BasicBlock{a}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range x.Succs {
			if s == b {
				return true
			}
			if seen[s] || (l != nil && (!l.contains(s) || s == l.header)) {
				continue
			}
			seen[s] = true
			stack = append(stack, s)
		}
	}
	return false
}

// relFreq is how often block b runs per iteration of loop l (per call when
// l is nil): its probability in its innermost loop times the trip counts
// of the loops between.
func (st *funcState) relFreq(b *ssa.BasicBlock, l *loop) expr.Expr {
	fl := st.flow
	r := expr.Const(round4(fl.prob[b.Index]))
	for x := fl.inner[b.Index]; x != nil && x != l; x = x.parent {
		r = expr.Mul(r, x.trip, expr.Const(round4(x.enter)))
	}
	return r
}

// sizeVar names key of parameter p as a variable: "p.F", "len(p.F)",
// "len(p)".
// SizeVar names the size key ("length", "len(set)", "len" of a map) of
// the object held by the variable or parameter v, as summaries name it:
// "v.length", "len(v.set)", "len(v)".
func SizeVar(v, key string) string { return sizeVar(v, key) }

// SplitSizeVar splits a size variable into the variable holding the object
// and the size key: "len(b.set)" into ("b", "len(set)"), "b.length" into
// ("b", "length"), "len(m)" into ("m", "len"), "n" into ("n", "").
func SplitSizeVar(name string) (v, key string) {
	fn, base, rest := splitVar(name)
	switch {
	case rest == "" && fn == "":
		return base, ""
	case rest == "":
		return base, fn
	case fn == "":
		return base, rest[1:]
	}
	return base, fn + "(" + rest[1:] + ")"
}

func sizeVar(p, key string) string {
	if key == "len" {
		return "len(" + p + ")"
	}
	if i := strings.IndexByte(key, '('); i > 0 {
		return key[:i] + "(" + p + "." + key[i+1:]
	}
	return p + "." + key
}

// paramExpr reports whether every variable of e is a size of one of the
// function's parameters (so a caller can bind it).
func paramExpr(e expr.Expr, params []string) bool {
	for _, n := range e.Vars() {
		_, base, _ := splitVar(n)
		if base == "" || !slices.Contains(params, base) {
			return false
		}
	}
	return true
}

// sizes fills sum.Result, Shape, Effects and Clobbers.
func (st *funcState) sizes(sum *Summary) {
	sum.Sized = true
	if st.flow == nil {
		return
	}
	evs := st.sizeEvents()
	// Effects: per size of a parameter, the expected change per call when
	// it only changes by deltas; the value it is set to when one
	// unconditional assignment sets it; the lower bound it grows to when
	// it is only assigned on some paths (growth on demand: `if i >=
	// p.length { p.extend(i) }`) or raised by callees. Anything else, or a
	// value not over the parameters, clobbers it.
	type acc struct {
		delta        expr.Expr
		adds         bool
		sets, bounds []expr.Expr
		clobber      bool
	}
	byVar := map[string]*acc{}
	var vars []string
	hit := st.hitFactors(evs, func(e sizeEvent) string {
		if p, ok := e.obj.(*ssa.Parameter); ok {
			return sizeVar(paramName(p), e.key)
		}
		return ""
	})
	for _, e := range evs {
		p, ok := e.obj.(*ssa.Parameter)
		if !ok || e.key == "*" || strings.HasSuffix(e.key, ".*") || strings.HasSuffix(e.key, ".") {
			continue
		}
		v := sizeVar(paramName(p), e.key)
		if expr.ValidVar(v) != nil {
			continue
		}
		a := byVar[v]
		if a == nil {
			a = &acc{}
			byVar[v] = a
			vars = append(vars, v)
		}
		if !e.known || !paramExpr(e.value, sum.Params) {
			a.clobber = true
			continue
		}
		f := st.flow.staticFreq(e.in.Block().Index)
		if e.op == opAdd {
			f = expr.Scale(f, st.newKeyFactor(e.in.Block())*hit[e.in])
		}
		switch e.op {
		case opAdd:
			a.adds = true
			a.delta = expr.Add(a.delta, expr.Mul(f, e.value))
		case opSet:
			if c, ok := f.Constant(); ok && c >= 1 {
				a.sets = append(a.sets, roundExpr(e.value))
			} else {
				a.bounds = append(a.bounds, roundExpr(e.value))
			}
		case opMax:
			a.bounds = append(a.bounds, roundExpr(e.value))
		}
	}
	for _, e := range evs {
		// A parameter (or an object under one of its fields) passed where
		// anything may happen, or the field pointed elsewhere.
		p, ok := e.obj.(*ssa.Parameter)
		if !ok {
			continue
		}
		prefix := ""
		switch {
		case e.key == "*":
			prefix = paramName(p)
		case strings.HasSuffix(e.key, ".*"), strings.HasSuffix(e.key, "."):
			prefix = paramName(p) + "." + strings.TrimSuffix(strings.TrimSuffix(e.key, "*"), ".")
		default:
			continue
		}
		for v, a := range byVar {
			if _, base, rest := splitVar(v); base+rest == prefix || strings.HasPrefix(base+rest, prefix+".") {
				a.clobber = true
			}
		}
		sum.Clobbers = append(sum.Clobbers, prefix+".*")
	}
	for _, v := range vars {
		a := byVar[v]
		d := roundExpr(a.delta)
		// Assignments of one value on every path that assigns: a set,
		// wherever some of them are conditional.
		if len(a.sets) > 0 && len(a.bounds) > 0 {
			all := append(slices.Clone(a.sets), a.bounds...)
			slices.SortFunc(all, func(x, y expr.Expr) int { return strings.Compare(x.String(), y.String()) })
			if len(slices.CompactFunc(all, expr.Expr.Equal)) == 1 {
				a.bounds = nil
			}
		}
		kinds := 0
		for _, k := range []bool{a.adds, len(a.sets) > 0, len(a.bounds) > 0} {
			if k {
				kinds++
			}
		}
		switch {
		case a.clobber || kinds > 1 || !paramExpr(d, sum.Params):
			sum.Clobbers = append(sum.Clobbers, v)
		case a.adds:
			if !d.IsZero() {
				sum.Effects = append(sum.Effects, SizeFact{Var: v, Value: d})
			}
		case len(a.sets) > 0:
			if len(slices.CompactFunc(a.sets, expr.Expr.Equal)) > 1 {
				sum.Clobbers = append(sum.Clobbers, v)
			} else {
				sum.Effects = append(sum.Effects, SizeFact{Var: v, Value: a.sets[0], Op: "set"})
			}
		case len(a.bounds) > 0:
			slices.SortFunc(a.bounds, func(x, y expr.Expr) int { return strings.Compare(x.String(), y.String()) })
			b := slices.CompactFunc(a.bounds, expr.Expr.Equal)
			m := b[0]
			if len(b) > 1 {
				m = expr.Max(b...)
			}
			sum.Effects = append(sum.Effects, SizeFact{Var: v, Value: m, Op: "max"})
		}
	}
	slices.SortFunc(sum.Effects, func(a, b SizeFact) int { return strings.Compare(a.Var, b.Var) })
	slices.Sort(sum.Clobbers)
	sum.Clobbers = slices.Compact(sum.Clobbers)

	st.captured(sum)

	results := st.fn.Signature.Results()
	if results.Len() == 0 {
		return
	}
	var rets []*ssa.Return
	for _, b := range st.fn.Blocks {
		if !st.flow.reached[b.Index] || st.flow.cold[b.Index] || st.flow.freq[b.Index].IsZero() || len(b.Instrs) == 0 {
			continue // the recover block, too: a panic's way out
		}
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(r.Results) > 0 {
			rets = append(rets, r)
		}
	}
	if len(rets) == 0 {
		return
	}
	defer func() { st.cur = nil }()
	if isInteger(results.At(0).Type()) {
		sum.Result = st.resultValue(rets, sum.Params, st.symInt)
		return
	}
	switch t := results.At(0).Type().Underlying().(type) {
	case *types.Slice:
		sum.ResultLen = st.resultValue(rets, sum.Params, st.symLen)
		return
	case *types.Basic:
		if t.Info()&types.IsString != 0 {
			sum.ResultLen = st.resultValue(rets, sum.Params, st.symLen)
			return
		}
	}
	sum.Shape = st.resultShape(rets, sum.Params)
}

// resultValue is the integer first result (or the length of the first
// result, with sym = symLen) as one expression over the parameters: the value every return gives, or the one return over the
// parameters when the others return constants (guards and edge cases:
// `if n <= 0 { return 0 }`).
func (st *funcState) resultValue(rets []*ssa.Return, params []string, sym func(ssa.Value) (expr.Expr, bool)) *expr.Expr {
	var general, constant []expr.Expr
	for _, r := range rets {
		st.cur = r
		if phi, ok := r.Results[0].(*ssa.Phi); ok && (!appendGrown(phi) || !st.flow.reached[phi.Block().Index]) {
			// A value merged from paths: its known edges are not its
			// length. A slice a loop grows by append is the exception:
			// after the loop it has what the iterations appended.
			return nil
		}
		e, ok := sym(r.Results[0])
		if !ok || !paramExpr(e, params) {
			return nil
		}
		e = roundExpr(e)
		if _, isConst := e.Constant(); isConst {
			constant = append(constant, e)
		} else {
			general = append(general, e)
		}
	}
	pick := general
	if len(pick) == 0 {
		pick = constant
	}
	for _, e := range pick[1:] {
		if !e.Equal(pick[0]) {
			return nil
		}
	}
	return &pick[0]
}

// resultShape is the sizes of the object the first result designates, on
// which every non-nil return agrees.
func (st *funcState) resultShape(rets []*ssa.Return, params []string) []SizeFact {
	var out map[string]expr.Expr
	for _, r := range rets {
		v := objectRoot(r.Results[0])
		if c, ok := v.(*ssa.Const); ok && c.IsNil() {
			continue
		}
		if a := structCopy(v); a != nil {
			v = a // a struct returned by value: the sizes of the local it copies
		}
		if objectKind(v) != "local" {
			return nil
		}
		st.cur = r
		shape := map[string]expr.Expr{}
		for _, key := range st.sizeKeys(v) {
			if e, ok := st.sizeAt(v, key, r, 0); ok && paramExpr(e, params) {
				shape[key] = roundExpr(e)
			}
		}
		if out == nil {
			out = shape
			continue
		}
		for k, e := range out {
			if f, ok := shape[k]; !ok || !f.Equal(e) {
				delete(out, k)
			}
		}
	}
	var facts []SizeFact
	for k, e := range out {
		facts = append(facts, SizeFact{Var: k, Value: e})
	}
	slices.SortFunc(facts, func(a, b SizeFact) int { return strings.Compare(a.Var, b.Var) })
	return facts
}

// structCopy returns the local struct a load copies when v is such a load
// (`t1 = local T (complit); ...; t4 = *t1; return t4`: a constructor
// returning a struct by value, Decimal{value: ..., exp: exp}), else nil.
// The copy's sizes are the local's where it is loaded.
func structCopy(v ssa.Value) *ssa.Alloc {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	a, ok := u.X.(*ssa.Alloc)
	if !ok || objectKind(a) != "local" {
		return nil
	}
	return a
}

// valueShape binds the size key of a struct held by value that a static
// call returned (`in := New(200, -2); in.Floor()`): the callee's Shape for
// key, bound to the call's arguments.
func (st *funcState) valueShape(v ssa.Value, key string, depth int) (expr.Expr, bool) {
	c, ok := objectRoot(v).(*ssa.Call)
	if !ok {
		return expr.Expr{}, false
	}
	if _, isStruct := c.Type().Underlying().(*types.Struct); !isStruct {
		return expr.Expr{}, false
	}
	return st.callShape(c, key, depth)
}

// sizeKeys lists the sizes an object may have: its integer, slice and map
// fields (or "len" for a map), and those of the structs its pointer fields
// point to ("inner.size"), sorted.
func (st *funcState) sizeKeys(obj ssa.Value) []string {
	keys := typeSizeKeys(obj.Type(), maxKeyFields-1)
	slices.Sort(keys)
	return keys
}

// typeSizeKeys lists the size keys of t, following pointer fields to
// structs nested more levels deep.
func typeSizeKeys(t types.Type, nested int) []string {
	t = t.Underlying()
	if _, ok := t.(*types.Map); ok {
		return []string{"len"}
	}
	pt, ok := t.(*types.Pointer)
	if !ok {
		return nil
	}
	s, ok := pt.Elem().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var keys []string
	for i := 0; i < s.NumFields(); i++ {
		name := fieldName(pt, i)
		if name == "" {
			continue
		}
		switch ft := s.Field(i).Type().Underlying().(type) {
		case *types.Basic:
			if ft.Info()&types.IsInteger != 0 {
				keys = append(keys, name)
			}
		case *types.Slice:
			keys = append(keys, "len("+name+")", "cap("+name+")")
		case *types.Map:
			keys = append(keys, "len("+name+")")
		case *types.Pointer:
			if _, ok := ft.Elem().Underlying().(*types.Struct); ok && nested > 0 && !types.Identical(ft, pt) {
				for _, k := range typeSizeKeys(ft, nested-1) {
					if c := composeKey(name, k); c != "" {
						keys = append(keys, c)
					}
				}
			}
		}
	}
	return keys
}

// captured fills sum.Captured: for each closure the function creates, the
// sizes of the local objects it captures, taken where it is created. A
// captured variable's object is the one the function's single store put
// in it before the closure was created; a closure that assigns the
// variable itself names no sizes of it (freeVarName), and one created
// earlier that assigns it makes the value unknown.
func (st *funcState) captured(sum *Summary) {
	if st.flow == nil {
		return
	}
	defer func() { st.cur = nil }()
	for _, b := range st.fn.Blocks {
		if !st.flow.reached[b.Index] || st.flow.cold[b.Index] {
			continue
		}
		for _, in := range b.Instrs {
			mc, ok := in.(*ssa.MakeClosure)
			if !ok {
				continue
			}
			fn, ok := mc.Fn.(*ssa.Function)
			if !ok {
				continue
			}
			for i, bv := range mc.Bindings {
				if i >= len(fn.FreeVars) {
					break
				}
				name := freeVarName(fn.FreeVars[i])
				if name == "" {
					continue
				}
				// An integer captured by value (a factory's parameter
				// the closure's loop runs to: b.N*multiplier) is its
				// value where the closure is made.
				if n, ok := st.capturedInt(bv, mc); ok {
					sum.Captured = append(sum.Captured, CapturedSize{Closure: funcKey(fn), Var: name, Value: roundExpr(n)})
					continue
				}
				if n, ok := st.capturedLen(bv, mc); ok {
					if v := "len(" + name + ")"; expr.ValidVar(v) == nil {
						sum.Captured = append(sum.Captured, CapturedSize{Closure: funcKey(fn), Var: v, Value: roundExpr(n)})
					}
					continue
				}
				obj := capturedObject(bv, mc)
				if obj == nil || objectKind(obj) != "local" {
					continue
				}
				st.cur = mc
				for _, key := range st.sizeKeys(obj) {
					v := sizeVar(name, key)
					if expr.ValidVar(v) != nil {
						continue
					}
					if e, ok := st.sizeAt(obj, key, mc, 0); ok {
						sum.Captured = append(sum.Captured, CapturedSize{Closure: funcKey(fn), Var: v, Value: roundExpr(e)})
					}
				}
			}
		}
	}
	slices.SortFunc(sum.Captured, func(a, b CapturedSize) int {
		if c := strings.Compare(a.Closure, b.Closure); c != 0 {
			return c
		}
		return strings.Compare(a.Var, b.Var)
	})
}

// factoryCaptured gives the sizes the closure named closure captured, for
// a call through the function value v that a static call returned (a
// benchmark factory: `benchmarkGet(1)(b)`, whose body fills a map with
// 1000*multiplier keys and returns `func(b *testing.B) { ... m[i] ... }`):
// the factory's Summary.Captured for that closure, bound to the factory
// call's arguments. The closure's variables "len(m)" then take the sizes
// the factory left, as the b.Run closures of a benchmark take theirs in
// perfcast predict; nil when v is not such a call.
func (st *funcState) factoryCaptured(v ssa.Value, closure string) map[string]expr.Expr {
	if v == nil {
		return nil
	}
	c, ok := objectRoot(v).(*ssa.Call)
	if !ok || c.Call.IsInvoke() {
		return nil
	}
	sum := st.calleeSummary(&c.Call)
	if sum == nil {
		return nil
	}
	var out map[string]expr.Expr
	for _, cs := range sum.Captured {
		if cs.Closure != closure {
			continue
		}
		e, ok := st.bindExpr(sum, cs.Value, c.Call.Args, 1)
		if !ok {
			continue
		}
		if out == nil {
			out = map[string]expr.Expr{}
		}
		out[cs.Var] = e
	}
	return out
}

// capturedLen is the length of a slice or string a closure created at mc
// captures through the binding bv (a variable's cell stored to once,
// before mc, and assigned by no closure), over the function's own
// variables.
func (st *funcState) capturedLen(bv ssa.Value, mc *ssa.MakeClosure) (expr.Expr, bool) {
	cell, ok := bv.(*ssa.Alloc)
	if !ok {
		return expr.Expr{}, false
	}
	switch t := cell.Type().(*types.Pointer).Elem().Underlying().(type) {
	case *types.Slice:
	case *types.Basic:
		if t.Info()&types.IsString == 0 {
			return expr.Expr{}, false
		}
	default:
		return expr.Expr{}, false
	}
	val := cellValue(cell, mc)
	if val == nil {
		return expr.Expr{}, false
	}
	st.cur = mc
	return st.symLen(val)
}

// capturedInt is the value of an integer a closure created at mc
// captures through the binding bv (a variable's cell stored to once,
// before mc, and assigned by no closure: a factory's parameter, which
// go/ssa captures by reference), over the function's own variables.
func (st *funcState) capturedInt(bv ssa.Value, mc *ssa.MakeClosure) (expr.Expr, bool) {
	cell, ok := bv.(*ssa.Alloc)
	if !ok || !isInteger(cell.Type().(*types.Pointer).Elem()) {
		return expr.Expr{}, false
	}
	val := cellValue(cell, mc)
	if val == nil {
		return expr.Expr{}, false
	}
	st.cur = mc
	return st.symInt(val)
}

// cellValue is what the only store into cell put there, if it precedes
// mc and no closure assigns the cell; else nil.
func cellValue(cell *ssa.Alloc, mc *ssa.MakeClosure) ssa.Value {
	var store *ssa.Store
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != cell || store != nil {
				return nil
			}
			store = r
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			if closureStores(r, cell) {
				return nil
			}
		default:
			return nil
		}
	}
	if store == nil || !precedes(store, mc) {
		return nil
	}
	return store.Val
}

// capturedObject is the object a closure created at mc captures through
// the binding bv: bv itself, or what the function's only store put in the
// cell bv before mc, if no closure created before mc assigns the cell.
func capturedObject(bv ssa.Value, mc *ssa.MakeClosure) ssa.Value {
	cell, ok := bv.(*ssa.Alloc)
	if !ok {
		return objectRoot(bv)
	}
	switch cell.Type().(*types.Pointer).Elem().Underlying().(type) {
	case *types.Pointer, *types.Map:
	default:
		return nil
	}
	var store *ssa.Store
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if selfCopy(r) {
				continue
			}
			if r.Addr != cell || store != nil {
				return nil
			}
			store = r
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			if r != mc && closureStores(r, cell) && mayRunBefore(r, mc) {
				return nil
			}
		default:
			return nil
		}
	}
	if store == nil || !precedes(store, mc) {
		return nil
	}
	return objectRoot(store.Val)
}

// sizedLoops gives a trip count to the loops whose bound is a size of an
// object the function built before them (a range over a map filled in an
// earlier loop, `for i := 0; i < l.Len(); i++`): those sizes need the
// function's block frequencies, so the loops first got a named variable,
// which is replaced here in every frequency.
func (st *funcState) sizedLoops() {
	fl := st.flow
	m := map[string]expr.Expr{}
	defer func() { st.cur = nil }()
	for _, l := range fl.loops { // outer first
		if l.exact || l.test == nil || len(l.test.Instrs) == 0 {
			continue
		}
		vars := l.trip.Vars()
		if len(vars) != 1 || !strings.HasPrefix(vars[0], "loop_") {
			continue
		}
		st.cur = l.test.Instrs[len(l.test.Instrs)-1]
		note := "trip count is the size of a structure built before it"
		trip, _, ok := st.canonicalTrip(l)
		if !ok {
			// A successor walk over what the function inserted
			// (succwalk.go).
			next, obj, at, isWalk := st.successorWalk(l)
			if !isWalk {
				continue
			}
			sum := st.s.summaryOf(next.Call.StaticCallee())
			if sum == nil || !scansFrom(sum, at) {
				continue
			}
			if trip, ok = st.walkTrip(l, obj); !ok {
				continue
			}
			if st.walkSteps == nil {
				st.walkSteps = map[ssa.Instruction]bool{}
			}
			st.walkSteps[next] = true
			note = "trip count is the number of elements inserted before it (a successor walk)"
		}
		if c, isConst := trip.Constant(); isConst && c < 0 {
			trip = expr.Expr{}
		}
		trip = trip.Subst(m)
		name := vars[0]
		m[name] = trip
		l.trip, l.exact = trip, true
		pos := st.relPos(st.blockPos(l.header))
		delete(st.vars, name)
		delete(st.notes, fmt.Sprintf("loop at %s: unknown trip count, default %d", pos, DefaultTrip))
		st.estimated(fmt.Sprintf("loop at %s: %s", pos, note))
	}
	if len(m) == 0 {
		return
	}
	for _, l := range fl.loops {
		l.absIter = l.absIter.Subst(m)
	}
	for i, f := range fl.freq {
		fl.freq[i] = f.Subst(m)
	}
	for i, f := range fl.static {
		fl.static[i] = f.Subst(m)
	}
	// List the events again: what they computed may have used the loops'
	// variables.
	st.events, st.eventsDone = nil, false
}

// hitFactors gives, for the events that decrease a size (a negative
// delta), the factor that makes removals hit: the counterpart of keys
// taken as new. A removal is guarded by tests of what it removes (in
// range, found, non-empty) that static branch prediction splits evenly
// or worse, while a benchmark removes what it put in; the structure
// running empty is what the mean over the loop (drift) clamps at zero.
// Events are grouped by the size they change (group; "" skips one) and
// by their innermost loop; in each group, the first decreases on a path
// (those no other one reaches within one iteration) are the ways a
// removal happens, and their probabilities sum to the chance one does:
// each decrease is scaled by its inverse, so that one removal happens
// per call (per iteration of the loop). Every other event has factor 1.
func (st *funcState) hitFactors(evs []sizeEvent, group func(sizeEvent) string) map[ssa.Instruction]float64 {
	fl := st.flow
	type gk struct {
		g string
		l *loop
	}
	groups := map[gk][]ssa.Instruction{}
	var order []gk
	out := make(map[ssa.Instruction]float64, len(evs))
	for _, e := range evs {
		out[e.in] = 1
	}
	for _, e := range evs {
		g := group(e)
		if g == "" || e.op != opAdd || !e.known || exprSign(e.value) >= 0 {
			continue
		}
		k := gk{g, fl.inner[e.in.Block().Index]}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		if !slices.Contains(groups[k], e.in) {
			groups[k] = append(groups[k], e.in)
		}
	}
	for _, k := range order {
		ins := groups[k]
		p := 0.0
		for _, a := range ins {
			first := true
			for _, b := range ins {
				if a != b && (precedes(b, a) || (b.Block() != a.Block() && reaches(b.Block(), a.Block(), k.l))) {
					first = false
					break
				}
			}
			if first {
				p += round4(fl.prob[a.Block().Index])
			}
		}
		if p <= 0 || p >= 1 {
			continue
		}
		for _, a := range ins {
			out[a] = max(out[a], 1/p)
		}
	}
	return out
}

// newKeyFactor undoes, for the changes a block makes to sizes, the even
// split of the membership tests that guard it (`if _, ok := m[k]; !ok {
// m[k] = v; l.Append(k) }`): sizes are taken as built from new keys, the
// way maps are filled, so the arm for an absent key counts as always
// taken. The factor is the test's probability over the arm's, within one
// loop iteration.
func (st *funcState) newKeyFactor(b *ssa.BasicBlock) float64 {
	fl := st.flow
	factor := 1.0
	for d := b.Idom(); d != nil; d = d.Idom() {
		arm := absentArm(d)
		if arm == nil || !arm.Dominates(b) || fl.inner[d.Index] != fl.inner[b.Index] {
			continue
		}
		if pa, pd := fl.prob[arm.Index], fl.prob[d.Index]; pa > 0 && pd > pa {
			factor *= pd / pa
		}
	}
	return factor
}

// absentArm returns the successor of b taken when a map lookup's comma-ok
// is false, or the comma-ok bool of a static call (v, ok := t.Get(k)), if b
// tests one.
func absentArm(b *ssa.BasicBlock) *ssa.BasicBlock {
	cond, negated := branchCond(b), false
	if cond == nil {
		return nil
	}
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, negated = u.X, true
	}
	ex, ok := cond.(*ssa.Extract)
	if !ok || ex.Index != 1 {
		return nil
	}
	switch t := ex.Tuple.(type) {
	case *ssa.Lookup:
		if !t.CommaOk {
			return nil
		}
	case *ssa.Call:
		// The comma-ok result of a call, (v T, ok bool): a lookup or an
		// insert reporting whether the key was there (t.Get(k),
		// t.ReplaceOrInsert(x)); with keys taken as new, it was not.
		res := t.Call.Signature().Results()
		if t.Call.IsInvoke() || t.Call.StaticCallee() == nil || res.Len() != 2 ||
			!types.Identical(res.At(1).Type(), types.Typ[types.Bool]) {
			return nil
		}
	default:
		return nil
	}
	if negated {
		return b.Succs[0]
	}
	return b.Succs[1]
}
