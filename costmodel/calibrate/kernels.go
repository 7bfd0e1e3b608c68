package calibrate

import (
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// The kernels below are the microbenchmarks. Each runs n iterations of a
// small body whose operations are counted by hand in suite.go, in the
// analyzer's terms (one "int" per add/compare/shift/logic, one "load" per
// memory read, ...). They keep the compiler from deleting or folding work:
// operands come from package variables read once before the loop (so they
// are not constants), results go to the sink variables below, and helpers
// that must stay calls are marked //go:noinline.

var (
	sinkInt    int
	sinkU64    uint64
	sinkF64    float64
	sinkAny    any
	sinkString string
	sinkPtrs   []*int
	sinkBytes  []byte
	sinkSmall  int // always 0; read in loops so the compiler cannot fold them

	varMulK   uint64  = 0x9E3779B97F4A7C15
	varDivD   uint64  = 7
	varFA     float64 = 0.999999
	varFB     float64 = 0.5
	varMakeN          = 8
	varMakeN2         = 6
)

const arrMask = 1023

var (
	arr      [arrMask + 1]int
	idx      [arrMask + 1]int32
	slc      []int // len arrMask+1; a slice so that indexing it needs a bounds check
	ptrs     [arrMask + 1]*node
	pattern  [arrMask + 1]byte // 1,1,1,0 repeating: a predictable mix of outcomes
	hits     [9]int            // written, never read: a store the compiler must keep
	mapInt   map[int]int       // 1024 keys
	mapDel   map[int]int
	map128   map[int]int
	map512   map[int]int
	ch1      chan int
	ch4      chan int
	never    chan int
	ifaceVal []shape
	anyVal   [64]any
	fnVal    func(int) int
	bytes64  []byte
	bytes48  []byte
	str32a   string
	str32b   string
	str24a   string
	str24b   string
	buf      []byte
	src      []byte
	dst      []byte
	wg       sync.WaitGroup
)

type node struct {
	v    int
	next *node
}

type shape interface{ area() int }

type rect struct{ w, h int }

//go:noinline
func (r *rect) area() int { return r.w * r.h }

//go:noinline
func addOne(x int) int { return x + 1 }

// mix is a small function body, as a typical non-inlined callee has.
//
//go:noinline
func mix(x, y int) int { return (x ^ y) + (x >> 3) }

// bump is a deferred call with a small body, like mix.
//
//go:noinline
func bump(p *int) { *p = (*p ^ 3) + (*p >> 1) }

func init() {
	r := rand.New(rand.NewPCG(1, 2))
	slc = make([]int, arrMask+1)
	for i := range arr {
		arr[i] = i
		slc[i] = i
		idx[i] = int32(r.IntN(arrMask + 1))
		ptrs[i] = &node{v: i}
		pattern[i] = byte(min(3-i&3, 1))
	}
	mapInt = make(map[int]int)
	mapDel = make(map[int]int)
	for i := range arrMask + 1 {
		mapInt[i] = i
		mapDel[i] = i
	}
	map128 = make(map[int]int)
	for i := range 128 {
		map128[i*7] = i
	}
	map512 = make(map[int]int)
	for i := range 512 {
		map512[i*7] = i
	}
	ch1 = make(chan int, 1)
	ch4 = make(chan int, 4)
	never = make(chan int)
	ifaceVal = []shape{&rect{3, 4}, &rect{5, 6}}
	for i := range anyVal {
		anyVal[i] = &rect{i, i}
	}
	fnVal = func(x int) int { return x + 1 }
	bytes64 = make([]byte, 64)
	bytes48 = make([]byte, 48)
	str32a, str32b = strings.Repeat("a", 32), strings.Repeat("b", 32)
	str24a, str24b = "abcdefghijklmnopqrstuvwx", "ABCDEFGHIJKLMNOPQRSTUVWX"
	buf = make([]byte, 0, 64)
	src = make([]byte, 8192)
	dst = make([]byte, 8192)
}

// Integer ALU work: four independent dependency chains, as in typical code
// where a few computations proceed side by side; 3 ops per statement.
func intOps24(n int) {
	x, y, z, w := uint64(n), uint64(sinkSmall), uint64(3), uint64(5)
	for i := 0; i < n; i++ {
		u := uint64(i)
		x = (x + u) ^ (x >> 3)
		y = (y ^ u) + (y - 9)
		z = (z + u) ^ (z | 5)
		w = (w ^ u) + (w & 0x7ff)
		x = (x + u) ^ (x >> 3)
		y = (y ^ u) + (y - 9)
		z = (z + u) ^ (z | 5)
		w = (w ^ u) + (w & 0x7ff)
	}
	sinkU64 = x + y + z + w
}

func intOps48(n int) {
	x, y, z, w := uint64(n), uint64(sinkSmall), uint64(3), uint64(5)
	for i := 0; i < n; i++ {
		u := uint64(i)
		x = (x + u) ^ (x >> 3)
		y = (y ^ u) + (y - 9)
		z = (z + u) ^ (z | 5)
		w = (w ^ u) + (w & 0x7ff)
		x = (x + u) ^ (x >> 3)
		y = (y ^ u) + (y - 9)
		z = (z + u) ^ (z | 5)
		w = (w ^ u) + (w & 0x7ff)
		x = (x + u) ^ (x >> 3)
		y = (y ^ u) + (y - 9)
		z = (z + u) ^ (z | 5)
		w = (w ^ u) + (w & 0x7ff)
		x = (x + u) ^ (x >> 3)
		y = (y ^ u) + (y - 9)
		z = (z + u) ^ (z | 5)
		w = (w ^ u) + (w & 0x7ff)
	}
	sinkU64 = x + y + z + w
}

// intChain is one dependency chain of integer ops: a probe of how much
// slower than the point estimate dependent ALU work runs (3 ops per
// statement, 8 statements).
func intChain(n int) {
	x := uint64(n)
	for i := 0; i < n; i++ {
		u := uint64(i)
		x = (x + u) ^ (x >> 3)
		x = (x + u) ^ (x >> 3)
		x = (x + u) ^ (x >> 3)
		x = (x + u) ^ (x >> 3)
		x = (x + u) ^ (x >> 3)
		x = (x + u) ^ (x >> 3)
		x = (x + u) ^ (x >> 3)
		x = (x + u) ^ (x >> 3)
	}
	sinkU64 = x
}

// Multiplies: two chains of x = x*k + u.
func mul4(n int) {
	k := varMulK
	x, y := uint64(n), uint64(1)
	for i := 0; i < n; i++ {
		u := uint64(i)
		x = x*k + u
		y = y*k + u
		x = x*k + u
		y = y*k + u
	}
	sinkU64 = x + y
}

func mul8(n int) {
	k := varMulK
	x, y := uint64(n), uint64(1)
	for i := 0; i < n; i++ {
		u := uint64(i)
		x = x*k + u
		y = y*k + u
		x = x*k + u
		y = y*k + u
		x = x*k + u
		y = y*k + u
		x = x*k + u
		y = y*k + u
	}
	sinkU64 = x + y
}

// Unsigned divides by a divisor unknown at compile time.
func div2(n int) {
	d := varDivD
	x := uint64(1) << 40
	for i := 0; i < n; i++ {
		u := uint64(i) << 20
		x = (x + u) / d
		x = (x + u) / d
	}
	sinkU64 = x
}

func div4(n int) {
	d := varDivD
	x := uint64(1) << 40
	for i := 0; i < n; i++ {
		u := uint64(i) << 20
		x = (x + u) / d
		x = (x + u) / d
		x = (x + u) / d
		x = (x + u) / d
	}
	sinkU64 = x
}

// Floating point: two chains of f = f*a + b (no FMA at GOAMD64=v1..v2).
func float8(n int) {
	a, b := varFA, varFB
	f, g := float64(n), 1.0
	for i := 0; i < n; i++ {
		f = f*a + b
		g = g*a + b
		f = f*a + b
		g = g*a + b
	}
	sinkF64 = f + g
}

func float16(n int) {
	a, b := varFA, varFB
	f, g := float64(n), 1.0
	for i := 0; i < n; i++ {
		f = f*a + b
		g = g*a + b
		f = f*a + b
		g = g*a + b
		f = f*a + b
		g = g*a + b
		f = f*a + b
		g = g*a + b
	}
	sinkF64 = f + g
}

// Floating-point divides: f = b / (f + a).
func fdiv2(n int) {
	a, b := varFA, varFB
	f := 1.0
	for i := 0; i < n; i++ {
		f = b / (f + a)
		f = b / (f + a)
	}
	sinkF64 = f
}

func fdiv4(n int) {
	a, b := varFA, varFB
	f := 1.0
	for i := 0; i < n; i++ {
		f = b / (f + a)
		f = b / (f + a)
		f = b / (f + a)
		f = b / (f + a)
	}
	sinkF64 = f
}

// Loads from an L1-resident array.
func load4(n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		s += arr[i&arrMask]
		s += arr[(i+8)&arrMask]
		s += arr[(i+16)&arrMask]
		s += arr[(i+24)&arrMask]
	}
	sinkInt = s
}

func load8(n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		s += arr[i&arrMask]
		s += arr[(i+8)&arrMask]
		s += arr[(i+16)&arrMask]
		s += arr[(i+24)&arrMask]
		s += arr[(i+32)&arrMask]
		s += arr[(i+40)&arrMask]
		s += arr[(i+48)&arrMask]
		s += arr[(i+56)&arrMask]
	}
	sinkInt = s
}

// Stores to an L1-resident array.
func store4(n int) {
	for i := 0; i < n; i++ {
		arr[i&arrMask] = i
		arr[(i+8)&arrMask] = i
		arr[(i+16)&arrMask] = i
		arr[(i+24)&arrMask] = i
	}
}

func store8(n int) {
	for i := 0; i < n; i++ {
		arr[i&arrMask] = i
		arr[(i+8)&arrMask] = i
		arr[(i+16)&arrMask] = i
		arr[(i+24)&arrMask] = i
		arr[(i+32)&arrMask] = i
		arr[(i+40)&arrMask] = i
		arr[(i+48)&arrMask] = i
		arr[(i+56)&arrMask] = i
	}
}

// Conditional branches over a pattern; the body stores, so the compiler
// cannot turn the branch into a conditional move.
func branchesOver4(pat *[arrMask + 1]byte, n int) {
	for i := 0; i < n; i++ {
		if pat[i&arrMask] != 0 {
			hits[0] = i
		}
		if pat[(i+1)&arrMask] != 0 {
			hits[1] = i
		}
		if pat[(i+2)&arrMask] != 0 {
			hits[2] = i
		}
		if pat[(i+3)&arrMask] != 0 {
			hits[3] = i
		}
	}
}

func branchesOver8(pat *[arrMask + 1]byte, n int) {
	for i := 0; i < n; i++ {
		if pat[i&arrMask] != 0 {
			hits[0] = i
		}
		if pat[(i+1)&arrMask] != 0 {
			hits[1] = i
		}
		if pat[(i+2)&arrMask] != 0 {
			hits[2] = i
		}
		if pat[(i+3)&arrMask] != 0 {
			hits[3] = i
		}
		if pat[(i+4)&arrMask] != 0 {
			hits[4] = i
		}
		if pat[(i+5)&arrMask] != 0 {
			hits[5] = i
		}
		if pat[(i+6)&arrMask] != 0 {
			hits[6] = i
		}
		if pat[(i+7)&arrMask] != 0 {
			hits[7] = i
		}
	}
}

// Bounds-checked indexing: the index comes from memory, k accesses per
// iteration. Both variants run this one loop with k read at run time, for
// the reason given at appendK: written out as two functions, the compiler
// scheduled them differently (it merged i+1 with the loop increment in one
// and not the other) and boundscheck/4 took 1.67 times boundscheck/2, so
// that each predicted the other 12-16% off. Per access: i+j, the mask, two
// loads, the check, the add to s, and the inner loop's increment, compare
// and branch; per iteration one more compare and branch to leave it.
//
//go:noinline
func boundsK(k, n int) {
	s, a := sinkSmall, slc
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			s += a[idx[(i+j)&arrMask]]
		}
	}
	sinkInt = s
}

// Pointer dereferences that need a nil check.
func nil2(n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		s += ptrs[i&arrMask].v
		s += ptrs[(i+1)&arrMask].v
	}
	sinkInt = s
}

func nil4(n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		s += ptrs[i&arrMask].v
		s += ptrs[(i+1)&arrMask].v
		s += ptrs[(i+2)&arrMask].v
		s += ptrs[(i+3)&arrMask].v
	}
	sinkInt = s
}

// Static calls that are not inlined, to a callee with a small body: calls
// packed back to back with nothing between them run disproportionately
// slowly on Intel cores (the return-address stack and the stack-pointer
// tracker are stressed), which no per-operation cost can express. Nor is
// the cost per call the same for every number of calls per iteration: with
// one or two calls (chained through s) it is about 0.9-1.0 ns here, with
// four or eight about 1.3-1.5 ns (quiet machine, quantile 0.25 of 40
// samples: 1 call 1.45 ns, 2 2.53, 4 6.96, 8 12.2). The old pair, call/2
// and call/4, straddled that step, so each predicted the other 30-45% off
// whatever the constants; call/4 and call/8 are both past it. The
// compiler spills i across the calls: one store per iteration and a reload
// after each call but the last, plus a reload of n (counted in suite.go).
func call4(n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		s = mix(s, i)
		s = mix(s, i)
		s = mix(s, i)
		s = mix(s, i)
	}
	sinkInt = s
}

func call8(n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		s = mix(s, i)
		s = mix(s, i)
		s = mix(s, i)
		s = mix(s, i)
		s = mix(s, i)
		s = mix(s, i)
		s = mix(s, i)
		s = mix(s, i)
	}
	sinkInt = s
}

// Interface method calls (two receivers of one concrete type).
func icall2(n int) {
	s := sinkSmall
	a, b := ifaceVal[0], ifaceVal[1]
	for i := 0; i < n; i++ {
		s += a.area()
		s += b.area()
	}
	sinkInt = s
}

func icall4(n int) {
	s := sinkSmall
	a, b := ifaceVal[0], ifaceVal[1]
	for i := 0; i < n; i++ {
		s += a.area()
		s += b.area()
		s += a.area()
		s += b.area()
	}
	sinkInt = s
}

// Closure calls through a function value.
func ccall2(n int) {
	s, f := sinkSmall, fnVal
	for i := 0; i < n; i++ {
		s = f(s)
		s = f(s)
	}
	sinkInt = s
}

func ccall4(n int) {
	s, f := sinkSmall, fnVal
	for i := 0; i < n; i++ {
		s = f(s)
		s = f(s)
		s = f(s)
		s = f(s)
	}
	sinkInt = s
}

// Map lookups, assignments, deletes and iteration.
func mapRead1(n int) {
	s, m := sinkSmall, mapInt
	for i := 0; i < n; i++ {
		s += m[i&arrMask]
	}
	sinkInt = s
}

func mapRead2(n int) {
	s, m := sinkSmall, mapInt
	for i := 0; i < n; i++ {
		s += m[i&arrMask]
		s += m[(i+500)&arrMask]
	}
	sinkInt = s
}

func mapWrite1(n int) {
	m := mapInt
	for i := 0; i < n; i++ {
		m[i&arrMask] = i
	}
}

func mapWrite2(n int) {
	m := mapInt
	for i := 0; i < n; i++ {
		m[i&arrMask] = i
		m[(i+500)&arrMask] = i
	}
}

func mapDelete1(n int) {
	m := mapDel
	for i := 0; i < n; i++ {
		k := i & arrMask
		delete(m, k)
		m[k] = i
	}
}

func mapDelete2(n int) {
	m := mapDel
	for i := 0; i < n; i++ {
		k := i & arrMask
		delete(m, k)
		m[k] = i
		k2 := (i + 500) & arrMask
		delete(m, k2)
		m[k2] = i
	}
}

func mapIter(m map[int]int, n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		for k, v := range m {
			s += k ^ v
		}
	}
	sinkInt = s
}

// Channel operations on a buffered channel, no other goroutine involved.
func chan1(n int) {
	c := ch1
	s := sinkSmall
	for i := 0; i < n; i++ {
		c <- i
		s += <-c
	}
	sinkInt = s
}

func chan2(n int) {
	c := ch1
	s := sinkSmall
	for i := 0; i < n; i++ {
		c <- i
		s += <-c
		c <- i
		s += <-c
	}
	sinkInt = s
}

// Two-case selects with one case ready.
func select1(n int) {
	c, nv := ch1, never
	s := sinkSmall
	for i := 0; i < n; i++ {
		select {
		case c <- i:
		case <-nv:
		}
		s += <-c
	}
	sinkInt = s
}

func select2(n int) {
	c, nv := ch4, never
	s := sinkSmall
	for i := 0; i < n; i++ {
		select {
		case c <- i:
		case <-nv:
		}
		select {
		case c <- i:
		case <-nv:
		}
		s += <-c
		s += <-c
	}
	sinkInt = s
}

//go:noinline
func withDefer1(p *int) {
	defer bump(p)
	*p += 2
}

//go:noinline
func withDefer2(p *int) {
	defer bump(p)
	defer bump(p)
	*p += 2
}

// The defer kernels work on eight slots in turn, so that consecutive calls
// do not form one chain through memory (each would wait for the previous
// store to forward), which would make the cost depend on how many calls an
// iteration makes rather than on the calls.
var deferSlots [8]int

// Each withDefer1 makes two calls (itself and the deferred bump), so defer2
// makes four per iteration and defer4 eight: both are past the step in the
// cost per call that call4 describes. A one-call variant (two calls per
// iteration) ran at 3.5 ns against 8.5 ns for defer2, 2.4 times as much
// for twice the work, and the pair predicted each other 19-24% off.
func defer2(n int) {
	for i := 0; i < n; i++ {
		withDefer1(&deferSlots[i&7])
		withDefer1(&deferSlots[(i+4)&7])
	}
}

func defer4(n int) {
	for i := 0; i < n; i++ {
		withDefer1(&deferSlots[i&7])
		withDefer1(&deferSlots[(i+2)&7])
		withDefer1(&deferSlots[(i+4)&7])
		withDefer1(&deferSlots[(i+6)&7])
	}
}

// deferPair calls a function with two defers: the second open-coded defer
// in one function costs more than the first (more exit code), which a
// per-defer constant cannot express, so it is reported, not fitted.
func deferPair(n int) {
	for i := 0; i < n; i++ {
		withDefer2(&deferSlots[i&7])
	}
}

func done() { wg.Done() }

// Goroutine creation: start goroutines that exit at once, waiting for a
// batch of them every `batch` iterations.
func goBatch(batch int, n int) {
	for i := 0; i < n; i++ {
		wg.Add(1)
		go done()
		if i%batch == batch-1 {
			wg.Wait()
		}
	}
	wg.Wait()
}

// Type assertions to a concrete type, k per iteration, in one loop with k
// read at run time (see appendK): the two written-out kernels predicted each
// other 11-14% off. Per assertion: i+j and the mask, the interface's two
// words, the type compare and its branch, the nil-checked load of r.w, the
// add to s, the jump back the compiler places after it, and the inner
// loop's increment, compare and branch; per iteration one more compare and
// branch to leave the inner loop.
//
//go:noinline
func assertK(k, n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			if r, ok := anyVal[(i+j)&63].(*rect); ok {
				s += r.w
			}
		}
	}
	sinkInt = s
}

// Conversions of a pointer to an interface (no allocation).
func iconv2(n int) {
	for i := 0; i < n; i++ {
		sinkAny = ptrs[i&arrMask]
		sinkAny = ptrs[(i+1)&arrMask]
	}
}

func iconv4(n int) {
	for i := 0; i < n; i++ {
		sinkAny = ptrs[i&arrMask]
		sinkAny = ptrs[(i+1)&arrMask]
		sinkAny = ptrs[(i+2)&arrMask]
		sinkAny = ptrs[(i+3)&arrMask]
	}
}

// String concatenation (allocates the result).
func concat32(n int) {
	a, b := str32a, str32b
	for i := 0; i < n; i++ {
		sinkString = a + b
	}
}

func concat24(n int) {
	a, b := str24a, str24b
	for i := 0; i < n; i++ {
		sinkString = a + b
	}
}

// []byte -> string conversions (allocate the string).
func strconv64(n int) {
	b := bytes64
	for i := 0; i < n; i++ {
		sinkString = string(b)
	}
}

func strconv48(n int) {
	b := bytes48
	for i := 0; i < n; i++ {
		sinkString = string(b)
	}
}

// Appends within capacity to a slice whose length the compiler cannot
// track (it restarts at a length read from memory each iteration), k per
// iteration. Both variants run this one loop, with k read at run time: as
// two functions with the appends written out, they differed in code layout
// (the compiler puts each growslice call inside the loop, so every append
// is a taken branch over it), and unrelated edits elsewhere in the package
// moved the pair between append/4 costing 1.3 and 2.1 times append/2, so
// that each predicted the other up to 35% off.
//
// Besides the appends, each iteration does what the generated code shows
// (go tool objdump): loads of buf's pointer and capacity, of sinkSmall and
// of the write-barrier flag, a bounds check of the reslice, and three word
// stores (with the write-barrier branch) for sinkBytes; each append also
// runs the inner loop's increment, compare and branch, and the add i+j.
//
//go:noinline
func appendK(k, n int) {
	for i := 0; i < n; i++ {
		b := buf[:sinkSmall]
		for j := 0; j < k; j++ {
			b = append(b, byte(i+j))
		}
		sinkBytes = b
	}
}

// copyMix copies each of sizes once per iteration. Go's memmove takes a
// different path for each size range (up to 16, 32, 64, 128, 256 bytes,
// then vector loops), so its cost per byte is a step function; a mix of
// sizes per benchmark measures the average a program with varied copies
// sees, which is what one per-byte constant can represent.
func copyMix(sizes []int, n int) {
	d, s := dst, src
	for i := 0; i < n; i++ {
		for _, k := range sizes {
			copy(d[:k], s[:k])
		}
	}
}

// make of a pointer slice of non-constant length (allocates).
func make8(n int) {
	k := varMakeN
	for i := 0; i < n; i++ {
		sinkPtrs = make([]*int, k)
	}
}

func make6(n int) {
	k := varMakeN2
	for i := 0; i < n; i++ {
		sinkPtrs = make([]*int, k)
	}
}

// Heap allocations: each iteration allocates one pointer-holding object
// and one pointer-free object of the same size, so the malloc curve is the
// average of the two kinds (pointer-free objects skip the heap bitmap, and
// those under 16 bytes share blocks in the tiny allocator), as a program
// with both structs and byte slices or strings sees.
//
// The two kinds come in runs of allocPairsRun objects, so that consecutive
// allocations come from one span, as in a loop building one kind of value.
func allocPairs[S, B any](k int, ps **S, pb **B) func(int) {
	return func(n int) {
		for i := 0; i < n; i++ {
			for range k * allocPairsRun {
				*ps = new(S)
			}
			for range k * allocPairsRun {
				*pb = new(B)
			}
		}
	}
}

// allocPairsRun is how many objects of one kind an allocation kernel
// allocates in a row.
const allocPairsRun = 4

var (
	sinkS8     *[1]*int
	sinkB8     *[8]byte
	sinkS16a   *[2]*int
	sinkB16    *[16]byte
	sinkS48a   *[6]*int
	sinkB48    *[48]byte
	sinkS64a   *[8]*int
	sinkB64    *[64]byte
	sinkS384   *[48]*int
	sinkB384   *[384]byte
	sinkS512   *[64]*int
	sinkB512   *[512]byte
	sinkS3072  *[384]*int
	sinkB3072  *[3072]byte
	sinkS4096  *[512]*int
	sinkB4096  *[4096]byte
	sinkS24576 *[3072]*int
	sinkB24576 *[24576]byte
	sinkS32768 *[4096]*int
	sinkB32768 *[32768]byte
)

// allocKernels maps an object size to a kernel allocating k pairs of that
// size per iteration.
func allocKernel(size, k int) func(int) {
	switch size {
	case 8:
		return allocPairs(k, &sinkS8, &sinkB8)
	case 16:
		return allocPairs(k, &sinkS16a, &sinkB16)
	case 48:
		return allocPairs(k, &sinkS48a, &sinkB48)
	case 64:
		return allocPairs(k, &sinkS64a, &sinkB64)
	case 384:
		return allocPairs(k, &sinkS384, &sinkB384)
	case 512:
		return allocPairs(k, &sinkS512, &sinkB512)
	case 3072:
		return allocPairs(k, &sinkS3072, &sinkB3072)
	case 4096:
		return allocPairs(k, &sinkS4096, &sinkB4096)
	case 24576:
		return allocPairs(k, &sinkS24576, &sinkB24576)
	case 32768:
		return allocPairs(k, &sinkS32768, &sinkB32768)
	}
	panic("calibrate: no allocation kernel for this size")
}

// System calls.
func getpid1(n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		s += syscall.Getpid()
	}
	sinkInt = s
}

func getpid2(n int) {
	s := sinkSmall
	for i := 0; i < n; i++ {
		s += syscall.Getpid()
		s += syscall.Getpid()
	}
	sinkInt = s
}

func goBatch2(n int) {
	for i := 0; i < n; i++ {
		wg.Add(2)
		go done()
		go done()
		if i%32 == 31 {
			wg.Wait()
		}
	}
	wg.Wait()
}

// counters are atomic counters in cache lines of their own, as a mutex's
// state word and a reference count would be.
var counters [2]struct {
	v int64
	_ [56]byte
}

// atomic1 runs one atomic add (LOCK XADD) per iteration; atomic2 two, on
// separate lines: locked operations do not overlap each other.
func atomic1(n int) {
	c := &counters[0].v
	for i := 0; i < n; i++ {
		atomic.AddInt64(c, 1)
	}
}

func atomic2(n int) {
	a, b := &counters[0].v, &counters[1].v
	for i := 0; i < n; i++ {
		atomic.AddInt64(a, 1)
		atomic.AddInt64(b, 1)
	}
}
