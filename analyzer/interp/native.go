package interp

// The bridge between interpreted code and the real standard library.
//
// Functions without an SSA body (the standard library, loaded from export
// data) run natively: their arguments are converted to reflect.Values of
// the real parameter types, the function is called through reflect, and
// the results are converted back. The registry of functions, variables and
// types (zz_natives.go) is generated from a fixed list of packages that
// are safe to run while analysing a program (no files, network, processes
// or timers); methods need no registry, they are found with reflect's
// MethodByName on the converted receiver.
//
// Conversion is by copy. Slices and pointers to interpreted cells that are
// passed in are copied into native memory, and after the call the native
// copies are copied back into the interpreted elements and cells, so that
// a callee's writes (io.ReadFull, hex.Encode, binary.BigEndian.PutUint32,
// json.Unmarshal into &v) are visible. A slice result that points into
// the native copy of an argument (bytes.TrimSpace, strconv.AppendInt) is
// mapped back onto the interpreted array, so that aliasing between an
// argument and the result of one call is kept; aliasing that outlives the
// call (a native object retaining an interpreted slice and writing it
// later) is not preserved. Native struct values (strings.Builder,
// time.Time, big.Int) are not copied: they live in native memory as Native
// values whose methods act on them in place.
//
// Interface values coming from native code (fromNative) are Ifaces whose
// T is the go/types type of the dynamic value when the program has one
// (basic kinds, time.Duration, *strconv.NumError, time.Time, and even
// unexported ones such as *errors.errorString when the export data has
// them), with V in the usual representation (Native for a std struct,
// NativePtr for a pointer to one); T is nil only when the program has no
// go/types object for the type, and V is then a NativePtr (pointer to a
// struct) or a Native holding the value, opaque: nativeDynamicType and
// nativeAssignable answer for it. Values that came from interpreted code
// (through an adapter, a copied cell or a structurally built type) come
// back as they were.
//
// Maps are copied both ways: a native map becomes an interpreted map with
// its keys in sorted order (Go's order is random; the interpreter's is
// insertion order), and an interpreted map passed in gets the callee's
// changes applied after the call (json.Unmarshal into a map).
//
// A value of an interpreted named type passed as an empty interface
// crosses by what the callee does with it (anyMode): fmt gets adapters for
// Error and String; containers and sync (heap, list, ring, sync.Map,
// sync.Pool, atomic.Value) get an opaque box that comes back as the
// original value; any other callee gets a structurally built value only
// when the type has no methods. A type with methods passed as error,
// fmt.Stringer, sort.Interface, heap.Interface, io.Reader or io.Writer
// crosses as an adapter calling its interpreted methods.
//
// Native code is made deterministic and harmless (native_override.go):
// math/rand, math/rand/v2, crypto/rand and hash/maphash draw from
// Config.Seed; time.Now, Since and Until read a fake clock (1µs per
// reading) and time.Sleep advances it; fmt.Print* format and discard;
// sort.Slice runs on the interpreted slice; sync.Pool is a stack; locking
// a held mutex is refused rather than hanging; flag definitions, the
// environment and testing's queries answer without touching the
// analysing process.
//
// What cannot be converted faithfully is refused with an *Unsupported
// naming the type: channels, recursive types (reflect cannot build them),
// interpreted types with methods passed where native code wants an
// interface that has no adapter here, unsafe pointers, generic std
// functions and types (the caller interprets their syntax instead).

//go:generate go run ./internal/gennative -o zz_natives.go

import (
	"fmt"
	"go/token"
	"go/types"
	"math/rand"
	randv2 "math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// nativeState is the native side's part of an Interp: the seeded random
// sources and the fake clock that make the interpreter deterministic, and
// the caches that keep identities across the native boundary.
type nativeState struct {
	rand  *rand.Rand   // math/rand's global functions and crypto/rand
	rand2 *randv2.Rand // math/rand/v2's global functions
	clock time.Time    // time.Now's next value

	globals  map[*ssa.Global]*Value
	rtypes   typeutil.Map                // types.Type → reflect.Type (reflectType's cache)
	building map[types.Type]bool         // types reflectType is building (recursion)
	gotypes  map[reflect.Type]types.Type // goTypeOf's cache (a nil entry: none)
	back     map[reflect.Type]types.Type // structurally built reflect type → interpreted type
	// cells maps native memory that stands for an interpreted cell (a
	// Native cell's own value, or the native copy of an interpreted
	// cell) back to the cell, so that a pointer that goes through native
	// code comes back as the same pointer.
	cells map[cellKey]*Value
	// copies maps an interpreted cell to its native copy, so that the
	// same interpreted pointer converts to the same native pointer.
	copies   map[copyKey]reflect.Value
	adapters map[adapterKey]reflect.Value
	pending  *nativeAbort // the first abort raised inside a callback of the current native call
	depth    int          // nesting of runNative
	// meter is the innermost native call whose allocations are being
	// measured, nil while none is or while it calls back into
	// interpreted code (whose allocations are not the call's).
	meter    *allocMeter
	spare    []*allocMeter          // meters done with, for reuse
	measured map[*ssa.Function]bool // AllocMeasurer.Measure's answers
	// callee is the function a native call is about to run (set by
	// callBodiless and invokeNative), for measuring, which takes it: a
	// call through an interface has no static callee.
	callee      *ssa.Function
	methodFuncs map[methodKeyRT]*ssa.Function // nativeMethodFunc's cache
	names       map[*ssa.Function]string      // nativeName's cache
	methods     map[methodKeyRT]methodInfo    // callMethodRV's cache
	live        []*liveSlice                  // native copies of interpreted slices retained by native objects

	gomaxprocs int                                // runtime.GOMAXPROCS as the program set it (0: not yet read)
	env        map[string]*string                 // the program's os.Setenv (nil: Unsetenv)
	pools      map[unsafe.Pointer][]reflect.Value // sync.Pool contents, by pool

	// callHook, when set (by tests), stands in for interpreted code in
	// callbacks from native code, so that the bridge is tested without
	// core's instruction loop.
	callHook func(fn Value, args []Value) (Value, error)
}

// callInterpreted calls interpreted function value fn from native code.
// Core's callValue lets the callee's panics and aborts propagate (to the
// boundary of the top-level Call, or to a deferred recover of the
// interpreted program): they are carried through the native frames as a
// nativeAbort and re-raised by runNative.
func (in *Interp) callInterpreted(fn Value, args []Value) (v Value, err error) {
	m := in.pauseMeter()
	defer in.resumeMeter(m)
	if in.nat.depth == 0 {
		// Not under runNative (core calling, through reflect, a func
		// value that came back from native code): panics reach core as
		// they are.
		if in.nat.callHook != nil {
			return in.nat.callHook(fn, args)
		}
		return in.callValue(fn, args)
	}
	defer func() {
		if r := recover(); r != nil {
			if a, ok := r.(nativeAbort); ok {
				panic(a)
			}
			if in.nat.pending == nil {
				in.nat.pending = &nativeAbort{p: r}
			}
			panic(nativeAbort{p: r})
		}
	}()
	if in.nat.callHook != nil {
		return in.nat.callHook(fn, args)
	}
	return in.callValue(fn, args)
}

type cellKey struct {
	p unsafe.Pointer
	t reflect.Type
}

type copyKey struct {
	cell *Value
	t    reflect.Type
}

// clockStart is the fake clock's first reading: a fixed instant, in UTC so
// that formatting it does not depend on the machine's zone.
var clockStart = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// clockTick is how far the fake clock advances at each reading, so that
// successive time.Now calls differ and durations are positive.
const clockTick = time.Microsecond

// initNative sets up the native state; core's New calls it after setting
// prog and cfg.
func (in *Interp) initNative() {
	in.nat = nativeState{
		rand:     rand.New(rand.NewSource(in.cfg.Seed)),
		rand2:    randv2.New(randv2.NewPCG(uint64(in.cfg.Seed), 0x9e3779b97f4a7c15)),
		clock:    clockStart,
		globals:  map[*ssa.Global]*Value{},
		back:     map[reflect.Type]types.Type{},
		cells:    map[cellKey]*Value{},
		copies:   map[copyKey]reflect.Value{},
		adapters: map[adapterKey]reflect.Value{},
	}
}

// now reads the fake clock.
func (in *Interp) now() time.Time {
	t := in.nat.clock
	in.nat.clock = t.Add(clockTick)
	return t
}

// ---- the registry ----

// nativeRegistry is the generated registry plus the named types reachable
// from it (unexported ones included: *errors.errorString,
// binary.bigEndian), keyed "path.Name".
type nativeRegistry struct {
	funcs map[string]reflect.Value
	vars  map[string]reflect.Value // pointers to the variables
	types map[string]reflect.Type
	pkgs  map[string]bool
	// learned are named types met at run time as dynamic values of
	// interfaces (math/rand.rngSource behind rand.NewSource's Source),
	// unreachable from the registry's signatures: "path.Name" →
	// reflect.Type, shared by all Interps (the fact does not depend on
	// the program).
	learned sync.Map
}

// fn, vr and ty are called by the generated registerNatives: a function,
// a pointer to a variable, a nil pointer to a type.
func (r *nativeRegistry) fn(name string, f any) { r.funcs[name] = reflect.ValueOf(f) }
func (r *nativeRegistry) vr(name string, p any) { r.vars[name] = reflect.ValueOf(p) }
func (r *nativeRegistry) ty(name string, p any) { r.types[name] = reflect.TypeOf(p).Elem() }

var (
	registryOnce sync.Once
	registry     *nativeRegistry
)

// natives returns the registry, built once per process: it is read-only
// after that, so Interps may share it.
func natives() *nativeRegistry {
	registryOnce.Do(func() {
		r := &nativeRegistry{
			funcs: map[string]reflect.Value{},
			vars:  map[string]reflect.Value{},
			types: map[string]reflect.Type{},
			pkgs:  map[string]bool{},
		}
		registerNatives(r)
		for _, p := range nativePackages {
			r.pkgs[p] = true
		}
		r.discover()
		registry = r
	})
	return registry
}

// discover adds to r.types every named type reachable from the registered
// functions, variables and types (through elements, fields, parameters,
// results and methods), so that unexported std types that interpreted
// code meets (the dynamic type of errors.New's result, the type of
// binary.BigEndian) have a reflect type too.
func (r *nativeRegistry) discover() {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		if t.Name() != "" && t.PkgPath() != "" {
			key := t.PkgPath() + "." + t.Name()
			if _, ok := r.types[key]; !ok {
				r.types[key] = t
			}
		}
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Func:
			for i := 0; i < t.NumIn(); i++ {
				walk(t.In(i))
			}
			for i := 0; i < t.NumOut(); i++ {
				walk(t.Out(i))
			}
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				walk(t.Field(i).Type)
			}
		}
		if t.Kind() != reflect.Interface {
			for i := 0; i < t.NumMethod(); i++ {
				walk(t.Method(i).Type)
			}
			if t.Kind() != reflect.Pointer {
				walk(reflect.PointerTo(t))
			}
		}
	}
	// Sorted keys: the first type found for a key wins, so the order
	// must not depend on map iteration.
	walkSorted := func(m map[string]reflect.Value, elem bool) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t := m[k].Type()
			if elem {
				t = t.Elem()
			}
			walk(t)
			// The dynamic value of an interface variable (io.EOF's
			// *errors.errorString) is reachable only through the value.
			if elem && t.Kind() == reflect.Interface && !m[k].Elem().IsNil() {
				walk(m[k].Elem().Elem().Type())
			}
		}
	}
	tkeys := make([]string, 0, len(r.types))
	for k := range r.types {
		tkeys = append(tkeys, k)
	}
	sort.Strings(tkeys)
	for _, k := range tkeys {
		walk(r.types[k])
	}
	walkSorted(r.funcs, false)
	walkSorted(r.vars, true)
}

// isNativePkg reports whether path is a package of the registry.
func isNativePkg(path string) bool { return natives().pkgs[path] }

// nativeNamed returns the reflect type of a named type of native code.
func nativeNamed(n *types.Named) (reflect.Type, bool) {
	obj := n.Obj()
	if obj.Pkg() == nil {
		return nil, false
	}
	if n.TypeArgs().Len() > 0 {
		return nil, false // instantiated generic std types are not in the registry
	}
	key := obj.Pkg().Path() + "." + obj.Name()
	r := natives()
	if rt, ok := r.types[key]; ok {
		return rt, true
	}
	if rt, ok := r.learned.Load(key); ok {
		return rt.(reflect.Type), true
	}
	return nil, false
}

// learnType records rt, a named type of a registry package met as a
// dynamic value, for nativeNamed.
func learnType(rt reflect.Type) {
	if rt.Name() == "" || rt.PkgPath() == "" || !isNativePkg(rt.PkgPath()) {
		return
	}
	key := rt.PkgPath() + "." + rt.Name()
	if _, ok := natives().types[key]; !ok {
		natives().learned.LoadOrStore(key, rt)
	}
}

// isNativeType reports whether t (a named type, or a pointer to one) is a
// type of native code rather than of the interpreted program.
func isNativeType(t types.Type) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	if _, ok := nativeNamed(n); ok {
		return true
	}
	return isNativePkg(n.Obj().Pkg().Path())
}

// isNativeStruct reports whether t is a named struct type of native code:
// one whose values are Native.
func isNativeStruct(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return false
	}
	_, ok = nativeNamed(n)
	return ok
}

// ---- calls ----

// nativeAbort carries, out of a callback that native code called and
// through the native frames, to the native call that started them, either
// an interpreter error of the bridge (err) or a panic of core's (p: its
// abort of the run, or a panic of the interpreted program), which that
// call re-raises so that core sees it as if no native frame were between.
type nativeAbort struct {
	err error
	p   any
}

// abortNative stops the current native call with err. It also records
// err, because native code may recover panics of the functions it calls
// (fmt does, for String methods): the native call reports it all the same.
func (in *Interp) abortNative(err error) {
	if in.nat.pending == nil {
		in.nat.pending = &nativeAbort{err: err}
	}
	panic(nativeAbort{err: err})
}

// runNative runs f, native code that may call back into interpreted code.
// A callback's abort is the result even if native code recovered it; a
// panic of core's in a callback is re-raised; any other panic is a panic
// of the native code (see panicError).
func (in *Interp) runNative(at ssa.CallInstruction, name string, f func()) (err error) {
	saved := in.nat.pending
	in.nat.pending = nil
	in.nat.depth++
	defer func() {
		in.nat.depth--
		r := recover()
		pending := in.nat.pending
		in.nat.pending = saved
		if pending == nil {
			if a, ok := r.(nativeAbort); ok {
				pending = &a
			}
		}
		if pending != nil {
			if pending.p != nil {
				panic(pending.p)
			}
			err = pending.err
			return
		}
		if r != nil {
			err = in.panicError(at, name, r)
		}
	}()
	f()
	return nil
}

// nativePanic is the error of a native call that panicked inside the
// bridge itself (reflect refusing a conversion): an internal error, not a
// panic of the program.
type nativePanic struct {
	Fn    string
	Value any
}

// Error names the native function and the panic value.
func (p *nativePanic) Error() string { return fmt.Sprintf("panic in native %s: %v", p.Fn, p.Value) }

// panicError turns r, recovered from a panic of native code (strings.Repeat
// with a negative count, an index out of range in a callee), into the
// *PanicError core lets the interpreted program recover: the program would
// have panicked there too. A panic of package reflect is the bridge's own
// failure: a *nativePanic.
func (in *Interp) panicError(at ssa.CallInstruction, name string, r any) error {
	if _, ok := r.(*reflect.ValueError); ok {
		return &nativePanic{Fn: name, Value: r}
	}
	if s, ok := r.(string); ok && strings.HasPrefix(s, "reflect") {
		return &nativePanic{Fn: name, Value: r}
	}
	v, err := in.fromNative(reflect.ValueOf(&r).Elem(), types.Universe.Lookup("any").Type())
	if err != nil {
		return &nativePanic{Fn: name, Value: r}
	}
	pe := &PanicError{Value: v}
	if at != nil && in.prog != nil {
		pe.Pos = in.prog.Fset.Position(at.Pos())
	}
	return pe
}

// nativeName is the registry key of fn: "strings.Index",
// "(*strings.Builder).WriteString", "(time.Duration).String".
func nativeName(fn *ssa.Function) string {
	if recv := fn.Signature.Recv(); recv != nil {
		return "(" + types.TypeString(recv.Type(), func(p *types.Package) string { return p.Path() }) + ")." + fn.Name()
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil {
		return obj.Pkg().Path() + "." + fn.Name()
	}
	if fn.Pkg != nil {
		return fn.Pkg.Pkg.Path() + "." + fn.Name()
	}
	return fn.String()
}

// rtName names a method of native type rt like nativeName does.
func rtName(rt reflect.Type, method string) string {
	s := ""
	if rt.Kind() == reflect.Pointer && rt.Name() == "" {
		s, rt = "*", rt.Elem()
	}
	if rt.PkgPath() != "" {
		s += rt.PkgPath() + "." + rt.Name()
	} else {
		s += rt.String()
	}
	return "(" + s + ")." + method
}

// callNative runs fn, a function or method without an SSA body, natively
// (the receiver first in args). The observer is not told: core reports
// Observer.Native before calling here, with the timer state it tracks.
func (in *Interp) callNative(at ssa.CallInstruction, fn *ssa.Function, args []Value) (Value, error) {
	name, ok := in.nat.names[fn]
	if !ok {
		name = nativeName(fn)
		if in.nat.names == nil {
			in.nat.names = map[*ssa.Function]string{}
		}
		in.nat.names[fn] = name
	}
	if fn.TypeArgs() != nil || fn.Origin() != nil {
		return nil, in.natUnsupported(at, "native generic function "+name)
	}
	if strings.HasPrefix(name, "fmt.") {
		if err := in.checkFmtNames(at, fn.Signature, args); err != nil {
			return nil, err
		}
	}
	if ov, ok := overrides[name]; ok {
		return ov(in, at, fn, args)
	}
	sig := fn.Signature
	if recv := sig.Recv(); recv != nil {
		if len(args) == 0 {
			return nil, in.natUnsupported(at, "native method "+name+" without receiver")
		}
		rv, err := in.receiver(args[0], recv.Type())
		if err != nil {
			return nil, err
		}
		return in.callMethodRV(at, rv, fn.Name(), sig, args[1:])
	}
	obj, _ := fn.Object().(*types.Func)
	if obj != nil && obj.Pkg() != nil {
		switch obj.Pkg().Path() {
		case "math/rand":
			// The global functions are the methods of a *rand.Rand
			// seeded with Config.Seed (rand.Seed is a no-op since Go 1.24).
			if fn.Name() == "Seed" {
				return nil, nil
			}
			if m := reflect.ValueOf(in.nat.rand).MethodByName(fn.Name()); m.IsValid() {
				return in.callReflect(at, name, m, sig.Params(), args, sig.Results())
			}
		case "math/rand/v2":
			if m := reflect.ValueOf(in.nat.rand2).MethodByName(fn.Name()); m.IsValid() {
				return in.callReflect(at, name, m, sig.Params(), args, sig.Results())
			}
		}
	}
	f, ok := natives().funcs[name]
	if !ok {
		return nil, in.natUnsupported(at, "native "+name)
	}
	return in.callReflect(at, name, f, sig.Params(), args, sig.Results())
}

// isRandPkg reports whether fn is a function of math/rand or math/rand/v2,
// whose global functions callNative redirects to the seeded sources.
func isRandPkg(fn *ssa.Function) bool {
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Pkg() != nil && (obj.Pkg().Path() == "math/rand" || obj.Pkg().Path() == "math/rand/v2")
}

// checkFmtNames refuses a fmt call whose format prints type names (%T,
// %#v) of arguments of interpreted types: native code sees them as
// structurally built types or adapters, whose names differ from the
// program's. Other verbs print both alike.
func (in *Interp) checkFmtNames(at ssa.CallInstruction, sig *types.Signature, args []Value) error {
	ps := sig.Params()
	fi := -1
	for i := 0; i < ps.Len(); i++ {
		if ps.At(i).Name() == "format" {
			fi = i
		}
	}
	if fi < 0 || fi >= len(args) || !sig.Variadic() {
		return nil
	}
	format, _ := args[fi].(string)
	if !printsTypeNames(format) {
		return nil
	}
	list, _ := args[len(args)-1].([]Value)
	for _, a := range list {
		if x, ok := a.(Iface); ok && x.T != nil && in.mentionsInterpreted(x.T) {
			return in.natUnsupported(at, "fmt %T or %#v of interpreted type "+x.T.String())
		}
	}
	return nil
}

// printsTypeNames reports whether a fmt format has a %T verb or a %v verb
// with the # flag.
func printsTypeNames(format string) bool {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		sharp := false
		for i++; i < len(format); i++ {
			c := format[i]
			if c == '#' {
				sharp = true
			}
			if strings.IndexByte("+-# 0123456789.*[]", c) < 0 {
				break
			}
		}
		if i < len(format) && (format[i] == 'T' || format[i] == 'v' && sharp) {
			return true
		}
	}
	return false
}

// mentionsInterpreted reports whether t is or contains a named type of
// the interpreted program.
func (in *Interp) mentionsInterpreted(t types.Type) bool {
	seen := map[types.Type]bool{}
	var walk func(t types.Type) bool
	walk = func(t types.Type) bool {
		t = types.Unalias(t)
		if seen[t] {
			return false
		}
		seen[t] = true
		switch u := t.(type) {
		case *types.Named:
			if u.Obj().Pkg() != nil && !isNativeType(u) {
				return true
			}
			return false
		case *types.Pointer:
			return walk(u.Elem())
		case *types.Slice:
			return walk(u.Elem())
		case *types.Array:
			return walk(u.Elem())
		case *types.Map:
			return walk(u.Key()) || walk(u.Elem())
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				if walk(u.Field(i).Type()) {
					return true
				}
			}
		}
		return false
	}
	return walk(t)
}

// deniedMethods are methods of registry types that would block the only
// goroutine forever or start goroutines running interpreted code.
var deniedMethods = map[string]bool{
	"(*sync.WaitGroup).Wait": true,
	"(*sync.WaitGroup).Go":   true,
	"(*sync.Cond).Wait":      true,
}

// callMethodRV calls the method name of the native receiver rv.
func (in *Interp) callMethodRV(at ssa.CallInstruction, rv reflect.Value, name string, sig *types.Signature, args []Value) (Value, error) {
	key := methodKeyRT{rv.Type(), name}
	mi, ok := in.nat.methods[key]
	if !ok {
		mi.full = rtName(rv.Type(), name)
		mi.index = -1
		if m, found := rv.Type().MethodByName(name); found {
			mi.index = m.Index
		}
		if in.nat.methods == nil {
			in.nat.methods = map[methodKeyRT]methodInfo{}
		}
		in.nat.methods[key] = mi
	}
	if deniedMethods[mi.full] {
		return nil, in.natUnsupported(at, "native "+mi.full+" (would block or start goroutines)")
	}
	if ov, ok := methodOverrides[mi.full]; ok {
		return ov(in, at, rv, args)
	}
	if mi.index < 0 {
		return nil, in.natUnsupported(at, "native method "+mi.full)
	}
	return in.callReflectRecv(at, mi.full, rv.Method(mi.index), rv, sig.Params(), args, sig.Results())
}

// methodKeyRT and methodInfo cache callMethodRV's lookups.
type methodKeyRT struct {
	rt   reflect.Type
	name string
}

type methodInfo struct {
	full  string // rtName
	index int    // in rt's method set, -1 if none
}

// receiver converts the receiver of a native method call.
func (in *Interp) receiver(v Value, t types.Type) (reflect.Value, error) {
	switch x := v.(type) {
	case Native:
		return x.RV, nil
	case NativePtr:
		return x.RV.Addr(), nil
	case *Value:
		if x != nil {
			if n, ok := (*x).(Native); ok {
				in.noteCell(n.RV, x)
				return n.RV.Addr(), nil
			}
		}
	}
	rt, err := in.reflectType(t)
	if err != nil {
		return reflect.Value{}, err
	}
	return in.conv(nil, v, t, rt)
}

// invokeNative calls method on an interface value whose dynamic value is
// native (recv.T nil, or a type of native code such as time.Duration).
func (in *Interp) invokeNative(at ssa.CallInstruction, recv Iface, method *types.Func, args []Value) (Value, error) {
	var rv reflect.Value
	switch {
	case recv.T == nil && recv.V == nil:
		return nil, in.panicError(at, method.Name(), &nilDeref{})
	case recv.T == nil:
		var err error
		if rv, err = nativeOf(recv.V); err != nil {
			return nil, err
		}
	default:
		if !isNativeType(recv.T) {
			return nil, in.natUnsupported(at, "invokeNative on interpreted type "+recv.T.String())
		}
		var err error
		if rv, err = in.receiver(recv.V, recv.T); err != nil {
			return nil, err
		}
	}
	if !token.IsExported(method.Name()) {
		return nil, in.natUnsupported(at, "unexported method "+method.Name()+" of native "+rv.Type().String())
	}
	// The observer prices the method as a static call of it (its std
	// summary at the call's sizes), and its allocations are measured
	// if it may allocate: hash.Hash's Sum appending to nil through the
	// hash fnv.New64 returned.
	if fn := in.nativeMethodFunc(rv.Type(), method.Name()); fn != nil {
		if in.obs != nil {
			full := make([]Value, 0, 1+len(args))
			in.obs.Native(at, fn, append(append(full, recv.V), args...))
		}
		in.nat.callee = fn
	}
	v, err := in.callMethodRV(at, rv, method.Name(), method.Type().(*types.Signature), args)
	in.nat.callee = nil // not taken when an override or a refusal stood in for the call
	return v, err
}

// nativeMethodFunc is the function (without a body: std code, run
// natively) of the method name that values of rt, a native receiver's
// type, have; nil when rt is not a type of the program's packages.
func (in *Interp) nativeMethodFunc(rt reflect.Type, name string) *ssa.Function {
	key := methodKeyRT{rt, name}
	if fn, ok := in.nat.methodFuncs[key]; ok {
		return fn
	}
	var fn *ssa.Function
	if t, ok := in.goTypeOf(rt); ok && in.prog != nil {
		if sel := in.prog.MethodSets.MethodSet(t).Lookup(nil, name); sel != nil {
			if obj, ok := sel.Obj().(*types.Func); ok {
				fn = in.prog.FuncValue(obj)
			}
		}
	}
	if in.nat.methodFuncs == nil {
		in.nat.methodFuncs = map[methodKeyRT]*ssa.Function{}
	}
	in.nat.methodFuncs[key] = fn
	return fn
}

// nativeOf is the reflect value of a Native or NativePtr dynamic value.
func nativeOf(v Value) (reflect.Value, error) {
	switch x := v.(type) {
	case Native:
		return x.RV, nil
	case NativePtr:
		return x.RV.Addr(), nil
	}
	return reflect.Value{}, &Unsupported{What: fmt.Sprintf("native interface value of Go type %T", v)}
}

// nativeDynamicType is the dynamic type of an Iface whose T is nil: the
// type of a Native, or the pointer type of a NativePtr (Iface.NativeType
// gives the pointed-to type for a NativePtr). Core passes it to
// nativeAssignable.
func nativeDynamicType(i Iface) reflect.Type {
	switch x := i.V.(type) {
	case Native:
		return x.RV.Type()
	case NativePtr:
		return reflect.PointerTo(x.RV.Type())
	}
	return nil
}

// callReflect converts args, calls f (CallSlice when variadic: SSA passes
// the variadic arguments as a slice), copies the callee's writes back into
// interpreted slices and cells, and converts the results.
func (in *Interp) callReflect(at ssa.CallInstruction, name string, f reflect.Value, params *types.Tuple, args []Value, results *types.Tuple) (res Value, err error) {
	return in.callReflectRecv(at, name, f, reflect.Value{}, params, args, results)
}

// callReflectRecv is callReflect for a method bound to receiver recv
// (invalid for a function), which may retain slices it is given.
func (in *Interp) callReflectRecv(at ssa.CallInstruction, name string, f, recv reflect.Value, params *types.Tuple, args []Value, results *types.Tuple) (res Value, err error) {
	ft := f.Type()
	if ft.NumIn() != len(args) || ft.NumIn() != params.Len() || ft.NumOut() != results.Len() {
		return nil, in.natUnsupported(at, fmt.Sprintf("native %s: signature %s does not match %d arguments", name, ft, len(args)))
	}
	if err := in.syncLiveIn(); err != nil {
		return nil, withPos(in, at, err)
	}
	bd := &copyLog{mode: anyModeFor(name)}
	rargs := make([]reflect.Value, len(args))
	for i := range args {
		if rargs[i], err = in.conv(bd, args[i], params.At(i).Type(), ft.In(i)); err != nil {
			return nil, withPos(in, at, err)
		}
	}
	var outs []reflect.Value
	var m *allocMeter
	if in.measuring(at) {
		m = in.startMeter()
	}
	err = in.runNative(at, name, func() {
		if ft.IsVariadic() {
			outs = f.CallSlice(rargs)
		} else {
			outs = f.Call(rargs)
		}
	})
	if m != nil {
		n, b := in.stopMeter(m)
		if err == nil {
			count, bytes := reflectCallAllocs(ft, rargs)
			if recv.IsValid() {
				// Calling a method value costs reflect one more object
				// (methodValueCall's copy of the receiver word: 8 bytes
				// with a pointer, of the 8-byte class).
				count, bytes = count+1, bytes+8
			}
			in.obs.(AllocMeasurer).NativeAllocs(at, n-count, b-bytes)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := in.writeBack(bd); err != nil {
		return nil, withPos(in, at, err)
	}
	in.syncLiveOut()
	if len(bd.slices) > 0 {
		roots := append([]reflect.Value{recv}, outs...)
		in.retain(bd, roots)
	}
	switch len(outs) {
	case 0:
		return nil, nil
	case 1:
		v, err := in.fromNativeBD(bd, outs[0], results.At(0).Type())
		return v, withPos(in, at, err)
	}
	tup := make(Tuple, len(outs))
	for i, o := range outs {
		if tup[i], err = in.fromNativeBD(bd, o, results.At(i).Type()); err != nil {
			return nil, withPos(in, at, err)
		}
	}
	return tup, nil
}

// natUnsupported makes an *Unsupported at the call's position.
func (in *Interp) natUnsupported(at ssa.CallInstruction, what string) error {
	u := &Unsupported{What: what}
	if at != nil && in.prog != nil {
		u.Pos = in.prog.Fset.Position(at.Pos())
	}
	return u
}

// withPos adds the call's position to an *Unsupported that has none.
func withPos(in *Interp, at ssa.CallInstruction, err error) error {
	if u, ok := err.(*Unsupported); ok && !u.Pos.IsValid() && at != nil && in.prog != nil {
		u.Pos = in.prog.Fset.Position(at.Pos())
	}
	return err
}

// ---- memory of native values ----

// nativeZero is the zero value of a named struct type of native code (or
// an array of such): Native values, addressable.
func (in *Interp) nativeZero(t types.Type) (Value, bool) {
	t = types.Unalias(t)
	if a, ok := t.(*types.Array); ok {
		if !isNativeStruct(a.Elem()) {
			return nil, false
		}
		arr := make(Array, a.Len())
		for i := range arr {
			v, _ := in.nativeZero(a.Elem())
			arr[i] = v
		}
		return arr, true
	}
	if !isNativeStruct(t) {
		return nil, false
	}
	rt, _ := nativeNamed(t.(*types.Named))
	rv := reflect.New(rt).Elem()
	if rt == maphashHashType {
		// A zero maphash.Hash seeds itself from the process's random
		// source on first use; seed it from ours instead.
		rv.Addr().MethodByName("SetSeed").Call([]reflect.Value{in.maphashSeed()})
	}
	return Native{RV: rv}, true
}

// nativeGlobal is the cell of a std package variable. A variable of a
// native struct type is shared with native code (the cell holds the real
// variable); any other is read once, at the first access, and its cell is
// the interpreter's own: writes by interpreted code to std variables do
// not reach native code (std variables are in practice constants:
// io.EOF, unicode.Upper, base64.StdEncoding, whose pointee is shared).
func (in *Interp) nativeGlobal(g *ssa.Global) (*Value, error) {
	if c, ok := in.nat.globals[g]; ok {
		return c, nil
	}
	key := g.Pkg.Pkg.Path() + "." + g.Name()
	t := types.Unalias(g.Type()).(*types.Pointer).Elem()
	var v Value
	if ov, ok := globalOverrides[key]; ok {
		v = ov(in)
	} else {
		p, ok := natives().vars[key]
		if !ok {
			return nil, &Unsupported{What: "native variable " + key, Pos: in.prog.Fset.Position(g.Pos())}
		}
		if isNativeStruct(t) {
			v = Native{RV: p.Elem()}
		} else {
			var err error
			if v, err = in.fromNative(p.Elem(), t); err != nil {
				return nil, err
			}
		}
	}
	c := new(Value)
	*c = v
	in.nat.globals[g] = c
	return c, nil
}

// loadNative reads the value that p points to; t is its type (the type of
// the loaded value, not of the pointer).
func (in *Interp) loadNative(p NativePtr, t types.Type) (Value, error) {
	return in.fromNative(p.RV, t)
}

// storeNative writes v, of type t (the pointee's type), where p points.
func (in *Interp) storeNative(p NativePtr, v Value, t types.Type) error {
	rv, err := in.conv(nil, v, t, p.RV.Type())
	if err != nil {
		return err
	}
	settable(p.RV).Set(rv)
	return nil
}

// nativeFieldAddr is &x.f for the field'th field of a native struct x: p
// is a *Value holding a Native, or a NativePtr to the struct. t is not
// needed (the field comes from the real struct type) and may be nil.
func (in *Interp) nativeFieldAddr(p Value, field int, t types.Type) (Value, error) {
	var rv reflect.Value
	switch x := p.(type) {
	case *Value:
		if x == nil {
			return nil, in.panicError(nil, "field address", &nilDeref{})
		}
		n, ok := (*x).(Native)
		if !ok {
			return nil, &Unsupported{What: fmt.Sprintf("nativeFieldAddr of a cell holding %T", *x)}
		}
		rv = n.RV
	case NativePtr:
		rv = x.RV
	default:
		return nil, &Unsupported{What: fmt.Sprintf("nativeFieldAddr of %T", p)}
	}
	if rv.Kind() != reflect.Struct || field < 0 || field >= rv.NumField() {
		return nil, &Unsupported{What: fmt.Sprintf("field %d of native %s", field, rv.Type())}
	}
	return NativePtr{RV: settable(rv.Field(field))}, nil
}

// nativeAssignable reports whether a value of native dynamic type rt is
// assignable to t: for a concrete t the same type, for an interface t
// whether rt has its methods. rt should be nativeDynamicType(i) (a
// pointer type for a NativePtr); given Iface.NativeType() instead, a
// struct type, the pointer to it is tried too, since an Iface with T nil
// almost always holds a NativePtr.
func (in *Interp) nativeAssignable(rt reflect.Type, t types.Type) (ok bool) {
	if rt == nil {
		return false
	}
	if rt.Kind() == reflect.Struct && in.nativeAssignable1(reflect.PointerTo(rt), t) {
		return true
	}
	return in.nativeAssignable1(rt, t)
}

func (in *Interp) nativeAssignable1(rt reflect.Type, t types.Type) (ok bool) {
	if it, isIface := types.Unalias(t).Underlying().(*types.Interface); isIface {
		if irt, err := in.reflectType(t); err == nil && irt.Kind() == reflect.Interface {
			return rt.Implements(irt)
		}
		// An interface of the interpreted program: match its methods by
		// name and signature.
		for i := 0; i < it.NumMethods(); i++ {
			m := it.Method(i)
			if !m.Exported() {
				return false
			}
			rm, found := rt.MethodByName(m.Name())
			if !found {
				return false
			}
			sig := m.Type().(*types.Signature)
			want, err := in.reflectType(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic()))
			if err != nil {
				return false
			}
			got := rm.Type // receiver first
			ins := make([]reflect.Type, got.NumIn()-1)
			for j := range ins {
				ins[j] = got.In(j + 1)
			}
			outs := make([]reflect.Type, got.NumOut())
			for j := range outs {
				outs[j] = got.Out(j)
			}
			if reflect.FuncOf(ins, outs, got.IsVariadic()) != want {
				return false
			}
		}
		return true
	}
	want, err := in.reflectType(t)
	return err == nil && want == rt
}

// nilDeref is the panic value of a nil dereference found by the bridge.
type nilDeref struct{}

func (*nilDeref) Error() string {
	return "runtime error: invalid memory address or nil pointer dereference"
}

// RuntimeError marks nilDeref as a runtime.Error.
func (*nilDeref) RuntimeError() {}

// settable returns rv with the read-only flag of a value reached through
// unexported fields cleared (interpreted code may read and write
// unexported fields of std structs through embedded promotions and
// wrappers, as the compiled package's own code does).
func settable(rv reflect.Value) reflect.Value {
	if rv.CanAddr() && !rv.CanSet() {
		return reflect.NewAt(rv.Type(), unsafe.Pointer(rv.UnsafeAddr())).Elem()
	}
	return rv
}

// canonPtr is the NativePtr for native pointer p (not nil): its pointee,
// with the flags of a plain pointer dereference, so that two NativePtrs to
// the same place compare equal with ==.
func canonPtr(p reflect.Value) NativePtr {
	return NativePtr{RV: reflect.NewAt(p.Type().Elem(), p.UnsafePointer()).Elem()}
}
