package interp

// Native functions the interpreter runs its own way: to be deterministic
// (random sources, the clock), to keep side effects out of the analysing
// process (fmt.Print*), to call interpreted callbacks on interpreted
// memory (sort.Slice), or to refuse a deadlock instead of hanging.

import (
	"fmt"
	"go/types"
	"hash/maphash"
	"io"
	"os"
	"reflect"
	"runtime"
	"sort"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/tools/go/ssa"
)

// overrideFunc runs a native function in place of the registry's.
type overrideFunc func(in *Interp, at ssa.CallInstruction, fn *ssa.Function, args []Value) (Value, error)

// overrides are keyed like the registry ("time.Now"). (math/rand and
// math/rand/v2's global functions are redirected in callNative.)
var overrides map[string]overrideFunc

// globalOverrides replace std variables.
var globalOverrides map[string]func(in *Interp) Value

// methodOverrides replace methods of native types (keyed like rtName):
// locking a held lock, which with one goroutine is never released, is
// refused instead of hanging; sync.Pool is made deterministic.
var methodOverrides map[string]func(in *Interp, at ssa.CallInstruction, rv reflect.Value, args []Value) (Value, error)

var (
	maphashSeedType = reflect.TypeFor[maphash.Seed]()
	maphashHashType = reflect.TypeFor[maphash.Hash]()
)

func init() {
	// The registry's functions for the same signature, with the
	// interpreter's state: called through callReflect so that arguments
	// and results convert as usual.
	with := func(f func(in *Interp) any) overrideFunc {
		return func(in *Interp, at ssa.CallInstruction, fn *ssa.Function, args []Value) (Value, error) {
			return in.callReflect(at, nativeName(fn), reflect.ValueOf(f(in)), fn.Signature.Params(), args, fn.Signature.Results())
		}
	}
	overrides = map[string]overrideFunc{
		"time.Now": with(func(in *Interp) any { return func() time.Time { return in.now() } }),
		"time.Since": with(func(in *Interp) any {
			return func(t time.Time) time.Duration { return in.now().Sub(t) }
		}),
		"time.Until": with(func(in *Interp) any {
			return func(t time.Time) time.Duration { return t.Sub(in.now()) }
		}),
		// Sleeping advances the fake clock instead of the analysis.
		"time.Sleep": with(func(in *Interp) any {
			return func(d time.Duration) {
				if d > 0 {
					in.nat.clock = in.nat.clock.Add(d)
				}
			}
		}),
		// Printing to the analyser's stdout would corrupt its output: the
		// text is formatted (the work is done) and discarded.
		"fmt.Print": with(func(in *Interp) any {
			return func(a ...any) (int, error) { return fmt.Fprint(io.Discard, a...) }
		}),
		"fmt.Println": with(func(in *Interp) any {
			return func(a ...any) (int, error) { return fmt.Fprintln(io.Discard, a...) }
		}),
		"fmt.Printf": with(func(in *Interp) any {
			return func(format string, a ...any) (int, error) { return fmt.Fprintf(io.Discard, format, a...) }
		}),
		"crypto/rand.Read": with(func(in *Interp) any { return in.nat.rand.Read }),
		"crypto/rand.Text": with(func(in *Interp) any {
			return func() string {
				const base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
				b := make([]byte, 26)
				for i := range b {
					b[i] = base32[in.nat.rand.Intn(len(base32))]
				}
				return string(b)
			}
		}),
		"hash/maphash.MakeSeed": with(func(in *Interp) any {
			return func() maphash.Seed { return in.maphashSeed().Interface().(maphash.Seed) }
		}),
		"errors.As":          errorsAs,
		"strings.Repeat":     repeat,
		"bytes.Repeat":       repeat,
		"sort.Slice":         sortSlice(0),
		"sort.SliceStable":   sortSlice(1),
		"sort.SliceIsSorted": sortSlice(2),
	}
	// Packages outside the registry with a few functions benchmarks call
	// during setup: flag definitions in test files (the flag is not
	// registered in the analyser's own flag set, and its value is the
	// default, as when go test runs without it), the environment (read
	// as the benchmark's process would inherit it), testing's queries,
	// runtime's counts.
	for _, name := range []string{"Bool", "Int", "Int64", "Uint", "Uint64", "String", "Float64", "Duration"} {
		overrides["flag."+name] = flagDefine
		overrides["flag."+name+"Var"] = flagDefineVar
	}
	constant := func(v Value) overrideFunc {
		return func(*Interp, ssa.CallInstruction, *ssa.Function, []Value) (Value, error) { return v, nil }
	}
	for name, v := range map[string]Value{
		"flag.Parse": nil, "flag.Parsed": true, "flag.NArg": 0, "flag.NFlag": 0, "flag.Arg": "",
		"flag.Var": nil, "flag.Func": nil, "flag.BoolFunc": nil, "flag.TextVar": nil,
		"testing.Short": false, "testing.Verbose": false, "testing.Testing": true,
		"runtime.GC": nil, "runtime.Gosched": nil, "runtime.KeepAlive": nil,
	} {
		overrides[name] = constant(v)
	}
	overrides["flag.Args"] = constant([]Value{})
	// The environment: the process's, overlaid with the program's own
	// Setenv and Unsetenv (which must not change the analyser's).
	overrides["os.LookupEnv"] = with(func(in *Interp) any { return in.lookupEnv })
	overrides["os.Getenv"] = with(func(in *Interp) any {
		return func(k string) string { v, _ := in.lookupEnv(k); return v }
	})
	overrides["os.Setenv"] = with(func(in *Interp) any {
		return func(k, v string) error { in.setEnv(k, &v); return nil }
	})
	overrides["os.Unsetenv"] = with(func(in *Interp) any {
		return func(k string) error { in.setEnv(k, nil); return nil }
	})
	overrides["runtime.NumCPU"] = with(func(*Interp) any { return runtime.NumCPU })
	overrides["os.Getpagesize"] = with(func(*Interp) any { return os.Getpagesize })
	overrides["runtime.NumGoroutine"] = constant(1) // the interpreter runs one
	overrides["runtime.GOMAXPROCS"] = with(func(in *Interp) any {
		// Setting it would change the analyser's own scheduling: the
		// setting is the Interp's.
		return func(n int) int {
			if in.nat.gomaxprocs == 0 {
				in.nat.gomaxprocs = in.cfg.Procs
			}
			if in.nat.gomaxprocs <= 0 {
				in.nat.gomaxprocs = runtime.GOMAXPROCS(0)
			}
			prev := in.nat.gomaxprocs
			if n > 0 {
				in.nat.gomaxprocs = n
			}
			return prev
		}
	})
	globalOverrides = map[string]func(in *Interp) Value{
		// crypto/rand.Reader reads the seeded source.
		"crypto/rand.Reader": func(in *Interp) Value {
			return Iface{V: canonPtr(reflect.ValueOf(in.nat.rand))}
		},
	}
	tryLock := func(try func(rv reflect.Value) bool, what string) func(*Interp, ssa.CallInstruction, reflect.Value, []Value) (Value, error) {
		return func(in *Interp, at ssa.CallInstruction, rv reflect.Value, _ []Value) (Value, error) {
			if !try(rv) {
				return nil, in.natUnsupported(at, what+" of a held lock: deadlock (one goroutine)")
			}
			return nil, nil
		}
	}
	methodOverrides = map[string]func(*Interp, ssa.CallInstruction, reflect.Value, []Value) (Value, error){
		"(*sync.Mutex).Lock":   tryLock(func(rv reflect.Value) bool { return rv.Interface().(*sync.Mutex).TryLock() }, "sync.Mutex.Lock"),
		"(*sync.RWMutex).Lock": tryLock(func(rv reflect.Value) bool { return rv.Interface().(*sync.RWMutex).TryLock() }, "sync.RWMutex.Lock"),
		"(*sync.RWMutex).RLock": tryLock(func(rv reflect.Value) bool {
			return rv.Interface().(*sync.RWMutex).TryRLock()
		}, "sync.RWMutex.RLock"),
		"(*sync.Map).Range": syncMapRange,
		"(*sync.Pool).Get":  poolGet,
		"(*sync.Pool).Put":  poolPut,
	}
}

// syncMapRange is (*sync.Map).Range in a deterministic order: the real
// order follows a hash seeded at random per process. Go leaves the order
// unspecified, so sorted keys are one valid order; keys without a natural
// order (not of a basic kind) are refused.
func syncMapRange(in *Interp, at ssa.CallInstruction, rv reflect.Value, args []Value) (Value, error) {
	m, ok := rv.Interface().(*sync.Map)
	if !ok {
		return nil, in.natUnsupported(at, "sync.Map.Range on "+rv.Type().String())
	}
	var keys, vals []reflect.Value
	m.Range(func(k, v any) bool {
		keys = append(keys, reflect.ValueOf(&k).Elem())
		vals = append(vals, reflect.ValueOf(&v).Elem())
		return true
	})
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	for _, k := range keys {
		if k.IsNil() || kindBasic[k.Elem().Kind()] == 0 && k.Elem().Kind() != reflect.Bool || k.Elem().Type() != keys[0].Elem().Type() {
			return nil, in.natUnsupported(at, "sync.Map.Range over keys without a deterministic order")
		}
	}
	less := func(a, b reflect.Value) bool {
		a, b = a.Elem(), b.Elem()
		switch {
		case a.CanInt():
			return a.Int() < b.Int()
		case a.CanUint():
			return a.Uint() < b.Uint()
		case a.CanFloat():
			return a.Float() < b.Float()
		case a.Kind() == reflect.String:
			return a.String() < b.String()
		case a.Kind() == reflect.Bool:
			return !a.Bool() && b.Bool()
		}
		return false
	}
	sort.SliceStable(idx, func(i, j int) bool { return less(keys[idx[i]], keys[idx[j]]) })
	anyT := types.Universe.Lookup("any").Type()
	var err error
	rerr := in.runNative(at, "(*sync.Map).Range", func() {
		for _, i := range idx {
			var k, v Value
			if k, err = in.fromNative(keys[i], anyT); err != nil {
				return
			}
			if v, err = in.fromNative(vals[i], anyT); err != nil {
				return
			}
			r, e := in.callInterpreted(args[0], []Value{k, v})
			if e != nil {
				in.abortNative(e)
			}
			if r != true {
				return
			}
		}
	})
	if rerr != nil {
		return nil, rerr
	}
	return nil, err
}

// poolGet is (*sync.Pool).Get, deterministic: the real pool's contents
// depend on the goroutine's P and on garbage collections. Here the pool
// is a stack (a single goroutine gets back what it put last, as from the
// real pool's private slot) that no collection empties, and New is called
// when it is empty.
func poolGet(in *Interp, at ssa.CallInstruction, rv reflect.Value, _ []Value) (Value, error) {
	anyT := types.Universe.Lookup("any").Type()
	p := rv.UnsafePointer()
	if stack := in.nat.pools[p]; len(stack) > 0 {
		x := stack[len(stack)-1]
		in.nat.pools[p] = stack[:len(stack)-1]
		return in.fromNative(x, anyT)
	}
	newF := rv.Elem().FieldByName("New")
	if !newF.IsValid() || newF.IsNil() {
		return Iface{}, nil
	}
	var out []reflect.Value
	if err := in.runNative(at, "(*sync.Pool).New", func() { out = newF.Call(nil) }); err != nil {
		return nil, err
	}
	return in.fromNative(out[0], anyT)
}

// poolPut is (*sync.Pool).Put (see poolGet).
func poolPut(in *Interp, at ssa.CallInstruction, rv reflect.Value, args []Value) (Value, error) {
	if x, _ := args[0].(Iface); x.T == nil && x.V == nil {
		return nil, nil
	}
	x, err := in.conv(&copyLog{mode: anyOpaque}, args[0], types.Universe.Lookup("any").Type(), anyRT)
	if err != nil {
		return nil, withPos(in, at, err)
	}
	if in.nat.pools == nil {
		in.nat.pools = map[unsafe.Pointer][]reflect.Value{}
	}
	p := rv.UnsafePointer()
	in.nat.pools[p] = append(in.nat.pools[p], x)
	return nil, nil
}

// maxRepeat bounds the result of strings.Repeat and bytes.Repeat, which
// would otherwise allocate whatever a constant asks for in the analysing
// process.
const maxRepeat = 1 << 28

// repeat is strings.Repeat or bytes.Repeat, refused beyond maxRepeat bytes.
func repeat(in *Interp, at ssa.CallInstruction, fn *ssa.Function, args []Value) (Value, error) {
	n := 0
	switch s := args[0].(type) {
	case string:
		n = len(s)
	case []Value:
		n = len(s)
	}
	if count, ok := args[1].(int); ok && count > 0 && n > 0 && count > maxRepeat/n {
		return nil, in.natUnsupported(at, fmt.Sprintf("%s of %d bytes × %d", nativeName(fn), n, count))
	}
	name := nativeName(fn)
	return in.callReflect(at, name, natives().funcs[name], fn.Signature.Params(), args, fn.Signature.Results())
}

// lookupEnv is os.LookupEnv with the program's own settings first.
func (in *Interp) lookupEnv(k string) (string, bool) {
	if v, ok := in.nat.env[k]; ok {
		if v == nil {
			return "", false
		}
		return *v, true
	}
	return os.LookupEnv(k)
}

// setEnv sets (v nil: unsets) k for the program.
func (in *Interp) setEnv(k string, v *string) {
	if in.nat.env == nil {
		in.nat.env = map[string]*string{}
	}
	in.nat.env[k] = v
}

// flagDefine is flag.Bool, flag.Int, ...: a new variable holding the
// default value (args: name, value, usage).
func flagDefine(in *Interp, at ssa.CallInstruction, fn *ssa.Function, args []Value) (Value, error) {
	rt := fn.Signature.Results().At(0).Type()
	et := types.Unalias(rt).(*types.Pointer).Elem()
	ert, err := in.reflectType(et)
	if err != nil {
		return nil, err
	}
	v, err := in.conv(nil, args[1], et, ert)
	if err != nil {
		return nil, err
	}
	p := reflect.New(ert)
	p.Elem().Set(v)
	return in.fromNative(p, rt)
}

// flagDefineVar is flag.BoolVar, flag.IntVar, ...: the variable gets the
// default value (args: p, name, value, usage).
func flagDefineVar(in *Interp, at ssa.CallInstruction, fn *ssa.Function, args []Value) (Value, error) {
	switch p := args[0].(type) {
	case *Value:
		if p == nil {
			return nil, in.panicError(at, nativeName(fn), &nilDeref{})
		}
		*p = args[2]
		return nil, nil
	case NativePtr:
		return nil, in.storeNative(p, args[2], fn.Signature.Params().At(2).Type())
	}
	return nil, in.natUnsupported(at, fmt.Sprintf("%s of %T", nativeName(fn), args[0]))
}

// maphashSeed is a maphash.Seed drawn from the seeded source (the real
// MakeSeed draws from the process's random source). Seed's only field is
// set through reflect; should the field change, the real MakeSeed is used.
func (in *Interp) maphashSeed() reflect.Value {
	s := reflect.New(maphashSeedType).Elem()
	f := s.FieldByName("s")
	if !f.IsValid() || f.Kind() != reflect.Uint64 {
		return reflect.ValueOf(maphash.MakeSeed())
	}
	settable(f).SetUint(in.nat.rand.Uint64() | 1)
	return s
}

// sortProxy sorts an interpreted slice in place with an interpreted less
// function: sort.Slice's reflect swapper would need a native slice, and
// the less function reads the interpreted one. sort.Sort and sort.Slice
// run the same algorithm (pdqsort, generated from one template), so the
// proxy makes the same calls to less in the same order.
type sortProxy struct {
	in   *Interp
	s    []Value
	less Value
}

// Len is the interpreted slice's length.
func (p *sortProxy) Len() int { return len(p.s) }

// Swap swaps two elements of the interpreted slice.
func (p *sortProxy) Swap(i, j int) { p.s[i], p.s[j] = p.s[j], p.s[i] }

// Less calls the interpreted less function.
func (p *sortProxy) Less(i, j int) bool {
	v, err := p.in.callInterpreted(p.less, []Value{i, j})
	if err != nil {
		p.in.abortNative(err)
	}
	b, ok := v.(bool)
	if !ok {
		p.in.abortNative(&Unsupported{What: fmt.Sprintf("sort less function returned %T", v)})
	}
	return b
}

// sortSlice overrides sort.Slice (mode 0), sort.SliceStable (1) and
// sort.SliceIsSorted (2).
func sortSlice(mode int) overrideFunc {
	return func(in *Interp, at ssa.CallInstruction, fn *ssa.Function, args []Value) (res Value, err error) {
		x, _ := args[0].(Iface)
		s, ok := x.V.([]Value)
		if !ok {
			return nil, in.natUnsupported(at, fmt.Sprintf("%s of %v", nativeName(fn), x.T))
		}
		p := &sortProxy{in: in, s: s, less: args[1]}
		var sorted bool
		err = in.runNative(at, nativeName(fn), func() {
			switch mode {
			case 0:
				sort.Sort(p)
			case 1:
				sort.Stable(p)
			default:
				sorted = sort.IsSorted(p)
			}
		})
		if err != nil || mode != 2 {
			return nil, err
		}
		return sorted, nil
	}
}

// errorsAs is errors.As run by the interpreter: the target (a pointer to a
// variable of the program) may have an interpreted type, which native
// code cannot name. It walks the chain as errors.As does: a link
// assignable to the target's element type is stored and ends the walk,
// else the link's As method is asked, else its Unwrap (one error, or a
// list walked depth first).
func errorsAs(in *Interp, at ssa.CallInstruction, fn *ssa.Function, args []Value) (Value, error) {
	target, _ := args[1].(Iface)
	pt, isPtr := under(target.T).(*types.Pointer)
	cell, isCell := target.V.(*Value)
	if !isPtr || !isCell {
		// A pointer into native memory, or not a pointer (errors.As
		// panics then): the native errors.As does it.
		return in.callReflect(at, "errors.As", natives().funcs["errors.As"], fn.Signature.Params(), args, fn.Signature.Results())
	}
	if cell == nil {
		return nil, in.panicError(at, "errors.As", "errors: target must be a non-nil pointer")
	}
	err, _ := args[0].(Iface)
	// The walk calls interpreted methods (Unwrap, As): their panics
	// go through runNative like a native callee's callbacks.
	var found bool
	var werr error
	if rerr := in.runNative(at, "errors.As", func() {
		found, werr = in.errorsAsWalk(at, err, target, cell, pt.Elem())
	}); rerr != nil {
		return nil, rerr
	}
	return found, werr
}

func (in *Interp) errorsAsWalk(at ssa.CallInstruction, err Iface, target Iface, cell *Value, t types.Type) (bool, error) {
	errT := types.Universe.Lookup("error").Type()
	for {
		if err.T == nil && err.V == nil {
			return false, nil
		}
		if in.ifaceAssignable(err, t) {
			if types.IsInterface(t) {
				*cell = err
			} else {
				*cell = copyVal(err.V)
			}
			return true, nil
		}
		if r, ok, e := in.errMethod(at, err, "As", []Value{target}, types.Typ[types.Bool]); e != nil {
			return false, e
		} else if ok && r == true {
			return true, nil
		}
		r, ok, e := in.errMethod(at, err, "Unwrap", nil, errT)
		if e != nil {
			return false, e
		}
		if ok {
			err, _ = r.(Iface)
			continue
		}
		r, ok, e = in.errMethod(at, err, "Unwrap", nil, types.NewSlice(errT))
		if e != nil || !ok {
			return false, e
		}
		list, _ := r.([]Value)
		for _, x := range list {
			xe, _ := x.(Iface)
			if found, e := in.errorsAsWalk(at, xe, target, cell, t); e != nil || found {
				return found, e
			}
		}
		return false, nil
	}
}

// ifaceAssignable reports whether the dynamic value of err may be stored
// in a variable of type t.
func (in *Interp) ifaceAssignable(err Iface, t types.Type) bool {
	if err.T == nil {
		return in.nativeAssignable(nativeDynamicType(err), t)
	}
	if it, ok := under(t).(*types.Interface); ok {
		return types.Implements(err.T, it)
	}
	return types.Identical(err.T, t)
}

// errMethod calls method name of err's dynamic value when it has one with
// a single result of type result (ok false when it has not), whether the
// value is interpreted or native.
func (in *Interp) errMethod(at ssa.CallInstruction, err Iface, name string, args []Value, result types.Type) (Value, bool, error) {
	if err.T != nil && !isNativeType(err.T) {
		sel := in.prog.MethodSets.MethodSet(err.T).Lookup(nil, name)
		if sel == nil {
			return nil, false, nil
		}
		sig := sel.Type().(*types.Signature)
		if sig.Params().Len() != len(args) || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), result) {
			return nil, false, nil
		}
		v, e := in.callInterpreted(&Closure{Fn: in.prog.MethodValue(sel)}, append([]Value{err.V}, args...))
		return v, true, e
	}
	var rv reflect.Value
	var e error
	if err.T == nil {
		rv, e = nativeOf(err.V)
	} else {
		rv, e = in.receiver(err.V, err.T)
	}
	if e != nil {
		return nil, false, e
	}
	m := rv.MethodByName(name)
	if !m.IsValid() || m.Type().NumIn() != len(args) || m.Type().NumOut() != 1 {
		return nil, false, nil
	}
	want, e := in.reflectType(result)
	if e != nil || m.Type().Out(0) != want {
		return nil, false, nil
	}
	params := make([]*types.Var, len(args))
	for i := range params {
		params[i] = types.NewParam(0, nil, "", types.Universe.Lookup("any").Type())
	}
	v, e := in.callReflect(at, rtName(rv.Type(), name), m, types.NewTuple(params...), args, types.NewTuple(types.NewParam(0, nil, "", result)))
	return v, e == nil, e
}
