// Package testharness recognises the methods of go test's benchmark
// harness in SSA, for the analyzer (which counts a call of one as a call
// only) and its interpreter (which runs them on a fake *testing.B).
package testharness

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Method reports whether fn is a method of the benchmark harness:
// *testing.B's, *testing.common's (promoted through it) or *testing.PB's.
func Method(fn *ssa.Function) bool {
	if fn.Pkg != nil && fn.Pkg.Pkg.Path() != "testing" {
		return false
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return false
	}
	switch types.TypeString(recv.Type(), nil) {
	case "*testing.B", "*testing.common", "*testing.PB":
		obj, _ := fn.Object().(*types.Func)
		return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "testing"
	}
	return false
}
