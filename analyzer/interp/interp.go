package interp

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"runtime/debug"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"
)

// DefaultBudget is the instruction budget used when Config.Budget is not
// positive: a forgotten budget must not let an infinite loop hang the
// analysis.
const DefaultBudget = 100_000_000

// maxDepth bounds the interpreted call depth: the interpreter recurses on
// the Go stack, and a runaway recursion must become an error, not a fatal
// stack overflow of the analyzer.
const maxDepth = 10000

// maxElems bounds a single allocation (elements of a slice, bytes of a
// string): each interpreted element costs a Value (16 bytes and more), so
// a benchmark making a gigabyte buffer cannot be run faithfully here.
const maxElems = 1 << 23

// Config configures an Interp.
type Config struct {
	// Budget is the number of instructions a Call or RunBenchmark may
	// execute; an allocation also counts its elements, and copying
	// operations (append, copy, clear) their elements / 8. Exceeding it
	// returns an *Unsupported with What "budget". Not positive means
	// DefaultBudget.
	Budget int64
	// Observer is told what runs (may be nil).
	Observer Observer
	// Setup, if set, is told what a benchmark runs untimed: with its timer
	// stopped, and the code around the measured sub-benchmark. What it
	// allocates is the heap the timed code runs in (its working set).
	// Package initialization is told to neither.
	Setup Observer
	// Sizes computes the byte sizes reported to the observer; nil means
	// gc's amd64 sizes, the machine the predictions are for.
	Sizes types.Sizes
	// Seed seeds the interpreter's own random source (native side).
	Seed int64
	// Procs is what runtime.GOMAXPROCS(0) returns to the program (the
	// GOMAXPROCS of the machine predicted for); 0 means the process's.
	Procs int
}

// Interp runs the SSA functions of one program. It is not safe for
// concurrent use: the interpreted program runs on one goroutine.
type Interp struct {
	prog   *ssa.Program
	cfg    Config
	nat    nativeState
	unsafe unsafeState // unsafe pointers' runs and fake addresses (unsafe.go)
	// grownFromEmpty holds the backing arrays appends made starting from an
	// empty slice (markGrown).
	grownFromEmpty map[*Value]bool

	obs   Observer // the observer while reporting, nil while the timer is stopped
	steps int64    // instructions executed in the current top-level call
	limit int64    // budget of the current top-level call
	depth int      // interpreted call depth
	cur   *op      // the instruction being executed, for internal errors
	// curFrame is the running function's frame, for observer calls made
	// outside the frame loop and for Callers.
	curFrame *frame
	curB     *fakeB // the benchmark whose b the running code was handed (nil outside RunBenchmark)
	benchN   int    // the b.N of the measured benchmark

	stack     []Value  // registers of the active frames
	sp        int      // stack top
	framePool []*frame // frames by depth, reused
	phibuf    []Value  // φ values in flight at a block entry

	funcs       map[*ssa.Function]*funcInfo
	globals     map[*ssa.Global]*Value
	interpreted map[*types.Package]bool
	zeros       map[types.Type]Value
	methods     map[methodKey]*ssa.Function
	implements  map[implKey]bool
	inited      map[*ssa.Package]error // initialized packages: nil, or the initializer's error
	poisoned    bool                   // some initializer failed (see initImport)
	sizes       map[types.Type]int64
	iterating   map[*Map]int // range loops over each map not yet finished
}

type methodKey struct {
	t types.Type
	m *types.Func
}

type implKey struct {
	t, iface types.Type
}

// Unsupported is the error for a construct the interpreter refuses to run
// because it cannot run it faithfully (goroutines, select, unsafe, a
// blocking channel operation, reflection) or for the exhausted budget
// (What "budget"): the caller falls back to its static estimate.
type Unsupported struct {
	What string
	Pos  token.Position
}

// Error names the construct and its position.
func (u *Unsupported) Error() string {
	if u.Pos.IsValid() {
		return fmt.Sprintf("%s: interp: unsupported: %s", u.Pos, u.What)
	}
	return "interp: unsupported: " + u.What
}

// PanicError is a Go panic of the interpreted program that no deferred
// call recovered: the benchmark would have crashed. Native code may also
// return it from callNative so that the interpreted program can recover
// the panic (Value is then the panic value, an Iface).
type PanicError struct {
	Value Value // the panic value (an Iface)
	Pos   token.Position
}

// Error describes the panic value as far as it prints simply.
func (p *PanicError) Error() string {
	return fmt.Sprintf("%s: interp: panic: %s", p.Pos, describe(p.Value))
}

// isInterpPanic reports whether r, recovered by native code around a
// callback into interpreted code (callValue), is the interpreter's own
// unwinding — a panic of the interpreted program or an abort — which the
// native side must re-panic rather than turn into its own error, so that
// deferred calls of the interpreted program see the panic and the
// Call/RunBenchmark boundary reports it.
func isInterpPanic(r any) bool {
	switch r.(type) {
	case *targetPanic, abort:
		return true
	}
	return false
}

// abort carries an error to the Call/RunBenchmark boundary through the
// interpreted frames; unlike a targetPanic, deferred calls do not see it.
type abort struct{ err error }

// targetPanic is a panic of the interpreted program, recoverable by it.
type targetPanic struct {
	v  Value // Iface
	at ssa.Instruction
}

// New returns an interpreter for prog. It runs nothing: package
// initializers run at the first Call of a function of their package.
func New(prog *ssa.Program, cfg Config) *Interp {
	initSmallInts()
	if cfg.Sizes == nil {
		cfg.Sizes = types.SizesFor("gc", "amd64")
	}
	in := &Interp{
		prog:        prog,
		cfg:         cfg,
		funcs:       map[*ssa.Function]*funcInfo{},
		globals:     map[*ssa.Global]*Value{},
		interpreted: map[*types.Package]bool{},
		zeros:       map[types.Type]Value{},
		methods:     map[methodKey]*ssa.Function{},
		implements:  map[implKey]bool{},
		inited:      map[*ssa.Package]error{},
		sizes:       map[types.Type]int64{},
		iterating:   map[*Map]int{},
	}
	in.initNative()
	return in
}

// Call runs fn with args and returns its result: a Value, a Tuple for more
// than one result, nil for none. fn's package is initialized first (once
// per Interp, untimed). Everything fn runs is reported to the observer.
func (in *Interp) Call(fn *ssa.Function, args ...Value) (res Value, err error) {
	if fn == nil {
		return nil, fmt.Errorf("interp: Call of a nil function")
	}
	err = in.boundary(func() {
		in.obs = nil
		in.initPackage(fn.Pkg)
		in.obs = in.cfg.Observer
		res = in.callFunction(fn, nil, args, nil, nil, false)
	})
	return res, err
}

// SetBudget changes the instruction budget of the next Call or
// RunBenchmark (Config.Budget).
func (in *Interp) SetBudget(n int64) { in.cfg.Budget = n }

// Steps is what the last Call or RunBenchmark counted against its budget
// (instructions, allocated elements, copied elements / 8): for the
// caller's statistics and its choice of budgets.
func (in *Interp) Steps() int64 { return in.steps }

// callValue calls a function value of interpreted code (*Closure) or of
// native code (NativeFunc): native callbacks into interpreted code use it.
// It runs inside the boundary of the top-level Call, so panics and aborts
// of the callee unwind as Go panics through the native caller to it (see
// isInterpPanic); it returns an error only for a callee it cannot call.
func (in *Interp) callValue(fn Value, args []Value) (Value, error) {
	switch f := fn.(type) {
	case *Closure:
		if f == nil {
			return nil, in.runtimeErrorValue("invalid memory address or nil pointer dereference")
		}
		return in.callFunction(f.Fn, f.Env, args, nil, nil, false), nil
	case NativeFunc:
		return in.callNativeFunc(nil, f, args), nil
	}
	return nil, fmt.Errorf("interp: cannot call %T", fn)
}

// boundary runs body and turns what escapes it into an error: an abort
// (Unsupported, harness errors), an unrecovered panic of the interpreted
// program, or a bug of the interpreter (any other Go panic), named with the
// instruction being executed, so that the caller never crashes.
func (in *Interp) boundary(body func()) (err error) {
	outer := in.limit == 0
	if outer {
		in.steps = 0
		in.limit = in.cfg.Budget
		if in.limit <= 0 {
			in.limit = DefaultBudget
		}
		in.depth = 0
		in.sp = 0
		defer func() { in.limit, in.sp, in.depth, in.curB, in.curFrame = 0, 0, 0, nil, nil }()
	}
	defer func() {
		if r := recover(); r != nil {
			err = in.toError(r)
		}
	}()
	body()
	return nil
}

// toError turns what a run panicked with into its error: an abort's
// error, an unrecovered panic of the interpreted program, or a bug of the
// interpreter (any other Go panic), named with the instruction being
// executed.
func (in *Interp) toError(r any) error {
	switch r := r.(type) {
	case abort:
		return r.err
	case *targetPanic:
		at := r.at
		if at == nil {
			at = in.curInstr()
		}
		return &PanicError{Value: r.v, Pos: in.position(at)}
	}
	e := &InternalError{Instr: "?", Panic: r, Stack: string(debug.Stack())}
	if in.cur != nil && in.cur.in != nil {
		e.Instr = in.cur.in.String()
		if fn := in.cur.in.Parent(); fn != nil {
			e.Instr = fn.String() + ": " + e.Instr
		}
		e.Pos = in.position(in.cur.in)
	}
	return e
}

// InternalError is a bug of the interpreter (a Go panic of its own code,
// such as a value of an unexpected representation), caught at the
// Call/RunBenchmark boundary so that the caller does not crash.
type InternalError struct {
	Instr string // the instruction being executed, with its function
	Pos   token.Position
	Panic any    // what the interpreter panicked with
	Stack string // the interpreter's stack, for debugging
}

// Error names the instruction, its position and the Go panic.
func (e *InternalError) Error() string {
	return fmt.Sprintf("%s: interp: internal error at %q: %v", e.Pos, e.Instr, e.Panic)
}

// position returns the source position of an instruction, or of its
// function when the instruction has none.
func (in *Interp) position(at ssa.Instruction) token.Position {
	if at == nil {
		return token.Position{}
	}
	pos := at.Pos()
	if !pos.IsValid() && at.Parent() != nil {
		pos = at.Parent().Pos()
	}
	return in.prog.Fset.Position(pos)
}

// unsupported aborts the run with an *Unsupported naming what and where.
func (in *Interp) unsupported(at ssa.Instruction, what string) {
	panic(abort{&Unsupported{What: what, Pos: in.position(at)}})
}

// fail aborts the run with err (an error of native code or of the
// harness). A *PanicError becomes a panic of the interpreted program,
// which it may recover.
func (in *Interp) fail(at ssa.Instruction, err error) {
	if p, ok := err.(*PanicError); ok {
		panic(&targetPanic{v: p.Value, at: at})
	}
	if u, ok := err.(*Unsupported); ok && !u.Pos.IsValid() {
		u.Pos = in.position(at)
	}
	panic(abort{err})
}

// interpretedPkg reports whether p's code is interpreted (its SSA package
// was built from syntax) rather than run natively.
func (in *Interp) interpretedPkg(p *types.Package) bool {
	if p == nil {
		return false
	}
	v, ok := in.interpreted[p]
	if !ok {
		sp := in.prog.Package(p)
		if sp != nil {
			if init := sp.Func("init"); init != nil && init.Blocks != nil {
				v = true
			}
		}
		in.interpreted[p] = v
	}
	return v
}

// initPackage runs p's package initializer once; the initializer itself
// calls those of p's imports first, in import order (ssa's init$guard makes
// each run once). Packages without a body (the std) are initialized by the
// Go runtime of the analyzer.
//
// An initializer that fails fails every later call of its package's
// functions with the same error: its globals are half set.
func (in *Interp) initPackage(p *ssa.Package) {
	if p == nil {
		return
	}
	if err, ok := in.inited[p]; ok {
		if err != nil {
			panic(abort{err})
		}
		return
	}
	in.inited[p] = nil
	init := p.Func("init")
	if init == nil || init.Blocks == nil {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			in.inited[p] = fmt.Errorf("initializing %s: %w", p.Pkg.Path(), in.toError(r))
			panic(abort{in.inited[p]})
		}
	}()
	in.callFunction(init, nil, nil, nil, nil, false)
}

// global returns the cell of package variable g: a zero cell for
// interpreted packages, native's cell for the std.
func (in *Interp) global(g *ssa.Global) (*Value, error) {
	if c, ok := in.globals[g]; ok {
		return c, nil
	}
	var cell *Value
	if g.Pkg != nil && !in.interpretedPkg(g.Pkg.Pkg) {
		c, err := in.nativeGlobal(g)
		if err != nil {
			return nil, err
		}
		cell = c
	} else {
		v := in.zero(deref(g.Type()))
		cell = &v
	}
	in.globals[g] = cell
	return cell, nil
}

// zero returns the zero value of t, fresh (a mutable Struct or Array is
// never shared between two calls).
func (in *Interp) zero(t types.Type) Value {
	if z, ok := in.zeros[t]; ok {
		return copyVal(z)
	}
	z := in.makeZero(t)
	in.zeros[t] = z
	return copyVal(z)
}

func (in *Interp) makeZero(t types.Type) Value {
	t = types.Unalias(t)
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return zeroBasic(u.Kind())
	case *types.Pointer:
		return (*Value)(nil)
	case *types.Struct:
		if n, ok := t.(*types.Named); ok && !in.interpretedPkg(n.Obj().Pkg()) {
			v, ok := in.nativeZero(t)
			if !ok {
				in.unsupported(in.curInstr(), "zero value of "+t.String())
			}
			return v
		}
		s := make(Struct, u.NumFields())
		for i := range s {
			s[i] = in.makeZero(u.Field(i).Type())
		}
		return s
	case *types.Array:
		if u.Len() > maxElems {
			in.unsupported(in.curInstr(), fmt.Sprintf("array of %d elements", u.Len()))
		}
		a := make(Array, u.Len())
		for i := range a {
			a[i] = in.makeZero(u.Elem())
		}
		return a
	case *types.Slice:
		return []Value(nil)
	case *types.Map:
		return (*Map)(nil)
	case *types.Chan:
		return (*Chan)(nil)
	case *types.Interface:
		return Iface{}
	case *types.Signature:
		return (*Closure)(nil)
	case *types.Tuple:
		tup := make(Tuple, u.Len())
		for i := range tup {
			tup[i] = in.makeZero(u.At(i).Type())
		}
		return tup
	}
	panic(fmt.Sprintf("zero value of %s (%T)", t, t.Underlying()))
}

func (in *Interp) curInstr() ssa.Instruction {
	if in.cur == nil {
		return nil
	}
	return in.cur.in
}

func zeroBasic(k types.BasicKind) Value {
	switch k {
	case types.Bool, types.UntypedBool:
		return false
	case types.Int, types.UntypedInt:
		return int(0)
	case types.Int8:
		return int8(0)
	case types.Int16:
		return int16(0)
	case types.Int32, types.UntypedRune:
		return int32(0)
	case types.Int64:
		return int64(0)
	case types.Uint:
		return uint(0)
	case types.Uint8:
		return uint8(0)
	case types.Uint16:
		return uint16(0)
	case types.Uint32:
		return uint32(0)
	case types.Uint64:
		return uint64(0)
	case types.Uintptr:
		return uintptr(0)
	case types.Float32:
		return float32(0)
	case types.Float64, types.UntypedFloat:
		return float64(0)
	case types.Complex64:
		return complex64(0)
	case types.Complex128, types.UntypedComplex:
		return complex128(0)
	case types.String, types.UntypedString:
		return ""
	case types.UnsafePointer, types.UntypedNil:
		return nil
	}
	panic(fmt.Sprintf("zero value of basic kind %d", k))
}

// constValue converts an SSA constant to a Value of its type.
func (in *Interp) constValue(c *ssa.Const) Value {
	if c.Value == nil {
		return in.zero(c.Type())
	}
	t := c.Type()
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		panic(fmt.Sprintf("constant %s of non-basic type %s", c, t))
	}
	v := c.Value
	switch b.Kind() {
	case types.Bool, types.UntypedBool:
		return constant.BoolVal(v)
	case types.String, types.UntypedString:
		if v.Kind() == constant.Int {
			// An instantiated generic conversion T(byte(0)) with T string.
			r := rune(utf8.RuneError)
			if i, ok := constant.Int64Val(v); ok && i >= 0 && i <= utf8.MaxRune {
				r = rune(i)
			}
			return string(r)
		}
		return constant.StringVal(v)
	case types.Float32:
		f, _ := constant.Float32Val(constant.ToFloat(v))
		return f
	case types.Float64, types.UntypedFloat:
		f, _ := constant.Float64Val(constant.ToFloat(v))
		return f
	case types.Complex64:
		re, _ := constant.Float32Val(constant.Real(v))
		im, _ := constant.Float32Val(constant.Imag(v))
		return complex(re, im)
	case types.Complex128, types.UntypedComplex:
		re, _ := constant.Float64Val(constant.Real(v))
		im, _ := constant.Float64Val(constant.Imag(v))
		return complex(re, im)
	}
	if isUnsigned(b.Kind()) {
		u, _ := constant.Uint64Val(constant.ToInt(v))
		return convUint(u, b.Kind())
	}
	i, _ := constant.Int64Val(constant.ToInt(v))
	return convInt(i, b.Kind())
}

// sizeof is the gc amd64 size of t (Config.Sizes), cached.
func (in *Interp) sizeof(t types.Type) int64 {
	if s, ok := in.sizes[t]; ok {
		return s
	}
	s := in.cfg.Sizes.Sizeof(t)
	in.sizes[t] = s
	return s
}

// describe renders a panic value for an error message.
func describe(v Value) string {
	i, ok := v.(Iface)
	if !ok {
		return fmt.Sprint(v)
	}
	if i.T == nil {
		if i.V == nil {
			return "nil"
		}
		if n, ok := i.V.(Native); ok && n.RV.CanInterface() {
			if e, ok := n.RV.Interface().(error); ok {
				return e.Error()
			}
		}
		return fmt.Sprintf("%v", i.V)
	}
	switch x := i.V.(type) {
	case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, float32, float64:
		return fmt.Sprintf("%v (%s)", x, i.T)
	}
	return i.T.String()
}

func deref(t types.Type) types.Type {
	return t.Underlying().(*types.Pointer).Elem()
}

func isUnsigned(k types.BasicKind) bool {
	switch k {
	case types.Uint, types.Uint8, types.Uint16, types.Uint32, types.Uint64, types.Uintptr:
		return true
	}
	return false
}
