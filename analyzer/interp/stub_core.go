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
// native side uses). stubCall lets native's tests stand in for core's
// callValue and zero.
type Interp struct {
	prog *ssa.Program
	cfg  Config
	nat  nativeState

	stubCall func(fn Value, args []Value) (Value, error)
	stubZero func(t types.Type) Value
}

// New makes an Interp (stub: no instruction loop).
func New(prog *ssa.Program, cfg Config) *Interp {
	in := &Interp{prog: prog, cfg: cfg}
	in.initNative()
	return in
}

func (in *Interp) callValue(fn Value, args []Value) (Value, error) {
	if in.stubCall != nil {
		return in.stubCall(fn, args)
	}
	return nil, &Unsupported{What: "stub"}
}

func (in *Interp) zero(t types.Type) Value {
	if in.stubZero != nil {
		return in.stubZero(t)
	}
	if v, ok := in.nativeZero(t); ok {
		return v
	}
	return nil
}
