package interp

// Interpreted code called from native code: function values (callbacks
// made with reflect.MakeFunc) and values of interpreted types with methods
// passed where native code wants one of a few interfaces (adapters).

import (
	"container/heap"
	"fmt"
	"go/types"
	"io"
	"reflect"
	"sort"
)

var (
	stringerRT = reflect.TypeFor[fmt.Stringer]()
	sortRT     = reflect.TypeFor[sort.Interface]()
	heapRT     = reflect.TypeFor[heap.Interface]()
	readerRT   = reflect.TypeFor[io.Reader]()
	writerRT   = reflect.TypeFor[io.Writer]()
)

// makeFunc is a native function of type rt that calls the interpreted
// closure c (of go/types type t).
func (in *Interp) makeFunc(c *Closure, t types.Type, rt reflect.Type) (reflect.Value, error) {
	sig, ok := under(t).(*types.Signature)
	if !ok {
		sig = c.Fn.Signature
	}
	if sig.Params().Len() != rt.NumIn() || sig.Results().Len() != rt.NumOut() {
		return reflect.Value{}, &Unsupported{What: fmt.Sprintf("closure %s as native %s", c.Fn, rt)}
	}
	outs := make([]reflect.Type, rt.NumOut())
	for i := range outs {
		outs[i] = rt.Out(i)
	}
	n, b := makeFuncAllocs(rt)
	return reflect.MakeFunc(rt, func(args []reflect.Value) []reflect.Value {
		if m := in.nat.meter; m != nil {
			// reflect's stub made args for this call: not the
			// program's allocations.
			m.count -= n
			m.bytes -= b
		}
		return in.callInterp(c, nil, false, sig, args, outs)
	}), nil
}

// callInterp calls interpreted function fn (with receiver recv first when
// hasRecv) from native code: args are converted with sig's parameter
// types, the results to outs. Writes of the callee into slices it was
// passed (an io.Reader's Read filling p) are copied back into the native
// slices. An interpreter error stops the native call (see abortNative).
func (in *Interp) callInterp(fn Value, recv Value, hasRecv bool, sig *types.Signature, args []reflect.Value, outs []reflect.Type) []reflect.Value {
	// The conversions are the interpreter's work: a measured native
	// call's count pauses before them and resumes after.
	m := in.pauseMeter()
	defer in.resumeMeter(m)
	vals := make([]Value, 0, len(args)+1)
	if hasRecv {
		vals = append(vals, recv)
	}
	off := len(vals)
	for i, a := range args {
		v, err := in.fromNative(a, sig.Params().At(i).Type())
		if err != nil {
			in.abortNative(err)
		}
		vals = append(vals, v)
	}
	// The slices handed to the callee, kept before it can reslice its
	// parameters.
	passed := make([][]Value, len(args))
	for i, a := range args {
		if a.Kind() == reflect.Slice {
			passed[i], _ = vals[off+i].([]Value)
		}
	}
	res, err := in.callInterpreted(fn, vals)
	if err != nil {
		in.abortNative(err)
	}
	for i, s := range passed {
		if s == nil {
			continue
		}
		dst := args[i].Slice(0, args[i].Cap())
		et := elemType(sig.Params().At(i).Type())
		for j, v := range s[:cap(s)] {
			ev, err := in.conv(nil, v, et, dst.Type().Elem())
			if err != nil {
				in.abortNative(err)
			}
			dst.Index(j).Set(ev)
		}
	}
	out := make([]reflect.Value, len(outs))
	switch len(outs) {
	case 0:
	case 1:
		rv, err := in.conv(nil, res, sig.Results().At(0).Type(), outs[0])
		if err != nil {
			in.abortNative(err)
		}
		out[0] = rv
	default:
		tup, ok := res.(Tuple)
		if !ok || len(tup) != len(outs) {
			in.abortNative(&Unsupported{What: fmt.Sprintf("callback result %T for %d results", res, len(outs))})
		}
		for i := range outs {
			rv, err := in.conv(nil, tup[i], sig.Results().At(i).Type(), outs[i])
			if err != nil {
				in.abortNative(err)
			}
			out[i] = rv
		}
	}
	return out
}

// adapter is implemented by the adapters: the interpreted value behind
// them comes back unchanged when native code returns it (heap.Pop,
// errors.Unwrap).
type adapter interface{ interpreted() Iface }

// adapterBase is the interpreted value an adapter stands for.
type adapterBase struct {
	in *Interp
	v  Iface
}

func (a *adapterBase) interpreted() Iface { return a.v }

// call calls the interpreted method name of the adapted value. The
// adapters' methods pause a measured native call's count first (see
// AllocMeasurer): what they do to make the call is the interpreter's.
func (a *adapterBase) call(name string, outs []reflect.Type, args ...reflect.Value) []reflect.Value {
	in := a.in
	sel := in.prog.MethodSets.MethodSet(a.v.T).Lookup(nil, name)
	if sel == nil {
		in.abortNative(&Unsupported{What: fmt.Sprintf("method %s of %s", name, a.v.T)})
	}
	fn := in.prog.MethodValue(sel)
	if fn == nil {
		in.abortNative(&Unsupported{What: fmt.Sprintf("method %s of %s has no function", name, a.v.T)})
	}
	return in.callInterp(&Closure{Fn: fn}, a.v.V, true, fn.Signature, args, outs)
}

var (
	intRT  = reflect.TypeFor[int]()
	boolRT = reflect.TypeFor[bool]()
	strRT  = reflect.TypeFor[string]()
)

// has reports whether the adapted value has method name.
func (a *adapterBase) has(name string) bool {
	return a.in.prog.MethodSets.MethodSet(a.v.T).Lookup(nil, name) != nil
}

// errorAdapter is an interpreted value seen by native code as an error.
// Its Unwrap, Is and As call the interpreted methods when the type has
// them and otherwise answer as if they were absent (nil, false, false), so
// that errors.Is and errors.As walk interpreted wrappers as they would the
// compiled ones.
type errorAdapter struct{ adapterBase }

// Error calls the interpreted Error method.
func (a *errorAdapter) Error() string {
	defer a.in.resumeMeter(a.in.pauseMeter())
	return a.call("Error", []reflect.Type{strRT})[0].String()
}

// Unwrap calls the interpreted Unwrap method, if any (else nil).
func (a *errorAdapter) Unwrap() error {
	defer a.in.resumeMeter(a.in.pauseMeter())
	if !a.has("Unwrap") {
		return nil
	}
	err, _ := a.call("Unwrap", []reflect.Type{errorRT})[0].Interface().(error)
	return err
}

// Is calls the interpreted Is method, if any (else false).
func (a *errorAdapter) Is(target error) bool {
	defer a.in.resumeMeter(a.in.pauseMeter())
	if !a.has("Is") {
		return false
	}
	return a.call("Is", []reflect.Type{boolRT}, reflect.ValueOf(&target).Elem())[0].Bool()
}

// As calls the interpreted As method, if any (else false).
func (a *errorAdapter) As(target any) bool {
	defer a.in.resumeMeter(a.in.pauseMeter())
	if !a.has("As") {
		return false
	}
	return a.call("As", []reflect.Type{boolRT}, reflect.ValueOf(&target).Elem())[0].Bool()
}

// errorsAdapter is an errorAdapter for a type whose Unwrap returns
// []error (a type cannot have both).
type errorsAdapter struct{ errorAdapter }

var errorsRT = reflect.TypeFor[[]error]()

// Unwrap calls the interpreted Unwrap method returning []error.
func (a *errorsAdapter) Unwrap() []error {
	defer a.in.resumeMeter(a.in.pauseMeter())
	errs, _ := a.call("Unwrap", []reflect.Type{errorsRT})[0].Interface().([]error)
	return errs
}

// stringerAdapter is an interpreted value seen by native code as a
// fmt.Stringer.
type stringerAdapter struct{ adapterBase }

// String calls the interpreted String method.
func (a *stringerAdapter) String() string {
	defer a.in.resumeMeter(a.in.pauseMeter())
	return a.call("String", []reflect.Type{strRT})[0].String()
}

// sortAdapter is an interpreted value seen by native code as a
// sort.Interface.
type sortAdapter struct{ adapterBase }

// Len calls the interpreted Len method.
func (a *sortAdapter) Len() int {
	defer a.in.resumeMeter(a.in.pauseMeter())
	return int(a.call("Len", []reflect.Type{intRT})[0].Int())
}

// Less calls the interpreted Less method.
func (a *sortAdapter) Less(i, j int) bool {
	defer a.in.resumeMeter(a.in.pauseMeter())
	return a.call("Less", []reflect.Type{boolRT}, reflect.ValueOf(i), reflect.ValueOf(j))[0].Bool()
}

// Swap calls the interpreted Swap method.
func (a *sortAdapter) Swap(i, j int) {
	defer a.in.resumeMeter(a.in.pauseMeter())
	a.call("Swap", nil, reflect.ValueOf(i), reflect.ValueOf(j))
}

// heapAdapter is an interpreted value seen by native code as a
// heap.Interface.
type heapAdapter struct{ sortAdapter }

// Push calls the interpreted Push method.
func (a *heapAdapter) Push(x any) {
	defer a.in.resumeMeter(a.in.pauseMeter())
	a.call("Push", nil, reflect.ValueOf(&x).Elem())
}

// Pop calls the interpreted Pop method.
func (a *heapAdapter) Pop() any {
	defer a.in.resumeMeter(a.in.pauseMeter())
	return a.call("Pop", []reflect.Type{anyRT})[0].Interface()
}

// readerAdapter is an interpreted value seen by native code as an
// io.Reader.
type readerAdapter struct{ adapterBase }

// Read calls the interpreted Read method; what it writes into p is
// copied back into p.
func (a *readerAdapter) Read(p []byte) (int, error) {
	defer a.in.resumeMeter(a.in.pauseMeter())
	r := a.call("Read", []reflect.Type{intRT, errorRT}, reflect.ValueOf(p))
	err, _ := r[1].Interface().(error)
	return int(r[0].Int()), err
}

// writerAdapter is an interpreted value seen by native code as an
// io.Writer.
type writerAdapter struct{ adapterBase }

// Write calls the interpreted Write method.
func (a *writerAdapter) Write(p []byte) (int, error) {
	defer a.in.resumeMeter(a.in.pauseMeter())
	r := a.call("Write", []reflect.Type{intRT, errorRT}, reflect.ValueOf(p))
	err, _ := r[1].Interface().(error)
	return int(r[0].Int()), err
}

// boxAdapter is an opaque box holding an interpreted value handed to
// native code that only stores it and hands it back (anyOpaque).
type boxAdapter struct{ adapterBase }

// box returns the box for iv, the same box for the same interpreted
// pointer or comparable value (so that boxes used as keys of a sync.Map
// compare as the values would).
func (in *Interp) box(iv Iface) reflect.Value {
	key := adapterCacheKey(iv)
	if key != nil {
		if a, ok := in.nat.adapters[adapterKey{adaptBox, key}]; ok {
			return a
		}
	}
	rv := reflect.ValueOf(&boxAdapter{adapterBase{in: in, v: iv}})
	if key != nil {
		in.nat.adapters[adapterKey{adaptBox, key}] = rv
	}
	return rv
}

// adapterCacheKey is the identity of an interpreted value for the adapter
// cache: its cell, or its type and value when comparable; nil when it has
// none (a struct value: each conversion gets its own adapter).
func adapterCacheKey(iv Iface) any {
	switch x := iv.V.(type) {
	case *Value:
		return x
	case Struct, Array, []Value, nil:
		return nil
	default:
		if reflect.TypeOf(x).Comparable() {
			return [2]any{types.TypeString(iv.T, nil), x}
		}
	}
	return nil
}

// adapterKind tells the adapters apart in the cache.
type adapterKind int

const (
	adaptError adapterKind = iota
	adaptStringer
	adaptSort
	adaptHeap
	adaptReader
	adaptWriter
	adaptBox
)

// adapterKey identifies an adapter: the same interpreted pointer (or
// comparable value) gets the same adapter, so that native == (errors.Is
// against a sentinel) sees equal values as equal.
type adapterKey struct {
	kind adapterKind
	k    any
}

// adaptedMethods are the methods each adapter calls.
var adaptedMethods = map[adapterKind][]string{
	adaptError:    {"Error"},
	adaptStringer: {"String"},
	adaptSort:     {"Len", "Less", "Swap"},
	adaptHeap:     {"Len", "Less", "Swap", "Push", "Pop"},
	adaptReader:   {"Read"},
	adaptWriter:   {"Write"},
}

// adapt wraps interpreted value iv (of a named type with methods) in the
// adapter for native interface rt. For an empty interface passed to fmt
// an error adapter or a Stringer adapter is chosen by the methods, as fmt
// would; any other combination is refused (other consumers of an empty
// interface may look at more than those methods: json its MarshalJSON,
// reflection its fields).
func (in *Interp) adapt(iv Iface, rt reflect.Type, mode anyMode) (reflect.Value, error) {
	ms := in.prog.MethodSets.MethodSet(iv.T)
	has := func(name string) bool { return ms.Lookup(nil, name) != nil }
	var kind adapterKind
	switch {
	case rt == errorRT || (rt == anyRT && mode == anyFmt && has("Error")):
		kind = adaptError
	case rt == stringerRT || (rt == anyRT && mode == anyFmt && has("String")):
		kind = adaptStringer
	case rt == sortRT:
		kind = adaptSort
	case rt == heapRT:
		kind = adaptHeap
	case rt == readerRT:
		kind = adaptReader
	case rt == writerRT:
		kind = adaptWriter
	default:
		return reflect.Value{}, &Unsupported{What: fmt.Sprintf("interpreted type %s (with methods) passed as native %s", iv.T, rt)}
	}
	for _, m := range adaptedMethods[kind] {
		if !has(m) {
			return reflect.Value{}, &Unsupported{What: fmt.Sprintf("interpreted type %s has no method %s for native %s", iv.T, m, rt)}
		}
	}
	key := adapterCacheKey(iv)
	if key != nil {
		if a, ok := in.nat.adapters[adapterKey{kind, key}]; ok {
			return a, nil
		}
	}
	base := adapterBase{in: in, v: iv}
	var a any
	switch kind {
	case adaptError:
		a = &errorAdapter{base}
		if sel := ms.Lookup(nil, "Unwrap"); sel != nil {
			if r := sel.Type().(*types.Signature).Results(); r.Len() == 1 {
				if _, multi := under(r.At(0).Type()).(*types.Slice); multi {
					a = &errorsAdapter{errorAdapter{base}}
				}
			}
		}
	case adaptStringer:
		a = &stringerAdapter{base}
	case adaptSort:
		a = &sortAdapter{base}
	case adaptHeap:
		a = &heapAdapter{sortAdapter{base}}
	case adaptReader:
		a = &readerAdapter{base}
	case adaptWriter:
		a = &writerAdapter{base}
	}
	rv := reflect.ValueOf(a)
	if key != nil {
		in.nat.adapters[adapterKey{kind, key}] = rv
	}
	return rv, nil
}
