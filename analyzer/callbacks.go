package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"math"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Sorts: the standard library's sorting functions call back into the
// caller's code (the Less and Swap methods of a sort.Interface, a less or
// cmp function) a number of times that depends on the length n of what
// they sort. Their shipped summaries cannot say so: pdqsort is a
// recursion whose depth the summarizer does not know (the summaries are
// constants), and the methods it calls through sort.Interface are
// averaged over the standard library's own implementations. The caller
// knows both n and the concrete type or function it passes, so a call of
// one of stdSorts is costed there: the sort's comparisons and swaps, each
// a call of the caller's method or function (its summary), plus the
// sort's own work around each. The counts are those of the Go 1.2x
// algorithms on distinct keys in random order, fitted over n = 10 … 10⁶:
//
//	pdqsort (sort.Sort, sort.Slice, slices.Sort, slices.SortFunc):
//	    1.05·n·log2(n) comparisons, 0.3·n·log2(n) swaps;
//	insertion sort of blocks of 20 and in-place SymMerge (sort.Stable,
//	sort.SliceStable, slices.SortStableFunc):
//	    1.27·n·log2(n) comparisons, 0.21·n·log2(n)² swaps.
//
// Input already in order is the exception that matters: pdqsort notices
// it (its pivot choice sees no swaps and partialInsertionSort confirms
// the order) after n−1 comparisons, the stable sort's insertion and merge
// steps after about 1.2·n, neither swapping. A sort inside a loop whose
// slice comes from outside the loop, and which nothing else in the loop
// uses, sorts data it has itself put in order on every pass but the
// first: it is costed with those counts.

// sortAlgo is the algorithm behind a standard-library sort.
type sortAlgo int

const (
	pdqSort    sortAlgo = iota // pattern-defeating quicksort
	stableSort                 // insertion sort of blocks, then SymMerge
)

// callbackKind says how a sort compares and swaps elements.
type callbackKind int

const (
	viaInterface callbackKind = iota // Less and Swap of a sort.Interface (argument 0)
	viaIndexFunc                     // less(i, j) on indexes, swaps through reflectlite.Swapper
	viaElemFunc                      // cmp(a, b) on elements, swapped in place (generic slices)
	inlineCmp                        // cmp.Less / < on elements, swapped in place
)

// stdSort describes one standard-library sort: the slice (or
// sort.Interface) is argument 0, a function compared with argument 1.
type stdSort struct {
	algo sortAlgo
	kind callbackKind
}

// stdSorts are the standard-library sorts costed at their callers.
var stdSorts = map[string]stdSort{
	"sort.Sort":             {pdqSort, viaInterface},
	"sort.Stable":           {stableSort, viaInterface},
	"sort.Slice":            {pdqSort, viaIndexFunc},
	"sort.SliceStable":      {stableSort, viaIndexFunc},
	"slices.SortFunc":       {pdqSort, viaElemFunc},
	"slices.SortStableFunc": {stableSort, viaElemFunc},
	"slices.Sort":           {pdqSort, inlineCmp},
	"sort.Ints":             {pdqSort, inlineCmp},
	"sort.Float64s":         {pdqSort, inlineCmp},
	"sort.Strings":          {pdqSort, inlineCmp},
}

// sortCounts returns the comparisons and swaps of a sort of n elements
// (see the comment at the top of this file); sorted is set for input
// already in order.
func sortCounts(algo sortAlgo, n expr.Expr, sorted bool) (cmps, swaps expr.Expr) {
	n = expr.Max(one, n)
	lg := expr.Log2(n)
	switch {
	case sorted && algo == pdqSort:
		return expr.Sub(n, one), expr.Const(0)
	case sorted:
		return expr.Scale(n, 1.2), expr.Const(0)
	case algo == pdqSort:
		return expr.Scale(expr.Mul(n, lg), 1.05), expr.Scale(expr.Mul(n, lg), 0.3)
	default:
		return expr.Scale(expr.Mul(n, lg), 1.27), expr.Scale(expr.Mul(n, lg, lg), 0.21)
	}
}

// sortCall costs a call of a standard-library sort (stdSorts) made freq
// times with args, whose shipped summary is sum, and reports whether it
// did: it does not when the number of elements or the callbacks are not
// known here (the summary is used then).
func (st *funcState) sortCall(in ssa.CallInstruction, callee *ssa.Function, sum *Summary, args []ssa.Value, freq expr.Expr) bool {
	key := funcKey(callee)
	if o := callee.Origin(); o != nil {
		key = funcKey(o)
	}
	alg, ok := stdSorts[key]
	if !ok || len(args) == 0 {
		return false
	}
	data := stripIface(args[0])
	var n expr.Expr
	var less, swap, length *ssa.Function
	if alg.kind == viaInterface {
		v := concreteValue(args[0])
		if v == nil {
			return false
		}
		less, swap, length = st.methodOf(v.Type(), "Less"), st.methodOf(v.Type(), "Swap"), st.methodOf(v.Type(), "Len")
		if less == nil || swap == nil || length == nil {
			return false
		}
		if n, ok = st.lenOf(length, v); !ok {
			return false
		}
	} else if n, ok = st.symLen(data); !ok {
		return false
	}
	sorted := st.resorted(in, data)
	cmps, swaps := sortCounts(alg.algo, n, sorted)
	cmps, swaps = expr.Mul(freq, cmps), expr.Mul(freq, swaps)

	// What the sort does besides comparing and swapping: its allocations
	// (sort.Slice's swapper) and I/O, none of its CPU.
	fixed := *sum
	fixed.CPU, fixed.FuncCalls = nil, nil
	st.addSummary(&fixed, args, freq, 1)

	// The loop around each comparison: the index test and step.
	st.addCPU(manifest.OpInt, expr.Scale(cmps, 2))
	st.addCPU(manifest.OpBranch, expr.Scale(cmps, 2))
	words := 1.0
	if t := elemType(data.Type()); t != nil {
		words = math.Max(1, math.Ceil(float64(st.sizeof(t))/8))
	}
	switch alg.kind {
	case viaInterface:
		st.callKnown(less, cmps, manifest.OpCallIface)
		st.callKnown(swap, swaps, manifest.OpCallIface)
		st.callKnown(length, freq, manifest.OpCallIface)
	case viaIndexFunc:
		if len(args) < 2 {
			return false
		}
		st.addCPU(manifest.OpCallClos, cmps)
		st.callFuncArg(args[1], cmps, key)
		// reflectlite.Swapper's closure moves the two elements.
		st.addCPU(manifest.OpCallClos, swaps)
		st.addCPU(manifest.OpLoad, expr.Scale(swaps, 2*words))
		st.addCPU(manifest.OpStore, expr.Scale(swaps, 2*words))
	case viaElemFunc, inlineCmp:
		if alg.kind == viaElemFunc {
			if len(args) < 2 {
				return false
			}
			st.addCPU(manifest.OpCallClos, cmps)
			st.callFuncArg(args[1], cmps, key)
		} else {
			st.inlineCompare(elemType(data.Type()), cmps)
		}
		st.addCPU(manifest.OpBoundsChk, expr.Scale(cmps, 2))
		st.addCPU(manifest.OpLoad, expr.Scale(cmps, 2*words))
		st.addCPU(manifest.OpBoundsChk, expr.Scale(swaps, 2))
		st.addCPU(manifest.OpLoad, expr.Scale(swaps, 2*words))
		st.addCPU(manifest.OpStore, expr.Scale(swaps, 2*words))
	}
	order := "random order"
	if sorted {
		order = "input already sorted by the previous pass of the loop"
	}
	st.notes[fmt.Sprintf("%s costed here: %s comparisons, %s swaps (%s)", key, clean(cmps), clean(swaps), order)] = true
	return true
}

// stripIface removes the conversions around the value a caller passes as
// an interface or a slice: stripConversions, and the boxing into an
// interface too.
func stripIface(v ssa.Value) ssa.Value {
	for {
		v = stripConversions(v)
		mi, ok := v.(*ssa.MakeInterface)
		if !ok {
			return v
		}
		v = mi.X
	}
}

// concreteValue returns the value of concrete type the interface value v
// is made from here, or nil.
func concreteValue(v ssa.Value) ssa.Value {
	for {
		switch c := v.(type) {
		case *ssa.ChangeType:
			v = c.X
		case *ssa.MakeInterface:
			if types.IsInterface(c.X.Type()) {
				return nil
			}
			return c.X
		default:
			return nil
		}
	}
}

// methodOf returns the SSA function of t's method name, or nil.
func (st *funcState) methodOf(t types.Type, name string) *ssa.Function {
	sel := st.fn.Prog.MethodSets.MethodSet(t).Lookup(nil, name)
	if sel == nil {
		return nil
	}
	return st.fn.Prog.MethodValue(sel)
}

// lenOf is what the Len method length returns for the receiver v, as the
// caller knows it: its summary's result, a size of the receiver, bound to
// v's.
func (st *funcState) lenOf(length *ssa.Function, v ssa.Value) (expr.Expr, bool) {
	if o := length.Origin(); o != nil {
		length = o
	}
	sum := st.s.summaryOf(length)
	if sum == nil || sum.Result == nil || len(sum.Params) == 0 {
		return expr.Expr{}, false
	}
	m := map[string]expr.Expr{}
	for _, name := range sum.Result.Vars() {
		e, ok := st.bindParam(sum, name, []ssa.Value{v})
		if !ok {
			e, ok = st.literalFieldSize(v, name)
		}
		if !ok {
			return expr.Expr{}, false
		}
		m[name] = e
	}
	return sum.Result.Subst(m), true
}

// resorted reports whether the sort at in sorts, on every pass of its
// innermost loop but the first, what it sorted on the pass before: data
// is defined outside the loop, and nothing in the loop but this call
// uses it.
func (st *funcState) resorted(in ssa.CallInstruction, data ssa.Value) bool {
	if st.flow == nil || in == nil {
		return false
	}
	l := st.flow.inner[in.Block().Index]
	if l == nil {
		return false
	}
	if i, ok := data.(ssa.Instruction); ok && i.Block() != nil && i.Parent() == st.fn && l.contains(i.Block()) {
		return false
	}
	if _, ok := data.(*ssa.Const); ok {
		return false
	}
	return onlyUse(data, in, l, 0)
}

// onlyUse reports whether every use of v inside l leads to the call in
// alone, through conversions.
func onlyUse(v ssa.Value, in ssa.CallInstruction, l *loop, depth int) bool {
	refs := v.Referrers()
	if refs == nil || depth > 4 {
		return false
	}
	for _, r := range *refs {
		if r.Block() == nil || !l.contains(r.Block()) {
			continue
		}
		if r == in.(ssa.Instruction) {
			continue
		}
		switch c := r.(type) {
		case *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert:
			if !onlyUse(c.(ssa.Value), in, l, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// sortCallee reports whether c calls one of stdSorts.
func sortCallee(c *ssa.CallCommon) bool {
	g := c.StaticCallee()
	if g == nil {
		return false
	}
	if o := g.Origin(); o != nil {
		g = o
	}
	_, ok := stdSorts[funcKey(g)]
	return ok
}

// literalFieldSize binds a receiver size of one field ("len(s.values)",
// "s.n") for a receiver v that is a struct the caller builds in place
// (sortable{values, cmp}): the size of what it stores in the field.
func (st *funcState) literalFieldSize(v ssa.Value, name string) (expr.Expr, bool) {
	fn, _, rest := splitVar(name)
	if len(rest) < 2 || strings.Contains(rest[1:], ".") {
		return expr.Expr{}, false
	}
	val := storedField(v, rest[1:])
	if val == nil {
		return expr.Expr{}, false
	}
	switch fn {
	case "len":
		return st.symLen(val)
	case "":
		return st.symInt(val)
	}
	return expr.Expr{}, false
}

// storedField returns the value stored in field name of the local
// struct that v loads, when the function stores it there once, or nil.
func storedField(v ssa.Value, name string) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	alloc, ok := load.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	st, ok := alloc.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var val ssa.Value
	for _, r := range *alloc.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok || st.Field(fa.Field).Name() != name {
			continue
		}
		for _, u := range *fa.Referrers() {
			if s, ok := u.(*ssa.Store); ok && s.Addr == fa {
				if val != nil {
					return nil
				}
				val = s.Val
			}
		}
	}
	return val
}

// inlineCompare costs count comparisons of two elements of type t by
// cmp.Less (slices.Sort): a string comparison calls the runtime's
// cmpstring; a float one also tests both operands for NaN.
func (st *funcState) inlineCompare(t types.Type, count expr.Expr) {
	info := basicInfo(t)
	switch {
	case info&types.IsString != 0:
		st.addCPU(manifest.OpCall, count)
	case info&types.IsFloat != 0:
		st.addCPU(manifest.OpFloat, expr.Scale(count, 3))
	default:
		st.addCPU(manifest.OpInt, count)
	}
}
