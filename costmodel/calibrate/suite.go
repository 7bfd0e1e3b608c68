package calibrate

import (
	"fmt"

	"github.com/perfcast/perfcast/manifest"
)

// Benchmark is one microbenchmark with the operations one iteration of it
// performs, counted as the analyzer counts them (the loop's own increment,
// compare and branch are added by Suite).
type Benchmark struct {
	Name string
	// Fold is the cross-validation fold (0 or 1). Every operation class has
	// a benchmark in each fold, so that either fold alone can fit the model.
	// Fold -1 marks a benchmark outside the model's linear range, measured
	// and reported (predicted by the full fit) but never fitted.
	Fold int
	// Ops is the count of operations per iteration, by class.
	Ops map[manifest.OpClass]float64
	// Allocs are the heap allocations per iteration.
	Allocs []Alloc
	// Syscalls is the number of trivial system calls per iteration.
	Syscalls float64
	// Threads says the work runs on other threads too (goroutines), so the
	// whole process's CPU time is measured rather than the thread's.
	Threads bool
	// Run executes n iterations.
	Run func(n int)
}

// Alloc is Count heap objects of Size bytes (a size class).
type Alloc struct {
	Size, Count float64
}

type ops = map[manifest.OpClass]float64

const (
	cInt    = manifest.OpInt
	cMul    = manifest.OpMul
	cDiv    = manifest.OpDiv
	cFloat  = manifest.OpFloat
	cFdiv   = manifest.OpFloatDiv
	cLoad   = manifest.OpLoad
	cStore  = manifest.OpStore
	cBranch = manifest.OpBranch
	cBounds = manifest.OpBoundsChk
	cNil    = manifest.OpNilChk
	cCall   = manifest.OpCall
	cICall  = manifest.OpCallIface
	cCCall  = manifest.OpCallClos
)

// Suite returns the shipped microbenchmarks in a fixed order.
func Suite() []Benchmark {
	bs := []Benchmark{
		{Name: "int/24", Fold: 0, Ops: ops{cInt: 24}, Run: intOps24},
		{Name: "int/48", Fold: 1, Ops: ops{cInt: 48}, Run: intOps48},
		{Name: "atomic/1", Fold: 0, Ops: ops{manifest.OpAtomic: 1}, Run: atomic1},
		{Name: "atomic/2", Fold: 1, Ops: ops{manifest.OpAtomic: 2}, Run: atomic2},
		{Name: "mul/4", Fold: 0, Ops: ops{cMul: 4, cInt: 4}, Run: mul4},
		{Name: "mul/8", Fold: 1, Ops: ops{cMul: 8, cInt: 8}, Run: mul8},
		{Name: "div/2", Fold: 0, Ops: ops{cDiv: 2, cInt: 3}, Run: div2},
		{Name: "div/4", Fold: 1, Ops: ops{cDiv: 4, cInt: 5}, Run: div4},
		{Name: "float/8", Fold: 0, Ops: ops{cFloat: 8}, Run: float8},
		{Name: "float/16", Fold: 1, Ops: ops{cFloat: 16}, Run: float16},
		{Name: "fdiv/2", Fold: 0, Ops: ops{cFdiv: 2, cFloat: 2}, Run: fdiv2},
		{Name: "fdiv/4", Fold: 1, Ops: ops{cFdiv: 4, cFloat: 4}, Run: fdiv4},
		{Name: "load/4", Fold: 0, Ops: ops{cLoad: 4, cInt: 11}, Run: load4},
		{Name: "load/8", Fold: 1, Ops: ops{cLoad: 8, cInt: 23}, Run: load8},
		{Name: "store/4", Fold: 0, Ops: ops{cStore: 4, cInt: 7}, Run: store4},
		{Name: "store/8", Fold: 1, Ops: ops{cStore: 8, cInt: 15}, Run: store8},
		{Name: "branch/4", Fold: 0, Ops: ops{cBranch: 4, cLoad: 4, cInt: 11, cStore: 3}, Run: func(n int) { branchesOver4(&pattern, n) }},
		{Name: "branch/8", Fold: 1, Ops: ops{cBranch: 8, cLoad: 8, cInt: 23, cStore: 6}, Run: func(n int) { branchesOver8(&pattern, n) }},
		{Name: "boundscheck/2", Fold: 0, Ops: ops{cBounds: 2, cLoad: 4, cInt: 11, cBranch: 3}, Run: func(n int) { boundsK(2, n) }},
		{Name: "boundscheck/4", Fold: 1, Ops: ops{cBounds: 4, cLoad: 8, cInt: 21, cBranch: 5}, Run: func(n int) { boundsK(4, n) }},
		{Name: "nilcheck/2", Fold: 0, Ops: ops{cNil: 2, cLoad: 4, cInt: 5}, Run: nil2},
		{Name: "nilcheck/4", Fold: 1, Ops: ops{cNil: 4, cLoad: 8, cInt: 11}, Run: nil4},
		{Name: "call/4", Fold: 0, Ops: ops{cCall: 4, cInt: 12, cLoad: 5, cStore: 1}, Run: call4},
		{Name: "call/8", Fold: 1, Ops: ops{cCall: 8, cInt: 24, cLoad: 9, cStore: 1}, Run: call8},
		{Name: "icall/2", Fold: 0, Ops: ops{cICall: 2, cLoad: 4, cNil: 2, cMul: 2, cInt: 2}, Run: icall2},
		{Name: "icall/4", Fold: 1, Ops: ops{cICall: 4, cLoad: 8, cNil: 4, cMul: 4, cInt: 4}, Run: icall4},
		{Name: "ccall/2", Fold: 0, Ops: ops{cCCall: 2, cInt: 2}, Run: ccall2},
		{Name: "ccall/4", Fold: 1, Ops: ops{cCCall: 4, cInt: 4}, Run: ccall4},
		{Name: "mapread/1", Fold: 0, Ops: ops{manifest.OpMapRead: 1, cInt: 2}, Run: mapRead1},
		{Name: "mapread/2", Fold: 1, Ops: ops{manifest.OpMapRead: 2, cInt: 5}, Run: mapRead2},
		{Name: "mapwrite/1", Fold: 0, Ops: ops{manifest.OpMapWrite: 1, cInt: 1}, Run: mapWrite1},
		{Name: "mapwrite/2", Fold: 1, Ops: ops{manifest.OpMapWrite: 2, cInt: 3}, Run: mapWrite2},
		{Name: "mapdelete/1", Fold: 0, Ops: ops{manifest.OpMapDelete: 1, manifest.OpMapWrite: 1, cInt: 1}, Run: mapDelete1},
		{Name: "mapdelete/2", Fold: 1, Ops: ops{manifest.OpMapDelete: 2, manifest.OpMapWrite: 2, cInt: 3}, Run: mapDelete2},
		{Name: "mapiter/128", Fold: 0, Ops: ops{manifest.OpMapIter: 129, cInt: 256}, Run: func(n int) { mapIter(map128, n) }},
		{Name: "mapiter/512", Fold: 1, Ops: ops{manifest.OpMapIter: 513, cInt: 1024}, Run: func(n int) { mapIter(map512, n) }},
		{Name: "chan/1", Fold: 0, Ops: ops{manifest.OpChanSend: 1, manifest.OpChanRecv: 1, cInt: 1}, Run: chan1},
		{Name: "chan/2", Fold: 1, Ops: ops{manifest.OpChanSend: 2, manifest.OpChanRecv: 2, cInt: 2}, Run: chan2},
		{Name: "select/1", Fold: 0, Ops: ops{manifest.OpSelect: 1, manifest.OpChanRecv: 1, cInt: 1}, Run: select1},
		{Name: "select/2", Fold: 1, Ops: ops{manifest.OpSelect: 2, manifest.OpChanRecv: 2, cInt: 2}, Run: select2},
		{Name: "defer/1x2", Fold: 0, Ops: ops{manifest.OpDefer: 2, cCall: 4, cLoad: 6, cStore: 4, cInt: 11, cNil: 4}, Run: defer2},
		{Name: "defer/1x4", Fold: 1, Ops: ops{manifest.OpDefer: 4, cCall: 8, cLoad: 12, cStore: 8, cInt: 23, cNil: 8}, Run: defer4},
		{Name: "defer/2in1", Fold: -1, Ops: ops{manifest.OpDefer: 2, cCall: 3, cLoad: 5, cStore: 3, cInt: 8, cNil: 3}, Run: deferPair},
		{Name: "go/1", Fold: 0, Ops: ops{manifest.OpGo: 1, cCall: 2, cInt: 2, cBranch: 1}, Threads: true, Run: func(n int) { goBatch(64, n) }},
		{Name: "go/2", Fold: 1, Ops: ops{manifest.OpGo: 2, cCall: 3, cInt: 2, cBranch: 1}, Threads: true, Run: goBatch2},
		{Name: "typeassert/2", Fold: 0, Ops: ops{manifest.OpTypeAssert: 2, cLoad: 4, cBranch: 7, cNil: 2, cInt: 11}, Run: func(n int) { assertK(2, n) }},
		{Name: "typeassert/4", Fold: 1, Ops: ops{manifest.OpTypeAssert: 4, cLoad: 8, cBranch: 13, cNil: 4, cInt: 21}, Run: func(n int) { assertK(4, n) }},
		{Name: "ifaceconv/2", Fold: 0, Ops: ops{manifest.OpIfaceConv: 2, cLoad: 2, cStore: 2, cInt: 3}, Run: iconv2},
		{Name: "ifaceconv/4", Fold: 1, Ops: ops{manifest.OpIfaceConv: 4, cLoad: 4, cStore: 4, cInt: 7}, Run: iconv4},
		{Name: "concat/64B", Fold: 0, Ops: ops{manifest.OpConcat: 1, manifest.OpMemBytes: 64, cStore: 1}, Allocs: []Alloc{{64, 1}}, Run: concat32},
		{Name: "concat/48B", Fold: 1, Ops: ops{manifest.OpConcat: 1, manifest.OpMemBytes: 48, cStore: 1}, Allocs: []Alloc{{48, 1}}, Run: concat24},
		{Name: "strconv/64B", Fold: 0, Ops: ops{manifest.OpStrConv: 1, manifest.OpMemBytes: 64, cStore: 1}, Allocs: []Alloc{{64, 1}}, Run: strconv64},
		{Name: "strconv/48B", Fold: 1, Ops: ops{manifest.OpStrConv: 1, manifest.OpMemBytes: 48, cStore: 1}, Allocs: []Alloc{{48, 1}}, Run: strconv48},
		{Name: "append/2", Fold: 0, Ops: ops{manifest.OpAppend: 2, cStore: 6, cLoad: 4, cInt: 7, cBounds: 1, cBranch: 4}, Run: func(n int) { appendK(2, n) }},
		{Name: "append/4", Fold: 1, Ops: ops{manifest.OpAppend: 4, cStore: 8, cLoad: 4, cInt: 13, cBounds: 1, cBranch: 6}, Run: func(n int) { appendK(4, n) }},
		{Name: "make/64B", Fold: 0, Ops: ops{manifest.OpMake: 1, cStore: 1}, Allocs: []Alloc{{64, 1}}, Run: make8},
		{Name: "make/48B", Fold: 1, Ops: ops{manifest.OpMake: 1, cStore: 1}, Allocs: []Alloc{{48, 1}}, Run: make6},
		{Name: "syscall/1", Fold: 0, Ops: ops{cInt: 1}, Syscalls: 1, Run: getpid1},
		{Name: "syscall/2", Fold: 1, Ops: ops{cInt: 2}, Syscalls: 2, Run: getpid2},
	}
	for _, c := range []struct {
		name  string
		sizes []int
		fold  int
	}{
		{"copy/small", []int{8, 16, 32, 64}, 0},
		{"copy/large", []int{256, 1024, 4096}, 0},
		{"copy/small2", []int{12, 24, 48, 96}, 1},
		{"copy/large2", []int{384, 1536, 6144}, 1},
	} {
		total := 0
		for _, k := range c.sizes {
			total += k
		}
		bs = append(bs, Benchmark{
			Name: c.name, Fold: c.fold,
			Ops: ops{manifest.OpCopy: float64(len(c.sizes)), manifest.OpMemBytes: float64(total),
				cInt: float64(2 * len(c.sizes)), cBranch: float64(len(c.sizes))},
			Run: func(n int) { copyMix(c.sizes, n) },
		})
	}
	for _, a := range []struct {
		size, pairs, fold int
	}{
		{8, 1, 0}, {16, 1, 0}, {48, 1, 0}, {64, 1, 0}, {384, 1, 0}, {512, 2, 0}, {4096, 1, 0}, {24576, 1, 0},
		{8, 2, 1}, {16, 2, 1}, {64, 2, 1}, {384, 2, 1}, {512, 1, 1}, {3072, 1, 1}, {32768, 1, 1},
	} {
		name := fmt.Sprintf("alloc/%dB", a.size)
		if a.pairs > 1 {
			name += fmt.Sprintf("x%d", a.pairs)
		}
		bs = append(bs, Benchmark{
			Name: name, Fold: a.fold,
			Ops:    ops{cStore: float64(2 * a.pairs * allocPairsRun), cInt: float64(2 * a.pairs * allocPairsRun), cBranch: float64(2 * a.pairs * allocPairsRun)},
			Allocs: []Alloc{{float64(a.size), float64(2 * a.pairs * allocPairsRun)}},
			Run:    allocKernel(a.size, a.pairs),
		})
	}
	// The loop itself: i++, i < n, and the backward branch.
	for i := range bs {
		o := ops{cInt: 2, cBranch: 1}
		for c, n := range bs[i].Ops {
			o[c] += n
		}
		bs[i].Ops = o
	}
	return bs
}

// MallocSizes are the sizes at which the calibration fits the malloc curve;
// they match the points of the built-in profiles. There are two knots
// between 64 and 512 bytes because most allocations fall there.
var MallocSizes = []float64{8, 16, 64, 384, 512, 4096, 32768}
