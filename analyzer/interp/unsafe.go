package interp

// Unsafe pointers. Hashing and parsing code reads words out of byte
// slices (`*(*uint32)(unsafe.Pointer(&p[i]))`, murmur3, xxhash), walks
// them with uintptr arithmetic, and converts []byte to string without a
// copy. The interpreter's memory is made of Values, not bytes, so an
// unsafe.Pointer is held as the run of elements it points into (the
// slice's backing array to its capacity, or one variable) and a byte
// offset in it; converting it to a pointer of another type gives a view
// whose loads assemble the bytes of the elements it covers (little-endian,
// as on amd64) and whose stores split them back. Views are limited to
// plain data (integers, floats, booleans, and arrays and structs of them):
// a pointer reinterpreted as another pointer type holding pointers, or a
// struct reached from its first field, is refused as unsupported.

import (
	"encoding/binary"
	"fmt"
	"go/types"
	"math"
	"unsafe"

	"golang.org/x/tools/go/ssa"
)

// unsafePtr is an unsafe.Pointer value: the byte at offset at of base,
// a run of elements of type elem (esize bytes each). A nil
// unsafe.Pointer is a nil Value.
type unsafePtr struct {
	base  []Value
	elem  types.Type
	esize int64
	at    int64
}

// viewPtr is a pointer of type *to into elements of another type, made
// by converting an unsafePtr: loads and stores go through the bytes.
type viewPtr struct {
	unsafePtr
	to types.Type
}

// maxUnsafeRefs bounds the pointers remembered for unsafe.String and
// unsafe.Slice (and the regions given uintptr addresses): past it they
// are forgotten, and a conversion of a forgotten one is refused.
const maxUnsafeRefs = 1 << 16

// forgedPointer is the refusal of an unsafe.Pointer made of an integer
// that no pointer of the run was converted to.
const forgedPointer = "unsafe.Pointer of a uintptr that was not a pointer"

// regionShift places each region's fake uintptr addresses: region i
// starts at (i+1)<<regionShift, so arithmetic within a region stays in it.
const regionShift = 40

// unsafeState is the interpreter's memory of unsafe pointers.
type unsafeState struct {
	refs    map[*Value]unsafePtr // the runs that pointers unsafe.SliceData and StringData handed out point into
	regions []unsafePtr          // by id, at 0
	ids     map[*Value]int       // a region's first element → its id
}

// toUnsafe converts x, a pointer of type *elem, to an unsafe.Pointer.
// arr and idx are the operands of the IndexAddr that made x, when it was
// one (nil otherwise): they tell the run of elements it points into.
func (in *Interp) toUnsafe(at ssa.Instruction, x Value, elem types.Type, arr, idx Value) Value {
	switch p := x.(type) {
	case *Value:
		if p == nil {
			return nil
		}
		if arr != nil {
			var base []Value
			switch a := arr.(type) {
			case []Value:
				base = a[:cap(a)]
			case *Value:
				base, _ = (*a).(Array)
			}
			if i := int(toInt64(idx)); base != nil && i >= 0 && i < len(base) && &base[i] == p {
				return in.newUnsafe(base, elem, int64(i))
			}
		}
		if r, ok := in.unsafe.refs[p]; ok {
			return &r
		}
		// One variable: a run of one element, aliasing it.
		return in.newUnsafe(unsafe.Slice(p, 1), elem, 0)
	case *viewPtr:
		u := p.unsafePtr
		return &u
	case *unsafePtr, nil:
		return x
	}
	in.unsupported(at, fmt.Sprintf("unsafe.Pointer of a %T", x))
	return nil
}

// newUnsafe is the unsafe.Pointer to element idx of base, a run of
// elements of type elem.
func (in *Interp) newUnsafe(base []Value, elem types.Type, idx int64) *unsafePtr {
	es := in.sizeof(elem)
	return &unsafePtr{base: base, elem: elem, esize: es, at: idx * es}
}

// fromUnsafe converts unsafe.Pointer x to a pointer of type *to.
func (in *Interp) fromUnsafe(at ssa.Instruction, x Value, to types.Type) Value {
	if x == nil {
		return (*Value)(nil)
	}
	u, ok := x.(*unsafePtr)
	if !ok {
		if b, isBad := x.(badValue); isBad {
			if un, isU := b.err.(*Unsupported); isU {
				in.unsupported(at, un.What)
			}
			in.fail(at, b.err)
		}
		in.unsupported(at, fmt.Sprintf("unsafe.Pointer held as %T", x))
	}
	idx, sub := int64(0), u.at
	if u.esize > 0 {
		idx, sub = u.at/u.esize, u.at%u.esize
	}
	if sub == 0 && idx >= 0 && idx < int64(len(u.base)) {
		if types.Identical(to, u.elem) {
			return &u.base[idx]
		}
		if a, ok := to.Underlying().(*types.Array); ok && types.Identical(a.Elem(), u.elem) {
			n := a.Len()
			if idx+n > int64(len(u.base)) {
				in.unsupported(at, "unsafe array pointer past its object")
			}
			c := new(Value)
			*c = Array(u.base[idx : idx+n : idx+n])
			return c
		}
		if s, ok := in.zeroCopy(u.base[idx], u.elem, to); ok {
			c := new(Value)
			*c = s
			return c
		}
	}
	if !plainData(to) || !plainData(u.elem) || u.esize == 0 {
		in.unsupported(at, fmt.Sprintf("unsafe.Pointer from %s to *%s", shortType(u.elem), shortType(to)))
	}
	if u.at < 0 || u.at+in.sizeof(to) > int64(len(u.base))*u.esize {
		in.unsupported(at, "unsafe pointer past its object")
	}
	return &viewPtr{unsafePtr: *u, to: to}
}

// zeroCopy is the value a []byte ↔ string conversion through
// unsafe.Pointer reads (`*(*string)(unsafe.Pointer(&b))`), as a copy: the
// code that does it promises not to write either side afterwards.
func (in *Interp) zeroCopy(v Value, from, to types.Type) (Value, bool) {
	switch {
	case isString(to) && isByteSlice(from):
		s, _ := v.([]Value)
		return bytesString(s), true
	case isByteSlice(to) && isString(from):
		return stringBytes(v.(string)), true
	case isByteSlice(to):
		// The struct{string; cap int} of older zero-copy helpers.
		if st, ok := from.Underlying().(*types.Struct); ok && st.NumFields() > 0 && isString(st.Field(0).Type()) {
			return stringBytes(v.(Struct)[0].(string)), true
		}
	}
	return nil, false
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func isByteSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && (b.Kind() == types.Uint8 || b.Kind() == types.Int8)
}

func bytesString(s []Value) string {
	b := make([]byte, len(s))
	for i, v := range s {
		b[i] = byte(toUint64(v))
	}
	return string(b)
}

func stringBytes(s string) []Value {
	out := make([]Value, len(s))
	for i := 0; i < len(s); i++ {
		out[i] = s[i]
	}
	return out
}

// plainData reports whether values of t are bytes and nothing else:
// numbers, booleans, and arrays and structs of them.
func plainData(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsInteger|types.IsFloat|types.IsBoolean) != 0 && u.Kind() != types.Uintptr
	case *types.Array:
		return plainData(u.Elem())
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if !plainData(u.Field(i).Type()) {
				return false
			}
		}
		return true
	}
	return false
}

// span returns the index of the first element the n bytes at u's offset
// touch and the bytes of the elements they touch.
func (in *Interp) span(u *unsafePtr, n int64) (first int64, buf []byte) {
	first, last := u.at/u.esize, (u.at+n-1)/u.esize
	buf = make([]byte, (last-first+1)*u.esize)
	for j := first; j <= last; j++ {
		in.encode(buf[(j-first)*u.esize:], u.base[j], u.elem)
	}
	return first, buf
}

// viewLoad reads the value of type v.to the view points to.
func (in *Interp) viewLoad(v *viewPtr) Value {
	first, buf := in.span(&v.unsafePtr, in.sizeof(v.to))
	return in.decode(buf[v.at-first*v.esize:], v.to)
}

// viewStore writes x, of type v.to, where the view points: the elements
// it covers are re-read from their bytes with x's written over them.
func (in *Interp) viewStore(v *viewPtr, x Value) {
	first, buf := in.span(&v.unsafePtr, in.sizeof(v.to))
	in.encode(buf[v.at-first*v.esize:], x, v.to)
	for j := int64(0); j*v.esize < int64(len(buf)); j++ {
		assign(&v.base[first+j], in.decode(buf[j*v.esize:], v.elem))
	}
}

// viewIndex is the address of element i of the array a view points to.
func (in *Interp) viewIndex(at ssa.Instruction, v *viewPtr, i int64) Value {
	a, ok := v.to.Underlying().(*types.Array)
	if !ok {
		in.unsupported(at, "index of an unsafe view of "+v.to.String())
	}
	if i < 0 || i >= a.Len() {
		in.panicRuntime(at, fmt.Sprintf("index out of range [%d] with length %d", i, a.Len()))
	}
	e := *v
	e.at += i * in.sizeof(a.Elem())
	e.to = a.Elem()
	if types.Identical(e.to, e.elem) && e.at%e.esize == 0 {
		return &e.base[e.at/e.esize]
	}
	return &e
}

// viewField is the address of field i of the struct a view points to.
func (in *Interp) viewField(at ssa.Instruction, v *viewPtr, i int) Value {
	s, ok := v.to.Underlying().(*types.Struct)
	if !ok {
		in.unsupported(at, "field of an unsafe view of "+v.to.String())
	}
	e := *v
	e.at += in.offsets(s)[i]
	e.to = s.Field(i).Type()
	if types.Identical(e.to, e.elem) && e.at%e.esize == 0 {
		return &e.base[e.at/e.esize]
	}
	return &e
}

func (in *Interp) offsets(s *types.Struct) []int64 {
	fields := make([]*types.Var, s.NumFields())
	for i := range fields {
		fields[i] = s.Field(i)
	}
	return in.cfg.Sizes.Offsetsof(fields)
}

// encode writes the bytes of v, of plain type t, into buf (little-endian).
func (in *Interp) encode(buf []byte, v Value, t types.Type) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		var bits uint64
		switch x := v.(type) {
		case bool:
			if x {
				bits = 1
			}
		case float32:
			bits = uint64(math.Float32bits(x))
		case float64:
			bits = math.Float64bits(x)
		default:
			bits = toUint64(v)
		}
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], bits)
		copy(buf[:in.sizeof(t)], w[:])
	case *types.Array:
		a := v.(Array)
		es := in.sizeof(u.Elem())
		for i := range a {
			in.encode(buf[int64(i)*es:], a[i], u.Elem())
		}
	case *types.Struct:
		s := v.(Struct)
		for i, off := range in.offsets(u) {
			in.encode(buf[off:], s[i], u.Field(i).Type())
		}
	default:
		panic(fmt.Sprintf("encode %s", t))
	}
}

// decode reads a value of plain type t from buf (little-endian).
func (in *Interp) decode(buf []byte, t types.Type) Value {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		var w [8]byte
		copy(w[:], buf[:in.sizeof(t)])
		bits := binary.LittleEndian.Uint64(w[:])
		switch u.Kind() {
		case types.Bool:
			return bits != 0
		case types.Float32:
			return math.Float32frombits(uint32(bits))
		case types.Float64:
			return math.Float64frombits(bits)
		}
		return convUint(bits, u.Kind())
	case *types.Array:
		a := make(Array, u.Len())
		es := in.sizeof(u.Elem())
		for i := range a {
			a[i] = in.decode(buf[int64(i)*es:], u.Elem())
		}
		return a
	case *types.Struct:
		s := make(Struct, u.NumFields())
		for i, off := range in.offsets(u) {
			s[i] = in.decode(buf[off:], u.Field(i).Type())
		}
		return s
	}
	panic(fmt.Sprintf("decode %s", t))
}

// toUintptr gives unsafe.Pointer x a fake address: its region's base plus
// its byte offset, so that arithmetic and comparisons within one object
// work and the address converts back.
func (in *Interp) toUintptr(at ssa.Instruction, x Value) uintptr {
	if x == nil {
		return 0
	}
	u, ok := x.(*unsafePtr)
	if !ok || len(u.base) == 0 {
		in.unsupported(at, fmt.Sprintf("uintptr of a %T", x))
	}
	st := &in.unsafe
	id, ok := st.ids[&u.base[0]]
	if !ok {
		if len(st.regions) >= maxUnsafeRefs {
			st.regions, st.ids = nil, nil
		}
		if st.ids == nil {
			st.ids = map[*Value]int{}
		}
		id = len(st.regions)
		r := *u
		r.at = 0
		st.regions = append(st.regions, r)
		st.ids[&u.base[0]] = id
	}
	return uintptr(id+1)<<regionShift + uintptr(u.at)
}

// fromUintptr is the unsafe.Pointer of a fake address made by toUintptr.
func (in *Interp) fromUintptr(at ssa.Instruction, a uintptr) Value {
	if a == 0 {
		return nil
	}
	id := int(a>>regionShift) - 1
	if id < 0 || id >= len(in.unsafe.regions) {
		in.unsupported(at, forgedPointer)
	}
	u := in.unsafe.regions[id]
	u.at = int64(a & (1<<regionShift - 1))
	return &u
}

// remember records the run of elements p points into, for unsafe.String,
// unsafe.Slice and unsafe.Pointer(p). The record is bounded: past
// maxUnsafeRefs pointers it starts over.
func (in *Interp) remember(p *Value, base []Value, elem types.Type) {
	st := &in.unsafe
	if st.refs == nil || len(st.refs) >= maxUnsafeRefs {
		st.refs = map[*Value]unsafePtr{}
	}
	st.refs[p] = *in.newUnsafe(base, elem, 0)
}

// unsafeBuiltin runs unsafe.SliceData, StringData, String, Slice and Add.
func (in *Interp) unsafeBuiltin(o *op, name string, args []Value) Value {
	at := o.in
	common := o.call.Common()
	switch name {
	case "SliceData":
		s, _ := args[0].([]Value)
		if cap(s) == 0 {
			return (*Value)(nil)
		}
		s = s[:cap(s)]
		in.remember(&s[0], s, elemType(common.Args[0].Type()))
		return &s[0]
	case "StringData":
		s := args[0].(string)
		if s == "" {
			return (*Value)(nil)
		}
		b := stringBytes(s)
		in.remember(&b[0], b, types.Typ[types.Byte])
		return &b[0]
	case "String", "Slice":
		p, _ := args[0].(*Value)
		n := int64(toInt64(args[1]))
		var run []Value
		if p != nil && n != 0 {
			// The run p points into: the slice or array of &s[i] (in
			// args[2:], after the arguments), one that unsafe.SliceData
			// or StringData handed out, or p's variable alone.
			var arr, idx Value
			if len(args) == 4 {
				arr, idx = args[2], args[3]
			}
			u := in.toUnsafe(at, p, elemType(common.Args[0].Type()), arr, idx).(*unsafePtr)
			if u.esize == 0 || u.at%u.esize != 0 || u.at/u.esize+n > int64(len(u.base)) {
				in.unsupported(at, "unsafe."+name+" of a pointer not from unsafe.SliceData or StringData")
			}
			i := u.at / u.esize
			run = u.base[i : i+n : i+n]
		}
		if name == "String" {
			return bytesString(run)
		}
		if p == nil {
			return []Value(nil)
		}
		if run == nil {
			run = []Value{}
		}
		return run
	case "Add":
		if args[0] == nil {
			in.unsupported(at, "unsafe.Add of nil")
		}
		u, ok := args[0].(*unsafePtr)
		if !ok {
			in.unsupported(at, fmt.Sprintf("unsafe.Add of a %T", args[0]))
		}
		r := *u
		r.at += toInt64(args[1])
		return &r
	}
	in.unsupported(at, "unsafe."+name)
	return nil
}

// unsafeConvert runs a conversion to or from unsafe.Pointer (arr and idx
// as for toUnsafe).
func (in *Interp) unsafeConvert(o *op, x, arr, idx Value) Value {
	from := o.in.(*ssa.Convert).X.Type()
	switch {
	case isUnsafePointer(o.t) && isUnsafePointer(from):
		return x
	case isUnsafePointer(o.t):
		switch u := from.Underlying().(type) {
		case *types.Pointer:
			return in.toUnsafe(o.in, x, u.Elem(), arr, idx)
		case *types.Basic: // uintptr
			return in.fromUintptr(o.in, uintptr(toUint64(x)))
		}
	default:
		switch u := o.t.Underlying().(type) {
		case *types.Pointer:
			return in.fromUnsafe(o.in, x, u.Elem())
		case *types.Basic:
			return convUint(uint64(in.toUintptr(o.in, x)), u.Kind())
		}
	}
	in.unsupported(o.in, fmt.Sprintf("conversion from %s to %s", from, o.t))
	return nil
}

// samePlace reports whether two unsafe pointers hold the same address.
func samePlace(a, b *unsafePtr) bool {
	if len(a.base) == 0 || len(b.base) == 0 {
		return len(a.base) == len(b.base) && a.at == b.at
	}
	return &a.base[0] == &b.base[0] && a.at == b.at
}

// shortType names t with package names, not paths.
func shortType(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
