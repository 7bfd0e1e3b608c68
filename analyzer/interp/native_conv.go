package interp

// Conversion between interpreted Values and reflect.Values (see native.go
// for the rules).

import (
	"fmt"
	"go/types"
	"math"
	"reflect"
	"sort"
	"strings"
	"unsafe"
)

var (
	errorRT = reflect.TypeFor[error]()
	anyRT   = reflect.TypeFor[any]()
	byteRT  = reflect.TypeFor[byte]()
)

// basicRT are the reflect types of go/types' basic kinds.
var basicRT = map[types.BasicKind]reflect.Type{
	types.Bool:       reflect.TypeFor[bool](),
	types.Int:        reflect.TypeFor[int](),
	types.Int8:       reflect.TypeFor[int8](),
	types.Int16:      reflect.TypeFor[int16](),
	types.Int32:      reflect.TypeFor[int32](),
	types.Int64:      reflect.TypeFor[int64](),
	types.Uint:       reflect.TypeFor[uint](),
	types.Uint8:      reflect.TypeFor[uint8](),
	types.Uint16:     reflect.TypeFor[uint16](),
	types.Uint32:     reflect.TypeFor[uint32](),
	types.Uint64:     reflect.TypeFor[uint64](),
	types.Uintptr:    reflect.TypeFor[uintptr](),
	types.Float32:    reflect.TypeFor[float32](),
	types.Float64:    reflect.TypeFor[float64](),
	types.Complex64:  reflect.TypeFor[complex64](),
	types.Complex128: reflect.TypeFor[complex128](),
	types.String:     reflect.TypeFor[string](),
}

// kindBasic is the inverse of basicRT, by reflect kind.
var kindBasic = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8,
	reflect.Int16: types.Int16, reflect.Int32: types.Int32, reflect.Int64: types.Int64,
	reflect.Uint: types.Uint, reflect.Uint8: types.Uint8, reflect.Uint16: types.Uint16,
	reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64, reflect.Uintptr: types.Uintptr,
	reflect.Float32: types.Float32, reflect.Float64: types.Float64,
	reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128,
	reflect.String: types.String,
}

// maxNativeElems bounds the slices converted from native memory.
const maxNativeElems = 1 << 23

// under is t's underlying type, or nil for a nil t.
func under(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return types.Unalias(t).Underlying()
}

// elemType is the element type of a pointer, slice, array or map type
// (nil otherwise).
func elemType(t types.Type) types.Type {
	switch u := under(t).(type) {
	case *types.Pointer:
		return u.Elem()
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Map:
		return u.Elem()
	}
	return nil
}

// reflectType is the reflect type standing for t at the native boundary:
// the registry's type for a type of native code, a structurally built
// type (reflect.StructOf, SliceOf, ...) for an interpreted named type
// without methods, any for an interpreted interface (its values cross one
// by one), an *Unsupported otherwise.
func (in *Interp) reflectType(t types.Type) (reflect.Type, error) {
	if rt, ok := in.nat.rtypes.At(t).(reflect.Type); ok {
		return rt, nil
	}
	if in.nat.building == nil {
		in.nat.building = map[types.Type]bool{}
	}
	if in.nat.building[t] {
		return nil, &Unsupported{What: "recursive type " + t.String() + " at the native boundary"}
	}
	in.nat.building[t] = true
	rt, err := in.reflectType1(t)
	delete(in.nat.building, t)
	if err != nil {
		return nil, err
	}
	in.nat.rtypes.Set(t, rt)
	return rt, nil
}

func (in *Interp) reflectType1(t types.Type) (reflect.Type, error) {
	switch u := types.Unalias(t).(type) {
	case *types.Basic:
		if u.Info()&types.IsUntyped != 0 {
			u = types.Default(u).(*types.Basic)
		}
		if rt, ok := basicRT[u.Kind()]; ok {
			return rt, nil
		}
	case *types.Named:
		obj := u.Obj()
		if obj.Pkg() == nil {
			if obj.Name() == "error" {
				return errorRT, nil
			}
			break
		}
		if rt, ok := nativeNamed(u); ok {
			return rt, nil
		}
		if isNativePkg(obj.Pkg().Path()) {
			return nil, &Unsupported{What: "native type " + t.String() + " (not in the registry)"}
		}
		if _, ok := u.Underlying().(*types.Interface); ok {
			return anyRT, nil
		}
		if in.prog.MethodSets.MethodSet(u).Len() > 0 {
			return nil, &Unsupported{What: "interpreted type " + t.String() + " with methods has no native counterpart"}
		}
		rt, err := in.reflectType(u.Underlying())
		if err != nil {
			return nil, err
		}
		if rt.Kind() == reflect.Struct {
			if _, ok := in.nat.back[rt]; !ok {
				in.nat.back[rt] = u
			}
		}
		return rt, nil
	case *types.Pointer:
		et, err := in.reflectType(u.Elem())
		if err != nil {
			return nil, err
		}
		n, named := types.Unalias(u.Elem()).(*types.Named)
		if named && !isNativeType(n) && in.prog.MethodSets.MethodSet(u).Len() > 0 {
			return nil, &Unsupported{What: "interpreted type " + t.String() + " with methods has no native counterpart"}
		}
		rt := reflect.PointerTo(et)
		if named && !isNativeType(n) && et.Kind() == reflect.Struct {
			if _, ok := in.nat.back[rt]; !ok {
				in.nat.back[rt] = u
			}
		}
		return rt, nil
	case *types.Slice:
		et, err := in.reflectType(u.Elem())
		if err != nil {
			return nil, err
		}
		return reflect.SliceOf(et), nil
	case *types.Array:
		et, err := in.reflectType(u.Elem())
		if err != nil {
			return nil, err
		}
		return reflect.ArrayOf(int(u.Len()), et), nil
	case *types.Map:
		kt, err := in.reflectType(u.Key())
		if err != nil {
			return nil, err
		}
		et, err := in.reflectType(u.Elem())
		if err != nil {
			return nil, err
		}
		if !kt.Comparable() {
			break
		}
		return reflect.MapOf(kt, et), nil
	case *types.Signature:
		ins := make([]reflect.Type, u.Params().Len())
		for i := range ins {
			rt, err := in.reflectType(u.Params().At(i).Type())
			if err != nil {
				return nil, err
			}
			ins[i] = rt
		}
		outs := make([]reflect.Type, u.Results().Len())
		for i := range outs {
			rt, err := in.reflectType(u.Results().At(i).Type())
			if err != nil {
				return nil, err
			}
			outs[i] = rt
		}
		return reflect.FuncOf(ins, outs, u.Variadic()), nil
	case *types.Struct:
		fields := make([]reflect.StructField, u.NumFields())
		for i := range fields {
			f := u.Field(i)
			rt, err := in.reflectType(f.Type())
			if err != nil {
				return nil, err
			}
			fields[i] = reflect.StructField{Name: f.Name(), Type: rt, Tag: reflect.StructTag(u.Tag(i)), Anonymous: f.Embedded()}
			if !f.Exported() {
				if f.Embedded() {
					// StructOf refuses unexported embedded fields.
					return nil, &Unsupported{What: "struct with unexported embedded field " + f.Name() + " at the native boundary"}
				}
				fields[i].PkgPath = f.Pkg().Path()
			}
		}
		return structOf(fields, t)
	case *types.Interface:
		if u.Empty() {
			return anyRT, nil
		}
		// An interface of the interpreted program: its values cross
		// one by one, each converted by its dynamic type.
		return anyRT, nil
	}
	return nil, &Unsupported{What: "type " + t.String() + " at the native boundary"}
}

// structOf is reflect.StructOf, its panics (embedded fields with methods)
// turned into an *Unsupported.
func structOf(fields []reflect.StructField, t types.Type) (rt reflect.Type, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &Unsupported{What: fmt.Sprintf("struct type %s at the native boundary: %v", t, r)}
		}
	}()
	return reflect.StructOf(fields), nil
}

// goTypeOf is the go/types type of native type rt, when the program knows
// it (basic kinds, named types of packages it loaded, composites of those,
// types built from interpreted ones). The same reflect type always gives
// the same types.Type, so that Ifaces of one native type compare equal
// with == (types.NewPointer makes a new pointer each time).
func (in *Interp) goTypeOf(rt reflect.Type) (types.Type, bool) {
	if t, ok := in.nat.gotypes[rt]; ok {
		return t, t != nil
	}
	t, ok := in.goTypeOf1(rt)
	if in.nat.gotypes == nil {
		in.nat.gotypes = map[reflect.Type]types.Type{}
	}
	in.nat.gotypes[rt] = t
	return t, ok
}

func (in *Interp) goTypeOf1(rt reflect.Type) (types.Type, bool) {
	if t, ok := in.nat.back[rt]; ok {
		return t, true
	}
	if rt == errorRT {
		return types.Universe.Lookup("error").Type(), true
	}
	if rt.Name() != "" {
		if rt.PkgPath() == "" {
			if k, ok := kindBasic[rt.Kind()]; ok {
				return types.Typ[k], true
			}
			return nil, false
		}
		// Only types of the registry's packages (or reachable from it):
		// a value of another package's type (runtime.boundsError) stays
		// opaque, as no native call could take it as that type.
		if in.prog == nil || (natives().types[rt.PkgPath()+"."+rt.Name()] != rt && !isNativePkg(rt.PkgPath())) {
			return nil, false
		}
		pkg := in.prog.ImportedPackage(rt.PkgPath())
		if pkg == nil {
			return nil, false
		}
		if tn, ok := pkg.Pkg.Scope().Lookup(rt.Name()).(*types.TypeName); ok {
			learnType(rt)
			return tn.Type(), true
		}
		return nil, false
	}
	switch rt.Kind() {
	case reflect.Pointer:
		if e, ok := in.goTypeOf(rt.Elem()); ok {
			return types.NewPointer(e), true
		}
	case reflect.Slice:
		if e, ok := in.goTypeOf(rt.Elem()); ok {
			return types.NewSlice(e), true
		}
	case reflect.Array:
		if e, ok := in.goTypeOf(rt.Elem()); ok {
			return types.NewArray(e, int64(rt.Len())), true
		}
	case reflect.Map:
		k, ok1 := in.goTypeOf(rt.Key())
		e, ok2 := in.goTypeOf(rt.Elem())
		if ok1 && ok2 {
			return types.NewMap(k, e), true
		}
	case reflect.Interface:
		if rt.NumMethod() == 0 {
			return types.Universe.Lookup("any").Type(), true
		}
	case reflect.Func:
		tuple := func(n int, at func(int) reflect.Type) (*types.Tuple, bool) {
			vars := make([]*types.Var, n)
			for i := range vars {
				t, ok := in.goTypeOf(at(i))
				if !ok {
					return nil, false
				}
				vars[i] = types.NewParam(0, nil, "", t)
			}
			return types.NewTuple(vars...), true
		}
		params, ok1 := tuple(rt.NumIn(), rt.In)
		results, ok2 := tuple(rt.NumOut(), rt.Out)
		if ok1 && ok2 {
			return types.NewSignatureType(nil, nil, nil, params, results, rt.IsVariadic()), true
		}
	}
	return nil, false
}

// toNative converts v, of go/types type t, to a native value of the
// reflect type standing for t. Slices and cells are copied and not
// written back (callNative does that for its arguments).
func (in *Interp) toNative(v Value, t types.Type) (reflect.Value, error) {
	rt, err := in.reflectType(t)
	if err != nil {
		return reflect.Value{}, err
	}
	return in.conv(&copyLog{mode: anyStrict}, v, t, rt)
}

// copyLog records, for one native call, the interpreted slices and cells
// copied into native memory, to copy the callee's writes back and to map
// slice results that point into those copies back onto the interpreted
// arrays.
type copyLog struct {
	mode    anyMode // how interpreted values of named types cross as any
	slices  []sliceCopy
	cells   []cellCopy
	maps    []mapCopy
	filling map[copyKey]bool // cells being converted (cycles)
}

// anyMode is how a native call sees interpreted values of named types
// passed as an empty interface, by what the callee does with them.
type anyMode int

const (
	// anyStrict: only values that convert faithfully (types without
	// methods, as structurally built values); others are refused.
	anyStrict anyMode = iota
	// anyFmt: fmt prints its arguments and uses only their Error and
	// String methods: a type with either crosses as an adapter.
	anyFmt
	// anyOpaque: the callee stores the value and hands it back
	// (container/heap, container/list, sync.Map, atomic.Value, the result
	// of an interpreted callback): a value that would not come back as
	// itself crosses in an opaque box.
	anyOpaque
)

// anyModeFor is the anyMode of the native function or method name
// ("fmt.Sprintf", "(*container/list.List).PushBack").
func anyModeFor(name string) anyMode {
	s := name
	if strings.HasPrefix(s, "(") {
		if i := strings.Index(s, ")"); i > 0 {
			s = s[1:i]
		}
		s = strings.TrimPrefix(s, "*")
	}
	if i := strings.LastIndex(s, "."); i > 0 {
		s = s[:i]
	}
	switch s {
	case "fmt":
		return anyFmt
	case "container/heap", "container/list", "container/ring", "sync", "sync/atomic":
		return anyOpaque
	}
	return anyStrict
}

type sliceCopy struct {
	full   []Value       // the interpreted slice up to its capacity
	native reflect.Value // its copy, up to the same capacity
	elemT  types.Type
	snap   reflect.Value // a shallow copy before the call (invalid for []byte)
}

type mapCopy struct {
	m      *Map
	mt     *types.Map
	native reflect.Value
	snap   reflect.Value // a shallow copy before the call
}

type cellCopy struct {
	cell  *Value
	p     reflect.Value // the native copy (a pointer)
	elemT types.Type
	snap  reflect.Value // a shallow copy before the call
}

// conv converts v, of go/types type t, to a native value of type rt.
func (in *Interp) conv(bd *copyLog, v Value, t types.Type, rt reflect.Type) (reflect.Value, error) {
	if bd == nil {
		bd = &copyLog{mode: anyOpaque}
	}
	if rt.Kind() == reflect.Interface {
		return in.convIface(bd, v, t, rt)
	}
	if v == nil {
		return reflect.Zero(rt), nil
	}
	switch x := v.(type) {
	case Native:
		if x.RV.Type() == rt {
			return x.RV, nil
		}
		if x.RV.Type().ConvertibleTo(rt) && x.RV.Kind() == rt.Kind() {
			return x.RV.Convert(rt), nil
		}
	case NativePtr:
		p := x.RV.Addr()
		if p.Type() == rt {
			return p, nil
		}
		if p.Type().ConvertibleTo(rt) && rt.Kind() == reflect.Pointer {
			return p.Convert(rt), nil
		}
	case NativeFunc:
		if x.Fn.Type() == rt {
			return x.Fn, nil
		}
		if x.Fn.Type().ConvertibleTo(rt) {
			return x.Fn.Convert(rt), nil
		}
	case *Closure:
		if rt.Kind() == reflect.Func {
			if x == nil {
				return reflect.Zero(rt), nil
			}
			if x.Fn.Blocks == nil && len(x.Env) == 0 && x.Fn.Signature.Recv() == nil {
				// A std function as a value (strings.Map(unicode.ToUpper, s)):
				// passed as itself rather than through the interpreter.
				if f, ok := natives().funcs[nativeName(x.Fn)]; ok && f.Type().ConvertibleTo(rt) {
					if _, over := overrides[nativeName(x.Fn)]; !over && !isRandPkg(x.Fn) {
						return f.Convert(rt), nil
					}
				}
			}
			return in.makeFunc(x, t, rt)
		}
	case *Value:
		if rt.Kind() == reflect.Pointer {
			return in.convPtr(bd, x, t, rt)
		}
	case []Value:
		if rt.Kind() == reflect.Slice {
			return in.convSlice(bd, x, t, rt)
		}
	case Array:
		if rt.Kind() == reflect.Array && rt.Len() == len(x) {
			out := reflect.New(rt).Elem()
			et := elemType(t)
			for i, e := range x {
				ev, err := in.conv(bd, e, et, rt.Elem())
				if err != nil {
					return reflect.Value{}, err
				}
				out.Index(i).Set(ev)
			}
			return out, nil
		}
	case Struct:
		st, ok := under(t).(*types.Struct)
		if ok && rt.Kind() == reflect.Struct && rt.NumField() == len(x) {
			out := reflect.New(rt).Elem()
			for i, e := range x {
				f := settable(out.Field(i))
				fv, err := in.conv(bd, e, st.Field(i).Type(), f.Type())
				if err != nil {
					return reflect.Value{}, err
				}
				f.Set(fv)
			}
			return out, nil
		}
	case *Map:
		mt, ok := under(t).(*types.Map)
		if ok && rt.Kind() == reflect.Map {
			if x == nil {
				return reflect.Zero(rt), nil
			}
			return in.convMap(bd, x, mt, rt)
		}
	case Iface, Tuple, *Chan:
	default:
		rv := reflect.ValueOf(v)
		if rv.Type() == rt {
			return rv, nil
		}
		if rv.Kind() == rt.Kind() {
			return rv.Convert(rt), nil
		}
	}
	return reflect.Value{}, &Unsupported{What: fmt.Sprintf("conversion of %T (type %v) to native %s", v, t, rt)}
}

// convIface converts v (an Iface, or a concrete value of type t) to a
// value of the native interface type rt.
func (in *Interp) convIface(bd *copyLog, v Value, t types.Type, rt reflect.Type) (reflect.Value, error) {
	var iv Iface
	switch x := v.(type) {
	case Iface:
		iv = x
	case nil:
		if _, ok := under(t).(*types.Interface); !ok {
			// A zero value of concrete type t.
			iv = Iface{T: t, V: nil}
		}
	default:
		iv = Iface{T: t, V: v}
	}
	if iv.T == nil && iv.V == nil {
		return reflect.Zero(rt), nil
	}
	var rv reflect.Value
	var err error
	switch {
	case iv.T == nil:
		rv, err = nativeOf(iv.V)
	case rt == anyRT && bd.mode == anyOpaque && in.needsBox(iv.T):
		rv = in.box(iv)
	case in.isInterpretedWithMethods(iv.T):
		rv, err = in.adapt(iv, rt, bd.mode)
	default:
		var drt reflect.Type
		if drt, err = in.reflectType(iv.T); err == nil {
			rv, err = in.conv(bd, iv.V, iv.T, drt)
		} else if rt == anyRT {
			if r, ok := in.adaptedElems(bd, iv); ok {
				rv, err = r, nil
			}
		}
	}
	if err != nil {
		return reflect.Value{}, err
	}
	if !rv.Type().AssignableTo(rt) {
		return reflect.Value{}, &Unsupported{What: fmt.Sprintf("native %s does not implement %s", rv.Type(), rt)}
	}
	out := reflect.New(rt).Elem()
	out.Set(rv)
	return out, nil
}

// needsBox reports whether a value of type t, passed to native code that
// hands it back, would not come back as itself: an interpreted named type
// with methods, or one whose underlying type is not a struct (a structural
// value of underlying type float64 or []int would come back as that
// type). Structs and pointers to them come back through the reverse
// mapping of structurally built types.
func (in *Interp) needsBox(t types.Type) bool {
	if in.isInterpretedWithMethods(t) {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || isNativeType(n) {
		return false
	}
	_, isStruct := n.Underlying().(*types.Struct)
	_, isIface := n.Underlying().(*types.Interface)
	return !isStruct && !isIface
}

// adaptedElems converts a slice or array of an interpreted type with
// methods ([]Temp, where Temp is a fmt.Stringer) passed as an empty
// interface (to fmt) into a []any of its elements, each adapted: fmt
// prints both alike (%T and %#v excepted). Not written back: fmt does not
// write its arguments.
func (in *Interp) adaptedElems(bd *copyLog, iv Iface) (reflect.Value, bool) {
	et := elemType(iv.T)
	if et == nil || !in.isInterpretedWithMethods(et) {
		return reflect.Value{}, false
	}
	var elems []Value
	switch x := iv.V.(type) {
	case []Value:
		if _, ok := under(iv.T).(*types.Slice); !ok {
			return reflect.Value{}, false
		}
		elems = x
	case Array:
		elems = x
	default:
		return reflect.Value{}, false
	}
	out := make([]any, len(elems))
	for i, e := range elems {
		ev, err := in.convIface(bd, Iface{T: et, V: e}, et, anyRT)
		if err != nil {
			return reflect.Value{}, false
		}
		out[i] = ev.Interface()
	}
	return reflect.ValueOf(out), true
}

// isInterpretedWithMethods reports whether t is a named type of the
// interpreted program (or a pointer to one) whose method set is not empty:
// its values need an adapter to be seen by native code as an interface.
// (A value of type T whose methods all have pointer receivers has an
// empty method set: native code sees it as a plain struct, as fmt does.)
func (in *Interp) isInterpretedWithMethods(t types.Type) bool {
	orig := t
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || isNativeType(n) {
		return false
	}
	return in.prog.MethodSets.MethodSet(orig).Len() > 0
}

// convPtr converts a pointer to an interpreted cell. A Native cell is
// passed as its own address; any other cell as a native copy, the same
// copy each time for the same cell (so that pointer identity holds in
// native code), filled now and written back after the call.
func (in *Interp) convPtr(bd *copyLog, cell *Value, t types.Type, rt reflect.Type) (reflect.Value, error) {
	if cell == nil {
		return reflect.Zero(rt), nil
	}
	et := rt.Elem()
	if n, ok := (*cell).(Native); ok && n.RV.Type() == et {
		in.noteCell(n.RV, cell)
		return n.RV.Addr(), nil
	}
	key := copyKey{cell, et}
	p, ok := in.nat.copies[key]
	if !ok {
		p = reflect.New(et)
		in.nat.copies[key] = p
		in.nat.cells[cellKey{p.UnsafePointer(), et}] = cell
	}
	if bd.filling == nil {
		bd.filling = map[copyKey]bool{}
	}
	if bd.filling[key] {
		return p, nil
	}
	bd.filling[key] = true
	elemT := elemType(t)
	ev, err := in.conv(bd, *cell, elemT, et)
	delete(bd.filling, key)
	if err != nil {
		return reflect.Value{}, err
	}
	p.Elem().Set(ev)
	cc := cellCopy{cell: cell, p: p, elemT: elemT}
	cc.snap = reflect.New(et).Elem()
	cc.snap.Set(p.Elem())
	bd.cells = append(bd.cells, cc)
	if p.Type() != rt {
		return p.Convert(rt), nil
	}
	return p, nil
}

// convMap copies an interpreted map into a native one (in the map's
// order), recording the copy to write the callee's changes back.
func (in *Interp) convMap(bd *copyLog, m *Map, mt *types.Map, rt reflect.Type) (reflect.Value, error) {
	out := reflect.MakeMapWithSize(rt, m.Len())
	var err error
	m.Range(func(k, v Value) bool {
		var kv, ev reflect.Value
		if kv, err = in.conv(bd, k, mt.Key(), rt.Key()); err != nil {
			return false
		}
		if ev, err = in.conv(bd, v, mt.Elem(), rt.Elem()); err != nil {
			return false
		}
		out.SetMapIndex(kv, ev)
		return true
	})
	if err != nil {
		return reflect.Value{}, err
	}
	snap := reflect.MakeMapWithSize(rt, out.Len())
	for it := out.MapRange(); it.Next(); {
		snap.SetMapIndex(it.Key(), it.Value())
	}
	bd.maps = append(bd.maps, mapCopy{m: m, mt: mt, native: out, snap: snap})
	return out, nil
}

// noteCell records that the native memory of a Native cell's value is the
// cell, so that its address coming back from native code is the cell.
func (in *Interp) noteCell(rv reflect.Value, cell *Value) {
	if rv.CanAddr() {
		in.nat.cells[cellKey{unsafe.Pointer(rv.UnsafeAddr()), rv.Type()}] = cell
	}
}

// convSlice copies an interpreted slice (up to its capacity: a callee may
// append within it) into a native one, recording the copy to write back.
func (in *Interp) convSlice(bd *copyLog, s []Value, t types.Type, rt reflect.Type) (reflect.Value, error) {
	if s == nil {
		return reflect.Zero(rt), nil
	}
	full := s[:cap(s)]
	out := reflect.MakeSlice(rt, cap(s), cap(s))
	et := elemType(t)
	if rt.Elem().Kind() == reflect.Uint8 {
		b := out.Bytes()
		for i, v := range full {
			switch x := v.(type) {
			case uint8:
				b[i] = x
			case nil:
			default:
				return reflect.Value{}, &Unsupported{What: fmt.Sprintf("byte slice element of Go type %T", v)}
			}
		}
	} else {
		for i, v := range full {
			ev, err := in.conv(bd, v, et, rt.Elem())
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(ev)
		}
	}
	sc := sliceCopy{full: full, native: out, elemT: et}
	if rt.Elem().Kind() != reflect.Uint8 {
		sc.snap = reflect.MakeSlice(rt, cap(s), cap(s))
		reflect.Copy(sc.snap, out)
	}
	bd.slices = append(bd.slices, sc)
	return out.Slice(0, len(s)), nil
}

// writeBack copies the callee's writes into the native copies of
// interpreted slices and cells back into them. Only what the callee
// changed is converted back (compared with a shallow copy taken before
// the call): an unchanged element keeps its interpreted value, identity
// included, even when it could not convert back (a map); what a changed
// element references (a slice, a cell) has its own write-back.
func (in *Interp) writeBack(bd *copyLog) error {
	for _, w := range bd.slices {
		if !w.snap.IsValid() {
			for i, b := range w.native.Bytes() {
				if w.full[i] != nil || b != 0 {
					w.full[i] = b
				}
			}
			continue
		}
		for i := range w.full {
			e := w.native.Index(i)
			if shallowEqual(w.snap.Index(i), e) {
				continue
			}
			v, err := in.fromNativeBD(bd, e, w.elemT)
			if err != nil {
				return err
			}
			w.full[i] = assignInto(w.full[i], v)
		}
	}
	for _, c := range bd.maps {
		if err := in.writeBackMap(bd, c); err != nil {
			return err
		}
	}
	for _, c := range bd.cells {
		e := c.p.Elem()
		if shallowEqual(c.snap, e) {
			continue
		}
		v, err := in.fromNativeBD(bd, e, c.elemT)
		if err != nil {
			return err
		}
		*c.cell = assignInto(*c.cell, v)
	}
	return nil
}

// writeBackMap applies the callee's changes to the native copy of an
// interpreted map: deleted keys are deleted, new and changed entries
// inserted (new ones in sorted key order), unchanged ones left alone, so
// that the map's order changes only as much as Go's would allow.
func (in *Interp) writeBackMap(bd *copyLog, c mapCopy) error {
	if c.native.Len() == c.snap.Len() {
		same := true
		for it := c.native.MapRange(); it.Next(); {
			old := c.snap.MapIndex(it.Key())
			if !old.IsValid() || !shallowEqual(old, it.Value()) {
				same = false
				break
			}
		}
		if same {
			return nil
		}
	}
	for it := c.snap.MapRange(); it.Next(); {
		if c.native.MapIndex(it.Key()).IsValid() {
			continue
		}
		k, err := in.fromNativeBD(bd, it.Key(), c.mt.Key())
		if err != nil {
			return err
		}
		c.m.Delete(k)
	}
	keys, err := sortedKeys(c.native)
	if err != nil {
		return err
	}
	for _, kv := range keys {
		ev := c.native.MapIndex(kv)
		if old := c.snap.MapIndex(kv); old.IsValid() && shallowEqual(old, ev) {
			continue
		}
		k, err := in.fromNativeBD(bd, kv, c.mt.Key())
		if err != nil {
			return err
		}
		v, err := in.fromNativeBD(bd, ev, c.mt.Elem())
		if err != nil {
			return err
		}
		c.m.Insert(k, v)
	}
	return nil
}

// sortedKeys are the keys of native map m in a deterministic order (Go's
// is random, and the order of an interpreted map is its insertion order):
// by value for basic kinds, by their printed form for structs, arrays and
// interfaces holding no pointers. Other keys (pointers, channels) have no
// stable order: refused.
func sortedKeys(m reflect.Value) ([]reflect.Value, error) {
	keys := m.MapKeys()
	kt := m.Type().Key()
	var less func(a, b reflect.Value) bool
	switch kt.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		less = func(a, b reflect.Value) bool { return a.Int() < b.Int() }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		less = func(a, b reflect.Value) bool { return a.Uint() < b.Uint() }
	case reflect.Float32, reflect.Float64:
		less = func(a, b reflect.Value) bool { return a.Float() < b.Float() }
	case reflect.String:
		less = func(a, b reflect.Value) bool { return a.String() < b.String() }
	case reflect.Bool:
		less = func(a, b reflect.Value) bool { return !a.Bool() && b.Bool() }
	case reflect.Struct, reflect.Array, reflect.Interface, reflect.Complex64, reflect.Complex128:
		strs := make(map[int]string, len(keys))
		for i, k := range keys {
			if keyHasPointers(k) || !k.CanInterface() {
				return nil, &Unsupported{What: "native map with key " + k.Type().String() + " holding pointers (no deterministic order)"}
			}
			strs[i] = fmt.Sprintf("%T:%#v", k.Interface(), k.Interface())
		}
		idx := make([]int, len(keys))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return strs[idx[a]] < strs[idx[b]] })
		out := make([]reflect.Value, len(keys))
		for i, j := range idx {
			out[i] = keys[j]
		}
		return out, nil
	default:
		return nil, &Unsupported{What: "native map with key type " + kt.String() + " (no deterministic order)"}
	}
	sort.SliceStable(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	return keys, nil
}

// keyHasPointers reports whether key value k holds a pointer, channel or
// unsafe pointer (whose printed form is an address).
func keyHasPointers(k reflect.Value) bool {
	switch k.Kind() {
	case reflect.Pointer, reflect.Chan, reflect.UnsafePointer, reflect.Func, reflect.Map, reflect.Slice:
		return true
	case reflect.Interface:
		return !k.IsNil() && keyHasPointers(k.Elem())
	case reflect.Array:
		for i := 0; i < k.Len(); i++ {
			if keyHasPointers(k.Index(i)) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < k.NumField(); i++ {
			if keyHasPointers(k.Field(i)) {
				return true
			}
		}
	}
	return false
}

// shallowEqual reports whether a and b (of one type) hold the same
// value, comparing references (pointers, slices, maps, funcs) by address,
// not content. Floats compare by bits, so that an unchanged NaN is equal.
func shallowEqual(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	case reflect.Complex64, reflect.Complex128:
		x, y := a.Complex(), b.Complex()
		return math.Float64bits(real(x)) == math.Float64bits(real(y)) && math.Float64bits(imag(x)) == math.Float64bits(imag(y))
	case reflect.String:
		return a.String() == b.String()
	case reflect.Slice:
		return a.Pointer() == b.Pointer() && a.Len() == b.Len() && a.Cap() == b.Cap()
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return a.Pointer() == b.Pointer()
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return a.Elem().Type() == b.Elem().Type() && shallowEqual(a.Elem(), b.Elem())
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if !shallowEqual(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !shallowEqual(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return false
}

// assignInto returns what a slot holding old holds after v is written to
// it: a Native slot is updated in place, so that pointers into it
// (NativePtr, its own address) stay valid.
func assignInto(old, v Value) Value {
	if o, ok := old.(Native); ok {
		if n, ok := v.(Native); ok && n.RV.Type() == o.RV.Type() && o.RV.CanSet() {
			o.RV.Set(n.RV)
			return o
		}
	}
	return v
}

// fromNative converts native value rv to a Value of go/types type t.
func (in *Interp) fromNative(rv reflect.Value, t types.Type) (Value, error) {
	return in.fromNativeBD(nil, rv, t)
}

// fromNativeBD is fromNative inside a native call: slice results that
// point into the native copy of an interpreted slice argument become
// slices of that interpreted array.
func (in *Interp) fromNativeBD(bd *copyLog, rv reflect.Value, t types.Type) (Value, error) {
	if !rv.IsValid() {
		return nil, &Unsupported{What: "invalid native value"}
	}
	switch u := under(t).(type) {
	case *types.Basic:
		return basicFrom(rv, u)
	case *types.Interface:
		if rv.Kind() != reflect.Interface {
			return in.ifaceOf(bd, rv)
		}
		if rv.IsNil() {
			return Iface{}, nil
		}
		return in.ifaceOf(bd, rv.Elem())
	case *types.Pointer:
		if rv.Kind() != reflect.Pointer {
			break
		}
		if rv.IsNil() {
			return (*Value)(nil), nil
		}
		if c, ok := in.nat.cells[cellKey{rv.UnsafePointer(), rv.Type().Elem()}]; ok {
			return c, nil
		}
		return canonPtr(rv), nil
	case *types.Slice:
		if rv.Kind() != reflect.Slice {
			break
		}
		if rv.IsNil() {
			return []Value(nil), nil
		}
		if s, ok := bd.alias(rv); ok {
			return s, nil
		}
		n, c := rv.Len(), rv.Cap()
		if c > maxNativeElems {
			// As core bounds its own allocations: a Value per element
			// would take 16 bytes each.
			return nil, &Unsupported{What: fmt.Sprintf("native slice of %d elements", c)}
		}
		full := rv.Slice(0, c)
		out := make([]Value, c)
		if rv.Type().Elem().Kind() == reflect.Uint8 && u.Elem().Underlying() == types.Typ[types.Uint8] {
			for i, b := range full.Bytes() {
				out[i] = b
			}
		} else {
			for i := range out {
				v, err := in.fromNativeBD(bd, full.Index(i), u.Elem())
				if err != nil {
					return nil, err
				}
				out[i] = v
			}
		}
		return out[:n], nil
	case *types.Array:
		if rv.Kind() != reflect.Array {
			break
		}
		out := make(Array, rv.Len())
		for i := range out {
			v, err := in.fromNativeBD(bd, rv.Index(i), u.Elem())
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *types.Struct:
		if rv.Kind() != reflect.Struct {
			break
		}
		if isNativeStruct(t) {
			return Native{RV: copyRV(rv)}, nil
		}
		if !rv.CanAddr() {
			rv = copyRV(rv)
		}
		out := make(Struct, u.NumFields())
		for i := range out {
			v, err := in.fromNativeBD(bd, settable(rv.Field(i)), u.Field(i).Type())
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *types.Map:
		if rv.Kind() != reflect.Map {
			break
		}
		if rv.IsNil() {
			return (*Map)(nil), nil
		}
		keys, err := sortedKeys(rv)
		if err != nil {
			return nil, err
		}
		m := NewMap(u.Key(), 0)
		for _, k := range keys {
			kv, err := in.fromNativeBD(bd, k, u.Key())
			if err != nil {
				return nil, err
			}
			ev, err := in.fromNativeBD(bd, rv.MapIndex(k), u.Elem())
			if err != nil {
				return nil, err
			}
			m.Insert(kv, ev)
		}
		return m, nil
	case *types.Chan:
		if rv.Kind() == reflect.Chan && rv.IsNil() {
			return (*Chan)(nil), nil
		}
		return nil, &Unsupported{What: "native channel of type " + t.String()}
	case *types.Signature:
		if rv.Kind() != reflect.Func {
			break
		}
		if rv.IsNil() {
			return (*Closure)(nil), nil
		}
		return NativeFunc{Name: rv.Type().String(), Fn: rv}, nil
	}
	return nil, &Unsupported{What: fmt.Sprintf("native %s as %v", rv.Type(), t)}
}

// alias returns the interpreted slice that native slice rv (a result)
// points into, if it points into the copy of a slice argument.
func (bd *copyLog) alias(rv reflect.Value) ([]Value, bool) {
	if bd == nil || rv.Cap() == 0 {
		return nil, false
	}
	p := rv.Pointer()
	for _, w := range bd.slices {
		if w.native.Type().Elem() != rv.Type().Elem() || w.native.Cap() == 0 {
			continue
		}
		base := w.native.Pointer()
		size := rv.Type().Elem().Size()
		if size == 0 || p < base || p >= base+uintptr(w.native.Cap())*size || (p-base)%size != 0 {
			continue
		}
		off := int((p - base) / size)
		if off+rv.Cap() > len(w.full) {
			continue
		}
		return w.full[off : off+rv.Len() : off+rv.Cap()], true
	}
	return nil, false
}

// copyRV is an addressable copy of rv.
func copyRV(rv reflect.Value) reflect.Value {
	c := reflect.New(rv.Type()).Elem()
	if rv.CanInterface() {
		c.Set(rv)
	} else if rv.CanAddr() {
		c.Set(settable(rv))
	} else {
		// Read-only and not addressable (reached through an unexported
		// field of a value that was not addressable): left as it is.
		return rv
	}
	return c
}

// basicFrom converts a native value of a basic kind to the Value of basic
// type b (int is int, time.Duration's int64 is int64, ...).
func basicFrom(rv reflect.Value, b *types.Basic) (Value, error) {
	k := rv.Kind()
	switch b.Kind() {
	case types.Bool:
		if k == reflect.Bool {
			return rv.Bool(), nil
		}
	case types.String:
		if k == reflect.String {
			return rv.String(), nil
		}
	case types.Int, types.Int8, types.Int16, types.Int32, types.Int64:
		if k >= reflect.Int && k <= reflect.Int64 {
			return convInt(rv.Int(), b.Kind()), nil
		}
	case types.Uint, types.Uint8, types.Uint16, types.Uint32, types.Uint64, types.Uintptr:
		if k >= reflect.Uint && k <= reflect.Uintptr {
			return convUint(rv.Uint(), b.Kind()), nil
		}
	case types.Float32, types.Float64:
		if k == reflect.Float32 || k == reflect.Float64 {
			return convFloat(rv.Float(), b.Kind()), nil
		}
	case types.Complex64, types.Complex128:
		if k == reflect.Complex64 || k == reflect.Complex128 {
			if b.Kind() == types.Complex64 {
				return complex64(rv.Complex()), nil
			}
			return rv.Complex(), nil
		}
	}
	return nil, &Unsupported{What: fmt.Sprintf("native %s as %s", rv.Type(), b)}
}

// ifaceOf is the Iface for native dynamic value d. Values that came from
// interpreted code through an adapter, a structurally built type or a
// copied cell come back as they were. Otherwise T is the go/types type of
// d when the program has one (basic kinds, time.Duration, []string,
// *strconv.NumError, time.Time) and V its usual representation (Native for
// a std struct, NativePtr for a pointer to one); when the program has no
// go/types object for it (an unexported type of a package the program
// does not import, an instantiated generic type), T is nil and V a
// NativePtr (a pointer to a struct) or a Native holding the value
// (anything else, opaque): core asks nativeAssignable about those.
func (in *Interp) ifaceOf(bd *copyLog, d reflect.Value) (Value, error) {
	if d.CanInterface() {
		if a, ok := d.Interface().(adapter); ok {
			return a.interpreted(), nil
		}
	}
	dt := d.Type()
	if bt, ok := in.nat.back[dt]; ok {
		v, err := in.fromNativeBD(bd, d, bt)
		return Iface{T: bt, V: v}, err
	}
	if gt, ok := in.goTypeOf(dt); ok {
		v, err := in.fromNativeBD(bd, d, gt)
		if err != nil {
			return nil, err
		}
		return Iface{T: gt, V: v}, nil
	}
	if dt.Kind() == reflect.Pointer && dt.Elem().Kind() == reflect.Struct && !d.IsNil() {
		return Iface{V: canonPtr(d)}, nil
	}
	return Iface{V: Native{RV: copyRV(d)}}, nil
}
