package predict

import (
	"fmt"
	"go/types"
	"math"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/analyzer/interp"
	"github.com/perfcast/perfcast/analyzer/sizeclass"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Interpreted benchmarks. A benchmark whose inputs are constants does work
// that its inputs decide: a pattern compiled, a version parsed, a set
// filled with n keys. Its summary can only weigh branches by static odds
// and take unknown lengths at a default; running its code on the inputs
// (analyzer/interp) shows the branches taken and the lengths reached. The
// run is priced with the analyzer's own rules (analyzer.Pricer) and turned
// into a summary linear in b.N, which Evaluate then treats like any other:
// the malloc curve, the collector, the working set and go test's b.N ramp
// apply unchanged. A benchmark the interpreter cannot run (a goroutine, a
// std function outside its registry, a setup beyond its budget) keeps its
// static prediction.

// interpBudget bounds the instructions one run of a benchmark may execute
// (setup included), and interpGoal the instructions at which the b.N
// doubling stops: enough operations that the average is the mean of many
// inputs, few enough that a package's benchmarks run in seconds. interpMaxN
// caps the doubling for cheap operations: high enough that what changes
// with the loop counter shows at go test's b.N (orderedmap formats i as a
// key, which allocates from 100 on; at 64 operations it never did, and
// random inputs average out over 256), low enough that a package's runs,
// whose measured native calls each stop the world to read the allocation
// statistics, stay within a minute or two.
const (
	interpBudget = 5_000_000
	interpGoal   = 100_000
	interpMaxN   = 256
	// interpSpend bounds the instructions of all runs of one benchmark:
	// the doubling stops early when setup dominates each run.
	interpSpend = 12_000_000
	// interpProbeN and interpProbeSpend bound the doubling past
	// interpMaxN for a timed loop that keeps a map key per operation (a
	// cache filled, a set grown): what it costs at go test's b.N of
	// hundreds of thousands is its cost once the structure is full, an
	// eviction and a new entry per miss, not the insertions into a
	// growing table that 256 operations show (golang-lru's 8192-entry
	// cache).
	interpProbeN     = 1 << 16
	interpProbeSpend = 60_000_000
)

// interpreter runs the benchmarks of one analysis.
type interpreter struct {
	res   *analyzer.Result
	sizes types.Sizes
	// by package ID: one interpreter per test binary, as go test runs all of
	// a package's benchmarks in one process (package state carries over).
	runs   map[*ssa.Package]*interpRun
	nextGC uint64 // the heap size at which collect collects
	procs  int    // the GOMAXPROCS the benchmarks run with
}

type interpRun struct {
	in  *interp.Interp
	obs *traceObserver
}

// The std code run natively has its allocations measured (pools included:
// fmt's printers, regexp's machines), and a collection empties
// sync.Pools: one at a moment that varies from run to run would make the
// same benchmark allocate differently. So the collector is off while
// benchmarks are interpreted (start) and collects only between benchmarks,
// when the heap has grown by interpGCStep since the last collection, a
// point that depends on what was interpreted only.
const interpGCStep = 1 << 30

// start turns the collector off for the interpretation and returns what
// restores it.
func (it *interpreter) start() (restore func()) {
	// One P: sync.Pool keeps objects per P, and a goroutine that moves
	// between Ps finds a pool empty or not as the scheduler decides, so
	// that measured std calls (fmt's printers, regexp's machines)
	// allocated more or less from run to run.
	procs := runtime.GOMAXPROCS(1)
	gc := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(max(limit, 4<<30)) // room for interpGCStep over the live heap
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	it.nextGC = ms.HeapAlloc + interpGCStep
	return func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(gc)
		runtime.GOMAXPROCS(procs)
	}
}

// collect runs the collector between benchmarks when the heap has grown
// by interpGCStep since the last collection.
func (it *interpreter) collect() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc < it.nextGC {
		return
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	it.nextGC = ms.HeapAlloc + interpGCStep
}

// benchFunc finds the top-level benchmark function of b and the path of
// sub-benchmark names below it.
func (it *interpreter) benchFunc(b Benchmark) (*ssa.Function, []string, bool) {
	parts := strings.Split(b.Name, "/")
	keys := make([]string, 0, len(it.res.SSAPackages))
	for k := range it.res.SSAPackages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, id := range keys {
		sp := it.res.SSAPackages[id]
		path := sp.Pkg.Path()
		if path != b.Pkg && path != b.Pkg+"_test" {
			continue
		}
		if fn := sp.Func(parts[0]); fn != nil {
			return fn, parts[1:], true
		}
	}
	return nil, nil, false
}

// run interprets b and returns the summary its run gives, or why not.
func (it *interpreter) run(b Benchmark, static *analyzer.Summary) (*analyzer.Summary, float64, error) {
	fn, sub, ok := it.benchFunc(b)
	if !ok {
		return nil, 0, fmt.Errorf("benchmark function not found")
	}
	r := it.runs[fn.Pkg]
	if r == nil {
		obs := &traceObserver{pricer: it.res.Pricer}
		cfg := interp.Config{Budget: interpBudget, Observer: obs, Setup: setupObserver{obs}, Sizes: it.sizes, Seed: 1, Procs: it.procs}
		r = &interpRun{in: interp.New(it.res.Program, cfg), obs: obs}
		obs.in = r.in
		it.runs[fn.Pkg] = r
	}
	it.collect()
	type point struct {
		n int
		t tally
	}
	var pts []point
	spent := int64(0)
	for n := 1; n <= interpMaxN; n *= 2 {
		r.obs.start()
		if err := r.in.RunBenchmark(fn, sub, n); err != nil {
			return nil, 0, err
		}
		if r.obs.err != nil {
			return nil, 0, r.obs.err
		}
		spent += r.in.Steps()
		pts = append(pts, point{n, r.obs.timed})
		if len(pts) >= 4 && (r.obs.timed.instrs >= interpGoal || spent >= interpSpend) {
			break
		}
	}
	if len(pts) < 4 {
		return nil, 0, fmt.Errorf("one operation runs more than %d instructions", interpGoal/4)
	}
	// A map the timed loop fills, a key per operation, is doubled on until
	// it stops growing and one more doubling runs with it full.
	probed := false
	for k := len(pts); pts[k-1].n >= interpMaxN && pts[k-1].n < interpProbeN && keysGrow(pts[k-3].t, pts[k-2].t, pts[k-1].t, pts[k-1].n); k = len(pts) {
		last := r.in.Steps()
		if spent+2*last > interpProbeSpend {
			break
		}
		n := 2 * pts[k-1].n
		r.obs.start()
		r.in.SetBudget(interpProbeSpend - spent)
		err := r.in.RunBenchmark(fn, sub, n)
		r.in.SetBudget(interpBudget)
		spent += r.in.Steps()
		if err != nil || r.obs.err != nil {
			break // the doublings so far stand
		}
		pts = append(pts, point{n, r.obs.timed})
		probed = true
	}
	// The cost per operation between successive doublings of b.N.
	k := len(pts)
	step := func(i int) tally {
		return pts[i].t.sub(pts[i-1].t).scale(1 / float64(pts[i].n-pts[i-1].n))
	}
	per, prev, prev2 := step(k-1), step(k-2), step(k-3)
	// Measured native calls count the process's allocations, and a
	// goroutine of the process other than the run's (os/exec's, the
	// test framework's) may allocate during one: an extra object in the
	// run at n lowers the last step by 1/n, and go test's truncation
	// prints 5 for 5.97. Allocations per operation are the median of
	// the last three steps, which one such object does not move. A
	// probed run's last step is the full structure's and stands alone
	// (its n makes one stray object negligible).
	if !probed {
		per.allocs = median3(per.allocs, prev.allocs, prev2.allocs)
		per.bytes = median3(per.bytes, prev.bytes, prev2.bytes)
	}
	if per.work() <= 0 {
		return nil, 0, fmt.Errorf("no work per operation")
	}
	// An operation that costs more as b.N grows (a structure the timed
	// loop keeps growing: a tree's depth, a slice's copies) is not what a
	// few hundred operations show at go test's b.N: the summary's
	// expressions over b.N are. Random inputs make successive averages
	// differ both ways; a steady rise is growth. A map probed until full
	// rose while it filled; its last step is the full map's.
	full := probed && !grew(pts[k-2].t, pts[k-1].t)
	w0, w1, w2 := prev2.work(), prev.work(), per.work()
	var quad *tally
	if !full && ((w2 > w1*1.02 && w1 > w0*1.02 && w2 > w0*1.08) || w2 > 1.3*w1 || w2 < w1/1.3) {
		// An operation over a structure setup sized by b.N (a set of
		// b.N random keys copied out at each operation) costs a + q·b.N:
		// a run of n, n·a + q·n². Go test's ramp then settles on a b.N
		// of its own, which Evaluate finds from the summary.
		a, q, ok := tally{}, tally{}, false
		if k >= 5 && !probed {
			a, q, ok = quadFit(pts[k-5].n, pts[k-4].n, pts[k-3].n, pts[k-2].n, pts[k-1].n, step(k-4), prev2, prev, step(k-1))
		}
		if !ok {
			return nil, 0, fmt.Errorf("cost per operation changes with b.N (%.4g, %.4g, %.4g operations)", w0, w1, w2)
		}
		per, quad = a, &q
	}
	c := pts[k-2]
	n := float64(c.n)
	fixed := c.t.sub(per.scale(n))
	if quad != nil {
		fixed = fixed.sub(quad.scale(n * n))
	}
	sum := interpSummary(b, static, fixed, per, c.t.setupBytes, quad)
	sum.Notes = append(sum.Notes, siteNotes(per.sites)...)
	// A map the timed loop fills, still growing at the last run, keeps
	// about half of what its growth allocated: each doubling or split
	// leaves the arrays it replaced behind.
	live := 0.0
	if !full && quad == nil && fills(pts[k-2].t, pts[k-1].t, pts[k-1].n) {
		live = per.mapBytes / 2
	}
	return sum, live, nil
}

// keysGrow reports whether the doubling goes on past the run at n: the
// timed loop fills a map (fills) at interpMaxN, and past it the map grew up
// to the run at n, or stopped growing only at that run, so that one more
// doubling sees it full. A map that each operation builds anew has as many
// keys at every n.
func keysGrow(t0, t1, t2 tally, n int) bool {
	if n == interpMaxN {
		return fills(t1, t2, n)
	}
	return grew(t1, t2) || grew(t0, t1)
}

// fills reports whether the timed loop's largest map holds about a key per
// operation at the run at n (at least n/4 keys) and grew since the run
// before.
func fills(t1, t2 tally, n int) bool {
	return t2.mapKeys >= float64(n)/4 && grew(t1, t2)
}

// grew reports whether the largest map of the run t2 has half as many keys
// again as that of the run t1.
func grew(t1, t2 tally) bool {
	return t2.mapKeys > 0 && t2.mapKeys >= 1.5*t1.mapKeys
}

// median3 is the median of three numbers.
func median3(a, b, c float64) float64 {
	return max(min(a, b), min(max(a, b), c))
}

// quadFit fits the steps of five runs of b.N = n0 < … < n4 (s1 … s4: the
// cost per operation between successive runs) with a run of n costing
// n·a + q·n², whose step from m to n is a + q·(m + n): q from the last two
// steps, checked against the two before (each within 10% of its work), and
// only where the growth is most of the last step (q·(n4+n3) at least
// half of it): random inputs (a table of ranges cycled through) make a
// few successive averages rise by chance, by a few percent, and a
// quadratic extrapolated from that to go test's b.N is far off. A count
// that does not grow (q < 0 from noise: the allocations of a copy whose
// size grows) keeps the last step as its a.
func quadFit(n0, n1, n2, n3, n4 int, s1, s2, s3, s4 tally) (a, q tally, ok bool) {
	q = s4.sub(s3).scale(1 / float64(n4-n2))
	if q.work() <= 0 || q.work()*float64(n4+n3) < 0.5*s4.work() {
		return tally{}, tally{}, false
	}
	for _, c := range []struct {
		s    tally
		back int
	}{{s2, n3 - n1}, {s1, n3 - n1 + n2 - n0}} {
		want := s3.sub(q.scale(float64(c.back)))
		if math.Abs(want.work()-c.s.work()) > 0.1*c.s.work() {
			return tally{}, tally{}, false
		}
	}
	a = s4.sub(q.scale(float64(n4 + n3)))
	clamp := func(qv, av *float64, last float64) {
		if *qv < 0 {
			*qv, *av = 0, last
		}
		if *av < 0 {
			*av = 0
		}
	}
	for c := range q.ops {
		qv, av := q.ops[c], a.ops[c]
		clamp(&qv, &av, s4.ops[c])
		q.ops[c], a.ops[c] = qv, av
	}
	clamp(&q.allocs, &a.allocs, s4.allocs)
	clamp(&q.bytes, &a.bytes, s4.bytes)
	clamp(&q.instrs, &a.instrs, s4.instrs)
	clamp(&q.mapBytes, &a.mapBytes, s4.mapBytes)
	a.sites = s4.sites
	return a, q, true
}

// interpSummary is the summary of a run: fixed + per·b.N for each count,
// plus quad·b.N² when quad is not nil (quadFit).
func interpSummary(b Benchmark, static *analyzer.Summary, fixed, per tally, setupBytes float64, quad *tally) *analyzer.Summary {
	nVar := b.B + ".N"
	var q tally
	if quad != nil {
		q = *quad
	}
	n2 := expr.Mul(expr.Var(nVar), expr.Var(nVar))
	// f + p·b.N (+ q·b.N² where the cost per operation grows).
	lin := func(f, p, q float64) expr.Expr {
		e := expr.Add(expr.Const(math.Max(f, 0)), expr.Scale(expr.Var(nVar), p))
		if q > 0 {
			e = expr.Add(e, expr.Scale(n2, q))
		}
		return e
	}
	s := *static
	s.CPU = nil
	classes := make([]manifest.OpClass, 0, len(per.ops))
	for c := range per.ops {
		classes = append(classes, c)
	}
	for c := range fixed.ops {
		if _, ok := per.ops[c]; !ok {
			classes = append(classes, c)
		}
	}
	slices.Sort(classes)
	for _, c := range classes {
		if per.ops[c] == 0 && fixed.ops[c] <= 0 {
			continue
		}
		s.CPU = append(s.CPU, analyzer.OpCount{Class: c, Count: lin(fixed.ops[c], per.ops[c], q.ops[c])})
	}
	s.AllocCount = lin(fixed.allocs, per.allocs, q.allocs)
	s.AllocBytes = lin(fixed.bytes, per.bytes, q.bytes)
	s.UntimedBytes = nil
	if setupBytes > 0 {
		u := expr.Const(setupBytes)
		s.UntimedBytes = &u
	}
	s.Vars = slices.Clone(static.Vars)
	if !slices.ContainsFunc(s.Vars, func(v manifest.Var) bool { return v.Name == nVar }) {
		s.Vars = append(s.Vars, manifest.Var{Name: nVar, Default: 1, Origin: "parameter"})
		slices.SortFunc(s.Vars, func(a, b manifest.Var) int { return strings.Compare(a.Name, b.Name) })
	}
	s.Confidence = manifest.Exact
	s.Notes = []string{"interpreted: counts from running the benchmark's code on its inputs"}
	return &s
}

// tally is what the observer has counted.
type tally struct {
	ops           map[manifest.OpClass]float64
	sites         map[string]float64 // heap objects by where they are allocated
	allocs, bytes float64
	instrs        float64
	setupBytes    float64 // heap allocated before the last reset (b.ResetTimer, b.Loop)
	mapKeys       float64 // the most keys a map reached by an insertion since the reset
	mapBytes      float64 // what maps' growth allocated (part of bytes)
}

func (t tally) sub(u tally) tally {
	out := tally{ops: map[manifest.OpClass]float64{}, sites: map[string]float64{}, allocs: t.allocs - u.allocs, bytes: t.bytes - u.bytes, instrs: t.instrs - u.instrs, mapBytes: t.mapBytes - u.mapBytes}
	for c, v := range t.ops {
		out.ops[c] = v - u.ops[c]
	}
	for k, v := range t.sites {
		out.sites[k] = v - u.sites[k]
	}
	for c, v := range u.ops {
		if _, ok := t.ops[c]; !ok {
			out.ops[c] = -v
		}
	}
	return out
}

func (t tally) scale(k float64) tally {
	out := tally{ops: map[manifest.OpClass]float64{}, sites: map[string]float64{}, allocs: t.allocs * k, bytes: t.bytes * k, instrs: t.instrs * k, mapBytes: t.mapBytes * k}
	for c, v := range t.ops {
		out.ops[c] = v * k
	}
	for s, v := range t.sites {
		out.sites[s] = v * k
	}
	return out
}

// work is a scalar of the operations, to compare two tallies.
func (t tally) work() float64 {
	w := 0.0
	for _, v := range t.ops {
		w += v
	}
	return w + 20*t.allocs
}

// traceObserver prices the events of a run (interp.Observer) as they come.
type traceObserver struct {
	pricer   *analyzer.Pricer
	in       *interp.Interp         // the run it observes, for the stack of calls behind an allocation
	callers  []ssa.CallInstruction  // heapAlloc's buffer for that stack
	measured map[*ssa.Function]bool // natives whose allocations are measured
	// onStack is, per call of a measured native, what gc's inlined copy
	// of the callee keeps on the stack (Pricer.InlinedStack), set by
	// Native before the call and taken off NativeAllocs' measurement.
	onStack map[ssa.CallInstruction][2]float64
	branch  branchSim
	timed   tally // since the last reset
	err     error // the first pricing failure
}

func (o *traceObserver) start() {
	o.timed = tally{ops: map[manifest.OpClass]float64{}, sites: map[string]float64{}}
	o.err = nil
}

// Reset discards what the run reported so far: go test does not measure
// what runs before b.ResetTimer or the first b.Loop. Its heap is setup,
// live while the timed loop runs.
func (o *traceObserver) Reset() {
	setup := o.timed.setupBytes + o.timed.bytes
	o.timed = tally{ops: map[manifest.OpClass]float64{}, sites: map[string]float64{}, setupBytes: setup}
}

// Block adds the operations of an entered block and the misprediction of
// the branch that led there, if the predictor missed it.
func (o *traceObserver) Block(b *ssa.BasicBlock) {
	o.timed.instrs += float64(len(b.Instrs))
	if o.branch.enter(b) {
		o.timed.ops[manifest.OpMispredict]++
	}
	for c, v := range o.pricer.BlockOps(b) {
		o.timed.ops[c] += v
	}
}

// Alloc adds what an allocation puts on the heap.
func (o *traceObserver) Alloc(at ssa.Instruction, caller ssa.CallInstruction, bytes, elems int64) {
	c, b := o.heapAlloc(at, caller, bytes, elems)
	o.timed.allocs += c
	o.timed.bytes += b
	if c > 0 {
		o.site(at, c)
	}
}

// AppendGrowth adds an append's growth (interp.AppendObserver): of a
// slice that started empty as Alloc decides it (gc's stack store while
// the bytes fit, for a slice that does not escape); of any other on the
// heap, as growslice puts it (semver's make([]byte, 0, 5) outgrown by its
// appends).
func (o *traceObserver) AppendGrowth(at ssa.Instruction, caller ssa.CallInstruction, bytes, elems int64, fromStore bool) {
	if fromStore {
		o.Alloc(at, caller, bytes, elems)
		return
	}
	o.timed.allocs++
	o.timed.bytes += float64(sizeclass.Round(bytes))
	o.site(at, 1)
}

// maxInlineChain bounds the calls behind an allocation that are asked
// whether gc inlined them: chains of inlined calls are short (gc's
// inlining budget stops them).
const maxInlineChain = 8

// heapAlloc is what an allocation the run reports puts on the heap:
// objects and bytes (a map's header, and the tables a size hint asks for).
func (o *traceObserver) heapAlloc(at ssa.Instruction, caller ssa.CallInstruction, bytes, elems int64) (count, heapBytes float64) {
	if mm, ok := at.(*ssa.MakeMap); ok {
		if mt, ok := mm.Type().Underlying().(*types.Map); ok {
			count, heapBytes = o.pricer.MakeMapTables(mt, elems)
		}
		elems = 1
	}
	callers := o.callers[:0]
	if o.in != nil {
		callers = o.in.AppendCallers(callers, maxInlineChain)
	} else if caller != nil {
		callers = append(callers, caller)
	}
	o.callers = callers
	if hb, heap := o.pricer.AllocIn(at, callers, bytes, elems); heap {
		count++
		heapBytes += float64(hb)
	}
	return count, heapBytes
}

// MapInsert adds the map's growth as a key is added.
func (o *traceObserver) MapInsert(at ssa.Instruction, caller ssa.CallInstruction, lenAfter, hint int64) {
	o.timed.mapKeys = max(o.timed.mapKeys, float64(lenAfter))
	c, b := o.mapGrowth(at, lenAfter, hint)
	o.timed.allocs += c
	o.timed.bytes += b
	o.timed.mapBytes += b
	if c > 0 {
		o.site(at, c)
	}
}

// mapGrowth is what the map update at allocates as its map reaches
// lenAfter keys: objects and bytes.
func (o *traceObserver) mapGrowth(at ssa.Instruction, lenAfter, hint int64) (count, bytes float64) {
	mu, ok := at.(*ssa.MapUpdate)
	if !ok {
		return 0, 0
	}
	mt, ok := mu.Map.Type().Underlying().(*types.Map)
	if !ok {
		return 0, 0
	}
	return o.pricer.MapInsert(mt, lenAfter, hint)
}

// MapAccess takes back the cost of a lookup or delete on an empty map
// beyond the call (interp.MapObserver).
func (o *traceObserver) MapAccess(at ssa.Instruction, caller ssa.CallInstruction, n int64) {
	if n > 0 {
		return
	}
	counted, empty := o.pricer.MapOps(at)
	for c, v := range counted {
		o.timed.ops[c] -= v
	}
	o.timed.ops[manifest.OpCall] += empty
}

// MapRange adds the slots a range over a small map steps through beyond
// its keys (interp.MapObserver).
func (o *traceObserver) MapRange(at ssa.Instruction, caller ssa.CallInstruction, n int64) {
	o.timed.ops[manifest.OpMapIter] += o.pricer.MapRangeSlots(n)
}

// Elide says which calls gc removes entirely (interp.Elider): a getter or
// setter inlined with its results dropped leaves nothing to run.
func (o *traceObserver) Elide(call ssa.CallInstruction, _ *ssa.Function) bool {
	return o.pricer.DeadCall(call)
}

// Native adds a std call priced by its summary at the call's sizes (its
// allocations, when measured, come with NativeAllocs).
func (o *traceObserver) Native(at ssa.CallInstruction, fn *ssa.Function, args []interp.Value) {
	bind := nativeBinder(fn, args)
	c, ok, err := o.nativeCost(fn, regexpPattern(fn, args), bind)
	if err != nil {
		if o.err == nil {
			o.err = err
		}
		return
	}
	if !ok {
		return // no summary: the call alone, counted in its block
	}
	for cl, v := range c.Ops {
		o.timed.ops[cl] += v
	}
	measured, known := o.measured[fn]
	if !known {
		// Asked before the interpreter asks (at the call, after this
		// event): the first call's allocations would count twice.
		measured = o.Measure(fn)
	}
	if measured {
		// Its allocations come measured (NativeAllocs), from its own
		// compiled body: less what gc's inlined copy keeps local.
		n, b, err := o.pricer.InlinedStack(at, fn, bind)
		if err != nil && o.err == nil {
			o.err = err
		}
		// Zero is recorded too once any call kept something, so that a
		// call at the same place with other sizes does not inherit it.
		if n > 0 || len(o.onStack) > 0 {
			if o.onStack == nil {
				o.onStack = map[ssa.CallInstruction][2]float64{}
			}
			o.onStack[at] = [2]float64{n, b}
		}
		return
	}
	o.timed.allocs += c.Allocs
	o.timed.bytes += c.Bytes
	if c.Allocs > 0 {
		o.site(at, c.Allocs)
	}
}

// Measure accepts for measurement the std functions whose summaries say
// they may allocate (interp.AllocMeasurer): their counts then come from
// the runtime's statistics, exact where a summary amortizes or averages
// (a builder's growth, fmt's verbs, regexp's compiler).
func (o *traceObserver) Measure(fn *ssa.Function) bool {
	if analyzer.HarnessCall(fn) || analyzer.Intrinsic(fn) {
		return false
	}
	yes := o.pricer.MayAllocate(fn)
	if o.measured == nil {
		o.measured = map[*ssa.Function]bool{}
	}
	o.measured[fn] = yes
	return yes
}

// NativeAllocs adds what a measured native call allocated, less what gc
// keeps on the stack where it inlined the callee.
func (o *traceObserver) NativeAllocs(at ssa.CallInstruction, count, bytes int64) {
	n, b := float64(count), float64(max(bytes, 0))
	if s, ok := o.onStack[at]; ok {
		n, b = max(n-s[0], 0), max(b-s[1], 0)
	}
	if n <= 0 {
		return
	}
	o.timed.allocs += n
	o.timed.bytes += b
	o.site(at, n)
}

// nativeCost prices a call of fn, a std function run natively, by its
// summary bound to the call's arguments (by regexp's model for a matching
// method given its pattern); ok is false for the harness's methods, calls
// gc compiles to instructions, and functions without a summary.
func (o *traceObserver) nativeCost(fn *ssa.Function, pattern string, bind nativeBind) (analyzer.NativeCost, bool, error) {
	if analyzer.HarnessCall(fn) || analyzer.Intrinsic(fn) {
		return analyzer.NativeCost{}, false, nil
	}
	return o.pricer.Native(fn, pattern, bind)
}

// nativeBind binds a std summary's variable to a call's value (Pricer.Native).
type nativeBind = func(sum *analyzer.Summary, v manifest.Var) (float64, bool)

// nativeBinder binds a std summary's variables to the arguments of a call
// of fn (bindNative), its parameters' types read once for the call.
func nativeBinder(fn *ssa.Function, args []interp.Value) nativeBind {
	params := paramTypes(fn)
	return func(sum *analyzer.Summary, v manifest.Var) (float64, bool) {
		return bindNative(sum, v.Name, params, args)
	}
}

// paramTypes is the types of fn's parameters, its receiver first, from
// its signature: a function of a package created from types alone (the
// std code run natively) has no Params until its package is built, which
// perfcast never asks for.
func paramTypes(fn *ssa.Function) []types.Type {
	sig := fn.Signature
	var ts []types.Type
	if r := sig.Recv(); r != nil {
		ts = append(ts, r.Type())
	}
	for i := 0; i < sig.Params().Len(); i++ {
		ts = append(ts, sig.Params().At(i).Type())
	}
	return ts
}

// setupObserver counts the heap a benchmark's untimed code allocates
// (interp.Config.Setup): the working set its timed code runs in.
type setupObserver struct{ o *traceObserver }

func (setupObserver) Block(*ssa.BasicBlock) {}
func (setupObserver) Reset()                {}

func (s setupObserver) Alloc(at ssa.Instruction, caller ssa.CallInstruction, bytes, elems int64) {
	_, b := s.o.heapAlloc(at, caller, bytes, elems)
	s.o.timed.setupBytes += b
}

func (s setupObserver) MapInsert(at ssa.Instruction, caller ssa.CallInstruction, lenAfter, hint int64) {
	_, b := s.o.mapGrowth(at, lenAfter, hint)
	s.o.timed.setupBytes += b
}

func (s setupObserver) Native(at ssa.CallInstruction, fn *ssa.Function, args []interp.Value) {
	if c, ok, err := s.o.nativeCost(fn, "", nativeBinder(fn, args)); err == nil && ok {
		s.o.timed.setupBytes += c.Bytes
	}
}

// site counts k heap objects allocated at in, for -explain.
func (o *traceObserver) site(in ssa.Instruction, k float64) {
	pos := in.Parent().Prog.Fset.Position(in.Pos())
	if !pos.IsValid() {
		pos = in.Parent().Prog.Fset.Position(in.Parent().Pos())
	}
	key := fmt.Sprintf("%s:%d:%d (%T)", filepath.Base(pos.Filename), pos.Line, pos.Column, in)
	o.timed.sites[key] += k
}

// bindNative gives a std summary's variable its value in a call: a
// parameter's value ("n"), a length or capacity ("len(s)", "cap(b.buf)")
// or a field ("r.size"), read from the call's arguments.
func bindNative(sum *analyzer.Summary, name string, params []types.Type, args []interp.Value) (float64, bool) {
	fn := ""
	inner := name
	for _, f := range []string{"len", "cap"} {
		if strings.HasPrefix(name, f+"(") && strings.HasSuffix(name, ")") {
			fn, inner = f, name[len(f)+1:len(name)-1]
		}
	}
	path := strings.Split(inner, ".")
	idx := slices.Index(sum.Params, path[0])
	if idx < 0 || idx >= len(args) || idx >= len(params) {
		return 0, false
	}
	v, t := args[idx], params[idx]
	var rv reflect.Value
	native, nilPtr := false, false
	// nativeField steps from rv, a native value, into its field; nilPtr
	// is set when a nil pointer stops it.
	nativeField := func(field string) bool {
		for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
			if rv.IsNil() {
				nilPtr = true
				return false
			}
			rv = rv.Elem()
		}
		if rv.Kind() != reflect.Struct {
			return false
		}
		rv = rv.FieldByName(field)
		return rv.IsValid()
	}
	for _, field := range path[1:] {
		if native {
			if !nativeField(field) {
				return 0, nilPtr && fn != ""
			}
			continue
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			switch x := v.(type) {
			case *interp.Value:
				if x == nil {
					// A nil pointer has no length behind it: the
					// callee tests it before reading one (big.Int.Exp's
					// modulus m), and its summary's len(m.abs) means
					// none.
					return 0, fn != ""
				}
				v, t = *x, p.Elem()
			case interp.NativePtr:
				// A pointer into native memory (a *big.Int made by
				// big.NewInt): its field is the pointee's.
				rv, native = x.RV, true
				if !nativeField(field) {
					return 0, nilPtr && fn != ""
				}
				continue
			default:
				return 0, false
			}
		}
		if n, ok := v.(interp.Native); ok {
			rv, native = n.RV, true
			f := rv.FieldByName(field)
			if !f.IsValid() {
				return 0, false
			}
			rv = f
			continue
		}
		st, ok := t.Underlying().(*types.Struct)
		s, ok2 := v.(interp.Struct)
		if !ok || !ok2 {
			return 0, false
		}
		found := false
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() == field && i < len(s) {
				v, t, found = s[i], st.Field(i).Type(), true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	if native {
		return reflectSize(rv, fn)
	}
	return valueSize(v, fn)
}

// valueSize is an interpreted value's length, capacity or number.
func valueSize(v interp.Value, fn string) (float64, bool) {
	switch x := v.(type) {
	case string:
		if fn != "" {
			return float64(len(x)), true
		}
	case []interp.Value:
		switch fn {
		case "len":
			return float64(len(x)), true
		case "cap":
			return float64(cap(x)), true
		}
	case interp.Array:
		if fn != "" {
			return float64(len(x)), true
		}
	case *interp.Map:
		if fn == "len" && x != nil {
			return float64(x.Len()), true
		}
		if fn == "len" {
			return 0, true
		}
	case interp.Native:
		return reflectSize(x.RV, fn)
	}
	if fn != "" {
		return 0, false
	}
	return reflectSize(reflect.ValueOf(v), "")
}

// reflectSize is valueSize for a native value.
func reflectSize(rv reflect.Value, fn string) (float64, bool) {
	if !rv.IsValid() {
		return 0, false
	}
	switch fn {
	case "len":
		switch rv.Kind() {
		case reflect.String, reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
			return float64(rv.Len()), true
		}
		return 0, false
	case "cap":
		switch rv.Kind() {
		case reflect.Slice, reflect.Array, reflect.Chan:
			return float64(rv.Cap()), true
		}
		return 0, false
	}
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), true
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	}
	return 0, false
}

// regexpPattern is the pattern of the *regexp.Regexp receiver of a regexp
// method, "" otherwise.
func regexpPattern(fn *ssa.Function, args []interp.Value) string {
	if fn.Pkg == nil || fn.Pkg.Pkg.Path() != "regexp" || fn.Signature.Recv() == nil || len(args) == 0 {
		return ""
	}
	var rv reflect.Value
	switch x := args[0].(type) {
	case *interp.Value:
		if x == nil {
			return ""
		}
		if n, ok := (*x).(interp.Native); ok && n.RV.CanAddr() {
			rv = n.RV.Addr()
		}
	case interp.NativePtr:
		if x.RV.CanAddr() {
			rv = x.RV.Addr()
		}
	}
	if !rv.IsValid() || !rv.CanInterface() {
		return ""
	}
	if re, ok := rv.Interface().(*regexp.Regexp); ok && re != nil {
		return re.String()
	}
	return ""
}

// branchSim models the conditional-branch predictor of the core that
// runs the benchmark, so that a run's mispredictions are those of its
// branches' outcomes: a test on random data mispredicts about half the
// time (a binary search's comparisons, a tree descent over random keys, a
// hash probe), a biased or periodic one almost never (a loop's back edge,
// an error check, the descents of a tree searched for keys in order, whose
// paths repeat). Current x86 cores predict with TAGE-like predictors
// (Seznec and Michaud, 2006): a base table of two-bit counters by branch,
// and tagged tables indexed by the branch and ever longer global
// histories, the longest matching one deciding. This is a small one: four
// tagged tables over 8 to 128 outcomes of history.
type branchSim struct {
	last   map[*ssa.Function]*ssa.BasicBlock // the block each function last entered
	ids    map[*ssa.If]uint32
	base   []int8 // two-bit counters, -2..1: taken when ≥ 0
	tables [tageTables]tageTable
	hist   [tageMaxHist]uint8 // the last outcomes, a ring
	pos    int                // where the next outcome goes
	tick   uint32
}

const (
	tageTables  = 4
	tageBits    = 10 // entries per tagged table, log2
	tageTagBits = 9
	tageMaxHist = 128
	baseBits    = 12
)

// tageLens are the history lengths of the tagged tables, a geometric series.
var tageLens = [tageTables]int{8, 20, 50, 128}

type tageEntry struct {
	tag    uint16
	ctr    int8 // -4..3: taken when ≥ 0
	useful uint8
}

type tageTable struct {
	e          []tageEntry
	idx, tagF1 uint32 // folded histories: index width and tag width
	tagF2      uint32 // tag width - 1
}

// fold updates a history of length l folded into w bits, when bit in enters
// and bit out leaves.
func fold(f uint32, in, out uint8, l, w int) uint32 {
	f = (f << 1) | uint32(in)
	f ^= uint32(out) << (l % w)
	f ^= f >> w
	return f & (1<<w - 1)
}

// enter records that control entered b and reports whether the branch
// that led there, if any, was mispredicted.
func (s *branchSim) enter(b *ssa.BasicBlock) bool {
	if s.last == nil {
		s.last = map[*ssa.Function]*ssa.BasicBlock{}
		s.ids = map[*ssa.If]uint32{}
		s.base = make([]int8, 1<<baseBits)
		for i := range s.tables {
			s.tables[i].e = make([]tageEntry, 1<<tageBits)
		}
	}
	fn := b.Parent()
	prev := s.last[fn]
	s.last[fn] = b
	if prev == nil || b.Index == 0 || len(prev.Instrs) == 0 || len(prev.Succs) != 2 {
		return false
	}
	br, ok := prev.Instrs[len(prev.Instrs)-1].(*ssa.If)
	if !ok || (b != prev.Succs[0] && b != prev.Succs[1]) {
		return false
	}
	id, ok := s.ids[br]
	if !ok {
		id = uint32(len(s.ids))
		s.ids[br] = id
	}
	taken := b == prev.Succs[0]
	return s.predict(id, taken)
}

// predict predicts the branch id, learns its outcome and reports a
// misprediction.
func (s *branchSim) predict(id uint32, taken bool) bool {
	pc := id * 2654435761
	var idx, tag [tageTables]uint32
	provider, alt := -1, -1
	for i := tageTables - 1; i >= 0; i-- {
		t := &s.tables[i]
		idx[i] = (pc>>7 ^ pc ^ t.idx ^ uint32(i)*0x9e37) & (1<<tageBits - 1)
		tag[i] = (pc ^ t.tagF1 ^ t.tagF2<<1) & (1<<tageTagBits - 1)
		if uint32(t.e[idx[i]].tag) == tag[i] {
			if provider < 0 {
				provider = i
			} else if alt < 0 {
				alt = i
			}
		}
	}
	bi := pc >> 20 & (1<<baseBits - 1)
	basePred := s.base[bi] >= 0
	altPred := basePred
	if alt >= 0 {
		altPred = s.tables[alt].e[idx[alt]].ctr >= 0
	}
	pred := altPred
	if provider >= 0 {
		pred = s.tables[provider].e[idx[provider]].ctr >= 0
	}
	miss := pred != taken

	// Learn.
	if provider >= 0 {
		e := &s.tables[provider].e[idx[provider]]
		e.ctr = step(e.ctr, taken, -4, 3)
		if pred != altPred {
			if pred == taken {
				if e.useful < 3 {
					e.useful++
				}
			} else if e.useful > 0 {
				e.useful--
			}
		}
	} else {
		s.base[bi] = step(s.base[bi], taken, -2, 1)
	}
	if miss && provider < tageTables-1 {
		// A longer history might tell: take a free entry in a longer table.
		allocated := false
		for i := provider + 1; i < tageTables; i++ {
			e := &s.tables[i].e[idx[i]]
			if e.useful == 0 {
				*e = tageEntry{tag: uint16(tag[i]), ctr: map[bool]int8{true: 0, false: -1}[taken]}
				allocated = true
				break
			}
		}
		if !allocated {
			for i := provider + 1; i < tageTables; i++ {
				if e := &s.tables[i].e[idx[i]]; e.useful > 0 {
					e.useful--
				}
			}
		}
	}
	if s.tick++; s.tick%(1<<18) == 0 {
		for i := range s.tables {
			for j := range s.tables[i].e {
				s.tables[i].e[j].useful >>= 1
			}
		}
	}

	// Shift the outcome into the history and the folded histories.
	in := uint8(0)
	if taken {
		in = 1
	}
	for i := range s.tables {
		l := tageLens[i]
		out := s.hist[(s.pos-l+tageMaxHist)%tageMaxHist]
		t := &s.tables[i]
		t.idx = fold(t.idx, in, out, l, tageBits)
		t.tagF1 = fold(t.tagF1, in, out, l, tageTagBits)
		t.tagF2 = fold(t.tagF2, in, out, l, tageTagBits-1)
	}
	s.hist[s.pos] = in
	s.pos = (s.pos + 1) % tageMaxHist
	return miss
}

// step moves a saturating counter toward the outcome.
func step(c int8, taken bool, lo, hi int8) int8 {
	if taken && c < hi {
		return c + 1
	}
	if !taken && c > lo {
		return c - 1
	}
	return c
}

// siteNotes lists where an operation's heap objects come from, most first.
func siteNotes(sites map[string]float64) []string {
	keys := make([]string, 0, len(sites))
	for k, v := range sites {
		if v > 0.005 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		if sites[a] != sites[b] {
			if sites[a] > sites[b] {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	var out []string
	for i, k := range keys {
		if i == 8 {
			out = append(out, fmt.Sprintf("allocates at %d more sites", len(keys)-i))
			break
		}
		out = append(out, fmt.Sprintf("allocates %.3g per op at %s", sites[k], k))
	}
	return out
}
