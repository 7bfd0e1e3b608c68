// Package interp runs the SSA form of Go functions on concrete values and
// tells an Observer what they executed: the blocks entered, the objects
// allocated with their sizes, the map insertions and the calls into code
// it does not interpret (the standard library, run natively). A benchmark
// whose inputs are constants — a parser given a pattern, a set filled with
// n keys — does work that only its inputs decide; running its SSA once on
// them gives the branches taken and the lengths reached, which static odds
// and default sizes can only guess. Costing what was executed is the
// caller's job (analyzer/predict); this package only runs the code.
//
// The interpreter is deterministic (maps iterate in insertion order, the
// global math/rand functions draw from a fixed seed), bounded (a budget of
// instructions) and refuses what it cannot run faithfully with an error
// naming the construct (goroutines, unsafe, reflection on interpreted
// values): the caller then falls back to the static estimate.
package interp

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/ssa"
)

// Value is a concrete Go value. Its dynamic type is decided by the
// underlying type of the SSA value it stands for:
//
//	bool, string, int…int64, uint…uintptr,
//	float32, float64, complex64, complex128   the Go value of that kind
//	                                           (int is int, int32 is int32, …)
//	*types.Pointer                             *Value: the cell the pointer points to
//	                                           (nil pointer: (*Value)(nil)), or
//	                                           NativePtr for a pointer into native memory
//	*types.Struct                              Struct (copied on load, store and assignment)
//	*types.Array                               Array (copied likewise)
//	*types.Slice                               []Value, its len and cap the Go slice's
//	*types.Map                                 *Map ((*Map)(nil) for a nil map)
//	*types.Chan                                *Chan
//	*types.Interface                           Iface
//	*types.Signature                           *Closure or NativeFunc ((*Closure)(nil) for nil)
//
// A value of a struct type defined in a package that is not interpreted
// (strings.Builder, sync.Mutex, time.Time, regexp.Regexp behind a pointer)
// is Native: a reflect.Value of the real type, addressable, whose methods
// run natively. Named types of the standard library whose underlying type is
// not a struct (time.Duration, os.FileMode, sort.IntSlice) keep the
// representation of their underlying type and are converted at the native
// boundary.
type Value any

// Struct is a struct value: one Value per field, in declaration order.
type Struct []Value

// Array is an array value: one Value per element.
type Array []Value

// Iface is an interface value: the dynamic type and value. The zero Iface
// is the nil interface. T is nil and V a Native when the dynamic type is a
// type of native code that the interpreter has no go/types object for
// (*errors.errorString); NativeType then tells it.
type Iface struct {
	T types.Type
	V Value
}

// Closure is a function value of interpreted code: a function with an SSA
// body (or a synthetic wrapper: bound methods, thunks) and the values of
// its free variables.
type Closure struct {
	Fn  *ssa.Function
	Env []Value
}

// NativeFunc is a function value of native code (a std function or method
// value handed to interpreted code).
type NativeFunc struct {
	Name string
	Fn   reflect.Value
}

// Native is a value of a struct type defined outside the interpreted code,
// held as the real Go value. RV is addressable, so pointer-receiver methods
// act on it in place.
type Native struct {
	RV reflect.Value
}

// NativePtr is a pointer into native memory that is not a whole Native
// cell: the address of a field or element of a native value. RV is the
// addressable reflect.Value pointed to.
type NativePtr struct {
	RV reflect.Value
}

// NativeType is the reflect type of an Iface whose T is nil.
func (i Iface) NativeType() reflect.Type {
	if n, ok := i.V.(Native); ok {
		return n.RV.Type()
	}
	if p, ok := i.V.(NativePtr); ok {
		return p.RV.Type()
	}
	return nil
}

// Chan is a channel of interpreted code. Only buffered sends and receives
// that never block are supported (the interpreter runs one goroutine): a
// send on a full channel or a receive from an empty open one is an error.
type Chan struct {
	Buf    []Value
	Cap    int
	Closed bool
}

// Tuple is the result of a call with more than one result, and of the
// comma-ok forms (lookup, type assertion, receive): one Value per element.
type Tuple []Value

// Map is a map of interpreted code. Entries keep their insertion order, so
// ranging over a map is deterministic (Go's order is random; any order is
// a valid one). Keys are compared by Go's == on the key's type.
type Map struct {
	KeyType types.Type
	Hint    int64 // the size hint of make, for the growth the observer prices
	keys    []Value
	vals    []Value
	live    []bool
	index   map[any]int // canonical key → position in keys/vals
	n       int
}
