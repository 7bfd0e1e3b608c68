package interp

// Stubs of the native side (branch interp-native), so that the core
// compiles and its tests run alone; the lead deletes this file when the
// branches merge.

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/ssa"
)

type nativeState struct{}

func (in *Interp) initNative() {}

func (in *Interp) callNative(at ssa.CallInstruction, fn *ssa.Function, args []Value) (Value, error) {
	return nil, &Unsupported{What: "stub: native " + fn.String()}
}

func (in *Interp) invokeNative(at ssa.CallInstruction, recv Iface, method *types.Func, args []Value) (Value, error) {
	return nil, &Unsupported{What: "stub: native method " + method.Name()}
}

func (in *Interp) nativeZero(t types.Type) (Value, bool) { return nil, false }

func (in *Interp) nativeGlobal(g *ssa.Global) (*Value, error) {
	return nil, &Unsupported{What: "stub: native global " + g.String()}
}

func (in *Interp) toNative(v Value, t types.Type) (reflect.Value, error) {
	return reflect.Value{}, &Unsupported{What: "stub"}
}

func (in *Interp) fromNative(rv reflect.Value, t types.Type) (Value, error) {
	return nil, &Unsupported{What: "stub"}
}

func (in *Interp) loadNative(p NativePtr, t types.Type) (Value, error) {
	return nil, &Unsupported{What: "stub"}
}

func (in *Interp) storeNative(p NativePtr, v Value, t types.Type) error {
	return &Unsupported{What: "stub"}
}

func (in *Interp) nativeFieldAddr(p Value, field int, t types.Type) (Value, error) {
	return nil, &Unsupported{What: "stub"}
}

func (in *Interp) nativeAssignable(rt reflect.Type, t types.Type) (ok bool) { return false }
