package interp

// This file stands in for core's declarations (interp.go, exec.go) so that
// the native side compiles and is tested on its own branch. The lead
// deletes it when merging interp-core and interp-native.

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Unsupported is the error for a construct the interpreter cannot run
// faithfully (stub of core's declaration).
type Unsupported struct {
	What string
	Pos  token.Position
}

// Error names the construct and its position.
func (u *Unsupported) Error() string {
	if u.Pos.IsValid() {
		return fmt.Sprintf("%s: unsupported: %s", u.Pos, u.What)
	}
	return "unsupported: " + u.What
}

// Config configures an Interp (stub of core's declaration).
type Config struct {
	Budget   int64
	Observer Observer
	Sizes    types.Sizes
	Seed     int64
}

// Interp is an interpreter (stub of core's declaration with the fields the
// native side uses).
type Interp struct {
	prog *ssa.Program
	cfg  Config
	nat  nativeState
}

// New makes an Interp (stub: no instruction loop).
func New(prog *ssa.Program, cfg Config) *Interp {
	in := &Interp{prog: prog, cfg: cfg}
	in.initNative()
	return in
}

func (in *Interp) callValue(fn Value, args []Value) (Value, error) {
	return nil, &Unsupported{What: "stub"}
}

func (in *Interp) zero(t types.Type) Value {
	if v, ok := in.nativeZero(t); ok {
		return v
	}
	return nil
}

// Call runs fn (stub: the instruction loop is core's).
func (in *Interp) Call(fn *ssa.Function, args ...Value) (Value, error) {
	return nil, &Unsupported{What: "stub"}
}

// PanicError is a Go panic of the interpreted program (stub of core's
// declaration): callNative returns it for a panic of native code, which
// the interpreted program may recover.
type PanicError struct {
	Value Value // the panic value (an Iface)
	Pos   token.Position
}

// Error names the panic value and its position.
func (p *PanicError) Error() string {
	return fmt.Sprintf("%s: interp: panic: %v", p.Pos, p.Value)
}

// The exported Map methods of core's map.go (stubs: keys are compared as
// Go values, which is enough for the basic keys of the tests).

// NewMap returns an empty map.
func NewMap(keyType types.Type, hint int64) *Map {
	return &Map{KeyType: keyType, Hint: hint, index: map[any]int{}}
}

// Len is len(m).
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return m.n
}

// Lookup returns m[k].
func (m *Map) Lookup(k Value) (Value, bool) {
	if m == nil {
		return nil, false
	}
	if p, ok := m.index[k]; ok {
		return m.vals[p], true
	}
	return nil, false
}

// Insert stores v under k and reports whether k was added.
func (m *Map) Insert(k, v Value) bool {
	if m.index == nil {
		m.index = map[any]int{}
	}
	if p, ok := m.index[k]; ok {
		m.vals[p] = v
		return false
	}
	m.index[k] = len(m.keys)
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
	m.live = append(m.live, true)
	m.n++
	return true
}

// Delete removes k's entry.
func (m *Map) Delete(k Value) {
	if m == nil {
		return
	}
	p, ok := m.index[k]
	if !ok {
		return
	}
	delete(m.index, k)
	m.live[p] = false
	m.keys[p], m.vals[p] = nil, nil
	m.n--
}

// Range calls f on each entry in insertion order until f returns false.
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
