package interp

import (
	"golang.org/x/tools/go/ssa"
)

// Observer is told what the interpreter executes, while the benchmark timer
// runs (see Harness). The interpreter makes no cost judgements: a
// conversion or a boxing that gc keeps on the stack is still reported, and
// the observer decides with the compiler's escape decisions.
type Observer interface {
	// Block is called each time control enters b (the entry block too).
	Block(b *ssa.BasicBlock)

	// Alloc is called for each object the instruction at may allocate:
	// ssa.Alloc, MakeSlice, MakeMap, MakeChan, MakeClosure (the closure
	// object, when it has free variables), MakeInterface (the boxed copy,
	// when the value is not pointer-shaped), a string concatenation and the
	// string/[]byte/[]rune conversions (the result), and append when it
	// grows the slice. bytes is what the runtime is asked for before size
	// class rounding (the element size times the new capacity for append,
	// the runtime's rule for the capacity itself, rounding included,
	// having been applied by the interpreter); elems is the element count
	// for slices and strings, the size hint for a MakeMap (at least 1), 1
	// otherwise. caller is the call instruction
	// that invoked the function holding at (nil at the top), for
	// decisions gc takes per inlined call.
	Alloc(at ssa.Instruction, caller ssa.CallInstruction, bytes, elems int64)

	// MapInsert is called when a map update adds a key (not when it
	// overwrites one): lenAfter is the map's length after the insertion
	// and hint the size hint the map was made with (0 if none).
	MapInsert(at ssa.Instruction, caller ssa.CallInstruction, lenAfter, hint int64)

	// Native is called before a call runs natively (a function or method
	// without an SSA body: the standard library). args are the call's
	// arguments (the receiver first for methods), as interpreted values;
	// the observer may read their lengths to price the call, not modify
	// them.
	Native(at ssa.CallInstruction, fn *ssa.Function, args []Value)

	// Reset discards everything reported so far: go test does not count
	// what ran before b.ResetTimer or before the first b.Loop call.
	Reset()
}

// AppendObserver is optionally implemented by an Observer that wants to
// know, of an append's growth, whether it continues a slice that started
// empty: gc (Go 1.26's backing store for appends) gives a non-escaping
// slice that grows from length zero a stack store of 32 bytes at once,
// where the interpreter grows it step by step (2, 4, 8 elements), so such
// growths stay in the store while they fit; growing any other slice (one
// made with make([]T, 0, 5), say) calls growslice, on the heap. The
// interpreter calls AppendGrowth instead of Alloc for the growth;
// fromStore says the slice grows from empty or from a backing array that
// such growths made.
type AppendObserver interface {
	AppendGrowth(at ssa.Instruction, caller ssa.CallInstruction, bytes, elems int64, fromStore bool)
}

// MapObserver is optionally implemented by an Observer that prices map
// operations by the map's size: a lookup or delete on an empty map returns
// at the runtime's first test, and a range over a small map scans its one
// group's slots whatever their number. MapAccess is called for each lookup
// (the Lookup instruction) and delete (the call of the builtin) with the
// map's length before it; MapRange at the start of each range over a map,
// with its length.
type MapObserver interface {
	MapAccess(at ssa.Instruction, caller ssa.CallInstruction, n int64)
	MapRange(at ssa.Instruction, caller ssa.CallInstruction, n int64)
}

// Elider is optionally implemented by an Observer that knows calls the
// compiler removes: a call gc inlines whose results nothing uses and whose
// body has no effect leaves no code behind. Elide is asked once per static
// call site; when it says true, the callee still runs (its results may
// matter to the interpreter) but nothing it does is reported.
type Elider interface {
	Elide(call ssa.CallInstruction, callee *ssa.Function) bool
}
