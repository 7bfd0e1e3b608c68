// Package inlined has allocations in callees that gc inlines into callers.
package inlined

type Box struct{ v int }

func newBox(v int) *Box { return &Box{v} }

// StackCaller: newBox is inlined and its &Box{} does not escape here.
func StackCaller(v int) int { return newBox(v).v }

// EscCaller: newBox is inlined and its &Box{} escapes here.
func EscCaller(v int) *Box { return newBox(v) }

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// StackVarargs: the ... slice stays on the stack.
func StackVarargs(a, b int) int { return sum(a, b) }

//go:noinline
func notInlined(n int) []int { return make([]int, n) }

func EscNotInlined(n int) []int { return notInlined(n) }

func mk(v int) Box { return Box{v} }

var sink any

// EscConvInlined: mk is inlined; the conversion of its result, which gc
// reports at the call's position, belongs to the caller.
func EscConvInlined(v int) { sink = mk(v) }
