package interp

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/internal/testharness"
)

// Instruction kinds, dispatched by a jump table rather than a type switch.
const (
	opDebugRef uint8 = iota
	opAlloc
	opBinOp
	opUnOp
	opCall
	opChangeType
	opConvert
	opChangeInterface
	opSliceToArrayPointer
	opMakeInterface
	opMakeClosure
	opMakeMap
	opMakeChan
	opMakeSlice
	opSlice
	opFieldAddr
	opField
	opIndexAddr
	opIndex
	opLookup
	opSelect
	opRange
	opNext
	opTypeAssert
	opExtract
	opJump
	opIf
	opReturn
	opRunDefers
	opPanic
	opGo
	opDefer
	opSend
	opStore
	opMapUpdate
	opUnsafeConvert // a conversion to or from unsafe.Pointer (unsafe.go)
	opUnsupported   // an instruction refused when run (o.builtin says what)
)

// op is an instruction prepared for execution: its operands resolved to
// register slots of the frame (constants, globals and functions live in
// slots preset from funcInfo.tmpl), so the loop indexes a slice instead of
// looking SSA values up in a map.
type op struct {
	kind       uint8
	commaOk    bool
	dst        int32
	x, y, z, w int32   // operand slots, -1 when absent
	args       []int32 // call arguments; MakeClosure bindings; Return results
	in         ssa.Instruction
	t          types.Type // the instruction's auxiliary type (see prepare)
	n          int        // field index, extract index, basic kind of a conversion
	tok        token.Token
	size       int64 // byte size of the allocated object or element
	call       ssa.CallInstruction
	fn         *ssa.Function // static callee
	builtin    string
	method     *types.Func // invoke mode
	nargs      int
	fi         *funcInfo // the static callee, prepared on first call
	isInit     bool      // a call of an imported package's initializer
	elide      int8      // 0 not asked yet, 1 reported, 2 run unreported (Elider)
}

// phiOp is a φ-node: edges[i] is the slot read when control comes from
// the block's i-th predecessor.
type phiOp struct {
	dst   int32
	edges []int32
}

type blockInfo struct {
	b       *ssa.BasicBlock
	phis    []phiOp
	ops     []op
	succs   []int // successor block indices
	succIdx []int // this block's index in each successor's Preds
}

// funcInfo is a function prepared for execution.
type funcInfo struct {
	fn        *ssa.Function
	nslots    int
	tmpl      []Value // initial register contents
	params    []int32
	freeVars  []int32
	blocks    []*blockInfo
	hasDefers bool
	recover   int // index of fn.Recover, -1 if none
	results   *types.Tuple
	wrapper   bool // a synthetic wrapper (bound method, thunk, promotion)
}

// badValue stands in a register for an operand that could not be
// resolved when the function was prepared (a std global native cannot
// provide); using it aborts with the saved error.
type badValue struct{ err error }

func (in *Interp) info(fn *ssa.Function) *funcInfo {
	if fi, ok := in.funcs[fn]; ok {
		return fi
	}
	fi := in.prepare(fn)
	in.funcs[fn] = fi
	return fi
}

// prepare numbers fn's values and resolves every instruction's operands.
func (in *Interp) prepare(fn *ssa.Function) *funcInfo {
	if fn.TypeParams().Len() > 0 && len(fn.TypeArgs()) == 0 {
		in.unsupported(nil, "generic function body "+fn.String()+" (build with ssa.InstantiateGenerics)")
	}
	fi := &funcInfo{fn: fn, recover: -1, results: fn.Signature.Results()}
	fi.wrapper = fn.Synthetic != "" && !isPackageInit(fn) && fn.Synthetic != "range-over-func yield"
	slot := map[ssa.Value]int32{}
	newSlot := func(v Value) int32 {
		fi.tmpl = append(fi.tmpl, v)
		return int32(len(fi.tmpl) - 1)
	}
	for _, p := range fn.Params {
		s := newSlot(nil)
		slot[p] = s
		fi.params = append(fi.params, s)
	}
	for _, fv := range fn.FreeVars {
		s := newSlot(nil)
		slot[fv] = s
		fi.freeVars = append(fi.freeVars, s)
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok {
				slot[v] = newSlot(nil)
			}
		}
	}
	get := func(v ssa.Value) int32 {
		if v == nil {
			return -1
		}
		if s, ok := slot[v]; ok {
			return s
		}
		var s int32
		switch v := v.(type) {
		case *ssa.Const:
			if isUnsafePointer(v.Type()) && v.Value != nil {
				// unsafe.Pointer(uintptr(4096)): an address that no
				// object of the run has.
				s = newSlot(badValue{&Unsupported{What: forgedPointer}})
				break
			}
			s = newSlot(in.constValue(v))
		case *ssa.Global:
			cell, err := in.global(v)
			if err != nil {
				s = newSlot(badValue{err})
			} else {
				s = newSlot(cell)
			}
		case *ssa.Function:
			s = newSlot(&Closure{Fn: v})
		case *ssa.Builtin:
			s = newSlot(badValue{fmt.Errorf("builtin %s used as a value", v.Name())})
		default:
			panic(fmt.Sprintf("no slot for %T %s in %s", v, v.Name(), fn))
		}
		slot[v] = s
		return s
	}
	if fn.Recover != nil {
		fi.recover = fn.Recover.Index
	}
	for _, b := range fn.Blocks {
		bi := &blockInfo{b: b}
		for _, s := range b.Succs {
			bi.succs = append(bi.succs, s.Index)
			bi.succIdx = append(bi.succIdx, slices.Index(s.Preds, b))
		}
		for _, instr := range b.Instrs {
			if phi, ok := instr.(*ssa.Phi); ok {
				p := phiOp{dst: slot[phi]}
				for _, e := range phi.Edges {
					p.edges = append(p.edges, get(e))
				}
				bi.phis = append(bi.phis, p)
				continue
			}
			o := op{in: instr, dst: -1, x: -1, y: -1, z: -1, w: -1}
			if v, ok := instr.(ssa.Value); ok {
				o.dst = slot[v]
			}
			in.prepareOp(&o, get)
			if o.kind == opDefer || o.builtin == "ssa:deferstack" {
				fi.hasDefers = true
			}
			bi.ops = append(bi.ops, o)
		}
		fi.blocks = append(fi.blocks, bi)
	}
	fi.nslots = len(fi.tmpl)
	return fi
}

func (in *Interp) prepareOp(o *op, get func(ssa.Value) int32) {
	prepCall := func(c *ssa.CallCommon, ci ssa.CallInstruction) {
		o.call = ci
		o.method = c.Method
		switch v := c.Value.(type) {
		case *ssa.Function:
			o.fn = v
			o.isInit = isPackageInit(v)
		case *ssa.Builtin:
			o.builtin = v.Name()
			if len(c.Args) > 0 {
				o.t = c.Args[0].Type()
				if sl, ok := o.t.Underlying().(*types.Slice); ok {
					o.size = in.sizeof(sl.Elem())
					if hasPointers(sl.Elem()) {
						o.n = 1
					}
				}
			}
		default:
			o.x = get(v)
		}
		for _, a := range c.Args {
			o.args = append(o.args, get(a))
		}
		if b, ok := c.Value.(*ssa.Builtin); ok && (b.Name() == "String" || b.Name() == "Slice") {
			if ia, ok := c.Args[0].(*ssa.IndexAddr); ok {
				// unsafe.String(&b[i], n) (no other builtin has
				// these names): the slice and index follow the
				// arguments (unsafeBuiltin).
				o.args = append(o.args, get(ia.X), get(ia.Index))
			}
		}
		o.nargs = len(c.Args)
		if c.Method != nil {
			o.nargs++
		}
	}
	switch i := o.in.(type) {
	case *ssa.DebugRef:
		o.kind = opDebugRef
	case *ssa.Alloc:
		o.kind = opAlloc
		o.t = deref(i.Type())
		o.size = in.sizeof(o.t)
		o.nargs = int(min(valueCount(o.t), maxElems+1))
	case *ssa.BinOp:
		o.kind = opBinOp
		o.x, o.y, o.tok = get(i.X), get(i.Y), i.Op
		o.t = i.X.Type()
		if (i.Op == token.EQL || i.Op == token.NEQ) && hasBlank(o.t) {
			o.n = 1
		}
	case *ssa.UnOp:
		o.kind = opUnOp
		o.x, o.tok, o.commaOk = get(i.X), i.Op, i.CommaOk
		o.t = i.X.Type()
		if i.Op == token.MUL {
			o.t = deref(i.X.Type())
		}
	case *ssa.Call:
		o.kind = opCall
		prepCall(&i.Call, i)
	case *ssa.ChangeType:
		o.kind = opChangeType
		o.x = get(i.X)
	case *ssa.Convert:
		o.kind = opConvert
		o.x = get(i.X)
		o.t = i.Type()
		if _, ok := i.X.(*ssa.Const); ok {
			o.n = 1 // gc builds []byte("const") as a literal of exact capacity
		}
		if isUnsafePointer(i.Type()) || isUnsafePointer(i.X.Type()) {
			o.kind = opUnsafeConvert
			o.y, o.z = -1, -1
			if ia, ok := i.X.(*ssa.IndexAddr); ok {
				// The slice or array it indexes tells the run of
				// elements the pointer is in (unsafe.go).
				o.y, o.z = get(ia.X), get(ia.Index)
			}
		}
	case *ssa.MultiConvert:
		o.kind = opConvert
		o.x = get(i.X)
		o.t = i.Type()
	case *ssa.ChangeInterface:
		o.kind = opChangeInterface
		o.x = get(i.X)
	case *ssa.SliceToArrayPointer:
		o.kind = opSliceToArrayPointer
		o.x = get(i.X)
		o.n = int(deref(i.Type()).Underlying().(*types.Array).Len())
	case *ssa.MakeInterface:
		o.kind = opMakeInterface
		o.x = get(i.X)
		o.t = types.Unalias(i.X.Type())
		o.size = in.sizeof(o.t)
		if pointerShaped(o.t) {
			o.size = -1
		}
	case *ssa.MakeClosure:
		o.kind = opMakeClosure
		o.fn = i.Fn.(*ssa.Function)
		var fields []*types.Var
		fields = append(fields, types.NewVar(token.NoPos, nil, "F", types.Typ[types.Uintptr]))
		for k, b := range i.Bindings {
			o.args = append(o.args, get(b))
			fields = append(fields, types.NewVar(token.NoPos, nil, fmt.Sprintf("b%d", k), b.Type()))
		}
		o.size = in.cfg.Sizes.Sizeof(types.NewStruct(fields, nil))
	case *ssa.MakeMap:
		o.kind = opMakeMap
		o.x = get(i.Reserve)
		o.t = i.Type().Underlying().(*types.Map).Key()
	case *ssa.MakeChan:
		o.kind = opMakeChan
		o.x = get(i.Size)
		o.size = in.sizeof(i.Type().Underlying().(*types.Chan).Elem())
	case *ssa.MakeSlice:
		o.kind = opMakeSlice
		o.x, o.y = get(i.Len), get(i.Cap)
		o.t = i.Type().Underlying().(*types.Slice).Elem()
		o.size = in.sizeof(o.t)
	case *ssa.Slice:
		o.kind = opSlice
		o.x, o.y, o.z, o.w = get(i.X), get(i.Low), get(i.High), get(i.Max)
	case *ssa.FieldAddr:
		o.kind = opFieldAddr
		o.x, o.n = get(i.X), i.Field
		o.t = deref(i.X.Type())
	case *ssa.Field:
		o.kind = opField
		o.x, o.n = get(i.X), i.Field
		o.t = i.X.Type()
	case *ssa.IndexAddr:
		o.kind = opIndexAddr
		o.x, o.y = get(i.X), get(i.Index)
	case *ssa.Index:
		o.kind = opIndex
		o.x, o.y = get(i.X), get(i.Index)
	case *ssa.Lookup:
		o.kind = opLookup
		o.x, o.y, o.commaOk = get(i.X), get(i.Index), i.CommaOk
		o.t = i.X.Type().Underlying().(*types.Map).Elem()
	case *ssa.Select:
		o.kind = opSelect
	case *ssa.Range:
		o.kind = opRange
		o.x = get(i.X)
	case *ssa.Next:
		o.kind = opNext
		o.x, o.commaOk = get(i.Iter), i.IsString
		o.t = i.Type()
	case *ssa.TypeAssert:
		o.kind = opTypeAssert
		o.x, o.commaOk, o.t = get(i.X), i.CommaOk, i.AssertedType
	case *ssa.Extract:
		o.kind = opExtract
		o.x, o.n = get(i.Tuple), i.Index
	case *ssa.Jump:
		o.kind = opJump
	case *ssa.If:
		o.kind = opIf
		o.x = get(i.Cond)
	case *ssa.Return:
		o.kind = opReturn
		for _, r := range i.Results {
			o.args = append(o.args, get(r))
		}
	case *ssa.RunDefers:
		o.kind = opRunDefers
	case *ssa.Panic:
		o.kind = opPanic
		o.x = get(i.X)
	case *ssa.Go:
		o.kind = opGo
	case *ssa.Defer:
		o.kind = opDefer
		prepCall(&i.Call, i)
		o.y = get(i.DeferStack)
	case *ssa.Send:
		o.kind = opSend
		o.x, o.y = get(i.Chan), get(i.X)
	case *ssa.Store:
		o.kind = opStore
		o.x, o.y = get(i.Addr), get(i.Val)
		o.t = deref(i.Addr.Type())
	case *ssa.MapUpdate:
		o.kind = opMapUpdate
		o.x, o.y, o.z = get(i.Map), get(i.Key), get(i.Value)
	default:
		panic(fmt.Sprintf("unexpected instruction %T", o.in))
	}
}

// pointerShaped reports whether gc stores a value of type t directly in
// an interface word (no boxing allocation).
func pointerShaped(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Struct:
		return u.NumFields() == 1 && pointerShaped(u.Field(0).Type())
	case *types.Array:
		return u.Len() == 1 && pointerShaped(u.Elem())
	}
	return false
}

// valueCount is the number of Values a zero value of t is made of (an
// array's elements, a struct's fields, nested), what allocating one costs.
func valueCount(t types.Type) int64 {
	switch u := t.Underlying().(type) {
	case *types.Array:
		return u.Len() * valueCount(u.Elem())
	case *types.Struct:
		var n int64
		for i := 0; i < u.NumFields(); i++ {
			n += valueCount(u.Field(i).Type())
		}
		return max(n, 1)
	}
	return 1
}

func isUnsafePointer(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.UnsafePointer
}

// hasPointers reports whether values of t contain pointers, which decides
// the runtime's malloc header and so the rounding of an append.
func hasPointers(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String || u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedString
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if hasPointers(u.Field(i).Type()) {
				return true
			}
		}
		return false
	case *types.Array:
		return u.Len() > 0 && hasPointers(u.Elem())
	}
	return true
}

// deferred is a call pushed by a Defer instruction.
type deferred struct {
	o    *op
	tgt  target
	args []Value
}

// frame is the activation of an interpreted function.
type frame struct {
	in        *Interp
	fi        *funcInfo
	regs      []Value
	caller    ssa.CallInstruction // the call that invoked this function (nil at the top)
	parent    *frame              // the frame that called this one
	deferred  bool                // run by parent's defers: recover() may stop parent's panic
	depth     int
	sp        int // the base of regs in the register stack
	defers    []deferred
	panicking bool
	panicVal  *targetPanic
}

// callFunction calls fn (with free variables env) on args.
func (in *Interp) callFunction(fn *ssa.Function, env []Value, args []Value, at ssa.CallInstruction, parent *frame, isDeferred bool) Value {
	if fn.Blocks == nil {
		return in.callBodiless(at, fn, args)
	}
	return in.run(in.info(fn), env, args, at, parent, isDeferred)
}

func (in *Interp) run(fi *funcInfo, env []Value, args []Value, at ssa.CallInstruction, parent *frame, isDeferred bool) Value {
	fr := in.enter(fi, at, parent, isDeferred)
	if len(args) != len(fi.params) {
		panic(fmt.Sprintf("%s called with %d arguments, wants %d", fi.fn, len(args), len(fi.params)))
	}
	for i, s := range fi.params {
		fr.regs[s] = args[i]
	}
	return in.execute(fr, env)
}

// isPackageInit reports whether fn is a package's synthetic initializer.
func isPackageInit(fn *ssa.Function) bool {
	return fn.Synthetic == "package initializer" && fn.Name() == "init" && fn.Signature.Recv() == nil
}

// initImport runs an imported package's initializer, called by its
// importer's. When the initializer is refused (it reads the environment,
// starts a goroutine, …), the package is marked failed and initialization
// goes on: only a later call of one of its functions fails, with the
// initializer's error. go test links test helpers whose initializers
// this interpreter cannot run but which the benchmarks never use.
func (in *Interp) initImport(fr *frame, o *op) {
	p := o.fn.Pkg
	if _, done := in.inited[p]; done || o.fn.Blocks == nil {
		return
	}
	in.inited[p] = nil
	defer func() {
		if r := recover(); r != nil {
			a, ok := r.(abort)
			if !ok {
				panic(r)
			}
			in.inited[p] = fmt.Errorf("initializing %s: %w", p.Pkg.Path(), a.err)
			in.poisoned = true
			in.depth, in.sp, in.curFrame = fr.depth+1, fr.sp+fr.fi.nslots, fr
		}
	}()
	in.run(in.info(o.fn), nil, nil, o.call, fr, false)
}

// enter makes the frame of a call of fi: frames are reused by depth and
// registers taken from a stack, since activations are strictly nested
// (nothing keeps a frame's registers once it returned: results are
// copied out, closures capture values, not registers).
func (in *Interp) enter(fi *funcInfo, at ssa.CallInstruction, parent *frame, isDeferred bool) *frame {
	if in.depth >= maxDepth {
		in.unsupported(at, "call depth")
	}
	if in.poisoned && fi.fn.Pkg != nil {
		if err := in.inited[fi.fn.Pkg]; err != nil {
			panic(abort{err})
		}
	}
	var fr *frame
	if in.depth < len(in.framePool) {
		fr = in.framePool[in.depth]
		defers := fr.defers[:0]
		*fr = frame{defers: defers}
	} else {
		fr = &frame{}
		in.framePool = append(in.framePool, fr)
	}
	fr.in, fr.fi, fr.caller, fr.parent, fr.deferred, fr.depth = in, fi, at, parent, isDeferred, in.depth
	in.depth++
	n := fi.nslots
	if in.sp+n > len(in.stack) {
		// A new stack: the frames below keep the old one.
		in.stack = make([]Value, max(2*len(in.stack), in.sp+n+4096))
	}
	fr.sp = in.sp
	fr.regs = in.stack[in.sp : in.sp+n : in.sp+n]
	in.sp += n
	copy(fr.regs, fi.tmpl)
	return fr
}

// execute runs an entered frame whose parameters are set.
func (in *Interp) execute(fr *frame, env []Value) Value {
	fi := fr.fi
	for i, s := range fi.freeVars {
		fr.regs[s] = env[i]
	}
	saved := in.curFrame
	in.curFrame = fr
	var res Value
	if fi.hasDefers {
		res = fr.runGuarded()
	} else {
		res = fr.exec(0, -1)
	}
	in.depth = fr.depth
	in.sp = fr.sp
	in.curFrame = saved
	return res
}

// runGuarded runs a function that defers calls: a panic of the
// interpreted program runs the deferred calls, and if one of them
// recovers, the function returns normally (through fn.Recover when the
// function has named results, with zero results otherwise).
func (fr *frame) runGuarded() Value {
	start := 0
	for {
		res, recovered := fr.execGuarded(start)
		if !recovered {
			return res
		}
		if fr.fi.recover < 0 {
			return fr.zeroResults()
		}
		start = fr.fi.recover
	}
}

func (fr *frame) execGuarded(start int) (res Value, recovered bool) {
	defer func() {
		if recovered {
			return
		}
		r := recover()
		if r == nil {
			return
		}
		tp, ok := r.(*targetPanic)
		if !ok {
			panic(r)
		}
		fr.in.depth = fr.depth + 1
		fr.in.sp = fr.sp + fr.fi.nslots
		fr.in.curFrame = fr
		fr.panicking = true
		fr.panicVal = tp
		fr.runDefers(true)
		if fr.panicking {
			panic(fr.panicVal)
		}
		fr.in.curFrame = fr
		recovered = true
	}()
	return fr.exec(start, -1), false
}

// runDefers runs the deferred calls, last first. On the panic path
// (guarded), a deferred call's own panic replaces the current one and the
// remaining calls still run, even after an earlier one recovered; on the
// normal path such a panic unwinds to execGuarded, which runs the rest.
func (fr *frame) runDefers(guarded bool) {
	for len(fr.defers) > 0 {
		d := fr.defers[len(fr.defers)-1]
		fr.defers = fr.defers[:len(fr.defers)-1]
		if !guarded {
			fr.runDeferred(d)
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					tp, ok := r.(*targetPanic)
					if !ok {
						panic(r)
					}
					fr.in.depth = fr.depth + 1
					fr.in.sp = fr.sp + fr.fi.nslots
					fr.in.curFrame = fr
					fr.panicking = true
					fr.panicVal = tp
				}
			}()
			fr.runDeferred(d)
		}()
	}
}

func (fr *frame) runDeferred(d deferred) {
	fr.in.invoke(fr, d.o, d.tgt, d.args, true)
}

func (fr *frame) zeroResults() Value {
	res := fr.fi.results
	switch res.Len() {
	case 0:
		return nil
	case 1:
		return fr.in.zero(res.At(0).Type())
	}
	t := make(Tuple, res.Len())
	for i := range t {
		t[i] = fr.in.zero(res.At(i).Type())
	}
	return t
}

// panicRuntime raises a run-time error of the interpreted program (index
// out of range, nil dereference, …) as a panic it may recover.
func (in *Interp) panicRuntime(at ssa.Instruction, msg string) {
	panic(&targetPanic{v: runtimeErrorIface(msg), at: at})
}

// runtimeErrorValue is a run-time error as a *PanicError, for callValue.
func (in *Interp) runtimeErrorValue(msg string) error {
	return &PanicError{Value: runtimeErrorIface(msg)}
}

// runtimeError is the dynamic type of the run-time errors the interpreter
// raises: a real Go value implementing runtime.Error, so that recovered
// errors print and type-assert as in a compiled program.
type runtimeError struct{ msg string }

// Error is the message gc's runtime gives the same error.
func (e runtimeError) Error() string { return "runtime error: " + e.msg }

// RuntimeError marks runtimeError as a runtime.Error.
func (e runtimeError) RuntimeError() {}

func runtimeErrorIface(msg string) Iface {
	rv := reflect.New(reflect.TypeFor[runtimeError]()).Elem()
	rv.Set(reflect.ValueOf(runtimeError{msg}))
	return Iface{V: Native{RV: rv}}
}

// typeAssertionError is the run-time error of a failed type assertion,
// like runtime.TypeAssertionError a runtime.Error whose message has no
// "runtime error: " prefix.
type typeAssertionError struct{ msg string }

// Error is the message gc's runtime gives the same assertion.
func (e typeAssertionError) Error() string { return e.msg }

// RuntimeError marks typeAssertionError as a runtime.Error.
func (e typeAssertionError) RuntimeError() {}

func (in *Interp) panicAssert(at ssa.Instruction, msg string) {
	rv := reflect.New(reflect.TypeFor[typeAssertionError]()).Elem()
	rv.Set(reflect.ValueOf(typeAssertionError{msg}))
	panic(&targetPanic{v: Iface{V: Native{RV: rv}}, at: at})
}

// runtimeTypeString prints t as gc's runtime does in panic messages:
// package names, not paths, and "interface {}" for the empty interface.
func runtimeTypeString(t types.Type) string {
	s := types.TypeString(t, func(p *types.Package) string { return p.Name() })
	switch {
	case s == "any" || s == "interface{}":
		return "interface {}"
	case strings.HasPrefix(s, "interface{") && strings.HasSuffix(s, "}"):
		return "interface { " + s[len("interface{"):len(s)-1] + " }"
	}
	return s
}

// exec runs the function's blocks from block start until it returns.
func (fr *frame) exec(start, predIdx int) Value {
	in := fr.in
	fi := fr.fi
	regs := fr.regs
	b := fi.blocks[start]
	for {
		if in.obs != nil {
			in.obs.Block(b.b)
		}
		if len(b.phis) > 0 {
			if len(b.phis) == 1 {
				p := &b.phis[0]
				regs[p.dst] = regs[p.edges[predIdx]]
			} else {
				// φs read their edges before any is written (a swap); the
				// buffer is shared, since nothing runs between.
				in.phibuf = in.phibuf[:0]
				for i := range b.phis {
					in.phibuf = append(in.phibuf, regs[b.phis[i].edges[predIdx]])
				}
				for i := range b.phis {
					regs[b.phis[i].dst] = in.phibuf[i]
				}
			}
		}
		next := -1
		for i := range b.ops {
			o := &b.ops[i]
			in.steps++
			if in.steps > in.limit {
				in.unsupported(o.in, "budget")
			}
			in.cur = o
			switch o.kind {
			case opDebugRef:
			case opJump:
				next, predIdx = b.succs[0], b.succIdx[0]
			case opIf:
				if regs[o.x].(bool) {
					next, predIdx = b.succs[0], b.succIdx[0]
				} else {
					next, predIdx = b.succs[1], b.succIdx[1]
				}
			case opReturn:
				if len(fr.defers) > 0 {
					// Calls deferred onto this frame by a range-over-func
					// body: ssa's lifting drops the RunDefers of a function
					// whose only defers are its yield closures'.
					fr.runDefers(false)
				}
				switch len(o.args) {
				case 0:
					return nil
				case 1:
					return regs[o.args[0]]
				}
				t := make(Tuple, len(o.args))
				for k, s := range o.args {
					t[k] = regs[s]
				}
				return t
			case opBinOp:
				regs[o.dst] = in.binop(o, regs[o.x], regs[o.y])
			case opUnOp:
				regs[o.dst] = in.unop(o, regs[o.x])
			case opCall:
				v := fr.call(o)
				if o.dst >= 0 {
					regs[o.dst] = v
				}
			case opStore:
				in.store(o, regs[o.x], regs[o.y])
			case opAlloc:
				if in.obs != nil && o.size > 0 { // zero-size objects share the runtime's zerobase
					in.obs.Alloc(o.in, fr.caller, o.size, 1)
				}
				if o.nargs > 16 {
					in.chargeAlloc(o.in, int64(o.nargs))
				}
				c := new(Value)
				*c = in.zero(o.t)
				regs[o.dst] = c
			case opFieldAddr:
				regs[o.dst] = in.fieldAddr(o, regs[o.x])
			case opField:
				regs[o.dst] = in.field(o, regs[o.x])
			case opIndexAddr:
				regs[o.dst] = in.indexAddr(o, regs[o.x], regs[o.y])
			case opIndex:
				regs[o.dst] = in.index(o, regs[o.x], regs[o.y])
			case opExtract:
				regs[o.dst] = regs[o.x].(Tuple)[o.n]
			case opChangeType, opChangeInterface:
				regs[o.dst] = regs[o.x]
			case opConvert:
				regs[o.dst] = in.convert(o, regs[o.x])
			case opUnsafeConvert:
				var arr, idx Value
				if o.y >= 0 {
					arr, idx = regs[o.y], regs[o.z]
				}
				regs[o.dst] = in.unsafeConvert(o, regs[o.x], arr, idx)
			case opSliceToArrayPointer:
				regs[o.dst] = in.sliceToArrayPointer(o, regs[o.x])
			case opMakeInterface:
				if in.obs != nil && o.size > 0 && boxAllocates(regs[o.x], o.t) {
					in.obs.Alloc(o.in, fr.caller, o.size, 1)
				}
				regs[o.dst] = Iface{T: o.t, V: copyVal(regs[o.x])}
			case opMakeClosure:
				env := make([]Value, len(o.args))
				for k, s := range o.args {
					env[k] = regs[s]
				}
				if in.obs != nil && len(env) > 0 {
					in.obs.Alloc(o.in, fr.caller, o.size, 1)
				}
				regs[o.dst] = &Closure{Fn: o.fn, Env: env}
			case opMakeMap:
				var hint int64
				if o.x >= 0 {
					hint = toInt64(regs[o.x])
				}
				if in.obs != nil {
					in.obs.Alloc(o.in, fr.caller, mapHeaderSize, max(hint, 1))
				}
				regs[o.dst] = NewMap(o.t, hint)
			case opMakeChan:
				n := toInt64(regs[o.x])
				if n < 0 {
					in.panicRuntime(o.in, "makechan: size out of range")
				}
				if in.obs != nil {
					in.obs.Alloc(o.in, fr.caller, chanHeaderSize+n*o.size, 1)
				}
				regs[o.dst] = &Chan{Cap: int(n)}
			case opMakeSlice:
				regs[o.dst] = fr.makeSlice(o, regs[o.x], regs[o.y])
			case opSlice:
				regs[o.dst] = in.slice(o, regs)
			case opLookup:
				if mo, ok := in.obs.(MapObserver); ok {
					mo.MapAccess(o.in, fr.caller, int64(regs[o.x].(*Map).Len()))
				}
				regs[o.dst] = in.lookup(o, regs[o.x], regs[o.y])
			case opMapUpdate:
				fr.mapUpdate(o, regs[o.x], regs[o.y], regs[o.z])
			case opTypeAssert:
				regs[o.dst] = in.typeAssert(o, regs[o.x])
			case opRange:
				if m, isMap := regs[o.x].(*Map); isMap {
					if mo, ok := in.obs.(MapObserver); ok {
						mo.MapRange(o.in, fr.caller, int64(m.Len()))
					}
				}
				regs[o.dst] = in.rangeIter(regs[o.x])
			case opNext:
				regs[o.dst] = in.next(o, regs[o.x])
			case opRunDefers:
				fr.runDefers(false)
			case opPanic:
				v := regs[o.x].(Iface)
				if v.T == nil && v.V == nil {
					v = runtimeErrorIface("panic called with nil argument (use runtime.PanicNilError)")
				}
				panic(&targetPanic{v: v, at: o.in})
			case opDefer:
				tgt, args := fr.resolve(o)
				df := fr
				if o.y >= 0 {
					df = regs[o.y].(*frame)
				}
				df.defers = append(df.defers, deferred{o: o, tgt: tgt, args: args})
			case opGo:
				in.unsupported(o.in, "go statement")
			case opSelect:
				in.unsupported(o.in, "select")
			case opSend:
				in.send(o, regs[o.x], regs[o.y])
			case opUnsupported:
				in.unsupported(o.in, o.builtin)
			default:
				panic(fmt.Sprintf("unknown op kind %d", o.kind))
			}
		}
		if next < 0 {
			panic(fmt.Sprintf("block %d of %s ends without a jump", b.b.Index, fi.fn))
		}
		b = fi.blocks[next]
	}
}

// target is a resolved callee.
type target struct {
	fn      *ssa.Function // a function (with or without body)
	env     []Value
	builtin string
	native  *NativeFunc
	recv    Iface // invokeNative: receiver of a method of a native dynamic type
	method  *types.Func
}

// resolve evaluates the callee and the arguments of a call, as Go does
// before the call (and at the defer statement for a deferred call).
func (fr *frame) resolve(o *op) (target, []Value) {
	regs := fr.regs
	args := make([]Value, 0, o.nargs)
	var t target
	switch {
	case o.method != nil:
		recv, _ := regs[o.x].(Iface)
		if recv.T == nil {
			if recv.V == nil {
				fr.in.panicRuntime(o.in, "invalid memory address or nil pointer dereference")
			}
			t.recv, t.method = recv, o.method
		} else {
			t.fn = fr.in.lookupMethod(o.in, recv.T, o.method)
			args = append(args, recv.V)
		}
	case o.fn != nil:
		t.fn = o.fn
	case o.builtin != "":
		t.builtin = o.builtin
	default:
		switch f := regs[o.x].(type) {
		case *Closure:
			if f == nil {
				fr.in.panicRuntime(o.in, "invalid memory address or nil pointer dereference")
			}
			t.fn, t.env = f.Fn, f.Env
		case NativeFunc:
			t.native = &f
		case *NativeFunc:
			t.native = f
		case badValue:
			fr.in.fail(o.in, f.err)
		default:
			panic(fmt.Sprintf("call of %T", f))
		}
	}
	for _, s := range o.args {
		args = append(args, regs[s])
	}
	return t, args
}

// call runs a Call instruction. Calls of interpreted functions and
// closures pass the arguments from register to register.
func (fr *frame) call(o *op) Value {
	in := fr.in
	if o.isInit {
		in.initImport(fr, o)
		return nil
	}
	if o.method == nil && o.builtin == "" {
		var fi *funcInfo
		var env []Value
		if o.fn != nil {
			if o.fi == nil && o.fn.Blocks != nil {
				o.fi = in.info(o.fn)
			}
			fi = o.fi
		} else if c, ok := fr.regs[o.x].(*Closure); ok && c != nil && c.Fn.Blocks != nil {
			fi, env = in.info(c.Fn), c.Env
		}
		if fi != nil {
			parent, deferred := fr, false
			if fr.deferred && fr.fi.wrapper {
				// The deferred call is a method value's wrapper: the
				// method itself is the deferred function, for recover.
				parent, deferred = fr.parent, true
			}
			callee := in.enter(fi, o.call, parent, deferred)
			for i, s := range fi.params {
				callee.regs[s] = fr.regs[o.args[i]]
			}
			if in.obs != nil && o.fn != nil && in.elided(o) {
				return in.executeUnreported(callee, env)
			}
			return in.execute(callee, env)
		}
	}
	t, args := fr.resolve(o)
	return in.invoke(fr, o, t, args, false)
}

// elided reports whether the static call o runs unreported, as the
// configured Observer's Elider says (asked once per call site).
func (in *Interp) elided(o *op) bool {
	if o.elide == 0 {
		o.elide = 1
		if e, ok := in.cfg.Observer.(Elider); ok && e.Elide(o.call, o.fn) {
			o.elide = 2
		}
	}
	return o.elide == 2
}

// executeUnreported runs a call with nothing reported to the observer.
func (in *Interp) executeUnreported(fr *frame, env []Value) Value {
	obs := in.obs
	in.obs = nil
	defer func() { in.obs = obs }()
	return in.execute(fr, env)
}

// invoke calls a resolved callee on behalf of frame fr; deferred says it
// is one of fr's deferred calls.
func (in *Interp) invoke(fr *frame, o *op, t target, args []Value, isDeferred bool) Value {
	switch {
	case t.fn != nil:
		if t.fn.Blocks == nil {
			return in.callBodiless(o.call, t.fn, args)
		}
		return in.run(in.info(t.fn), t.env, args, o.call, fr, isDeferred)
	case t.builtin != "":
		return fr.builtin(o, t.builtin, args, isDeferred)
	case t.native != nil:
		return in.callNativeFunc(o.call, *t.native, args)
	case t.method != nil:
		v, err := in.invokeNative(o.call, t.recv, t.method, args)
		if err != nil {
			in.fail(o.in, err)
		}
		return v
	}
	panic("invoke of an empty target")
}

// callBodiless calls a function without SSA body: the harness's methods,
// a std package's (no-op) initializer, or the std library natively.
func (in *Interp) callBodiless(at ssa.CallInstruction, fn *ssa.Function, args []Value) Value {
	if len(args) > 0 {
		if b, ok := args[0].(*fakeB); ok {
			return in.harnessCall(at, b, fn, args)
		}
		if pb, ok := args[0].(*fakePB); ok {
			return in.pbCall(at, pb, fn)
		}
	}
	if testharness.Method(fn) {
		in.unsupported(at, "testing method "+fn.String()+" on a value that is not the benchmark's *testing.B")
	}
	if fn.Name() == "init" && fn.Signature.Recv() == nil && fn.Synthetic != "" {
		return nil // a std package's initializer: the analyzer's runtime ran it
	}
	if in.obs != nil {
		in.obs.Native(at, fn, args)
	}
	in.nat.callee = fn
	v, err := in.callNative(at, fn, args)
	in.nat.callee = nil // not taken when an override stood in for the call
	if err != nil {
		in.fail(at, err)
	}
	return v
}

// callNativeFunc calls a function value of native code, converting the
// arguments with the parameter types of the call's signature.
func (in *Interp) callNativeFunc(at ssa.CallInstruction, f NativeFunc, args []Value) Value {
	if at == nil {
		in.unsupported(nil, "native function value "+f.Name+" called from native code")
	}
	sig := at.Common().Signature()
	params := sig.Params()
	rargs := make([]reflect.Value, len(args))
	for i, a := range args {
		rv, err := in.toNative(a, params.At(i).Type())
		if err != nil {
			in.fail(at, err)
		}
		rargs[i] = rv
	}
	var rres []reflect.Value
	if sig.Variadic() {
		rres = f.Fn.CallSlice(rargs)
	} else {
		rres = f.Fn.Call(rargs)
	}
	results := sig.Results()
	conv := func(i int) Value {
		v, err := in.fromNative(rres[i], results.At(i).Type())
		if err != nil {
			in.fail(at, err)
		}
		return v
	}
	switch len(rres) {
	case 0:
		return nil
	case 1:
		return conv(0)
	}
	t := make(Tuple, len(rres))
	for i := range t {
		t[i] = conv(i)
	}
	return t
}

// lookupMethod finds the concrete method of dynamic type T for an
// interface method.
func (in *Interp) lookupMethod(at ssa.Instruction, T types.Type, m *types.Func) *ssa.Function {
	k := methodKey{T, m}
	if fn, ok := in.methods[k]; ok {
		return fn
	}
	fn := in.prog.LookupMethod(T, m.Pkg(), m.Name())
	if fn == nil {
		in.unsupported(at, fmt.Sprintf("no method %s for %s", m.Name(), T))
	}
	in.methods[k] = fn
	return fn
}

// Sizes the observer is told for the runtime's headers (gc, amd64): a
// swiss map's Map struct and a channel's hchan.
const (
	mapHeaderSize  = 48
	chanHeaderSize = 96
)

func (fr *frame) makeSlice(o *op, lenV, capV Value) Value {
	in := fr.in
	n, c := toInt64(lenV), toInt64(capV)
	if n < 0 {
		in.panicRuntime(o.in, "makeslice: len out of range")
	}
	if c < n {
		in.panicRuntime(o.in, "makeslice: cap out of range")
	}
	if c > maxElems {
		in.unsupported(o.in, fmt.Sprintf("slice of %d elements", c))
	}
	in.chargeAlloc(o.in, c)
	if in.obs != nil && c*o.size > 0 {
		in.obs.Alloc(o.in, fr.caller, c*o.size, c)
	}
	s := make([]Value, c)
	z := in.zero(o.t)
	fill(in, s, z, o.t)
	return s[:n]
}

// fill sets every element of s to the zero value z of t (fresh copies
// when z is mutable).
func fill(in *Interp, s []Value, z Value, t types.Type) {
	switch z.(type) {
	case Struct, Array, Native:
		for i := range s {
			s[i] = in.zero(t)
		}
	default:
		for i := range s {
			s[i] = z
		}
	}
}

// charge counts a bulk operation over n elements against the budget.
func (in *Interp) charge(at ssa.Instruction, n int64) {
	in.steps += n / 8
	if in.steps > in.limit {
		in.unsupported(at, "budget")
	}
}

// chargeAlloc counts an allocation of n elements against the budget, one
// step each: each costs the interpreter a Value (16 bytes and more), so
// the budget also bounds the memory a run can take.
func (in *Interp) chargeAlloc(at ssa.Instruction, n int64) {
	in.steps += n
	if in.steps > in.limit {
		in.unsupported(at, "budget")
	}
}

// load reads the value a pointer points to (a copy for structs and
// arrays, whose cells are mutated in place).
func (in *Interp) load(at ssa.Instruction, p Value, t types.Type) Value {
	switch p := p.(type) {
	case *Value:
		if p == nil {
			in.panicRuntime(at, "invalid memory address or nil pointer dereference")
		}
		return copyVal(*p)
	case NativePtr:
		v, err := in.loadNative(p, t)
		if err != nil {
			in.fail(at, err)
		}
		return v
	case *viewPtr:
		return in.viewLoad(p)
	case badValue:
		in.fail(at, p.err)
	case *fakeB:
		in.unsupported(at, "copy of *testing.B")
	case *fakePB:
		in.unsupported(at, "copy of *testing.PB")
	}
	panic(fmt.Sprintf("load through %T", p))
}

func (in *Interp) store(o *op, p, v Value) {
	switch p := p.(type) {
	case *Value:
		if p == nil {
			in.panicRuntime(o.in, "invalid memory address or nil pointer dereference")
		}
		assign(p, v)
		return
	case NativePtr:
		if err := in.storeNative(p, v, o.t); err != nil {
			in.fail(o.in, err)
		}
		return
	case *viewPtr:
		in.viewStore(p, v)
		return
	case badValue:
		in.fail(o.in, p.err)
	}
	panic(fmt.Sprintf("store through %T", p))
}

// assign stores v into cell in place: a struct or array cell keeps its
// identity, so pointers to its fields and elements and slices of it see
// the new value, as in Go's memory.
func assign(cell *Value, v Value) {
	switch x := v.(type) {
	case Struct:
		if old, ok := (*cell).(Struct); ok && len(old) == len(x) {
			if sameBacking(old, x) {
				return
			}
			x = copyVal(x).(Struct)
			for i := range old {
				assign(&old[i], x[i])
			}
			return
		}
	case Array:
		if old, ok := (*cell).(Array); ok && len(old) == len(x) {
			if sameBacking(old, x) {
				return
			}
			x = copyVal(x).(Array)
			for i := range old {
				assign(&old[i], x[i])
			}
			return
		}
	case Native:
		if old, ok := (*cell).(Native); ok && old.RV.Type() == x.RV.Type() {
			old.RV.Set(x.RV)
			return
		}
	}
	*cell = copyVal(v)
}

func sameBacking(a, b []Value) bool {
	return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
}

// copyVal copies a struct or array value (deeply, for nested ones) and
// a native value; other values are immutable or references.
func copyVal(v Value) Value {
	switch x := v.(type) {
	case Struct:
		c := make(Struct, len(x))
		for i := range x {
			c[i] = copyVal(x[i])
		}
		return c
	case Array:
		c := make(Array, len(x))
		for i := range x {
			c[i] = copyVal(x[i])
		}
		return c
	case Native:
		if !x.RV.IsValid() {
			return x
		}
		return Native{RV: copyRV(x.RV)}
	}
	return v
}

func (in *Interp) fieldAddr(o *op, p Value) Value {
	switch p := p.(type) {
	case *Value:
		if p == nil {
			in.panicRuntime(o.in, "invalid memory address or nil pointer dereference")
		}
		switch s := (*p).(type) {
		case Struct:
			return &s[o.n]
		case Native:
			v, err := in.nativeFieldAddr(p, o.n, o.t)
			if err != nil {
				in.fail(o.in, err)
			}
			return v
		}
		panic(fmt.Sprintf("field address in %T", *p))
	case *viewPtr:
		return in.viewField(o.in, p, o.n)
	case NativePtr:
		v, err := in.nativeFieldAddr(p, o.n, o.t)
		if err != nil {
			in.fail(o.in, err)
		}
		return v
	case *fakeB:
		return in.fakeBField(o, p)
	case badValue:
		in.fail(o.in, p.err)
	}
	panic(fmt.Sprintf("field address of %T", p))
}

func (in *Interp) field(o *op, x Value) Value {
	switch s := x.(type) {
	case Struct:
		return s[o.n]
	case Native:
		c := Value(copyVal(s))
		p, err := in.nativeFieldAddr(&c, o.n, o.t)
		if err != nil {
			in.fail(o.in, err)
		}
		ft := o.t.Underlying().(*types.Struct).Field(o.n).Type()
		return in.load(o.in, p, ft)
	}
	panic(fmt.Sprintf("field of %T", x))
}

func (in *Interp) indexAddr(o *op, x, idx Value) Value {
	i := toInt64(idx)
	switch x := x.(type) {
	case []Value:
		if i < 0 || i >= int64(len(x)) {
			in.panicRuntime(o.in, fmt.Sprintf("index out of range [%d] with length %d", i, len(x)))
		}
		return &x[i]
	case *Value:
		if x == nil {
			in.panicRuntime(o.in, "invalid memory address or nil pointer dereference")
		}
		a, ok := (*x).(Array)
		if !ok {
			in.unsupported(o.in, fmt.Sprintf("index of a native array (%T)", *x))
		}
		if i < 0 || i >= int64(len(a)) {
			in.panicRuntime(o.in, fmt.Sprintf("index out of range [%d] with length %d", i, len(a)))
		}
		return &a[i]
	case NativePtr:
		in.unsupported(o.in, "index of a native array")
	case *viewPtr:
		return in.viewIndex(o.in, x, i)
	case badValue:
		in.fail(o.in, x.err)
	}
	panic(fmt.Sprintf("index address of %T", x))
}

func (in *Interp) index(o *op, x, idx Value) Value {
	i := toInt64(idx)
	switch x := x.(type) {
	case string:
		if i < 0 || i >= int64(len(x)) {
			in.panicRuntime(o.in, fmt.Sprintf("index out of range [%d] with length %d", i, len(x)))
		}
		return x[i]
	case Array:
		if i < 0 || i >= int64(len(x)) {
			in.panicRuntime(o.in, fmt.Sprintf("index out of range [%d] with length %d", i, len(x)))
		}
		return x[i]
	case []Value:
		if i < 0 || i >= int64(len(x)) {
			in.panicRuntime(o.in, fmt.Sprintf("index out of range [%d] with length %d", i, len(x)))
		}
		return x[i]
	case *Value:
		return in.index(o, in.load(o.in, x, nil), idx)
	}
	panic(fmt.Sprintf("index of %T", x))
}

// slice runs a Slice instruction on a string, a slice or a pointer to an
// array (whose result shares the array's elements).
func (in *Interp) slice(o *op, regs []Value) Value {
	x := regs[o.x]
	var l, c int64
	switch s := x.(type) {
	case string:
		l, c = int64(len(s)), int64(len(s))
	case []Value:
		l, c = int64(len(s)), int64(cap(s))
	case *Value:
		if s == nil {
			in.panicRuntime(o.in, "invalid memory address or nil pointer dereference")
		}
		a, ok := (*s).(Array)
		if !ok {
			in.unsupported(o.in, fmt.Sprintf("slice of a native array (%T)", *s))
		}
		x = []Value(a)
		l, c = int64(len(a)), int64(len(a))
	case NativePtr:
		in.unsupported(o.in, "slice of a native array")
	default:
		panic(fmt.Sprintf("slice of %T", x))
	}
	lo, hi, max := int64(0), l, c
	if o.y >= 0 {
		lo = toInt64(regs[o.y])
	}
	if o.z >= 0 {
		hi = toInt64(regs[o.z])
	}
	if o.w >= 0 {
		max = toInt64(regs[o.w])
	}
	if _, isStr := x.(string); isStr {
		if hi < 0 || hi > l {
			in.panicRuntime(o.in, fmt.Sprintf("slice bounds out of range [:%d] with length %d", hi, l))
		}
		if lo < 0 || lo > hi {
			in.panicRuntime(o.in, fmt.Sprintf("slice bounds out of range [%d:%d]", lo, hi))
		}
		return x.(string)[lo:hi]
	}
	if max < 0 || max > c {
		in.panicRuntime(o.in, fmt.Sprintf("slice bounds out of range [::%d] with capacity %d", max, c))
	}
	if hi < 0 || hi > max {
		in.panicRuntime(o.in, fmt.Sprintf("slice bounds out of range [:%d] with capacity %d", hi, max))
	}
	if lo < 0 || lo > hi {
		in.panicRuntime(o.in, fmt.Sprintf("slice bounds out of range [%d:%d]", lo, hi))
	}
	return x.([]Value)[lo:hi:max]
}

func (in *Interp) sliceToArrayPointer(o *op, x Value) Value {
	s := x.([]Value)
	if len(s) < o.n {
		in.panicRuntime(o.in, fmt.Sprintf("cannot convert slice with length %d to array or pointer to array with length %d", len(s), o.n))
	}
	if s == nil {
		return (*Value)(nil)
	}
	c := new(Value)
	*c = Array(s[:o.n:o.n])
	return c
}

func (in *Interp) lookup(o *op, m, k Value) Value {
	mp := m.(*Map)
	var v Value
	ok := false
	if mp != nil {
		v, ok = mp.lookup(in, o.in, k)
	}
	if !ok {
		v = in.zero(o.t)
	}
	if o.commaOk {
		return Tuple{v, ok}
	}
	return v
}

func (fr *frame) mapUpdate(o *op, m, k, v Value) {
	in := fr.in
	mp := m.(*Map)
	if mp == nil {
		in.panicRuntime(o.in, "assignment to entry in nil map")
	}
	if mp.insert(in, o.in, k, copyVal(v)) && in.obs != nil {
		in.obs.MapInsert(o.in, fr.caller, int64(mp.n), mp.Hint)
	}
}

func (in *Interp) send(o *op, c, v Value) {
	ch := c.(*Chan)
	switch {
	case ch == nil:
		in.unsupported(o.in, "send on a nil channel (blocks forever)")
	case ch.Closed:
		in.panicRuntime(o.in, "send on closed channel")
	case len(ch.Buf) >= ch.Cap:
		in.unsupported(o.in, "send on a full channel (would block)")
	}
	ch.Buf = append(ch.Buf, copyVal(v))
}

func (in *Interp) recv(o *op, c Value) Value {
	ch := c.(*Chan)
	var v Value
	ok := true
	switch {
	case ch == nil:
		in.unsupported(o.in, "receive from a nil channel (blocks forever)")
	case len(ch.Buf) > 0:
		v = ch.Buf[0]
		ch.Buf = ch.Buf[1:]
	case ch.Closed:
		v, ok = in.zero(o.t.Underlying().(*types.Chan).Elem()), false
	default:
		in.unsupported(o.in, "receive from an empty channel (would block)")
	}
	if o.commaOk {
		return Tuple{v, ok}
	}
	return v
}

// typeAssert runs x.(T): for a concrete T, the dynamic type must be
// identical to T; for an interface T, it must implement T.
func (in *Interp) typeAssert(o *op, x Value) Value {
	i := x.(Iface)
	var ok bool
	var v Value
	if _, isIface := o.t.Underlying().(*types.Interface); isIface {
		v = i
		switch {
		case i.T == nil && i.V == nil:
			ok = false
		case i.T == nil:
			ok = in.nativeAssignable(i.NativeType(), o.t)
		default:
			ok = in.implementsIface(i.T, o.t)
		}
		if !ok {
			v = Iface{}
		}
	} else {
		switch {
		case i.T == nil && i.V == nil:
			ok = false
		case i.T == nil:
			ok = in.nativeAssignable(i.NativeType(), o.t)
		default:
			ok = i.T == o.t || types.Identical(i.T, o.t)
		}
		if ok {
			v = copyVal(i.V)
		} else {
			v = in.zero(o.t)
		}
	}
	if o.commaOk {
		return Tuple{v, ok}
	}
	if !ok {
		inter := "interface"
		if ta, ok := o.in.(*ssa.TypeAssert); ok {
			inter = runtimeTypeString(ta.X.Type())
		}
		dyn := "nil"
		if i.T == nil && i.V == nil {
			inter = "interface" // gc's message for a nil interface
		}
		if i.T != nil {
			dyn = runtimeTypeString(i.T)
		} else if nt := i.NativeType(); nt != nil {
			dyn = nt.String()
		}
		if iface, isIface := o.t.Underlying().(*types.Interface); isIface && i.T != nil {
			if m, _ := types.MissingMethod(i.T, iface, true); m != nil {
				in.panicAssert(o.in, fmt.Sprintf("interface conversion: %s is not %s: missing method %s", dyn, runtimeTypeString(o.t), m.Name()))
			}
		}
		in.panicAssert(o.in, fmt.Sprintf("interface conversion: %s is %s, not %s", inter, dyn, runtimeTypeString(o.t)))
	}
	return v
}

func (in *Interp) implementsIface(t, iface types.Type) bool {
	k := implKey{t, iface}
	if v, ok := in.implements[k]; ok {
		return v
	}
	v := types.Implements(t, iface.Underlying().(*types.Interface))
	in.implements[k] = v
	return v
}

// mapIter and stringIter are the iterators of Range/Next.
type mapIter struct {
	m   *Map
	pos int
}

type stringIter struct {
	s   string
	pos int
}

func (in *Interp) rangeIter(x Value) Value {
	switch x := x.(type) {
	case string:
		return &stringIter{s: x}
	case *Map:
		if x != nil {
			in.iterating[x]++
		}
		return &mapIter{m: x}
	}
	panic(fmt.Sprintf("range over %T", x))
}

func (in *Interp) next(o *op, it Value) Value {
	switch it := it.(type) {
	case *stringIter:
		if it.pos >= len(it.s) {
			return Tuple{false, int(0), int32(0)}
		}
		r, n := utf8.DecodeRuneInString(it.s[it.pos:])
		t := Tuple{true, it.pos, int32(r)}
		it.pos += n
		return t
	case *mapIter:
		tup := o.t.(*types.Tuple)
		if it.m != nil {
			for it.pos < len(it.m.keys) {
				p := it.pos
				it.pos++
				if it.m.live[p] {
					return Tuple{true, it.m.keys[p], it.m.vals[p]}
				}
			}
			if in.iterating[it.m]--; in.iterating[it.m] <= 0 {
				delete(in.iterating, it.m)
			}
			it.m = nil
		}
		return Tuple{false, in.zeroOrNil(tup.At(1).Type()), in.zeroOrNil(tup.At(2).Type())}
	}
	panic(fmt.Sprintf("next of %T", it))
}

func (in *Interp) zeroOrNil(t types.Type) Value {
	if b, ok := t.(*types.Basic); ok && b.Kind() == types.Invalid {
		return nil
	}
	return in.zero(t)
}
