package interp

import (
	"fmt"
	"go/types"
	"math"
	"reflect"
	"strconv"
	"sync/atomic"

	"golang.org/x/tools/go/ssa"
)

// NewMap returns an empty map with key type keyType, made with size hint
// hint (0 for none).
func NewMap(keyType types.Type, hint int64) *Map {
	return &Map{KeyType: keyType, Hint: hint, index: map[any]int{}}
}

// Len is the number of entries, as len(m) (0 for a nil map).
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return m.n
}

// Lookup returns the value stored under k and whether there is one. It
// panics (a run-time panic of the interpreted program) if k's dynamic
// type is not comparable, as Go does.
func (m *Map) Lookup(k Value) (Value, bool) {
	if m == nil {
		return nil, false
	}
	return m.lookup(nil, nil, k)
}

// Insert stores v under k and reports whether k was added (rather than
// overwritten). v is stored as given (the caller copies structs).
func (m *Map) Insert(k, v Value) bool {
	return m.insert(nil, nil, k, v)
}

// Delete removes k's entry, if any.
func (m *Map) Delete(k Value) {
	if m == nil {
		return
	}
	m.delete(nil, k)
}

// Clear removes all entries, as clear(m).
func (m *Map) Clear() {
	if m == nil {
		return
	}
	clear(m.index)
	m.keys, m.vals, m.live, m.n = nil, nil, nil, 0
}

// Range calls f on each entry in insertion order until f returns false.
// f must not insert into or delete from m.
func (m *Map) Range(f func(k, v Value) bool) {
	if m == nil {
		return
	}
	for i := range m.keys {
		if m.live[i] && !f(m.keys[i], m.vals[i]) {
			return
		}
	}
}

func (m *Map) lookup(in *Interp, at ssa.Instruction, k Value) (Value, bool) {
	key := mapKey(k)
	if p, ok := m.index[key]; ok {
		return m.vals[p], true
	}
	return nil, false
}

func (m *Map) insert(in *Interp, at ssa.Instruction, k, v Value) bool {
	key := mapKey(k)
	if p, ok := m.index[key]; ok {
		m.vals[p] = v
		return false
	}
	if in != nil {
		m.compact(in)
	}
	if m.index == nil {
		m.index = map[any]int{}
	}
	m.index[key] = len(m.keys)
	m.keys = append(m.keys, copyVal(k))
	m.vals = append(m.vals, v)
	m.live = append(m.live, true)
	m.n++
	return true
}

func (m *Map) delete(in *Interp, k Value) {
	key := mapKey(k)
	p, ok := m.index[key]
	if !ok {
		return
	}
	delete(m.index, key)
	m.live[p] = false
	m.keys[p], m.vals[p] = nil, nil
	m.n--
}

// compact drops deleted entries when they outnumber the live ones and no
// range loop is walking the map (iterators hold positions).
func (m *Map) compact(in *Interp) {
	dead := len(m.keys) - m.n
	if dead < 64 || dead < m.n || in.iterating[m] > 0 {
		return
	}
	keys := make([]Value, 0, m.n)
	vals := make([]Value, 0, m.n)
	for i := range m.keys {
		if m.live[i] {
			keys = append(keys, m.keys[i])
			vals = append(vals, m.vals[i])
		}
	}
	m.keys, m.vals = keys, vals
	m.live = make([]bool, len(keys))
	clear(m.index)
	for i, k := range keys {
		m.live[i] = true
		m.index[mapKey(k)] = i
	}
}

// ifaceKey is the canonical map key of an interface value: its dynamic
// type (by its printed form, package paths included) and the canonical key
// of its value.
type ifaceKey struct {
	t string
	v any
}

// nanKey makes each NaN key distinct, as NaN != NaN in Go.
type nanKey struct{ n int64 }

var nanCount atomic.Int64

// mapKey returns a comparable Go value that is == for two keys exactly
// when Go's == holds between them.
func mapKey(v Value) any {
	switch x := v.(type) {
	case nil, bool, string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr,
		float32, float64, complex64, complex128, *Value, *Map, *Chan, *fakeB, *fakePB:
		return x
	case Struct, Array:
		return string(encodeKey(nil, v))
	case Iface:
		if x.T == nil {
			if x.V == nil {
				return ifaceKey{}
			}
			return ifaceKey{v: nativeKey(x.V)}
		}
		if !types.Comparable(x.T) {
			panic(&targetPanic{v: runtimeErrorIface("hash of unhashable type " + x.T.String())})
		}
		return ifaceKey{t: typeKey(x.T), v: mapKey(x.V)}
	case Native, NativePtr:
		return nativeKey(x)
	}
	panic(&targetPanic{v: runtimeErrorIface(fmt.Sprintf("hash of unhashable type %T", v))})
}

type nativePtrKey struct {
	t reflect.Type
	p uintptr
}

func nativeKey(v Value) any {
	switch x := v.(type) {
	case Native:
		if !x.RV.Comparable() {
			panic(&targetPanic{v: runtimeErrorIface("hash of unhashable type " + x.RV.Type().String())})
		}
		return x.RV.Interface()
	case NativePtr:
		if x.RV.CanAddr() {
			return nativePtrKey{x.RV.Type(), x.RV.Addr().Pointer()}
		}
		return nativePtrKey{x.RV.Type(), 0}
	}
	return mapKey(v)
}

func typeKey(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Path() })
}

// encodeKey appends an encoding of a struct or array key (and of its
// components) that is equal for == values.
func encodeKey(b []byte, v Value) []byte {
	switch x := v.(type) {
	case Struct:
		b = append(b, '{')
		for _, f := range x {
			b = encodeKey(b, f)
			b = append(b, ',')
		}
		return append(b, '}')
	case Array:
		b = append(b, '[')
		for _, e := range x {
			b = encodeKey(b, e)
			b = append(b, ',')
		}
		return append(b, ']')
	case string:
		return strconv.AppendQuote(append(b, 's'), x)
	case bool:
		return strconv.AppendBool(append(b, 'b'), x)
	case float32:
		return encodeFloat(b, float64(x))
	case float64:
		return encodeFloat(b, x)
	case complex64:
		return encodeFloat(encodeFloat(b, float64(real(x))), float64(imag(x)))
	case complex128:
		return encodeFloat(encodeFloat(b, real(x)), imag(x))
	case int, int8, int16, int32, int64:
		return strconv.AppendInt(append(b, 'i'), toInt64(x), 10)
	case uint, uint8, uint16, uint32, uint64, uintptr:
		return strconv.AppendUint(append(b, 'u'), toUint64(x), 10)
	case *Value, *Map, *Chan:
		return fmt.Appendf(b, "p%p;", x)
	}
	// Pointers, interfaces, natives: their canonical key, printed with its
	// type so that distinct keys print distinctly.
	return fmt.Appendf(b, "%T:%v;", mapKey(v), mapKey(v))
}

func encodeFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) {
		return strconv.AppendInt(append(b, 'N'), nanCount.Add(1), 10)
	}
	if f == 0 {
		f = 0 // -0 == +0
	}
	return strconv.AppendUint(append(b, 'f'), math.Float64bits(f), 16)
}
