package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// Symbolic values: what an SSA value is, as an expression over the
// function's parameters. Only values that do not change while the function
// runs are expressed (constants, parameters, their lengths and fields, and
// arithmetic on those); anything else is unknown.

// paramName returns the variable name of p, or "" if it cannot name a
// variable (unnamed, blank, or a name the expression grammar reserves).
func paramName(p *ssa.Parameter) string {
	n := p.Name()
	if n == "" || n == "_" {
		return ""
	}
	if expr.ValidVar(n) != nil {
		// A parameter named like a function of the grammar (cap, len,
		// min, max, log2, ceil) is named with an underscore after it.
		if !slices.Contains(expr.Functions, n) && n != "len" && n != "cap" {
			return ""
		}
		n += "_"
		if expr.ValidVar(n) != nil {
			return ""
		}
	}
	return n
}

// freeVarName returns the variable name of a closure's free variable (a
// benchmark's size captured by its b.Run closure), or "" if the closure
// assigns it or it cannot name a variable. go/ssa captures variables by
// reference (the free variable is then the address); a captured variable the
// closure never stores to is taken at its value when the closure runs.
// Callers that create the closure do not bind it: it takes its default, as
// an argument of unknown size does; perfcast predict binds it from the
// enclosing benchmark.
func freeVarName(v *ssa.FreeVar) string {
	n := v.Name()
	if n == "" || n == "_" || expr.ValidVar(n) != nil {
		return ""
	}
	if _, byRef := v.Type().(*types.Pointer); byRef && v.Parent() != nil {
		for _, b := range v.Parent().Blocks {
			for _, in := range b.Instrs {
				if st, ok := in.(*ssa.Store); ok && st.Addr == v {
					return ""
				}
			}
		}
	}
	return n
}

// loadedFreeVar returns the name of the free variable whose captured value
// v loads (*fv), or "". A closure that assigns the variable still sees the
// value it captured where it loads it in its entry block before any of its
// stores (`s = s.Clone()`): that load is named too.
func loadedFreeVar(v ssa.Value) string {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		if fv, ok := u.X.(*ssa.FreeVar); ok {
			if n := freeVarName(fv); n != "" {
				return n
			}
			if entryLoad(u, fv) {
				return validName(fv.Name())
			}
		}
	}
	return ""
}

// entryLoad reports whether the load u of the captured cell fv runs before
// any store of the closure to it: in the entry block (which no branch
// re-enters), ahead of the stores there.
func entryLoad(u *ssa.UnOp, fv *ssa.FreeVar) bool {
	fn := fv.Parent()
	if fn == nil || len(fn.Blocks) == 0 || u.Block() != fn.Blocks[0] || len(fn.Blocks[0].Preds) > 0 {
		return false
	}
	for _, in := range fn.Blocks[0].Instrs {
		if in == u {
			return true
		}
		if st, ok := in.(*ssa.Store); ok && st.Addr == fv {
			return false
		}
	}
	return false
}

// valueName names a parameter or a by-value free variable, else "".
func valueName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Parameter:
		return paramName(v)
	case *ssa.FreeVar:
		return freeVarName(v)
	case *ssa.UnOp:
		if p := spilledParam(v); p != nil {
			return paramName(p)
		}
	}
	return ""
}

// spilledParam returns the parameter that v reads when v loads the cell
// go/ssa gives a parameter captured by a closure (the function stores the
// parameter into a local Alloc on entry and reads it through the cell).
// Only a cell stored to once, with the parameter, stands for it: if the
// function or a closure assigns it, the value is unknown.
func spilledParam(v *ssa.UnOp) *ssa.Parameter {
	if v.Op != token.MUL {
		return nil
	}
	cell, ok := v.X.(*ssa.Alloc)
	if !ok || cell.Parent() == nil {
		return nil
	}
	var param *ssa.Parameter
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			p, ok := r.Val.(*ssa.Parameter)
			if !ok || r.Addr != cell || param != nil {
				return nil
			}
			param = p
		case *ssa.UnOp:
		case *ssa.MakeClosure:
			// The closure may store to the cell (a by-reference capture).
			if closureStores(r, cell) {
				return nil
			}
		default:
			return nil
		}
	}
	return param
}

// storedOnce returns the value v loads from the cell of a local variable
// captured by a closure, when the function stores to the cell once, before
// v, and no closure assigns it (arr := perm(n) read by a callback): the
// variable is that value. The same holds inside the closure for a variable
// it captures by reference and assigns once before v (`buf = buf[:n]` at
// the top of a b.Run body): v loads what that store wrote. Else nil.
func storedOnce(v *ssa.UnOp) ssa.Value {
	if v.Op != token.MUL {
		return nil
	}
	var cell ssa.Value
	switch c := v.X.(type) {
	case *ssa.Alloc:
		if c.Parent() == nil {
			return nil
		}
		cell = c
	case *ssa.FreeVar:
		if _, byRef := c.Type().(*types.Pointer); !byRef || c.Parent() == nil {
			return nil
		}
		cell = c
	default:
		return nil
	}
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
	if store == nil || !precedes(store, v) {
		return nil
	}
	return store.Val
}

// fieldVar returns "p.F" for a field F of the struct (or pointer to struct)
// parameter (or free variable) p, following at most one level.
func fieldVar(x ssa.Value, field int) string {
	pn := valueName(x)
	if pn == "" {
		return ""
	}
	t := x.Type().Underlying()
	if pt, ok := t.(*types.Pointer); ok {
		t = pt.Elem().Underlying()
	}
	st, ok := t.(*types.Struct)
	if !ok || field >= st.NumFields() {
		return ""
	}
	name := pn + "." + st.Field(field).Name()
	if expr.ValidVar(name) != nil {
		return ""
	}
	return name
}

// fieldOf reports the "p.F" name when v reads field F of parameter p, by
// value (Field) or through a pointer (load of FieldAddr).
func fieldOf(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Field:
		return fieldVar(v.X, v.Field)
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if fa, ok := v.X.(*ssa.FieldAddr); ok {
				if a, ok := fa.X.(*ssa.Alloc); ok {
					if p := spilledStruct(a); p != nil {
						return fieldVar(p, fa.Field)
					}
				}
				return fieldVar(fa.X, fa.Field)
			}
		}
	}
	return ""
}

// spilledStruct returns the struct parameter whose local copy a is, when
// go/ssa spills a struct parameter (a value receiver) into a local because
// a field's address is taken (`t0 = local T (d); *t0 = d; t1 = &t0.exp;
// t2 = *t1`) and the function only reads it: one store, of the parameter,
// and loads of the whole or of its fields. A field read from it is the
// parameter's field (`if d.exp >= 0` is a size guard on d.exp, as it is
// on a pointer receiver's). Else nil.
func spilledStruct(a *ssa.Alloc) *ssa.Parameter {
	if a.Parent() == nil || a.Heap {
		return nil
	}
	var param *ssa.Parameter
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			p, ok := r.Val.(*ssa.Parameter)
			if !ok || r.Addr != a || param != nil {
				return nil
			}
			param = p
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.DebugRef:
		case *ssa.FieldAddr:
			for _, fr := range *r.Referrers() {
				switch fr := fr.(type) {
				case *ssa.UnOp:
					if fr.Op != token.MUL {
						return nil
					}
				case *ssa.DebugRef:
				default:
					return nil
				}
			}
		default:
			return nil
		}
	}
	if param == nil || param.Parent() != a.Parent() {
		return nil
	}
	if _, ok := param.Type().Underlying().(*types.Struct); !ok {
		return nil
	}
	return param
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func isFloat(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsFloat != 0
}

// symEnv resolves, for the function being summarized, what the rules of
// this file cannot see from a value alone: the results of calls (through the
// callees' summaries) and the sizes of objects the function builds itself
// (shape.go). A nil symEnv leaves them unknown.
type symEnv interface {
	// callResult is the value of a call's integer result, from the callee's
	// Summary.Result bound to the arguments.
	callResult(c *ssa.Call, depth int) (expr.Expr, bool)
	// callLen is the length of a call's slice or string result, from the
	// callee's Summary.ResultLen.
	callLen(c *ssa.Call, depth int) (expr.Expr, bool)
	// phiLen is the length of a slice a loop grows by append.
	phiLen(phi *ssa.Phi, depth int) (expr.Expr, bool)
	// objectSize is the size key ("F", "len(F)", "cap(F)", "len") of the
	// local object obj at the instruction being counted.
	objectSize(obj ssa.Value, key string, depth int) (expr.Expr, bool)
}

// symInt returns v as an expression if it is a known integer.
func symInt(v ssa.Value) (expr.Expr, bool) {
	return symIntIn(v, 0, nil)
}

func symIntIn(v ssa.Value, depth int, env symEnv) (expr.Expr, bool) {
	if depth > 8 {
		return expr.Expr{}, false
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil {
			return expr.Const(0), isInteger(v.Type())
		}
		switch v.Value.Kind() {
		case constant.Int, constant.Float:
			f, _ := constant.Float64Val(v.Value)
			return expr.Const(f), true
		}
	case *ssa.Parameter, *ssa.FreeVar:
		if isInteger(v.Type()) && valueName(v) != "" {
			return expr.Var(valueName(v)), true
		}
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && len(v.Call.Args) == 1 {
			switch b.Name() {
			case "len":
				return symLenIn(v.Call.Args[0], depth+1, env)
			case "cap":
				return symCapIn(v.Call.Args[0], depth+1, env)
			}
		}
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && (b.Name() == "max" || b.Name() == "min") && isInteger(v.Type()) {
			// Go 1.21's min and max of integers: a capacity
			// make([]byte, 0, max(prec+4, 24)).
			var out expr.Expr
			for i, a := range v.Call.Args {
				x, ok := symIntIn(a, depth+1, env)
				if !ok {
					return expr.Expr{}, false
				}
				switch {
				case i == 0:
					out = x
				case b.Name() == "max":
					out = expr.Max(out, x)
				default:
					out = expr.Min(out, x)
				}
			}
			return out, true
		}
		if env != nil {
			return env.callResult(v, depth+1)
		}
	case *ssa.Convert:
		// Between integer and floating-point types too: a capacity grown
		// by a float factor, int(growthFactor * float32(cap+n)) (the
		// truncation is not modelled).
		if isInteger(v.X.Type()) || isFloat(v.X.Type()) {
			return symIntIn(v.X, depth+1, env)
		}
	case *ssa.Phi:
		return clampPhi(v, depth, env)
	case *ssa.ChangeType:
		return symIntIn(v.X, depth+1, env)
	case *ssa.BinOp:
		if v.Op == token.AND {
			return maskedInt(v, depth, env)
		}
		x, ok1 := symIntIn(v.X, depth+1, env)
		y, ok2 := symIntIn(v.Y, depth+1, env)
		if !ok1 || !ok2 {
			return expr.Expr{}, false
		}
		switch v.Op {
		case token.ADD:
			return expr.Add(x, y), true
		case token.SUB:
			return expr.Sub(x, y), true
		case token.MUL:
			return expr.Mul(x, y), true
		case token.QUO:
			if c, ok := y.Constant(); ok && c != 0 {
				return expr.Scale(x, 1/c), true
			}
		case token.SHL:
			if c, ok := y.Constant(); ok && c >= 0 && c < 31 {
				return expr.Scale(x, float64(int64(1)<<int(c))), true
			}
		case token.SHR:
			if c, ok := y.Constant(); ok && c >= 0 && c < 31 {
				return expr.Scale(x, 1/float64(int64(1)<<int(c))), true
			}
		}
	case *ssa.UnOp, *ssa.Field:
		if u, ok := v.(*ssa.UnOp); ok && u.Op == token.SUB {
			// -n: a loop from -n to n (go/ssa keeps the negation of a
			// constant as an instruction).
			if x, ok := symIntIn(u.X, depth+1, env); ok {
				return expr.Scale(x, -1), true
			}
			return expr.Expr{}, false
		}
		if g := loadedGlobal(v); g != nil && isInteger(v.Type()) {
			if init := globalInit(g); init != nil {
				return symIntIn(init, depth+1, nil)
			}
		}
		if name := loadedFreeVar(v); name != "" && isInteger(v.Type()) {
			return expr.Var(name), true
		}
		if name := valueName(v); name != "" && isInteger(v.Type()) {
			return expr.Var(name), true
		}
		if name := fieldOf(v); name != "" && isInteger(v.Type()) {
			return expr.Var(name), true
		}
		if x, f, ok := loadedField(v); ok && env != nil && isInteger(v.Type()) {
			return env.objectSize(x, f, depth+1)
		}
	}
	return expr.Expr{}, false
}

// maskedInt expresses x & (2^k - 1), the index into a ring or a block of
// 2^k (`d.mem[:d.n&(len(d.mem)-1)]`), as min(x, 2^k - 1): exact while x
// stays below 2^k, an upper bound above (x mod 2^k); x, a size, is taken
// as not negative.
func maskedInt(v *ssa.BinOp, depth int, env symEnv) (expr.Expr, bool) {
	x, m := v.X, v.Y
	if _, ok := x.(*ssa.Const); ok {
		x, m = m, x
	}
	mc, ok := m.(*ssa.Const)
	if !ok || mc.Value == nil || mc.Value.Kind() != constant.Int {
		return expr.Expr{}, false
	}
	mask, exact := constant.Uint64Val(mc.Value)
	if !exact || mask == 0 || mask&(mask+1) != 0 || mask > 1<<31 {
		return expr.Expr{}, false
	}
	e, ok := symIntIn(x, depth+1, env)
	if !ok {
		return expr.Expr{}, false
	}
	return expr.Min(e, expr.Const(float64(mask))), true
}

// loadedGlobal is the package variable v loads (*g), or nil.
func loadedGlobal(v ssa.Value) *ssa.Global {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		g, _ := u.X.(*ssa.Global)
		return g
	}
	return nil
}

// loadedField returns the object and field name of a load of a field
// through a pointer (*p.F).
func loadedField(v ssa.Value) (ssa.Value, string, bool) {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil, "", false
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return nil, "", false
	}
	name := fieldName(fa.X.Type(), fa.Field)
	if name == "" {
		return nil, "", false
	}
	return fa.X, name, true
}

// fieldName is the name of field i of the struct t points to, if it can
// name a variable.
func fieldName(t types.Type, i int) string {
	t = t.Underlying()
	if pt, ok := t.(*types.Pointer); ok {
		t = pt.Elem().Underlying()
	}
	st, ok := t.(*types.Struct)
	if !ok || i >= st.NumFields() {
		return ""
	}
	n := st.Field(i).Name()
	if n == "_" || expr.ValidVar(n) != nil || strings.Contains(n, ".") {
		return ""
	}
	return n
}

// arrayLen returns the length of an array or pointer-to-array type.
func arrayLen(t types.Type) (int64, bool) {
	t = t.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	if a, ok := t.(*types.Array); ok {
		return a.Len(), true
	}
	return 0, false
}

// symLen returns len(v) as an expression if it is known.
func symLen(v ssa.Value) (expr.Expr, bool) { return symLenIn(v, 0, nil) }

// runeStringLen is the length taken for string(r) of an unknown rune: its
// UTF-8 encoding has 1 to 4 bytes (ASCII text 1, most other scripts 2-3).
const runeStringLen = 2

// hasLen reports whether len applies to values of type t (a string, slice,
// map or channel; arrays have their constant length): a variable of another
// type (a rune converted by string(r)) has no length variable.
func hasLen(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice, *types.Map, *types.Chan:
		return true
	}
	return false
}

func symLenIn(v ssa.Value, depth int, env symEnv) (expr.Expr, bool) {
	if depth > 8 || v == nil {
		return expr.Expr{}, false
	}
	if n, ok := arrayLen(v.Type()); ok {
		return expr.Const(float64(n)), true
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil {
			return expr.Const(0), true
		}
		if v.Value.Kind() == constant.String {
			return expr.Const(float64(len(constant.StringVal(v.Value)))), true
		}
	case *ssa.Parameter, *ssa.FreeVar:
		if n := valueName(v); n != "" && hasLen(v.Type()) {
			return expr.Len(n), true
		}
	case *ssa.MakeSlice:
		return symIntIn(v.Len, depth+1, env)
	case *ssa.Call:
		if _, builtin := v.Call.Value.(*ssa.Builtin); !builtin && env != nil {
			return env.callLen(v, depth+1)
		}
	case *ssa.BinOp:
		if v.Op == token.ADD && isStringType(v.Type()) {
			x, ok1 := symLenIn(v.X, depth+1, env)
			y, ok2 := symLenIn(v.Y, depth+1, env)
			if ok1 && ok2 {
				return expr.Add(x, y), true
			}
		}
	case *ssa.Slice:
		var hi, lo expr.Expr
		var ok bool
		if v.High != nil {
			hi, ok = symIntIn(v.High, depth+1, env)
		} else {
			hi, ok = symLenIn(v.X, depth+1, env)
		}
		if !ok {
			return expr.Expr{}, false
		}
		if v.Low != nil {
			if lo, ok = symIntIn(v.Low, depth+1, env); !ok {
				// s[i:] after the loop that counted i: what that
				// loop left (a hash's tail after its rounds).
				if lo, ok = loopExit(v.Low, v.Block(), depth+1, env); ok {
					return expr.Max(expr.Const(0), expr.Sub(hi, lo)), true
				}
				// s[i:] with i unknown: at most len(s), the bound
				// a cost over it needs.
				return hi, true
			}
		}
		return expr.Sub(hi, lo), true
	case *ssa.Phi:
		// A slice grown by append in a loop: its length depends on the
		// loop's trip count, which the function's flow knows.
		if appendGrown(v) {
			if env != nil {
				return env.phiLen(v, depth+1)
			}
			return expr.Expr{}, false
		}
		if n, ok := cutPhi(v, depth, env); ok {
			return n, true
		}
		if n, ok := tailPhi(v, depth, env); ok {
			return n, true
		}
		// A slice that is s or what is left of s (s[k:] on one path, or
		// consumed in a loop): the largest of what its known edges are.
		// Edges that lead back to the phi itself end at the depth limit.
		var known []expr.Expr
		for _, e := range v.Edges {
			if sl, ok := e.(*ssa.Slice); ok && sl.X == v && sl.High == nil {
				continue // what is left of the phi itself: no longer than its other edges
			}
			if n, ok := symLenIn(e, depth+1, env); ok {
				known = append(known, n)
			}
		}
		if len(known) == 0 {
			return expr.Expr{}, false
		}
		out := known[0]
		for _, n := range known[1:] {
			if !n.Equal(out) {
				out = expr.Max(out, n)
			}
		}
		return out, true
	case *ssa.Convert:
		if isInteger(v.X.Type()) {
			// string(r): the rune's UTF-8 encoding, 1 to 4 bytes.
			if c, ok := v.X.(*ssa.Const); ok && c.Value != nil {
				if r, exact := constant.Int64Val(c.Value); exact {
					if r < 0 || r > utf8.MaxRune || (r >= 0xD800 && r <= 0xDFFF) {
						r = utf8.RuneError // as the conversion does
					}
					return expr.Const(float64(utf8.RuneLen(rune(r)))), true
				}
			}
			return expr.Const(runeStringLen), true
		}
		return symLenIn(v.X, depth+1, env)
	case *ssa.ChangeType:
		return symLenIn(v.X, depth+1, env)
	case *ssa.MakeInterface:
		return symLenIn(v.X, depth+1, env)
	case *ssa.UnOp, *ssa.Field:
		if g := loadedGlobal(v); g != nil {
			if init := globalInit(g); init != nil {
				return symLenIn(init, depth+1, nil)
			}
		}
		if name := loadedFreeVar(v); name != "" {
			return expr.Len(name), true
		}
		// A string of a table of constants (tablelen.go).
		if isStringType(v.Type()) {
			if n, ok := tableLen(v); ok {
				return expr.Const(n), true
			}
		}
		if name := valueName(v); name != "" {
			if _, ptr := v.Type().Underlying().(*types.Pointer); !ptr {
				return expr.Len(name), true
			}
		}
		if name := fieldOf(v); name != "" {
			return expr.Len(name), true
		}
		if n, ok := headerLen(v, depth); ok {
			return n, true
		}
		if u, ok := v.(*ssa.UnOp); ok {
			if sv := storedOnce(u); sv != nil {
				return symLenIn(sv, depth+1, env)
			}
		}
		if x, f, ok := loadedField(v); ok && env != nil {
			return env.objectSize(x, "len("+f+")", depth+1)
		}
	}
	if env != nil {
		if _, isMap := v.Type().Underlying().(*types.Map); isMap {
			return env.objectSize(v, "len", depth+1)
		}
	}
	return expr.Expr{}, false
}

// appendGrown reports whether an edge of phi appends to phi itself
// (s = append(s, x) in a loop), directly or, for a loop header's phi (the
// block's back edge comes from a block it dominates), through the
// header phis of inner loops and the merges of conditional appends
// (`for ... { for ... { s = append(s, x) } }`).
func appendGrown(phi *ssa.Phi) bool {
	for _, e := range phi.Edges {
		if args := appendArgs(e); len(args) > 0 && args[0] == phi {
			return true
		}
	}
	header := false
	for _, p := range phi.Block().Preds {
		header = header || phi.Block().Dominates(p)
	}
	if !header {
		return false
	}
	// A walk back from the edges through phis and appends' slices that
	// reaches phi again after an append.
	type visit struct {
		v        ssa.Value
		appended bool
	}
	seen := make(map[visit]bool)
	var grows func(v ssa.Value, appended bool, depth int) bool
	grows = func(v ssa.Value, appended bool, depth int) bool {
		if v == phi {
			return appended
		}
		if seen[visit{v, appended}] || depth > 16 {
			return false
		}
		seen[visit{v, appended}] = true
		switch v := v.(type) {
		case *ssa.Phi:
			for _, e := range v.Edges {
				if grows(e, appended, depth+1) {
					return true
				}
			}
		default:
			if args := appendArgs(v); len(args) > 0 {
				return grows(args[0], true, depth+1)
			}
		}
		return false
	}
	for _, e := range phi.Edges {
		if grows(e, false, 0) {
			return true
		}
	}
	return false
}

// headerLen recognizes a slice or string built by reinterpreting a local
// header struct through unsafe.Pointer — *(*[]byte)(unsafe.Pointer(&hdr)) —
// the zero-copy conversion idiom of code written before unsafe.Slice and
// unsafe.String. The length is the header's second word: the integer field
// after a leading pointer (struct{p unsafe.Pointer; n int}), or the length
// of a leading string or slice field (struct{s string; cap int}).
func headerLen(v ssa.Value, depth int) (expr.Expr, bool) {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return expr.Expr{}, false
	}
	c, ok := u.X.(*ssa.Convert) // unsafe.Pointer → *[]T or *string
	if !ok {
		return expr.Expr{}, false
	}
	c2, ok := c.X.(*ssa.Convert) // *hdr → unsafe.Pointer
	if !ok {
		return expr.Expr{}, false
	}
	hdr, ok := c2.X.(*ssa.Alloc)
	if !ok {
		return expr.Expr{}, false
	}
	st, ok := hdr.Type().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if !ok || st.NumFields() < 1 {
		return expr.Expr{}, false
	}
	field, lenOf := -1, false
	switch f0 := st.Field(0).Type().Underlying().(type) {
	case *types.Basic:
		if f0.Kind() == types.String {
			field, lenOf = 0, true
		} else if f0.Kind() == types.UnsafePointer && st.NumFields() > 1 && isInteger(st.Field(1).Type()) {
			field = 1
		}
	case *types.Slice:
		field, lenOf = 0, true
	case *types.Pointer:
		if st.NumFields() > 1 && isInteger(st.Field(1).Type()) {
			field = 1
		}
	}
	if field < 0 {
		return expr.Expr{}, false
	}
	for _, r := range *hdr.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok || fa.Field != field {
			continue
		}
		for _, rr := range *fa.Referrers() {
			if store, ok := rr.(*ssa.Store); ok && store.Addr == fa {
				if lenOf {
					return symLenIn(store.Val, depth+1, nil)
				}
				return symIntIn(store.Val, depth+1, nil)
			}
		}
	}
	return expr.Expr{}, false
}

// symCapDepth returns cap(v) if known, else len(v) if known.
func symCapDepth(v ssa.Value, depth int) (expr.Expr, bool) { return symCapIn(v, depth, nil) }

func symCapIn(v ssa.Value, depth int, env symEnv) (expr.Expr, bool) {
	switch x := v.(type) {
	case *ssa.Parameter:
		if n := paramName(x); n != "" && !isStringType(x.Type()) {
			return expr.Var("cap(" + n + ")"), true
		}
	case *ssa.MakeSlice:
		if x.Cap != nil {
			return symIntIn(x.Cap, depth+1, env)
		}
	}
	return symLenIn(v, depth, env)
}

func isStringType(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// cutPhi recognizes a slice cut to at most k elements when it is longer —
// `if len(s) > k { s = s[:k] }`, as hash/adler32 processes its input in
// blocks of at most nmax bytes — and returns min(len(s), k). Merging the
// edges by their maximum would make every input at least k long.
//
// The join may be the header of a loop that consumes the slice (adler32's
// `for len(p) >= 4 { ...; p = p[4:] }` follows the cut): the back edge,
// what is left of the phi itself, is no longer than the others and is left
// out.
func cutPhi(phi *ssa.Phi, depth int, env symEnv) (expr.Expr, bool) {
	if depth > 8 {
		return expr.Expr{}, false
	}
	onTrue, onFalse, cmp := phiArms(phi)
	if cmp == nil {
		return expr.Expr{}, false
	}
	// The cut arm is the one taken when len(s) exceeds k.
	var s, kv ssa.Value
	var cut *ssa.Slice
	switch cmp.Op {
	case token.GTR, token.GEQ: // len(s) > k
		s, kv = lenArg(cmp.X), cmp.Y
	case token.LSS, token.LEQ: // k < len(s)
		s, kv = lenArg(cmp.Y), cmp.X
	default:
		return expr.Expr{}, false
	}
	cut, _ = onTrue.(*ssa.Slice)
	if s == nil || cut == nil || cut.X != s || onFalse != s || cut.High == nil || cut.Low != nil && !zeroLow(cut.Low) {
		return expr.Expr{}, false
	}
	k, ok1 := symIntIn(kv, depth+1, env)
	hi, ok2 := symIntIn(cut.High, depth+1, env)
	if !ok1 || !ok2 || !k.Equal(hi) {
		return expr.Expr{}, false
	}
	n, ok := symLenIn(s, depth+1, env)
	if !ok {
		return k, true // at most k
	}
	return expr.Min(n, k), true
}

// tailPhi recognizes a slice whose head is consumed when it is long
// enough — `if len(s) >= k { …; s = s[d:] }`, as crc32's carry-less
// multiply takes the input's multiple of 16 bytes and leaves the rest to
// its table — and returns the two lengths taken in proportion to the
// comparison's indicator: [len(s) >= k]·len(s[d:]) + (1 − [len(s) >= k])·len(s).
// Merging the edges by their maximum would charge what follows with the
// whole input on both paths.
func tailPhi(phi *ssa.Phi, depth int, env symEnv) (expr.Expr, bool) {
	if depth > 8 {
		return expr.Expr{}, false
	}
	onTrue, onFalse, cmp := phiArms(phi)
	if cmp == nil {
		return expr.Expr{}, false
	}
	op, kv := cmp.Op, cmp.Y
	s := lenArg(cmp.X)
	if s == nil {
		op, kv, s = flip(cmp.Op), cmp.X, lenArg(cmp.Y)
	}
	switch op {
	case token.GTR, token.GEQ, token.LSS, token.LEQ:
	default:
		return expr.Expr{}, false
	}
	isTail := func(v ssa.Value) bool {
		sl, ok := v.(*ssa.Slice)
		return ok && sl.X == s && sl.High == nil && sl.Low != nil
	}
	tail, tailOnTrue := onTrue, true
	switch {
	case s == nil:
		return expr.Expr{}, false
	case isTail(onTrue) && onFalse == s:
	case isTail(onFalse) && onTrue == s:
		tail, tailOnTrue = onFalse, false
	default:
		return expr.Expr{}, false
	}
	n, ok1 := symLenIn(s, depth+1, env)
	k, ok2 := symIntIn(kv, depth+1, env)
	t, ok3 := symLenIn(tail, depth+1, env)
	if !ok1 || !ok2 || !ok3 {
		return expr.Expr{}, false
	}
	ind := sizeIndicator(op, n, k)
	if !tailOnTrue {
		ind = expr.Sub(expr.Const(1), ind)
	}
	return expr.Add(expr.Mul(ind, t), expr.Mul(expr.Sub(expr.Const(1), ind), n)), true
}

// lenArg is s when v is len(s), else nil.
func lenArg(v ssa.Value) ssa.Value {
	if c, ok := v.(*ssa.Call); ok && len(c.Call.Args) == 1 {
		if b, ok := c.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" {
			return c.Call.Args[0]
		}
	}
	return nil
}

// zeroLow reports whether a slice's low bound v is the constant 0.
func zeroLow(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && isZero(c)
}

// loopExit is the value a counted loop's variable has when the loop is
// done, at a use in block at that only the loop's exit reaches:
// `for ; i < n; i += k` from i0 ends at the first i0 + k·m not below n,
// i0 + k·⌈(n−i0)/k⌉ (i0 itself when n ≤ i0). xxhash's checksum64 runs
// rounds of four words while i < len(words)-3, then hashes words[i:],
// at most three words, not all of them again.
func loopExit(v ssa.Value, at *ssa.BasicBlock, depth int, env symEnv) (expr.Expr, bool) {
	phi, ok := v.(*ssa.Phi)
	if !ok || len(phi.Edges) != 2 || depth > 8 {
		return expr.Expr{}, false
	}
	h := phi.Block()
	iff, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
	if !ok {
		return expr.Expr{}, false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return expr.Expr{}, false
	}
	op, bound := cmp.Op, cmp.Y
	if cmp.Y == phi {
		op, bound = flip(op), cmp.X
	} else if cmp.X != phi {
		return expr.Expr{}, false
	}
	// The loop goes on through the true arm; the false arm leaves it and
	// leads to at only.
	body, exit := h.Succs[0], h.Succs[1]
	if len(exit.Preds) != 1 || !exit.Dominates(at) || body == exit {
		return expr.Expr{}, false
	}
	// Entered with init, stepped up by k on the edges from the body.
	init, kind, k, ok := stepOf(phi, body.Dominates)
	if !ok || kind != stepAdd || k <= 0 {
		return expr.Expr{}, false
	}
	i0, ok := symIntIn(init, depth+1, env)
	if !ok {
		return expr.Expr{}, false
	}
	n, ok := symIntIn(bound, depth+1, env)
	if !ok {
		return expr.Expr{}, false
	}
	switch op {
	case token.LSS:
	case token.LEQ:
		n = expr.Add(n, expr.Const(1))
	default:
		return expr.Expr{}, false
	}
	// ⌈x⌉ less a hair, so that a whole quotient computed in floating
	// point stays whole.
	m := expr.Ceil(expr.Add(expr.Scale(expr.Sub(n, i0), 1/k), expr.Const(-1e-6)))
	return expr.Add(i0, expr.Scale(expr.Max(expr.Const(0), m), k)), true
}

// phiArms returns the values a phi of two edges (besides what is left of
// itself around a loop) takes when the comparison
// that ends its join's immediate dominator is true and when it is false,
// and that comparison; a nil comparison when the phi is not so shaped.
func phiArms(phi *ssa.Phi) (onTrue, onFalse ssa.Value, cmp *ssa.BinOp) {
	join := phi.Block()
	idom := join.Idom()
	cmp, ok := branchCond(idom).(*ssa.BinOp)
	if !ok {
		return nil, nil, nil
	}
	// The arm of the If (0: true, 1: false) each edge comes through.
	armOf := func(pred *ssa.BasicBlock) int {
		for arm, s := range idom.Succs {
			if pred == idom && s == join {
				return arm // the arm that jumps straight to the join
			}
			if pred != idom && s != join && s.Dominates(pred) {
				return arm
			}
		}
		return -1
	}
	n := 0
	for i, e := range phi.Edges {
		if sl, ok := e.(*ssa.Slice); ok && sl.X == phi && sl.High == nil {
			continue // what is left of the phi itself, around a loop
		}
		n++
		switch armOf(join.Preds[i]) {
		case 0:
			onTrue = e
		case 1:
			onFalse = e
		}
	}
	if n != 2 || onTrue == nil || onFalse == nil {
		return nil, nil, nil
	}
	return onTrue, onFalse, cmp
}

// clampPhi recognizes a value clamped by a comparison of the two values it
// chooses between — `if x > y { x = y }` (min) or `if x < y { x = y }`
// (max), as code bounds an index by a length — and returns min or max of
// their expressions.
func clampPhi(phi *ssa.Phi, depth int, env symEnv) (expr.Expr, bool) {
	if len(phi.Edges) != 2 || depth > 8 {
		return expr.Expr{}, false
	}
	onTrue, onFalse, cmp := phiArms(phi)
	if cmp == nil {
		return expr.Expr{}, false
	}
	x, ok1 := symIntIn(cmp.X, depth+1, env)
	y, ok2 := symIntIn(cmp.Y, depth+1, env)
	t, ok3 := symIntIn(onTrue, depth+1, env)
	f, ok4 := symIntIn(onFalse, depth+1, env)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return expr.Expr{}, false
	}
	var greater bool
	switch cmp.Op {
	case token.GTR, token.GEQ:
		greater = true
	case token.LSS, token.LEQ:
	default:
		return expr.Expr{}, false
	}
	if !(t.Equal(y) && f.Equal(x)) && !(t.Equal(x) && f.Equal(y)) {
		return expr.Expr{}, false
	}
	// x > y ? y : x is min, x > y ? x : y is max; the converse for <.
	if greater == t.Equal(y) {
		return expr.Min(x, y), true
	}
	return expr.Max(x, y), true
}
