package interp

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"sync"
	"unicode/utf8"

	"github.com/perfcast/perfcast/analyzer/sizeclass"
	"golang.org/x/tools/go/ssa"
)

type integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

type float interface{ ~float32 | ~float64 }

// intOp applies a binary operator to two integers of one Go type, so that
// wraparound is the Go type's own.
func intOp[T integer](in *Interp, o *op, x, y T) Value {
	switch o.tok {
	case token.ADD:
		return x + y
	case token.SUB:
		return x - y
	case token.MUL:
		return x * y
	case token.QUO:
		if y == 0 {
			in.panicRuntime(o.in, "integer divide by zero")
		}
		return x / y
	case token.REM:
		if y == 0 {
			in.panicRuntime(o.in, "integer divide by zero")
		}
		return x % y
	case token.AND:
		return x & y
	case token.OR:
		return x | y
	case token.XOR:
		return x ^ y
	case token.AND_NOT:
		return x &^ y
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	case token.LSS:
		return x < y
	case token.LEQ:
		return x <= y
	case token.GTR:
		return x > y
	case token.GEQ:
		return x >= y
	}
	panic(fmt.Sprintf("integer operator %s", o.tok))
}

// smallInts holds the ints 0…len-1 boxed once: the interpreter keeps
// every value in an interface, and boxing an int above 255 allocates; loop
// counters and indices are mostly small. It is made by the first New, not
// at init: its 64 Ki boxes are 1.5 MB of live heap that every collection
// of every perfcast command would mark (with it, calibrate's
// steady-allocation probe found allocation a third dearer than in a test
// binary).
var (
	smallInts     []Value
	smallIntsOnce sync.Once
)

func initSmallInts() {
	smallIntsOnce.Do(func() {
		t := make([]Value, 1<<16)
		for i := range t {
			t[i] = i
		}
		smallInts = t
	})
}

// boxInt returns i as a Value without allocating when it is small.
func boxInt(i int) Value {
	if uint(i) < uint(len(smallInts)) {
		return smallInts[i]
	}
	return i
}

// intBinop is intOp for int, the most common kind, boxing small results
// without allocation.
func intBinop(in *Interp, o *op, x, y int) Value {
	switch o.tok {
	case token.ADD:
		return boxInt(x + y)
	case token.SUB:
		return boxInt(x - y)
	case token.MUL:
		return boxInt(x * y)
	case token.LSS:
		return x < y
	case token.LEQ:
		return x <= y
	case token.GTR:
		return x > y
	case token.GEQ:
		return x >= y
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	}
	r := intOp(in, o, x, y)
	if i, ok := r.(int); ok {
		return boxInt(i)
	}
	return r
}

func shiftOp[T integer](o *op, x T, s uint64) Value {
	if o.tok == token.SHL {
		return x << s
	}
	return x >> s
}

func floatOp[T float](o *op, x, y T) Value {
	switch o.tok {
	case token.ADD:
		return x + y
	case token.SUB:
		return x - y
	case token.MUL:
		return x * y
	case token.QUO:
		return x / y
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	case token.LSS:
		return x < y
	case token.LEQ:
		return x <= y
	case token.GTR:
		return x > y
	case token.GEQ:
		return x >= y
	}
	panic(fmt.Sprintf("float operator %s", o.tok))
}

func complexOp[T complex64 | complex128](o *op, x, y T) Value {
	switch o.tok {
	case token.ADD:
		return x + y
	case token.SUB:
		return x - y
	case token.MUL:
		return x * y
	case token.QUO:
		return x / y
	case token.EQL:
		return x == y
	case token.NEQ:
		return x != y
	}
	panic(fmt.Sprintf("complex operator %s", o.tok))
}

func (in *Interp) binop(o *op, x, y Value) Value {
	if o.tok == token.SHL || o.tok == token.SHR {
		var s uint64
		switch c := y.(type) {
		case int, int8, int16, int32, int64:
			n := toInt64(c)
			if n < 0 {
				in.panicRuntime(o.in, "negative shift amount")
			}
			s = uint64(n)
		default:
			s = toUint64(c)
		}
		switch x := x.(type) {
		case int:
			return shiftOp(o, x, s)
		case int8:
			return shiftOp(o, x, s)
		case int16:
			return shiftOp(o, x, s)
		case int32:
			return shiftOp(o, x, s)
		case int64:
			return shiftOp(o, x, s)
		case uint:
			return shiftOp(o, x, s)
		case uint8:
			return shiftOp(o, x, s)
		case uint16:
			return shiftOp(o, x, s)
		case uint32:
			return shiftOp(o, x, s)
		case uint64:
			return shiftOp(o, x, s)
		case uintptr:
			return shiftOp(o, x, s)
		}
		panic(fmt.Sprintf("shift of %T", x))
	}
	switch x := x.(type) {
	case int:
		return intBinop(in, o, x, y.(int))
	case int8:
		return intOp(in, o, x, y.(int8))
	case int16:
		return intOp(in, o, x, y.(int16))
	case int32:
		return intOp(in, o, x, y.(int32))
	case int64:
		return intOp(in, o, x, y.(int64))
	case uint:
		return intOp(in, o, x, y.(uint))
	case uint8:
		return intOp(in, o, x, y.(uint8))
	case uint16:
		return intOp(in, o, x, y.(uint16))
	case uint32:
		return intOp(in, o, x, y.(uint32))
	case uint64:
		return intOp(in, o, x, y.(uint64))
	case uintptr:
		return intOp(in, o, x, y.(uintptr))
	case float32:
		return floatOp(o, x, y.(float32))
	case float64:
		return floatOp(o, x, y.(float64))
	case complex64:
		return complexOp(o, x, y.(complex64))
	case complex128:
		return complexOp(o, x, y.(complex128))
	case string:
		y := y.(string)
		switch o.tok {
		case token.ADD:
			r := x + y
			if in.obs != nil && x != "" && y != "" {
				in.obs.Alloc(o.in, in.callerOf(), int64(len(r)), int64(len(r)))
			}
			return r
		case token.EQL:
			return x == y
		case token.NEQ:
			return x != y
		case token.LSS:
			return x < y
		case token.LEQ:
			return x <= y
		case token.GTR:
			return x > y
		case token.GEQ:
			return x >= y
		}
	case bool:
		switch o.tok {
		case token.EQL:
			return x == y.(bool)
		case token.NEQ:
			return x != y.(bool)
		}
	}
	switch o.tok {
	case token.EQL:
		if o.n == 1 {
			return in.equalT(o.in, x, y, o.t)
		}
		return in.equal(o.in, x, y)
	case token.NEQ:
		if o.n == 1 {
			return !in.equalT(o.in, x, y, o.t)
		}
		return !in.equal(o.in, x, y)
	}
	panic(fmt.Sprintf("operator %s on %T", o.tok, x))
}

// callerOf is the call instruction that invoked the function running the
// current instruction, for observer calls made outside the frame loop.
func (in *Interp) callerOf() ssa.CallInstruction {
	if in.curFrame == nil {
		return nil
	}
	return in.curFrame.caller
}

// AppendCallers appends to dst the calls that led to the running
// function, innermost first, at most n of them: an observer's view of the
// interpreted stack while it handles an event, for decisions gc takes per
// chain of inlined calls (a constructor inlined into one inlined into the
// benchmark). Observers pass a buffer of their own: events are many.
func (in *Interp) AppendCallers(dst []ssa.CallInstruction, n int) []ssa.CallInstruction {
	for fr, k := in.curFrame, 0; fr != nil && fr.caller != nil && k < n; fr, k = fr.parent, k+1 {
		dst = append(dst, fr.caller)
	}
	return dst
}

// hasBlank reports whether values of t contain blank struct fields,
// which == ignores.
func hasBlank(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if u.Field(i).Name() == "_" || hasBlank(u.Field(i).Type()) {
				return true
			}
		}
	case *types.Array:
		return hasBlank(u.Elem())
	}
	return false
}

// equalT is == on values of type t that contain blank fields.
func (in *Interp) equalT(at ssa.Instruction, x, y Value, t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		a, b := x.(Struct), y.(Struct)
		for i := range a {
			f := u.Field(i)
			if f.Name() != "_" && !in.equalT(at, a[i], b[i], f.Type()) {
				return false
			}
		}
		return true
	case *types.Array:
		a, b := x.(Array), y.(Array)
		for i := range a {
			if !in.equalT(at, a[i], b[i], u.Elem()) {
				return false
			}
		}
		return true
	}
	return in.equal(at, x, y)
}

// equal is Go's == on two values of one type (without blank fields: see
// equalT).
func (in *Interp) equal(at ssa.Instruction, x, y Value) bool {
	switch a := x.(type) {
	case nil:
		return y == nil
	case bool, string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr,
		float32, float64, complex64, complex128:
		return x == y
	case *Value:
		b, ok := y.(*Value)
		return ok && a == b
	case *unsafePtr:
		b, ok := y.(*unsafePtr)
		return ok && samePlace(a, b)
	case *viewPtr:
		b, ok := y.(*viewPtr)
		return ok && samePlace(&a.unsafePtr, &b.unsafePtr)
	case *Map:
		b, _ := y.(*Map)
		return a == b
	case *Chan:
		b, _ := y.(*Chan)
		return a == b
	case *fakeB:
		b, _ := y.(*fakeB)
		return a == b
	case *fakePB:
		b, _ := y.(*fakePB)
		return a == b
	case []Value:
		b, _ := y.([]Value)
		return a == nil && b == nil
	case *Closure:
		b, _ := y.(*Closure)
		return a == nil && b == nil
	case Struct:
		b := y.(Struct)
		for i := range a {
			if !in.equal(at, a[i], b[i]) {
				return false
			}
		}
		return true
	case Array:
		b := y.(Array)
		for i := range a {
			if !in.equal(at, a[i], b[i]) {
				return false
			}
		}
		return true
	case Iface:
		b := y.(Iface)
		if a.T == nil || b.T == nil {
			if a.T != nil || b.T != nil {
				return false
			}
			if a.V == nil || b.V == nil {
				return a.V == nil && b.V == nil
			}
			return in.equal(at, a.V, b.V)
		}
		if a.T != b.T && !types.Identical(a.T, b.T) {
			return false
		}
		if !types.Comparable(a.T) {
			in.panicRuntime(at, "comparing uncomparable type "+a.T.String())
		}
		if hasBlank(a.T) {
			return in.equalT(at, a.V, b.V, a.T)
		}
		return in.equal(at, a.V, b.V)
	case Native:
		b, ok := y.(Native)
		if !ok || a.RV.Type() != b.RV.Type() {
			return false
		}
		if !a.RV.Comparable() {
			in.panicRuntime(at, "comparing uncomparable type "+a.RV.Type().String())
		}
		return a.RV.Equal(b.RV)
	case NativePtr:
		b, ok := y.(NativePtr)
		if !ok {
			return false
		}
		return a.RV.CanAddr() && b.RV.CanAddr() && a.RV.Addr().Pointer() == b.RV.Addr().Pointer() && a.RV.Type() == b.RV.Type()
	}
	panic(fmt.Sprintf("== on %T", x))
}

func (in *Interp) unop(o *op, x Value) Value {
	switch o.tok {
	case token.MUL:
		return in.load(o.in, x, o.t)
	case token.ARROW:
		return in.recv(o, x)
	case token.NOT:
		return !x.(bool)
	case token.SUB:
		switch x := x.(type) {
		case int:
			return -x
		case int8:
			return -x
		case int16:
			return -x
		case int32:
			return -x
		case int64:
			return -x
		case uint:
			return -x
		case uint8:
			return -x
		case uint16:
			return -x
		case uint32:
			return -x
		case uint64:
			return -x
		case uintptr:
			return -x
		case float32:
			return -x
		case float64:
			return -x
		case complex64:
			return -x
		case complex128:
			return -x
		}
	case token.XOR:
		switch x := x.(type) {
		case int:
			return ^x
		case int8:
			return ^x
		case int16:
			return ^x
		case int32:
			return ^x
		case int64:
			return ^x
		case uint:
			return ^x
		case uint8:
			return ^x
		case uint16:
			return ^x
		case uint32:
			return ^x
		case uint64:
			return ^x
		case uintptr:
			return ^x
		}
	}
	panic(fmt.Sprintf("unary %s on %T", o.tok, x))
}

// toInt64 converts any integer Value to int64 (wrapping large unsigned
// values, which only a panic message or an index check can see).
func toInt64(v Value) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int64:
		return x
	case uint:
		return clampU(uint64(x))
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return clampU(x)
	case uintptr:
		return clampU(uint64(x))
	}
	panic(fmt.Sprintf("integer expected, got %T", v))
}

// clampU keeps an unsigned index above MaxInt64 out of range rather than
// negative, so that bounds checks report it as too large.
func clampU(u uint64) int64 {
	if u > 1<<63-1 {
		return 1<<63 - 1
	}
	return int64(u)
}

func toUint64(v Value) uint64 {
	switch x := v.(type) {
	case int:
		return uint64(x)
	case int8:
		return uint64(x)
	case int16:
		return uint64(x)
	case int32:
		return uint64(x)
	case int64:
		return uint64(x)
	case uint:
		return uint64(x)
	case uint8:
		return uint64(x)
	case uint16:
		return uint64(x)
	case uint32:
		return uint64(x)
	case uint64:
		return x
	case uintptr:
		return uint64(x)
	}
	panic(fmt.Sprintf("integer expected, got %T", v))
}

// convInt converts a signed integer to the Go type of basic kind k.
func convInt(i int64, k types.BasicKind) Value {
	switch k {
	case types.Int, types.UntypedInt:
		return int(i)
	case types.Int8:
		return int8(i)
	case types.Int16:
		return int16(i)
	case types.Int32, types.UntypedRune:
		return int32(i)
	case types.Int64:
		return i
	case types.Uint:
		return uint(i)
	case types.Uint8:
		return uint8(i)
	case types.Uint16:
		return uint16(i)
	case types.Uint32:
		return uint32(i)
	case types.Uint64:
		return uint64(i)
	case types.Uintptr:
		return uintptr(i)
	case types.Float32:
		return float32(i)
	case types.Float64, types.UntypedFloat:
		return float64(i)
	case types.Complex64:
		return complex(float32(i), 0)
	case types.Complex128:
		return complex(float64(i), 0)
	}
	panic(fmt.Sprintf("integer conversion to kind %d", k))
}

// convUint converts an unsigned integer to the Go type of basic kind k.
func convUint(u uint64, k types.BasicKind) Value {
	switch k {
	case types.Int, types.UntypedInt:
		return int(u)
	case types.Int8:
		return int8(u)
	case types.Int16:
		return int16(u)
	case types.Int32, types.UntypedRune:
		return int32(u)
	case types.Int64:
		return int64(u)
	case types.Uint:
		return uint(u)
	case types.Uint8:
		return uint8(u)
	case types.Uint16:
		return uint16(u)
	case types.Uint32:
		return uint32(u)
	case types.Uint64:
		return u
	case types.Uintptr:
		return uintptr(u)
	case types.Float32:
		return float32(u)
	case types.Float64, types.UntypedFloat:
		return float64(u)
	}
	panic(fmt.Sprintf("unsigned conversion to kind %d", k))
}

// convFloat converts a float to the Go type of basic kind k, with the
// compiled program's (amd64) results for out-of-range values.
func convFloat(f float64, k types.BasicKind) Value {
	switch k {
	case types.Int:
		return int(f)
	case types.Int8:
		return int8(f)
	case types.Int16:
		return int16(f)
	case types.Int32:
		return int32(f)
	case types.Int64:
		return int64(f)
	case types.Uint:
		return uint(f)
	case types.Uint8:
		return uint8(f)
	case types.Uint16:
		return uint16(f)
	case types.Uint32:
		return uint32(f)
	case types.Uint64:
		return uint64(f)
	case types.Uintptr:
		return uintptr(f)
	case types.Float32:
		return float32(f)
	case types.Float64:
		return f
	}
	panic(fmt.Sprintf("float conversion to kind %d", k))
}

// convert runs a Convert (or MultiConvert) to type o.t.
func (in *Interp) convert(o *op, x Value) Value {
	switch u := o.t.Underlying().(type) {
	case *types.Basic:
		k := u.Kind()
		if k == types.String {
			return in.toString(o, x)
		}
		switch x := x.(type) {
		case int:
			return convInt(int64(x), k)
		case int8:
			return convInt(int64(x), k)
		case int16:
			return convInt(int64(x), k)
		case int32:
			return convInt(int64(x), k)
		case int64:
			return convInt(x, k)
		case uint:
			return convUint(uint64(x), k)
		case uint8:
			return convUint(uint64(x), k)
		case uint16:
			return convUint(uint64(x), k)
		case uint32:
			return convUint(uint64(x), k)
		case uint64:
			return convUint(x, k)
		case uintptr:
			return convUint(uint64(x), k)
		case float32:
			if k == types.Float32 {
				return x
			}
			return convFloat(float64(x), k)
		case float64:
			return convFloat(x, k)
		case complex64:
			if k == types.Complex128 {
				return complex128(x)
			}
			return x
		case complex128:
			if k == types.Complex64 {
				return complex64(x)
			}
			return x
		case bool:
			return x
		}
	case *types.Slice:
		s, ok := x.(string)
		if !ok {
			return x // slice to slice of identical underlying type
		}
		var e types.BasicKind
		if b, ok := u.Elem().Underlying().(*types.Basic); ok {
			e = b.Kind()
		}
		if e == types.Int32 {
			n := utf8.RuneCountInString(s)
			c := roundupsize(int64(n)*4, true) / 4
			if o.n == 1 {
				c = int64(n)
			}
			in.bulk(o, int64(c), 4)
			r := make([]Value, n, c)
			i := 0
			for _, ch := range s {
				r[i] = int32(ch)
				i++
			}
			fillZero(r[n:c], int32(0))
			return r
		}
		c := roundupsize(int64(len(s)), true)
		if o.n == 1 {
			c = int64(len(s))
		}
		in.bulk(o, c, 1)
		b := make([]Value, len(s), c)
		for i := 0; i < len(s); i++ {
			b[i] = s[i]
		}
		fillZero(b[len(s):c], uint8(0))
		return b
	}
	return x
}

// markGrown records that the backing array starting at first was made
// by appends that began from an empty slice (AppendObserver). The record
// is bounded: past maxGrown arrays it starts over, and a forgotten array
// grows as any other.
func (in *Interp) markGrown(first *Value) {
	if in.grownFromEmpty == nil || len(in.grownFromEmpty) >= maxGrown {
		in.grownFromEmpty = map[*Value]bool{}
	}
	in.grownFromEmpty[first] = true
}

// maxGrown bounds Interp.grownFromEmpty.
const maxGrown = 1 << 16

func fillZero(s []Value, z Value) {
	s = s[:cap(s)]
	for i := range s {
		s[i] = z
	}
}

// bulk reports a conversion's allocation of n elements of elemSize bytes
// and charges the budget for it.
func (in *Interp) bulk(o *op, n, elemSize int64) {
	if n > maxElems {
		in.unsupported(o.in, fmt.Sprintf("conversion of %d elements", n))
	}
	in.chargeAlloc(o.in, n)
	if in.obs != nil && n > 0 {
		in.obs.Alloc(o.in, in.callerOf(), n*elemSize, n)
	}
}

// firstOf is x's first element (nil when empty).
func firstOf(x []Value) Value {
	if len(x) == 0 {
		return nil
	}
	return x[0]
}

// runeSlice reports whether the conversion o converts a []rune.
func runeSlice(o *op) bool {
	c, ok := o.in.(*ssa.Convert)
	if !ok {
		return false
	}
	sl, ok := c.X.Type().Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := sl.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Int32
}

// toString converts an integer (a rune), a []byte or a []rune to string.
func (in *Interp) toString(o *op, x Value) Value {
	switch x := x.(type) {
	case string:
		return x
	case []Value:
		if _, r := firstOf(x).(int32); r || runeSlice(o) {
			// runtime.slicerunetostring asks for 3 bytes more than
			// the encoding (room for a last rune's overrun), even
			// for an empty slice.
			var b []byte
			for _, v := range x {
				b = utf8.AppendRune(b, rune(v.(int32)))
			}
			in.bulk(o, int64(len(b))+3, 1)
			return string(b)
		}
		if len(x) == 0 {
			return ""
		}
		b := make([]byte, len(x))
		for i, v := range x {
			b[i] = v.(uint8)
		}
		if len(b) > 1 {
			in.bulk(o, int64(len(b)), 1)
		}
		return string(b)
	}
	var r rune
	switch x.(type) {
	case uint, uint8, uint16, uint32, uint64, uintptr:
		u := toUint64(x)
		r = utf8.RuneError
		if u <= utf8.MaxRune {
			r = rune(u)
		}
	default:
		i := toInt64(x)
		r = utf8.RuneError
		if i >= 0 && i <= utf8.MaxRune {
			r = rune(i)
		}
	}
	s := string(r)
	if in.obs != nil {
		in.obs.Alloc(o.in, in.callerOf(), 4, int64(len(s)))
	}
	return s
}

// roundupsize is the runtime's roundupsize (malloc.go/msize.go, Go 1.26):
// the bytes mallocgc really hands out for a request of size bytes, minus
// the 8-byte malloc header that objects with pointers larger than 512
// bytes carry.
func roundupsize(size int64, noscan bool) int64 {
	const mallocHeaderSize = 8
	const minSizeForMallocHeader = 512
	if size <= sizeclass.MaxSmallSize-mallocHeaderSize {
		req := size
		if !noscan && req > minSizeForMallocHeader {
			req += mallocHeaderSize
		}
		return sizeclass.Round(req) - (req - size)
	}
	return (size + sizeclass.PageSize - 1) / sizeclass.PageSize * sizeclass.PageSize
}

// nextslicecap is the runtime's growth rule for append (slice.go): double
// below 256 elements, then grow by about 1.25x plus 192.
func nextslicecap(newLen, oldCap int64) int64 {
	newcap := oldCap
	doublecap := newcap + newcap
	if newLen > doublecap {
		return newLen
	}
	const threshold = 256
	if oldCap < threshold {
		return doublecap
	}
	for {
		newcap += (newcap + 3*threshold) >> 2
		if uint64(newcap) >= uint64(newLen) {
			break
		}
	}
	if newcap <= 0 {
		return newLen
	}
	return newcap
}

// growCap is the capacity growslice gives a slice of elements of elemSize
// bytes grown from oldCap to hold newLen: the growth rule, then the
// allocation rounded up to its size class.
func growCap(newLen, oldCap, elemSize int64, pointers bool) int64 {
	if elemSize == 0 {
		return newLen
	}
	newcap := nextslicecap(newLen, oldCap)
	mem := roundupsize(newcap*elemSize, !pointers)
	return mem / elemSize
}

// builtin runs a call to a built-in function. isDeferred: the builtin is
// itself the deferred call (defer recover() does not recover).
func (fr *frame) builtin(o *op, name string, args []Value, isDeferred bool) Value {
	in := fr.in
	switch name {
	case "append":
		return fr.appendSlice(o, args[0].([]Value), args[1])
	case "copy":
		dst := args[0].([]Value)
		switch src := args[1].(type) {
		case string:
			n := min(len(dst), len(src))
			for i := 0; i < n; i++ {
				dst[i] = src[i]
			}
			in.charge(o.in, int64(n))
			return n
		case []Value:
			n := min(len(dst), len(src))
			copyElems(dst[:n], src[:n])
			in.charge(o.in, int64(n))
			return n
		}
	case "len", "cap":
		var l, c int
		switch x := args[0].(type) {
		case string:
			l, c = len(x), len(x)
		case []Value:
			l, c = len(x), cap(x)
		case *Map:
			l = x.Len()
		case *Chan:
			if x != nil {
				l, c = len(x.Buf), x.Cap
			}
		case *Value:
			if x == nil {
				// len of a nil *array is its constant length.
				n := int(deref(o.t).Underlying().(*types.Array).Len())
				l, c = n, n
			} else {
				a := (*x).(Array)
				l, c = len(a), len(a)
			}
		case Array:
			l, c = len(x), len(x)
		default:
			panic(fmt.Sprintf("%s of %T", name, x))
		}
		if name == "cap" {
			return c
		}
		return l
	case "close":
		ch := args[0].(*Chan)
		if ch == nil {
			in.panicRuntime(o.in, "close of nil channel")
		}
		if ch.Closed {
			in.panicRuntime(o.in, "close of closed channel")
		}
		ch.Closed = true
		return nil
	case "delete":
		if mo, ok := in.obs.(MapObserver); ok {
			mo.MapAccess(o.in, in.callerOf(), int64(args[0].(*Map).Len()))
		}
		if m := args[0].(*Map); m != nil {
			m.delete(in, args[1])
		}
		return nil
	case "clear":
		switch x := args[0].(type) {
		case *Map:
			x.Clear()
		case []Value:
			et := o.t.Underlying().(*types.Slice).Elem()
			fill(in, x, in.zero(et), et)
			in.charge(o.in, int64(len(x)))
		}
		return nil
	case "print", "println":
		return nil // goes to the benchmark's stderr: no effect on what it computes
	case "min", "max":
		return minMax(name == "min", args)
	case "real":
		switch x := args[0].(type) {
		case complex64:
			return real(x)
		case complex128:
			return real(x)
		}
	case "imag":
		switch x := args[0].(type) {
		case complex64:
			return imag(x)
		case complex128:
			return imag(x)
		}
	case "complex":
		switch re := args[0].(type) {
		case float32:
			return complex(re, args[1].(float32))
		case float64:
			return complex(re, args[1].(float64))
		}
	case "panic":
		v := args[0].(Iface)
		if v.T == nil && v.V == nil {
			v = runtimeErrorIface("panic called with nil argument (use runtime.PanicNilError)")
		}
		panic(&targetPanic{v: v, at: o.in})
	case "recover":
		if !isDeferred && fr.deferred && fr.parent != nil && fr.parent.panicking {
			p := fr.parent.panicVal
			fr.parent.panicking = false
			fr.parent.panicVal = nil
			return p.v
		}
		return Iface{}
	case "ssa:wrapnilchk":
		if p, ok := args[0].(*Value); ok && p == nil {
			in.panicRuntime(o.in, fmt.Sprintf("value method %s.%s called using nil *%s pointer", args[1], args[2], args[1]))
		}
		return args[0]
	case "ssa:deferstack":
		return fr
	case "Add", "Slice", "String", "StringData", "SliceData":
		return in.unsafeBuiltin(o, name, args)
	case "Sizeof", "Alignof", "Offsetof":
		in.unsupported(o.in, "unsafe."+name)
	}
	panic(fmt.Sprintf("builtin %s(%T)", name, args[0]))
}

func minMax(isMin bool, args []Value) Value {
	pick := func(c int) bool { return isMin && c < 0 || !isMin && c > 0 }
	switch args[0].(type) {
	case float32:
		r := args[0].(float32)
		for _, a := range args[1:] {
			if isMin {
				r = min(r, a.(float32))
			} else {
				r = max(r, a.(float32))
			}
		}
		return r
	case float64:
		r := args[0].(float64)
		for _, a := range args[1:] {
			if isMin {
				r = min(r, a.(float64))
			} else {
				r = max(r, a.(float64))
			}
		}
		return r
	case string:
		r := args[0].(string)
		for _, a := range args[1:] {
			if pick(cmp.Compare(a.(string), r)) {
				r = a.(string)
			}
		}
		return r
	case int, int8, int16, int32, int64:
		r := args[0]
		for _, a := range args[1:] {
			if pick(cmp.Compare(toInt64(a), toInt64(r))) {
				r = a
			}
		}
		return r
	default:
		r := args[0]
		for _, a := range args[1:] {
			if pick(cmp.Compare(toUint64(a), toUint64(r))) {
				r = a
			}
		}
		return r
	}
}

// copyElems copies src into dst with memmove semantics; struct and array
// elements are assigned in place (their cells may be pointed to).
func copyElems(dst, src []Value) {
	if len(src) == 0 {
		return
	}
	switch src[0].(type) {
	case Struct, Array, Native:
		tmp := make([]Value, len(src))
		for i := range src {
			tmp[i] = copyVal(src[i])
		}
		for i := range tmp {
			assign(&dst[i], tmp[i])
		}
	default:
		copy(dst, src)
	}
}

// appendSlice runs append(s, add...) with the runtime's growth: when the
// capacity does not suffice, a new backing array of growCap elements is
// allocated (and reported), the old elements copied.
func (fr *frame) appendSlice(o *op, s []Value, add Value) Value {
	in := fr.in
	var n int
	var str string
	var vals []Value
	switch a := add.(type) {
	case string:
		str, n = a, len(a)
	case []Value:
		vals, n = a, len(a)
	default:
		panic(fmt.Sprintf("append of %T", add))
	}
	if n == 0 {
		return s
	}
	old := len(s)
	newLen := int64(old) + int64(n)
	in.charge(o.in, int64(n))
	if newLen > int64(cap(s)) {
		c := growCap(newLen, int64(cap(s)), o.size, o.n == 1)
		if c > maxElems {
			in.unsupported(o.in, fmt.Sprintf("slice of %d elements", c))
		}
		in.chargeAlloc(o.in, c)
		ns := make([]Value, old, c)
		if in.obs != nil && c*o.size > 0 {
			if ao, ok := in.obs.(AppendObserver); ok {
				fromStore := old == 0 || (cap(s) > 0 && in.grownFromEmpty[&s[:1][0]])
				if fromStore {
					in.markGrown(&ns[:1][0])
				}
				ao.AppendGrowth(o.in, fr.caller, c*o.size, c, fromStore)
			} else {
				in.obs.Alloc(o.in, fr.caller, c*o.size, c)
			}
		}
		copyElems(ns, s)
		et := o.t.Underlying().(*types.Slice).Elem()
		fill(in, ns[old:c], in.zero(et), et)
		s = ns
	}
	s = s[:newLen]
	if vals != nil {
		copyElems(s[old:], vals)
	} else {
		for i := 0; i < len(str); i++ {
			s[old+i] = str[i]
		}
	}
	return s
}
