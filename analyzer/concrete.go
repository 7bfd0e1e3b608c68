package analyzer

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Concrete types of interface arguments.
//
// A helper that takes an interface (`func benchRemove(b *testing.B, s
// Set[int])`) calls its methods through dynamic dispatch, and its summary
// averages the implementations visible (dynamic, or the targets VTA
// finds for the whole program, which are all the types passed to it).
// But each caller passes one concrete type — a value it converts itself
// (`benchRemove(b, &unsafeSet{})`) or the result of a constructor whose
// every return converts the same concrete type (`NewThreadUnsafeSet()`)
// — and on each call the CPU dispatches to that type's method only. So a
// call that passes an interface argument of a type it knows is costed by
// the callee's summary specialized to it, as for constant arguments
// (constargs.go, with its bounds): in the specialized summary a method
// call on that parameter is a call of the concrete type's method (still
// an interface call: gc does not devirtualize through a parameter), and
// the parameter is passed on, still known, to the calls of the callee's
// package.

// maxConcreteDepth bounds the constructors followed to find the concrete
// type a call returns.
const maxConcreteDepth = 3

// concreteTypeOf returns the concrete type of the interface value v when
// the function being summarized knows it: made here from a value of
// that type, a parameter of a summary specialized to it, or the result of
// a static call whose every return makes it of the same type. Else nil.
func (st *funcState) concreteTypeOf(v ssa.Value) types.Type {
	return st.concreteTypeIn(v, 0)
}

func (st *funcState) concreteTypeIn(v ssa.Value, depth int) types.Type {
	if !types.IsInterface(v.Type()) {
		return nil
	}
	v = unchanged(v)
	if c := concreteValue(v); c != nil {
		return c.Type()
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		return st.concrete[v]
	case *ssa.Call:
		if depth < maxConcreteDepth {
			if t := returnedConcrete(v.Call.StaticCallee(), depth+1); t != nil && closed(t) {
				return t
			}
		}
	}
	return nil
}

// returnedConcrete is the concrete type of fn's only result when every
// return of fn makes it from a value of that one type (directly or from
// a call of a function of which the same holds). Else nil.
func returnedConcrete(fn *ssa.Function, depth int) types.Type {
	if fn == nil || len(fn.Blocks) == 0 || fn.Signature.Results().Len() != 1 {
		return nil
	}
	var t types.Type
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			r, ok := in.(*ssa.Return)
			if !ok {
				continue
			}
			var rt types.Type
			v := r.Results[0]
			v = unchanged(v)
			if c := concreteValue(v); c != nil {
				rt = c.Type()
			} else if call, ok := v.(*ssa.Call); ok && depth < maxConcreteDepth {
				rt = returnedConcrete(call.Call.StaticCallee(), depth+1)
			}
			rt = substTypeArgs(fn, rt)
			if rt == nil || (t != nil && !types.Identical(t, rt)) {
				return nil
			}
			t = rt
		}
	}
	return t
}

// knownMethod returns the method an interface method call reaches when
// the concrete type of its receiver is known (concreteTypeOf), or nil.
func (st *funcState) knownMethod(c *ssa.CallCommon) *ssa.Function {
	if !c.IsInvoke() {
		return nil
	}
	t := st.concreteTypeOf(c.Value)
	if t == nil {
		return nil
	}
	return st.methodOf(t, c.Method.Name())
}

// decidesTarget reports whether knowing the concrete types of fn's
// interface parameters concrete changes fn's summary: a method call on
// one of them, or a call in fn's package passing one on.
func decidesTarget(fn *ssa.Function, concrete map[*ssa.Parameter]types.Type) bool {
	if len(concrete) == 0 {
		return false
	}
	known := func(v ssa.Value) bool {
		v = unchanged(v)
		p, ok := v.(*ssa.Parameter)
		return ok && concrete[p] != nil
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(ssa.CallInstruction)
			if !ok {
				continue
			}
			c := call.Common()
			if c.IsInvoke() {
				if known(c.Value) {
					return true
				}
				continue
			}
			if g := c.StaticCallee(); g != nil && g.Pkg == fn.Pkg && g != fn {
				for _, a := range c.Args {
					if known(a) {
						return true
					}
				}
			}
		}
	}
	return false
}

// substTypeArgs is t with the type parameters of the generic function of
// which fn is an instance replaced by fn's type arguments (a body shared
// by the instances names its types in the parameters), for pointers to
// and instances of named types; nil when a type parameter is left.
func substTypeArgs(fn *ssa.Function, t types.Type) types.Type {
	if t == nil {
		return nil
	}
	var tparams *types.TypeParamList
	if o := fn.Origin(); o != nil {
		tparams = o.Signature.TypeParams()
	}
	args := fn.TypeArgs()
	if len(args) == 0 {
		return t // not an instance: left to the instance calling it
	}
	var sub func(t types.Type) types.Type
	sub = func(t types.Type) types.Type {
		switch t := t.(type) {
		case *types.TypeParam:
			for i := 0; tparams != nil && i < tparams.Len() && i < len(args); i++ {
				if tparams.At(i) == t {
					return args[i]
				}
			}
			return nil
		case *types.Pointer:
			if e := sub(t.Elem()); e != nil {
				return types.NewPointer(e)
			}
			return nil
		case *types.Named:
			targs := t.TypeArgs()
			if targs.Len() == 0 {
				return t
			}
			var list []types.Type
			for i := range targs.Len() {
				a := sub(targs.At(i))
				if a == nil {
					return nil
				}
				list = append(list, a)
			}
			inst, err := types.Instantiate(nil, t.Origin(), list, false)
			if err != nil {
				return nil
			}
			return inst
		case *types.Basic:
			return t
		}
		return nil // other composite types: not followed
	}
	return sub(t)
}

// closed reports whether t names no type parameter, for the types
// substTypeArgs builds.
func closed(t types.Type) bool {
	switch t := t.(type) {
	case *types.TypeParam:
		return false
	case *types.Pointer:
		return closed(t.Elem())
	case *types.Named:
		for i := range t.TypeArgs().Len() {
			if !closed(t.TypeArgs().At(i)) {
				return false
			}
		}
	}
	return true
}

// unchanged strips the ChangeType conversions (between named and
// underlying interface types) around v: the same value, the same dynamic
// type.
func unchanged(v ssa.Value) ssa.Value {
	for {
		c, ok := v.(*ssa.ChangeType)
		if !ok {
			return v
		}
		v = c.X
	}
}
