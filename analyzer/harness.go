package analyzer

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// harnessCall reports whether fn is a method of the benchmark harness
// (*testing.B, *testing.common promoted through it, *testing.PB): Loop, ResetTimer,
// StopTimer, StartTimer, SetBytes, ReportAllocs, Run and the like. Their
// cost is the harness's, not the benchmarked code's: go test does not count
// timer and memory-statistics bookkeeping in ns/op, B/op or allocs/op, the
// fast path of b.Loop is a few instructions, and what b.Run runs is measured
// as a sub-benchmark of its own. A call to one is counted as a call only;
// including their std summaries would charge a benchmark's loop with the
// harness's slow paths (b.Loop's launch of the whole run, memstats reads).
func harnessCall(fn *ssa.Function) bool {
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
