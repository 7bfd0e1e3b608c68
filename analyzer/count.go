package analyzer

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/perfcast/perfcast/analyzer/escape"
	"github.com/perfcast/perfcast/analyzer/sizeclass"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// summarizer computes summaries; the same code serves the whole-program run
// and the go/analysis pass, which differ only in where callee summaries come
// from (lookup) and which packages dynamic calls may dispatch to.
type summarizer struct {
	fset   *token.FileSet
	sizes  types.Sizes
	oracle HeapOracle
	// baseOracle is the package's decisions; oracle differs from it in
	// the copy summarizing a body gc inlined into a caller (inlinecopy.go).
	baseOracle HeapOracle
	// lookup returns the summary of a function with a body elsewhere (another
	// package, a Fact, the std table), or nil.
	lookup func(key string, obj *types.Func) *Summary
	// local holds the summaries computed in this package so far.
	local map[string]*Summary

	wrappers   map[*ssa.Function]*Summary
	candidates map[string][]*types.Func // by package path + interface method
	lens       typeutil.Map             // Len method of a container type, *ssa.Function or nil (walk.go)
	// sites holds the callees of dynamic call sites (interface and
	// function-value calls) resolved by whole-program VTA; nil in vet mode,
	// and a site VTA left unresolved falls back to the visible-type rule.
	sites CallSites

	// Constant arguments (constargs.go): the specialization this
	// summarizer applies to spec.fn (nil: none), how many specialized
	// calls it is nested in, the cache of specialized summaries (nil
	// entries: not specialized) and the functions in call cycles.
	spec      *specialization
	specDepth int
	specs     map[string]*Summary
	cyclic    map[*ssa.Function]bool
}

func newSummarizer(fset *token.FileSet, sizes types.Sizes, oracle HeapOracle, lookup func(string, *types.Func) *Summary) *summarizer {
	if oracle == nil {
		oracle = SSAOracle{}
	}
	return &summarizer{
		fset: fset, sizes: sizes, oracle: oracle, baseOracle: oracle, lookup: lookup,
		local: map[string]*Summary{}, wrappers: map[*ssa.Function]*Summary{}, candidates: map[string][]*types.Func{},
		specs: map[string]*Summary{}, cyclic: map[*ssa.Function]bool{},
	}
}

// funcKey is the name summaries are stored under: the ssa name of the
// generic origin for instances.
func funcKey(fn *ssa.Function) string {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return fn.String()
}

// objKey is funcKey for a types.Func.
func objKey(obj *types.Func) string {
	return obj.Origin().FullName()
}

// funcState accumulates the summary of one function.
type funcState struct {
	s                      *summarizer
	fn                     *ssa.Function
	fset                   *token.FileSet
	scc                    map[*ssa.Function]bool
	rec                    map[*ssa.Function]bool
	cpu                    map[manifest.OpClass]expr.Expr
	allocCount, allocBytes expr.Expr
	io                     []IOCost
	vars                   map[string]manifest.Var
	loopNames              map[*ssa.BasicBlock]string // the variable named for each loop's unknown trip count
	notes                  map[string]bool
	callees                map[string]bool
	conf                   manifest.Confidence
	recursive              bool
	retainOut, retainHeld  expr.Expr // retained heap bytes per call (retain.go)
	recCalls               expr.Expr // expected calls into the recursion cycle per call
	recDescends            bool      // a recursive call passes a part of a parameter (n-1, p.next, s[1:])
	walkParam              string    // the parameter a recursive call in a loop descends into (walk.go); "-" for several
	walkPerCall            expr.Expr // iterations per call of the loops those calls are in
	walkLoops              []*loop
	funcCalls              map[string]expr.Expr              // calls through function-typed parameters, per call (walk.go)
	walkStops              map[string]expr.Expr              // walks over a container driven by a callback parameter (walk.go)
	noGuards               bool                              // size guards off (the summary outgrew maxGuardedLen with them)
	consts                 map[*ssa.Parameter]constant.Value // constant arguments of a specialized summary (constargs.go)
	concrete               map[*ssa.Parameter]types.Type     // concrete types of interface arguments of a specialized summary (concrete.go)
	constFlow              *constFlow                        // the branches constants decide, once computed
	defaultBytes           bool
	unknownArgs            map[string]bool              // callees some of whose argument sizes are unknown
	inUntimed              bool                         // counting setup with the timer stopped (untimed): no map growth charged
	opsOnly                bool                         // counting a block's own operations for a Pricer: no callees, no amortized charges
	deadCalls              map[ssa.CallInstruction]bool // with opsOnly: the calls gc inlines and removes (deadInlined)
	closureSizes           map[string]expr.Expr         // sizes a called closure captured, from its factory (factoryCaptured), while binding the call
	uncertainCallees       map[string]bool              // callees whose own summary is not exact
	flow                   *flow                        // the function's loops, once analyzed
	timerStopped           []bool                       // per block: the benchmark timer is stopped on entry (nil: never)
	timerReset             []bool                       // per block: every path from its end calls b.ResetTimer (nil: never)
	untimedBytes           expr.Expr                    // heap bytes allocated with the benchmark timer stopped (setup)
	sites                  []AllocSite                  // heap allocations of the body, by gc's position (inlinesites.go)
	fresh                  []FreshAlloc                 // allocations on objects a caller has just made (fresh.go)
	firstUses              []firstUseCharge             // the first-use allocations of the function's own new objects (fresh.go)

	// Dependent-load chains (chase.go).
	chains   map[*ssa.UnOp]manifest.OpClass           // loads that are steps of a chain
	recSteps map[ssa.CallInstruction]manifest.OpClass // recursive calls that are steps of one

	// Sizes of objects (shape.go).
	cur                        ssa.Instruction          // the instruction being counted: where object sizes are taken
	walkSteps                  map[ssa.Instruction]bool // the calls advancing successor walks (succwalk.go)
	events                     []sizeEvent
	eventsDone, buildingEvents bool
	// pendingLazy is the lazy binding of the event being recorded
	// (sizeEvent.lazy); atEnd > 0 while one is bound: loops changing a size
	// give the size they leave, not their mean (drift).
	pendingLazy func() (expr.Expr, bool)
	atEnd       int
	// lastDrain is the drain drift found for the size it returned last
	// (nil: none): bind reads it to cost a call over a structure a loop
	// empties as a mixture (drain.go).
	lastDrain *drain
	// bindDrains are the callee variables the last bind bound to a
	// draining size, with their drains.
	bindDrains map[string]*drain
	refs       map[*ssa.Store]ssa.Value // objects stored in struct-pointer fields
	cycleNames []string                 // fields the call cycle writes (cycleWrites)
	cycleAll   bool

	// Steady state (steady.go).
	miss     []bool    // per block: runs only when a key test misses (nil: no key test)
	found    []bool    // per block: runs only when a key test finds its key (nil: none)
	nk       keyedCost // the allocations made only for new keys (Summary.NewKey)
	fd       keyedCost // what runs only for a key found (Summary.Found)
	searches bool      // Summary.Searches
	nkSeq    *KeySeq   // the keys nk inserts, when one known sequence makes it
	nkSeqSet bool      // nkSeq was set once
}

// relPos renders a position for notes and variable origins as
// "importpath/file.go:line:col", which does not depend on where the
// module sits on disk (so whole-program and vet runs agree).
func (st *funcState) relPos(p token.Position) string {
	dir := "synthetic"
	if st.fn.Pkg != nil {
		dir = st.fn.Pkg.Pkg.Path()
	}
	if p.Column <= 0 {
		return fmt.Sprintf("%s/%s:%d", dir, filepath.Base(p.Filename), p.Line)
	}
	return fmt.Sprintf("%s/%s:%d:%d", dir, filepath.Base(p.Filename), p.Line, p.Column)
}

func (st *funcState) pkgTag() string {
	if st.fn.Pkg != nil {
		return sanitize(st.fn.Pkg.Pkg.Path())
	}
	return "synthetic"
}

func (st *funcState) addVar(name string, def float64, origin string) {
	if _, ok := st.vars[name]; !ok {
		st.vars[name] = manifest.Var{Name: name, Default: def, Origin: origin}
	}
}

func (st *funcState) estimated(note string) {
	st.conf = weaker(st.conf, manifest.Estimated)
	st.notes[note] = true
}

func (st *funcState) bounded(note string) {
	st.conf = weaker(st.conf, manifest.Bounded)
	st.notes[note] = true
}

func (st *funcState) addCPU(c manifest.OpClass, e expr.Expr) {
	if e.IsZero() {
		return
	}
	st.cpu[c] = expr.Add(st.cpu[c], e)
}

// summarize computes fn's summary. scc holds the functions of fn's cycle
// in the call graph including interface dispatch (calls to them cost only
// the call); rec those of its cycle through direct calls (nil when fn is
// not recursive), which scale its costs by a recursion variable.
func (s *summarizer) summarize(fn *ssa.Function, scc, rec map[*ssa.Function]bool) *Summary {
	sum, guarded := s.summarizeGuarded(fn, scc, rec, true)
	if guarded && oversized(sum) {
		// Size guards multiply their indicators into every cost below
		// them; where that outgrows what a summary can carry (callers
		// multiply it again), the function keeps the static split.
		sum, _ = s.summarizeGuarded(fn, scc, rec, false)
	}
	return sum
}

// maxGuardedLen bounds the printed length of a summary's expressions
// with size guards: beyond it the summary is recomputed without them.
const maxGuardedLen = 4096

// oversized reports whether an expression of sum prints longer than
// maxGuardedLen.
func oversized(sum *Summary) bool {
	long := func(e expr.Expr) bool { return len(e.String()) > maxGuardedLen }
	for _, c := range sum.CPU {
		if long(c.Count) {
			return true
		}
	}
	return long(sum.AllocCount) || long(sum.AllocBytes)
}

// summarizeGuarded is summarize with size guards (guard.go) on or off; it
// reports whether any branch was weighted by one.
func (s *summarizer) summarizeGuarded(fn *ssa.Function, scc, rec map[*ssa.Function]bool, guards bool) (*Summary, bool) {
	st := &funcState{
		s: s, fn: fn, fset: s.fset, scc: scc, rec: rec, noGuards: !guards,
		cpu: map[manifest.OpClass]expr.Expr{}, vars: map[string]manifest.Var{}, notes: map[string]bool{},
		callees: map[string]bool{}, conf: manifest.Exact, unknownArgs: map[string]bool{},
		uncertainCallees: map[string]bool{}, refs: map[*ssa.Store]ssa.Value{},
	}
	if s.spec != nil && s.spec.fn == fn {
		st.consts = s.spec.consts
		st.concrete = s.spec.types
	}
	if len(fn.Blocks) == 0 && fn.Synthetic == "" {
		return st.bodiless(), false
	}
	noReturn, guarded := false, false
	if len(fn.Blocks) > 0 {
		fl := st.analyzeFlow()
		guarded = len(fl.guards) > 0
		st.flow = fl
		st.sizedLoops()
		st.miss = st.missRegion()
		st.found = st.foundRegion()
		st.timerStopped = timerState(fn)
		st.timerReset = resetState(fn)
		st.chains = chainLoads(fn)
		st.recSteps = recursiveSteps(fn, rec, func(b *ssa.BasicBlock) bool { return fl.inner[b.Index] != nil })
		noReturn = fl.cold[0]
		for _, l := range fl.loops {
			if l.earlyExit {
				st.bounded(fmt.Sprintf("loop at %s has early exits: its trip count is an upper bound", st.relPos(st.blockPos(l.header))))
			}
		}
		clears := st.rangeClears()
		for _, b := range fn.Blocks {
			if !fl.reached[b.Index] || fl.freq[b.Index].IsZero() || clears[b.Index] {
				continue
			}
			st.block(b, fl.freq[b.Index])
		}
	}
	sum := st.finish()
	sum.NoReturn = noReturn
	if w, ok := s.pureBody(fn); ok {
		sum.Pure, sum.PureWrites = true, w
	}
	return sum, guarded
}

// mapEntryBytes is the table memory one map entry occupies, for the live
// heap of a map filled in a benchmark's setup (the analyzer does not track
// map types through calls): a slot holding a key and an element of two words
// each (strings and interfaces; one-word keys take half) plus its control
// byte, 33 bytes, at the mean load of Go's swiss tables, which grow when 7/8
// full to 7/16 full (internal/runtime/maps): 33 / (21/32) ≈ 50.
const mapEntryBytes = 50

// untimed adds to st.untimedBytes the heap bytes in allocates, running
// freq times per call, with the benchmark timer stopped: go test measures
// neither its time nor its allocations, so the summary's costs leave it out,
// but a structure it builds is live, and is the working set, while the
// timed code runs (Summary.UntimedBytes). The instruction is counted as
// usual and everything else it adds to the summary is undone.
func (st *funcState) untimed(in ssa.Instruction, freq expr.Expr) {
	saved := *st
	st.cpu = maps.Clone(st.cpu)
	st.fd.cpu = maps.Clone(st.fd.cpu)
	st.io = slices.Clone(st.io)
	st.notes = maps.Clone(st.notes)
	st.callees = maps.Clone(st.callees)
	st.unknownArgs = maps.Clone(st.unknownArgs)
	st.uncertainCallees = maps.Clone(st.uncertainCallees)
	before, writesBefore := st.allocBytes, st.cpu[manifest.OpMapWrite]
	ops := map[manifest.OpClass]float64{}
	st.inUntimed = true
	st.instr(in, freq, ops)
	added := expr.Sub(st.allocBytes, before)
	// Map tables are allocations the summary counts only for a map the
	// function makes and fills itself (mapgrowth.go, off here), but a map
	// filled in setup is live: each write, of
	// a new key as elsewhere, adds a slot.
	writes := expr.Add(expr.Sub(st.cpu[manifest.OpMapWrite], writesBefore), expr.Scale(freq, ops[manifest.OpMapWrite]))
	added = expr.Add(added, expr.Scale(writes, mapEntryBytes))
	vars := st.vars // variables the added bytes use stay declared
	*st = saved
	st.vars = vars
	st.untimedBytes = expr.Add(st.untimedBytes, added)
}

// block counts the operations of b, which runs freq times per call.
func (st *funcState) block(b *ssa.BasicBlock, freq expr.Expr) {
	ops := map[manifest.OpClass]float64{}
	if st.found != nil && st.found[b.Index] {
		cpu, count, bytes := maps.Clone(st.cpu), st.allocCount, st.allocBytes
		defer func() { st.foundBlock(cpu, count, bytes) }()
	}
	stopped := st.timerStopped != nil && st.timerStopped[b.Index]
	// reset: a b.ResetTimer call runs after the instruction on every
	// path (resetState), so go test measures none of it.
	reset := -1 // index of the block's last ResetTimer call
	if st.timerReset != nil {
		for i, in := range b.Instrs {
			if timerCall(in) == timerReset {
				reset = i
			}
		}
		if st.timerReset[b.Index] {
			reset = len(b.Instrs)
		}
	}
	for i, in := range b.Instrs {
		if t := timerCall(in); t != timerNone {
			if t != timerReset {
				stopped = t == timerStop
			}
		} else if stopped || i < reset {
			// Not measured: between b.StopTimer and b.StartTimer,
			// or before a b.ResetTimer. What it allocates is
			// setup, live while the timed code runs.
			st.untimed(in, freq)
			continue
		}
		st.instr(in, freq, ops)
	}
	if st.flow != nil && !stopped {
		if l := st.flow.inner[b.Index]; l != nil && l.bisect && l.test == b {
			ops[manifest.OpMispredict] += bisectMispredicts
		}
	}
	classes := make([]manifest.OpClass, 0, len(ops))
	for c := range ops {
		classes = append(classes, c)
	}
	slices.Sort(classes)
	for _, c := range classes {
		st.addCPU(c, expr.Scale(freq, ops[c]))
	}
}

func basicInfo(t types.Type) types.BasicInfo {
	if b, ok := t.Underlying().(*types.Basic); ok {
		return b.Info()
	}
	return 0
}

// sizeof is the size of t in bytes; type parameters count as one word.
func (st *funcState) sizeof(t types.Type) int64 {
	n, _ := st.layout(t, 0)
	return n
}

// layout is the size and alignment of t, type parameters a word each. A
// struct or array holding one (a generic list entry, Entry[K, V] with its
// links, key and value) is laid out field by field, as gc lays it out for
// word-sized type arguments, since types.Sizes cannot size it: taking the
// whole struct as one word undercounts what `&Entry[K, V]{...}`
// allocates.
func (st *funcState) layout(t types.Type, depth int) (size, align int64) {
	t = types.Unalias(t)
	if _, ok := t.(*types.TypeParam); ok || depth > 8 {
		return 8, 8
	}
	if n, a, ok := st.stdLayout(t); ok {
		return n, a
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		var off int64
		align = 1
		for i := range u.NumFields() {
			n, a := st.layout(u.Field(i).Type(), depth+1)
			off = (off+a-1)/a*a + n
			align = max(align, a)
		}
		return (off + align - 1) / align * align, align
	case *types.Array:
		n, a := st.layout(u.Elem(), depth+1)
		return n * u.Len(), a
	}
	return 8, 8
}

// stdLayout is types.Sizes' size and alignment of t, when it can give
// them (it panics on a type holding a type parameter).
func (st *funcState) stdLayout(t types.Type) (size, align int64, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return st.s.sizes.Sizeof(t), st.s.sizes.Alignof(t), true
}

func elemType(t types.Type) types.Type {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Pointer:
		return elemType(u.Elem())
	case *types.Basic:
		return types.Typ[types.Byte]
	}
	return types.Typ[types.Byte]
}

// lenOr is len(v) if known, else the default size (noted).
func (st *funcState) lenOr(v ssa.Value) expr.Expr {
	if n, ok := st.symLen(v); ok {
		return n
	}
	st.defaultBytes = true
	return expr.Const(DefaultSize)
}

func (st *funcState) membytes(freq, perExec expr.Expr) {
	st.addCPU(manifest.OpMemBytes, expr.Mul(freq, perExec))
}

// alloc records a heap allocation of bytes (per execution) if the oracle
// says instr allocates on the heap.
func (st *funcState) alloc(in ssa.Instruction, freq, bytes expr.Expr, count expr.Expr) {
	heap, known := st.s.oracle.Classify(st.fset, in)
	if !known {
		heap, _ = SSAOracle{}.Classify(st.fset, in)
	}
	if !heap {
		return
	}
	st.heapAlloc(in, freq, bytes, count)
}

// stackBuf is the stack buffer gc gives in, a make of run-time size that
// does not escape, when the oracle knows it; else 0.
func (st *funcState) stackBuf(in ssa.Instruction) int64 {
	if so, ok := st.s.oracle.(StackBufOracle); ok {
		return so.StackBytes(st.fset, in)
	}
	return 0
}

// heapAlloc records count heap objects of bytes in all made by in.
func (st *funcState) heapAlloc(in ssa.Instruction, freq, bytes expr.Expr, count expr.Expr) {
	if c, ok := bytes.Constant(); ok {
		bytes = expr.Const(float64(sizeclass.Round(int64(c))))
	}
	st.allocCount = expr.Add(st.allocCount, expr.Mul(freq, count))
	st.allocBytes = expr.Add(st.allocBytes, expr.Mul(freq, bytes))
	st.recordSite(in, freq, bytes, count)
	k := notRetained
	if v, ok := in.(ssa.Value); ok {
		k = st.retention(v, in.Block())
		st.retain(k, freq, bytes)
	}
	st.keyedAlloc(in, freq, bytes, count, k)
}

var one = expr.Const(1)

// tmpBufLen is the runtime's tmpStringBufSize: a string/[]byte/[]rune
// conversion whose result gc keeps on the stack gets a buffer of this many
// elements in the caller's frame, and only a longer result is allocated.
const tmpBufLen = 32

// stackConversion counts the allocation of a conversion between a string
// and a slice whose result does not escape: the runtime converts into the
// frame's 32-element buffer when the result fits and allocates it on the
// heap when it does not (runtime.slicebytetostring, stringtoslicebyte,
// stringtoslicerune), whatever gc decided about the result.
func (st *funcState) stackConversion(in ssa.Instruction, freq, bytes, elems expr.Expr) {
	var count expr.Expr
	if c, ok := elems.Constant(); ok {
		if c <= tmpBufLen {
			return
		}
		count = one
	} else {
		// elems is a whole number: elems > 32 exactly when elems-32 ≥ 1.
		count = expr.Min(one, expr.Max(expr.Const(0), expr.Sub(elems, expr.Const(tmpBufLen))))
		bytes = expr.Mul(count, bytes)
	}
	st.heapAlloc(in, freq, bytes, count)
}

// nilChecked reports whether dereferencing p needs a nil check: not for
// pointers the function itself allocated or addresses of globals.
func nilChecked(p ssa.Value) bool {
	switch p.(type) {
	case *ssa.Alloc, *ssa.Global, *ssa.FieldAddr, *ssa.IndexAddr, *ssa.FreeVar:
		return false
	}
	return true
}

func (st *funcState) instr(in ssa.Instruction, freq expr.Expr, ops map[manifest.OpClass]float64) {
	st.cur = in
	switch v := in.(type) {
	case *ssa.BinOp:
		info := basicInfo(v.X.Type())
		switch {
		case info&types.IsString != 0:
			if v.Op == token.ADD {
				if mergedConcat(v) {
					break // the compiler concatenates a+b+c in one call
				}
				ops[manifest.OpConcat]++
				n := st.lenOr(v)
				st.membytes(freq, n)
				st.alloc(v, freq, n, one)
			} else {
				ops[manifest.OpInt]++
				st.membytes(freq, expr.Min(st.lenOr(v.X), st.lenOr(v.Y)))
				if stringCompareCalls(v) {
					ops[manifest.OpCall]++ // runtime.memequal or cmpstring
				}
			}
		case info&(types.IsFloat|types.IsComplex) != 0:
			if v.Op == token.QUO {
				ops[manifest.OpFloatDiv]++
			} else {
				ops[manifest.OpFloat]++
			}
		default:
			switch v.Op {
			case token.MUL:
				if ints, ok := constMultiply(v); ok {
					ops[manifest.OpInt] += ints
					break
				}
				ops[manifest.OpMul]++
			case token.QUO, token.REM:
				if muls, ints, ok := constDivision(v); ok {
					ops[manifest.OpMul] += muls
					ops[manifest.OpInt] += ints
					break
				}
				ops[manifest.OpDiv]++
			default:
				if rotateShift(v) {
					break // counted as the rotate it makes
				}
				ops[manifest.OpInt]++
			}
		}
	case *ssa.UnOp:
		switch v.Op {
		case token.MUL:
			ops[manifest.OpLoad]++
			if nilChecked(v.X) {
				ops[manifest.OpNilChk]++
			}
			if c, ok := st.chains[v]; ok {
				ops[c]++
			}
		case token.ARROW:
			ops[manifest.OpChanRecv]++
		default:
			if basicInfo(v.X.Type())&(types.IsFloat|types.IsComplex) != 0 {
				ops[manifest.OpFloat]++
			} else {
				ops[manifest.OpInt]++
			}
		}
	case *ssa.Store:
		ops[manifest.OpStore]++
		if nilChecked(v.Addr) {
			ops[manifest.OpNilChk]++
		}
	case *ssa.FieldAddr:
		if nilChecked(v.X) {
			ops[manifest.OpNilChk]++
		}
	case *ssa.IndexAddr:
		ops[manifest.OpInt]++
		ops[manifest.OpBoundsChk] += st.boundsChecks(v.Pos(), !constInBounds(v.X, v.Index))
	case *ssa.Index:
		ops[manifest.OpLoad]++
		ops[manifest.OpBoundsChk] += st.boundsChecks(v.Pos(), !constInBounds(v.X, v.Index))
	case *ssa.Lookup:
		if _, ok := v.X.Type().Underlying().(*types.Map); ok {
			st.mapOp(v.X, manifest.OpMapRead, freq, ops)
		} else {
			ops[manifest.OpLoad]++
			ops[manifest.OpBoundsChk] += st.boundsChecks(v.Pos(), true)
		}
	case *ssa.MapUpdate:
		ops[manifest.OpMapWrite]++
		if mt, ok := v.Map.Type().Underlying().(*types.Map); ok {
			for c, n := range st.mapKeyWork(mt, true) {
				ops[c] += n
			}
		}
		if !st.opsOnly {
			st.mapGrowth(v, freq)
		}
	case *ssa.Slice:
		ops[manifest.OpBoundsChk] += st.boundsChecks(v.Pos(), true)
	case *ssa.SliceToArrayPointer:
		ops[manifest.OpBoundsChk] += st.boundsChecks(v.Pos(), true)
	case *ssa.Convert:
		st.convert(v, v.X.Type(), v.Type(), freq, ops)
	case *ssa.MultiConvert:
		st.convert(v, v.X.Type(), v.Type(), freq, ops)
	case *ssa.ChangeInterface:
		ops[manifest.OpIfaceConv]++
	case *ssa.MakeInterface:
		ops[manifest.OpIfaceConv]++
		if !escape.PointerShaped(v.X.Type()) && !isConst(v.X) {
			if n := st.sizeof(v.X.Type()); n > 0 {
				k := st.boxAllocs(v.X)
				if !k.IsZero() {
					st.alloc(v, freq, expr.Mul(k, expr.Const(float64(sizeclass.Round(n)))), k)
				}
			}
		}
	case *ssa.TypeAssert:
		ops[manifest.OpTypeAssert]++
	case *ssa.If:
		ops[manifest.OpBranch]++
		if st.opsOnly {
			break // a run takes the arms it takes
		}
		arm, c := growthArm(v.Block())
		st.growthBytes(arm, c, freq)
		st.freshArm(v.Block(), arm, c)
	case *ssa.Panic:
		ops[manifest.OpCall]++
	case *ssa.Send:
		ops[manifest.OpChanSend]++
	case *ssa.Select:
		ops[manifest.OpSelect]++
	case *ssa.Go:
		ops[manifest.OpGo]++
		st.notes["go statement: the goroutine's cost is not included"] = true
	case *ssa.Defer:
		ops[manifest.OpDefer]++
		st.call(v, freq, ops)
	case *ssa.Call:
		st.call(v, freq, ops)
	case *ssa.MakeSlice:
		ops[manifest.OpMake]++
		es := st.sizeof(elemType(v.Type()))
		n, ok := st.symInt(v.Cap)
		if !ok {
			n = expr.Const(DefaultSize)
			st.defaultBytes = true
		}
		bytes := expr.Scale(n, float64(es))
		st.membytes(freq, bytes)
		if spreadMake(v) {
			break
		}
		if sb := st.stackBuf(v); sb > 0 {
			// gc keeps a make of run-time size that does not escape in
			// a stack buffer when it fits: the heap only above sb bytes
			// (make([]byte, 0, max(prec+4, 24)) in strconv.FormatFloat).
			// bytes is a whole number, so bytes > sb exactly when
			// bytes-sb ≥ 1. A size not known is the default size, as
			// for the bytes counted: 8 bytes fit, 8 words do not
			// (make([]byte, count) for count digits computed by a loop).
			if c, isConst := bytes.Constant(); isConst && c <= float64(sb) {
				break
			}
			count := expr.Min(one, expr.Max(expr.Const(0), expr.Sub(bytes, expr.Const(float64(sb)))))
			st.heapAlloc(v, freq, expr.Mul(count, bytes), count)
			break
		}
		st.alloc(v, freq, bytes, one)
	case *ssa.MakeMap:
		ops[manifest.OpMake]++
		bytes, count := expr.Const(48), one
		if v.Reserve != nil {
			if hint, ok := st.symInt(v.Reserve); ok {
				if c, isConst := hint.Constant(); !isConst || c > 8 {
					mt := v.Type().Underlying().(*types.Map)
					slot := float64(st.sizeof(mt.Key()) + st.sizeof(mt.Elem()) + 1)
					// Swiss tables keep load at most 7/8.
					bytes = expr.Add(bytes, expr.Scale(hint, slot*8/7))
					count = expr.Const(2)
				}
			}
		}
		st.alloc(v, freq, bytes, count)
	case *ssa.MakeChan:
		ops[manifest.OpMake]++
		bytes := expr.Const(96)
		if n, ok := symInt(v.Size); ok {
			ct := v.Type().Underlying().(*types.Chan)
			bytes = expr.Add(bytes, expr.Scale(n, float64(st.sizeof(ct.Elem()))))
		}
		st.alloc(v, freq, bytes, one)
	case *ssa.MakeClosure:
		if len(v.Bindings) > 0 {
			n := int64(8)
			for _, b := range v.Bindings {
				n += st.sizeof(b.Type())
			}
			st.alloc(v, freq, expr.Const(float64(n)), one)
		}
	case *ssa.Alloc:
		t := v.Type().Underlying().(*types.Pointer).Elem()
		n := st.sizeof(t)
		if n > 0 {
			heap, known := st.s.oracle.Classify(st.fset, v)
			if !known {
				heap = v.Heap
			}
			if heap {
				st.membytes(freq, expr.Const(float64(n)))
				st.alloc(v, freq, expr.Const(float64(n)), one)
			}
		}
	case *ssa.Next:
		if v.IsString {
			ops[manifest.OpInt] += 2
			ops[manifest.OpLoad]++
		} else {
			ops[manifest.OpMapIter]++
		}
	}
}

// appendGrowths is how many times appends to a slice the call starts
// itself reallocate it, per call: total elements of es bytes added by
// appends that run freq times. The first allocation holds a size class's
// worth of elements (8 one-byte elements, 1 word), each later one twice
// as many, so min(1, total) + log2(total·es/class) — but one append
// grows its slice at most once, however many elements it adds
// (append(b, s...) of a whole slice, append(nil, make([]byte, n)...)):
// never more than freq.
func appendGrowths(freq, total expr.Expr, es float64) expr.Expr {
	first := 1.0
	if es > 0 {
		first = float64(sizeclass.Round(int64(es))) / es
	}
	return expr.Min(freq, expr.Add(expr.Min(one, total), expr.Log2(expr.Scale(total, 1/first))))
}

// spreadMake reports whether the make v only supplies the elements of an
// append (append(b, make([]T, n)...)): gc extends b in place (ssagen's
// extendslice), growing it once when it is short and zeroing the new
// elements, so the make itself allocates nothing.
func spreadMake(v *ssa.MakeSlice) bool {
	refs := v.Referrers()
	if refs == nil || len(*refs) != 1 {
		return false
	}
	c, ok := (*refs)[0].(*ssa.Call)
	if !ok {
		return false
	}
	args := appendArgs(c)
	return len(args) == 2 && args[1] == ssa.Value(v)
}

// mergedConcat reports whether the concatenation v only feeds another one,
// which then does the work for both.
func mergedConcat(v *ssa.BinOp) bool {
	refs := v.Referrers()
	if refs == nil || len(*refs) != 1 {
		return false
	}
	r, ok := (*refs)[0].(*ssa.BinOp)
	return ok && r.Op == token.ADD && r.X == v
}

// constInBounds reports whether x[i] needs no bounds check: a constant index
// into an array.
func constInBounds(x, i ssa.Value) bool {
	c, ok := i.(*ssa.Const)
	if !ok {
		return false
	}
	n, ok := arrayLen(x.Type())
	if !ok {
		return false
	}
	idx, _ := symInt(c)
	k, _ := idx.Constant()
	return k >= 0 && k < float64(n)
}

func (st *funcState) convert(v ssa.Instruction, from, to types.Type, freq expr.Expr, ops map[manifest.OpClass]float64) {
	fi, ti := basicInfo(from), basicInfo(to)
	_, fromSlice := from.Underlying().(*types.Slice)
	_, toSlice := to.Underlying().(*types.Slice)
	switch {
	case (fi&types.IsString != 0 && toSlice) || (fromSlice && ti&types.IsString != 0):
		heap, known := st.s.oracle.Classify(st.fset, v)
		if known && !heap && zeroCopy(st.s.oracle, st.fset, v) {
			return // a view of the string's bytes: no copy, no allocation
		}
		ops[manifest.OpStrConv]++
		n := st.lenOr(v.(*ssa.Convert).X)
		if ti&types.IsString == 0 {
			n = expr.Scale(n, float64(st.sizeof(elemType(to))))
		} else if b, ok := elemType(from).Underlying().(*types.Basic); ok && b.Kind() == types.Int32 {
			// runtime.slicerunetostring asks for 3 bytes beyond the
			// encoding (taken here at one byte a rune).
			n = expr.Add(n, expr.Const(3))
		}
		st.membytes(freq, n)
		if known && !heap {
			st.stackConversion(v, freq, n, st.lenOr(v.(*ssa.Convert).X))
			return
		}
		st.alloc(v, freq, n, one)
	case fi&types.IsString != 0 || ti&types.IsString != 0:
		ops[manifest.OpStrConv]++ // rune to string
	case fi&(types.IsFloat|types.IsComplex) != 0 || ti&(types.IsFloat|types.IsComplex) != 0:
		ops[manifest.OpFloat]++
	default:
		ops[manifest.OpInt]++
	}
}

// boundsChecks is the number of bounds checks the compiler keeps at the
// index or slice expression at pos: gc's own count when the oracle knows it
// (BoundsOracle), else one unless the SSA shows the index in range
// (ssaCheck false).
func (st *funcState) boundsChecks(pos token.Pos, ssaCheck bool) float64 {
	if bo, ok := st.s.oracle.(BoundsOracle); ok {
		if n, known := bo.BoundsChecks(st.fset, pos); known {
			return float64(n)
		}
	}
	if ssaCheck {
		return 1
	}
	return 0
}

// call counts a call instruction and adds its callee's costs.
func (st *funcState) call(in ssa.CallInstruction, freq expr.Expr, ops map[manifest.OpClass]float64) {
	c := in.Common()
	if b, ok := c.Value.(*ssa.Builtin); ok {
		st.builtin(in, b.Name(), c.Args, freq, ops)
		return
	}
	if c.IsInvoke() {
		ops[manifest.OpCallIface]++
		if st.opsOnly {
			return
		}
		args := append([]ssa.Value{c.Value}, c.Args...)
		if m := st.knownMethod(c); m != nil {
			st.static(in, m, args, freq) // the caller's concrete type (concrete.go)
			return
		}
		if targets := st.s.sites[in]; len(targets) > 0 {
			st.resolved(types.TypeString(c.Value.Type(), nil)+"."+c.Method.Name(), targets, args, freq, "", nil)
			return
		}
		st.dynamic(c.Value.Type(), c.Method, args, freq)
		return
	}
	callee := c.StaticCallee()
	if callee == nil {
		ops[manifest.OpCallClos]++
		if st.opsOnly {
			return
		}
		targets := st.s.sites[in]
		if len(targets) == 0 {
			// A package variable set to one of a few functions.
			targets = calledGlobalFuncs(c.Value)
		}
		if len(targets) > 0 {
			st.resolved("through a function value", targets, c.Args, freq, funcValueName(c.Value), c.Value)
			return
		}
		if p := funcParam(st.fn, c.Value); p != nil {
			st.paramCall(p, freq)
			return
		}
		st.estimated("call through a function value not resolved: callee cost not included")
		return
	}
	if st.deadInlined(in, callee) {
		// gc inlines it and removes what is left (deadcall.go).
		st.callees[funcKey(callee)] = true
		if st.deadCalls != nil {
			st.deadCalls[in] = true
		}
		return
	}
	if costs, ok := intrinsicOps[funcKey(callee)]; ok {
		for class, n := range costs {
			ops[class] += n
		}
		return
	}
	if st.opsOnly {
		// The callee's blocks are the run's, or its summary is priced
		// at the call (Pricer.Native): the call alone here.
		st.callOp(in, callee, c, ops)
		return
	}
	if sum := st.regexpCall(callee, c.Args); sum != nil {
		// Modelled whole, its call included (regexp.go).
		st.addSummary(sum, c.Args, freq, 1)
		return
	}
	st.callOp(in, callee, c, ops)
	st.static(in, callee, c.Args, freq)
}

// callOp counts a static call of callee: none where gc inlined it, a
// closure call for a function literal called in place, else a call.
func (st *funcState) callOp(in ssa.CallInstruction, callee *ssa.Function, c *ssa.CallCommon, ops map[manifest.OpClass]float64) {
	_, isClosure := c.Value.(*ssa.MakeClosure)
	switch {
	case st.s.inlinedAt(in, callee):
	case isClosure:
		ops[manifest.OpCallClos]++
	default:
		ops[manifest.OpCall]++
	}
}

func (st *funcState) static(in ssa.CallInstruction, callee *ssa.Function, args []ssa.Value, freq expr.Expr) {
	if HarnessCall(callee) || poolSlowPaths[funcKey(callee)] {
		st.callees[funcKey(callee)] = true
		return
	}
	if st.scc[callee] || st.rec[callee] {
		st.callees[funcKey(callee)] = true
		if st.rec[callee] {
			st.recursive = true
			st.recCalls = expr.Add(st.recCalls, st.staticFreq(freq))
			st.recDescends = st.recDescends || descends(st.fn, args)
			if c, ok := st.recSteps[in]; ok {
				st.addCPU(c, freq)
			}
			st.walkSite(in, args)
		} else {
			st.notes["call into a cycle through interface dispatch: costed as the call only"] = true
			st.conf = weaker(st.conf, manifest.Estimated)
		}
		return
	}
	if st.intoRuntime(callee) {
		st.callees[funcKey(callee)] = true
		return
	}
	sum := st.s.summaryOf(callee)
	made := st.s
	if spec, by := st.specialize(callee, args, sum); spec != nil {
		sum, made = spec, by // the callee under the call's constant arguments
	}
	if sum != nil && !sum.AllocCount.IsZero() {
		if at := made.inlinedCopy(in, callee, sum); at != nil {
			sum = at // gc's decisions for the body as inlined here
		} else if at := st.inlinedSites(in, sum, args); at != nil {
			sum = at // the same, from the sites of a body not at hand
		}
	}
	if sum == nil {
		st.callees[funcKey(callee)] = true
		st.estimated("no summary for " + funcKey(callee) + ": counted as a call only")
		return
	}
	if st.sortCall(in, callee, sum, args, freq) {
		return
	}
	if st.walkSteps[in] {
		// Each step resumes the search where the last stopped: the
		// searches together are the first call's (succwalk.go).
		sum = emptyCall(sum)
		// The position it searches from is the last call's result,
		// computed from a word that call loaded: the steps are a
		// dependent-load chain, like a list's links.
		st.addCPU(manifest.OpChase, freq)
	}
	if n, ok := fmtCallAllocs(callee, args); ok {
		// fmt with plain arguments: the result string (and Errorf's
		// error) alone, not the summary's average over all verbs.
		s := *sum
		s.AllocCount = n
		sum = &s
	}
	st.addSummary(sum, args, freq, 1)
	if st.s.inlined(callee) {
		st.mergeSites(sum, args, freq)
	}
	st.freshCall(in, sum, args, freq)
}

// inlined reports whether gc inlines calls of callee, when the oracle
// knows.
func (s *summarizer) inlined(callee *ssa.Function) bool {
	io, ok := s.oracle.(InlineOracle)
	if !ok {
		return false
	}
	_, ok = io.CanInlineFunc(s.fset, callee)
	return ok
}

// inlinedAt reports whether gc inlined this call of callee. gc reports a
// std function's "can inline" only where it compiles std, so a call from
// the packages analyzed into std is known by the call site's "inlining call
// to" diagnostic instead.
func (s *summarizer) inlinedAt(in ssa.CallInstruction, callee *ssa.Function) bool {
	if s.inlined(callee) {
		return true
	}
	io, ok := s.oracle.(InlinedCallOracle)
	if !ok {
		return false
	}
	_, ok = io.AtInlinedCall(s.fset, in)
	return ok
}

// runtimePkgs are the packages whose Go code implements what the operation
// classes already stand for (allocation, maps, channels, scheduling).
func isRuntimePkg(path string) bool {
	return path == "runtime" || strings.HasPrefix(path, "internal/runtime/") || strings.HasPrefix(path, "runtime/internal/")
}

// intoRuntime reports whether a call from outside the runtime enters it.
// Such calls cost the call only: the runtime's work is priced through the
// operation classes (make, append, mapwrite, chansend, go...), and its
// slow paths (GC assists, span refills, heap growth), weighted like any
// branch, would swamp every caller.
func (st *funcState) intoRuntime(callee *ssa.Function) bool {
	path := ""
	if callee.Pkg != nil {
		path = callee.Pkg.Pkg.Path()
	} else if obj, ok := callee.Object().(*types.Func); ok && obj.Pkg() != nil {
		path = obj.Pkg().Path()
	}
	if !isRuntimePkg(path) || ioLeaf(funcKey(callee), path) != nil {
		return false
	}
	return st.fn.Pkg == nil || !isRuntimePkg(st.fn.Pkg.Pkg.Path())
}

// summaryOf returns the summary of a callee with the I/O leaf rule applied.
func (s *summarizer) summaryOf(fn *ssa.Function) *Summary {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	key := funcKey(fn)
	var sum *Summary
	if fn.Synthetic != "" && len(fn.Blocks) > 0 {
		// Wrappers and thunks are synthesized wherever they are needed:
		// summarize them on the spot; they are small.
		if w, ok := s.wrappers[fn]; ok {
			sum = w
		} else {
			s.wrappers[fn] = nil // cut cycles through wrappers
			sum = s.summarize(fn, nil, nil)
			s.wrappers[fn] = sum
		}
	} else if l, ok := s.local[key]; ok {
		sum = l
	} else {
		obj, _ := fn.Object().(*types.Func)
		sum = s.lookup(key, obj)
	}
	pkgPath := ""
	if fn.Pkg != nil {
		pkgPath = fn.Pkg.Pkg.Path()
	} else if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil {
		pkgPath = obj.Pkg().Path()
	}
	return withLeaf(sum, key, pkgPath, fn.Signature)
}

// withLeaf applies the I/O leaf rule to sum (possibly nil).
func withLeaf(sum *Summary, key, pkgPath string, sig *types.Signature) *Summary {
	leaf := ioLeaf(key, pkgPath)
	if leaf == nil {
		return sum
	}
	var out Summary
	if sum != nil {
		out = *sum
	} else {
		out = Summary{Name: key, Confidence: manifest.Estimated, Notes: []string{"no summary: I/O only"}}
		if sig.Recv() != nil {
			out.Params = append(out.Params, sig.Recv().Name())
		}
		for i := 0; i < sig.Params().Len(); i++ {
			out.Params = append(out.Params, sig.Params().At(i).Name())
		}
	}
	out.IO = leaf
	if bodyReplaced[key] {
		// The call and its system call only (io.go).
		out.CPU = []OpCount{{Class: manifest.OpCall, Count: expr.Const(1)}}
		out.AllocCount, out.AllocBytes, out.RetainOut = expr.Expr{}, expr.Expr{}, expr.Expr{}
		out.NewKey, out.Found, out.FuncCalls, out.Walk, out.InlineSites, out.FreshAllocs, out.UntimedBytes = nil, nil, nil, nil, nil, nil, nil
		out.Vars = nil
		out.Notes = append(slices.Clone(out.Notes), "body not charged: one system call (I/O leaf)")
	}
	vars := slices.Clone(out.Vars)
	for _, io := range leaf {
		for _, n := range io.Bytes.Vars() {
			if _, ok := varDefault(vars, n); !ok {
				vars = append(vars, manifest.Var{Name: n, Default: DefaultSize, Origin: "parameter"})
			}
		}
	}
	slices.SortFunc(vars, func(a, b manifest.Var) int { return strings.Compare(a.Name, b.Name) })
	out.Vars = vars
	return &out
}

// resolved averages a dynamic call (interface method or function value)
// over the callees whole-program VTA resolved it to; args include the
// receiver of an interface call.
func (st *funcState) resolved(name string, targets []*ssa.Function, args []ssa.Value, freq expr.Expr, fv string, fnValue ssa.Value) {
	var sums []*Summary
	known := 0 // targets in the cycle, the harness or the runtime: the call only
	for _, g := range targets {
		if o := g.Origin(); o != nil {
			g = o
		}
		if st.scc[g] || st.rec[g] {
			known++
			st.callees[funcKey(g)] = true
			if st.rec[g] {
				st.recursive = true
				st.recCalls = expr.Add(st.recCalls, expr.Scale(st.staticFreq(freq), 1/float64(len(targets))))
				st.recDescends = st.recDescends || descends(st.fn, args)
			} else {
				st.notes["call into a cycle through dynamic dispatch: costed as the call only"] = true
				st.conf = weaker(st.conf, manifest.Estimated)
			}
			continue // in this function's cycle: the call only
		}
		if HarnessCall(g) || st.intoRuntime(g) {
			known++
			st.callees[funcKey(g)] = true
			continue
		}
		if s := st.s.summaryOf(g); s != nil {
			sums = append(sums, s)
		}
	}
	if len(sums) == 0 && known == len(targets) {
		return
	}
	if len(sums) == 0 {
		st.estimated(fmt.Sprintf("dynamic call %s: no VTA target with a summary among %d: call cost only", name, len(targets)))
		return
	}
	st.estimated(fmt.Sprintf("dynamic call %s averaged over %d targets resolved by VTA", name, len(sums)))
	w := 1 / float64(len(sums))
	if fv != "" && len(sums) > 1 && len(sums) == len(targets) && distinctDispatch(fv, sums) {
		// A call through a function-typed parameter or captured
		// variable: each target weighted by a variable of its own
		// (DispatchVar), which a caller passing a known function, or
		// perfcast predict for a closure's captured function, sets to
		// 1 for that function and 0 for the others.
		for _, s := range sums {
			v := DispatchVar(fv, s.Name)
			st.addVar(v, w, DispatchOrigin)
			st.addSummary(s, args, expr.Mul(freq, expr.Var(v)), 1)
		}
		return
	}
	for _, s := range sums {
		st.closureSizes = st.factoryCaptured(fnValue, s.Name)
		st.addSummary(s, args, freq, w)
		st.closureSizes = nil
	}
}

// DispatchOrigin is the manifest.Var Origin of a dispatch weight
// (DispatchVar).
const DispatchOrigin = "dispatch"

// DispatchVar names the weight of target in a call through the function
// value named fv (a parameter or a captured variable of function type):
// fv + ".fn." + the target's ssa name without its import path's
// directories, made an identifier ("f.fn.bitset_BenchmarkIsSuperSet_3").
// Its default is 1/n over the call's n targets (the average); binding the
// function value makes it 1 for the function passed and 0 for the others.
func DispatchVar(fv, target string) string {
	if i := strings.LastIndexByte(target, '/'); i >= 0 {
		target = target[i+1:]
	}
	return fv + ".fn." + sanitize(target)
}

// distinctDispatch reports whether the targets' dispatch variables differ
// (two ssa names that make the same identifier would share a weight).
func distinctDispatch(fv string, sums []*Summary) bool {
	seen := map[string]bool{}
	for _, s := range sums {
		v := DispatchVar(fv, s.Name)
		if seen[v] || expr.ValidVar(v) != nil {
			return false
		}
		seen[v] = true
	}
	return true
}

// funcValueName names the function value a dynamic call goes through when
// it is a parameter or a captured variable the function does not assign
// (valueName), else "".
func funcValueName(v ssa.Value) string {
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return ""
	}
	if n := loadedFreeVar(v); n != "" {
		return n
	}
	return valueName(v)
}

// dispatchTarget is the function a call passes as an argument, when it is
// a known one: a function, or a closure created there; "" otherwise.
func dispatchTarget(arg ssa.Value) string {
	switch a := arg.(type) {
	case *ssa.Function:
		return funcKey(a)
	case *ssa.MakeClosure:
		if f, ok := a.Fn.(*ssa.Function); ok {
			return funcKey(f)
		}
	}
	return ""
}

// bindDispatch binds a callee's dispatch weight (DispatchVar) for a call
// with args: 1 or 0 when the function value's argument is a known
// function; the caller's own weight for the same target when it passes a
// function-typed parameter or captured variable of its own along.
func (st *funcState) bindDispatch(sum *Summary, v manifest.Var, args []ssa.Value) (expr.Expr, bool) {
	_, base, _ := splitVar(v.Name)
	idx := slices.Index(sum.Params, base)
	if idx < 0 || idx >= len(args) {
		return expr.Expr{}, false
	}
	arg := args[idx]
	for {
		ct, ok := arg.(*ssa.ChangeType)
		if !ok {
			break
		}
		arg = ct.X
	}
	if g := dispatchTarget(arg); g != "" {
		if v.Name == DispatchVar(base, g) {
			return expr.Const(1), true
		}
		return expr.Const(0), true
	}
	if fv := funcValueName(arg); fv != "" {
		n := fv + strings.TrimPrefix(v.Name, base)
		if expr.ValidVar(n) == nil {
			st.addVar(n, v.Default, DispatchOrigin)
			return expr.Var(n), true
		}
	}
	return expr.Expr{}, false
}

// dynamic averages an interface method call over the concrete types visible
// from the calling package that implement the interface.
func (st *funcState) dynamic(recv types.Type, method *types.Func, args []ssa.Value, freq expr.Expr) {
	targets := st.s.targets(st.fn, recv, method)
	var sums []*Summary
	for _, t := range targets {
		if g := st.fn.Prog.FuncValue(t.Origin()); g != nil && st.scc[g] {
			st.callees[funcKey(g)] = true
			continue // in this function's cycle: the call only
		}
		sig := t.Type().(*types.Signature)
		s := withLeaf(st.s.lookupObj(t), objKey(t), pkgPathOf(t), sig)
		if s != nil {
			sums = append(sums, s)
		}
	}
	name := types.TypeString(recv, nil) + "." + method.Name()
	if len(sums) == 0 {
		st.estimated(fmt.Sprintf("dynamic call %s: no target with a summary among %d: call cost only", name, len(targets)))
		return
	}
	if len(sums) > 2 {
		// Guessed targets: the median one (see medianTarget).
		m := medianTarget(sums)
		st.estimated(fmt.Sprintf("dynamic call %s: the median of %d visible targets by cost, %s", name, len(sums), m.Name))
		st.addSummary(m, args, freq, 1)
		return
	}
	st.estimated(fmt.Sprintf("dynamic call %s averaged over %d targets", name, len(sums)))
	w := 1 / float64(len(sums))
	for _, s := range sums {
		st.addSummary(s, args, freq, w)
	}
}

func pkgPathOf(obj types.Object) string {
	if obj.Pkg() == nil {
		return ""
	}
	return obj.Pkg().Path()
}

// keyPackage is the import path of the package of the function a summary
// key names: "math/big" of "(*math/big.Int).Mul", "(math/big.nat).mul$1"
// and "math/big.addVV".
func keyPackage(key string) string {
	key = strings.TrimLeft(key, "(*")
	if i := strings.IndexAny(key, ")[$"); i >= 0 {
		key = key[:i]
	}
	// The last dot after the last slash ends the path (a path's last
	// element may hold dots: gopkg.in/yaml.v3).
	slash := strings.LastIndex(key, "/")
	rest := key[slash+1:]
	name := strings.LastIndex(rest, ".")
	if name < 0 {
		return ""
	}
	return key[:slash+1+name]
}

// lookupObj finds the summary of a method object.
func (s *summarizer) lookupObj(obj *types.Func) *Summary {
	key := objKey(obj)
	if l, ok := s.local[key]; ok {
		return l
	}
	return s.lookup(key, obj.Origin())
}

// targets lists the methods an interface call may reach: those of the named
// types declared in the caller's package and the packages it imports,
// directly or not (exactly what a go/analysis pass can see), sorted.
func (s *summarizer) targets(caller *ssa.Function, recv types.Type, method *types.Func) []*types.Func {
	iface, ok := recv.Underlying().(*types.Interface)
	if !ok || caller.Pkg == nil {
		return nil
	}
	root := caller.Pkg.Pkg
	key := root.Path() + "\x00" + types.TypeString(recv, nil) + "\x00" + method.Name()
	if t, ok := s.candidates[key]; ok {
		return t
	}
	seen := map[*types.Package]bool{}
	var pkgs []*types.Package
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		pkgs = append(pkgs, p)
		for _, q := range p.Imports() {
			visit(q)
		}
	}
	visit(root)
	byName := map[string]*types.Func{}
	for _, p := range pkgs {
		scope := p.Scope()
		for _, n := range scope.Names() {
			tn, ok := scope.Lookup(n).(*types.TypeName)
			if !ok || tn.IsAlias() {
				continue
			}
			named, ok := tn.Type().(*types.Named)
			if !ok {
				continue
			}
			if _, isIface := named.Underlying().(*types.Interface); isIface {
				continue
			}
			if named.TypeParams().Len() > 0 {
				if named = instantiateLike(named, recv); named == nil {
					continue
				}
			}
			var impl types.Type
			switch {
			case types.Implements(named, iface):
				impl = named
			case types.Implements(types.NewPointer(named), iface):
				impl = types.NewPointer(named)
			default:
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(impl, true, method.Pkg(), method.Name())
			if f, ok := obj.(*types.Func); ok {
				byName[objKey(f)] = f
			}
		}
	}
	out := make([]*types.Func, 0, len(byName))
	for _, f := range byName {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return objKey(out[i]) < objKey(out[j]) })
	s.candidates[key] = out
	return out
}

// instantiateLike instantiates the generic type named with the type
// arguments of the interface recv, when recv is an instance of a generic
// interface with as many type parameters (LRUCache[K, V], the interface
// through which generic code holds an *LRU[K, V]); nil otherwise. Generic
// code calls its collaborators through such interfaces, and a generic type
// implements them only instantiated: with the same arguments, which is how
// a generic package wires its types to its interfaces. A generic type that
// implements the interface under other arguments only is not found.
func instantiateLike(named *types.Named, recv types.Type) *types.Named {
	in, ok := types.Unalias(recv).(*types.Named)
	if !ok || in.TypeArgs().Len() != named.TypeParams().Len() {
		return nil
	}
	targs := make([]types.Type, in.TypeArgs().Len())
	for i := range targs {
		targs[i] = in.TypeArgs().At(i)
	}
	t, err := types.Instantiate(nil, named, targs, true)
	if err != nil {
		return nil
	}
	inst, _ := t.(*types.Named)
	return inst
}

// addSummary adds weight × the callee summary, its parameters bound to the
// call's arguments, for a call site that runs freq times.
func (st *funcState) addSummary(sum *Summary, args []ssa.Value, freq expr.Expr, weight float64) {
	st.callees[sum.Name] = true
	m := st.bind(sum, args)
	st.bindWalkStops(sum, args, m)
	st.bindWalk(sum, args, m)
	f := expr.Scale(freq, weight)
	db := newDrainBinding(m, st.bindDrains)
	mix := db.mix
	st.addFuncCalls(sum, args, m, f)
	predictable := st.predictableKeys(args) // mispredict.go
	for _, oc := range sum.CPU {
		if oc.Class == manifest.OpMispredict && predictable {
			continue
		}
		st.addCPU(oc.Class, expr.Mul(f, mix(oc.Count)))
	}
	st.allocCount = expr.Add(st.allocCount, expr.Mul(f, mix(sum.AllocCount)))
	st.allocBytes = expr.Add(st.allocBytes, expr.Mul(f, mix(sum.AllocBytes)))
	if !sum.RetainOut.IsZero() {
		var at *ssa.BasicBlock // the call's block
		if st.cur != nil {
			at = st.cur.Block()
		}
		st.retain(st.calleeRetention(args, at), f, mix(sum.RetainOut))
	}
	if sum.Searches && !st.searches {
		for _, a := range args {
			if paramDependent(a, 0) {
				st.searches = true
				break
			}
		}
	}
	st.keyedCall(sum, m, mix, args, f, expr.Const(weight))
	st.foundCall(sum, m, db, args, f, expr.Const(weight))
	for _, io := range sum.IO {
		st.io = mergeIO(st.io, IOCost{Kind: io.Kind, Count: expr.Mul(f, io.Count.Subst(m)), Bytes: expr.Mul(f, io.Bytes.Subst(m))})
	}
	if sum.Confidence != manifest.Exact {
		st.conf = weaker(st.conf, sum.Confidence)
		st.uncertainCallees[sum.Name] = true
	}
}

// mapOp counts a lookup or delete (class) on the map m. The runtime
// returns at once from both on an empty map, before hashing the key
// (internal/runtime/maps: `if m == nil || m.Used() == 0` in
// runtime_mapaccess* and Map.Delete): the operation then costs its calls
// alone — the runtime's entry, Map.Delete for a delete, and, for a key
// whose hash might panic (an interface, or an array or struct holding
// one), mapKeyError2 on the key and on its dynamic type, which the
// runtime checks even there (issue 23734). Where the map's length is a
// size the analysis expresses, the operation is weighted by [len(m) >= 1]
// = min(1, max(0, len(m))) and the empty path by the rest, so that a
// loop deleting from a map it has emptied (a benchmark removing in every
// b.N iteration the keys its setup put) pays the lookups of its first
// pass only (drain.go); an unknown length counts the operation.
func (st *funcState) mapOp(m ssa.Value, class manifest.OpClass, freq expr.Expr, ops map[manifest.OpClass]float64) {
	mt, _ := m.Type().Underlying().(*types.Map)
	var keyWork map[manifest.OpClass]float64
	if mt != nil {
		keyWork = st.mapKeyWork(mt, false)
	}
	l, ok := st.symLen(m)
	if !ok || len(l.Vars()) == 0 || st.opsOnly { // unknown or constant (or a run's): the lookup is counted
		ops[class]++
		for c, n := range keyWork {
			ops[c] += n
		}
		return
	}
	calls := 1.0
	if class == manifest.OpMapDelete {
		calls++
	}
	if mt != nil && hashMightPanic(mt.Key(), 0) {
		calls += 2
	}
	used := expr.Min(one, expr.Max(expr.Const(0), l))
	st.addCPU(class, expr.Mul(freq, used))
	for _, c := range manifest.OpClasses {
		if n := keyWork[c]; n > 0 {
			st.addCPU(c, expr.Mul(freq, expr.Scale(used, n)))
		}
	}
	st.addCPU(manifest.OpCall, expr.Mul(freq, expr.Scale(expr.Sub(one, used), calls)))
}

// mapKeyWork returns the operations one lookup, assignment (write) or
// delete on a non-empty map of type mt does beyond those the profile's
// map classes count. Those are calibrated on map[int]int, whose
// operations gc compiles to the fast variants (walk.mapfast:
// mapaccess1_fast64 and the like, for keys of 32 or 64 bits of plain
// memory and for strings, when the element is at most 128 bytes): the key
// is hashed by one indirect call to a leaf (typ.Hasher = memhash64) and
// compared inline. Other keys take the generic path
// (internal/runtime/maps runtime_mapaccess1, Map.PutSlot, Map.Delete):
//
//   - every key compares through the type's equal function, an indirect
//     call (typ.Key.Equal), and its hash function calls on into the
//     runtime's memhash (memhash128 and the memhash_varlen closures,
//     f64hash, the compiler's per-field hash of a struct): an indirect
//     call and a call;
//   - an interface key (or one holding an interface: hashMightPanic)
//     hashes through nilinterhash or interhash, which checks the dynamic
//     type (nil, hashable, direct) and calls typehash, which tests the
//     type's flags and size and calls the type's hash (memhash64 for an
//     int); it compares through nilinterequal, which compares the type
//     words and calls efaceeq, which checks the type again and calls the
//     type's equal function indirectly: two indirect calls, three calls
//     and about ten integer tests beyond the fast path;
//   - an assignment copies the key into its slot with typedmemmove (a
//     call) on insert, and on overwrite too for keys whose equality is not
//     identity (interfaces, floats, strings: abi.MapType.NeedKeyUpdate);
//     the fast variants store it inline.
//
// A string key takes the fast variant, but compares a candidate slot's key
// with memequal when the two strings' data pointers differ (a call). Type
// parameters count as the fast path (gc instantiates per shape, and the
// shapes of the common keys are the fast kinds).
func (st *funcState) mapKeyWork(mt *types.Map, write bool) map[manifest.OpClass]float64 {
	key := mt.Key()
	if _, ok := types.Unalias(key).(*types.TypeParam); ok {
		return nil
	}
	fast := st.sizeof(mt.Elem()) <= mapMaxElemBytes
	switch kind := st.mapKeyAlg(key); {
	case fast && kind == keyFast:
		return nil
	case fast && kind == keyString:
		return map[manifest.OpClass]float64{manifest.OpCall: 1}
	case hashMightPanic(key, 0):
		w := map[manifest.OpClass]float64{manifest.OpCallClos: 2, manifest.OpCall: 3, manifest.OpInt: 10}
		if write {
			w[manifest.OpCall]++
		}
		return w
	default:
		w := map[manifest.OpClass]float64{manifest.OpCallClos: 1, manifest.OpCall: 1}
		if write {
			w[manifest.OpCall]++
		}
		return w
	}
}

// mapMaxElemBytes is abi.MapMaxElemBytes: a map whose element is larger
// stores it indirectly and always takes the generic path.
const mapMaxElemBytes = 128

// Key kinds for gc's choice of map operation (walk.mapfast).
const (
	keyGeneric = iota // generic path through the type's hash and equal functions
	keyFast           // 32 or 64 bits of plain memory: mapaccess1_fast32/64
	keyString         // mapaccess1_faststr
)

// mapKeyAlg classifies a map key as gc's reflectdata.AlgType does for
// walk.mapfast: a struct of one field or an array of one element has its
// element's kind; plain memory (integers, booleans, pointers, channels,
// and structs and arrays of them without padding) of 4 or 8 bytes is
// fast; a string is keyString; anything else (floats, complex numbers,
// interfaces, larger or padded memory, mixed structs) is generic.
func (st *funcState) mapKeyAlg(t types.Type) int {
	for range 8 {
		switch u := t.Underlying().(type) {
		case *types.Struct:
			if u.NumFields() == 1 && u.Field(0).Name() != "_" {
				t = u.Field(0).Type()
				continue
			}
		case *types.Array:
			if u.Len() == 1 {
				t = u.Elem()
				continue
			}
		case *types.Basic:
			if u.Info()&types.IsString != 0 {
				return keyString
			}
		}
		break
	}
	if n := st.sizeof(t); (n == 4 || n == 8) && st.plainMemory(t, 0) {
		return keyFast
	}
	return keyGeneric
}

// plainMemory reports whether t's equality is its memory's (AlgType AMEM):
// no floats, strings or interfaces, and no padding in its structs.
func (st *funcState) plainMemory(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsInteger|types.IsBoolean) != 0 || u.Kind() == types.UnsafePointer
	case *types.Pointer, *types.Chan:
		return true
	case *types.Array:
		return st.plainMemory(u.Elem(), depth+1)
	case *types.Struct:
		var sum int64
		for i := range u.NumFields() {
			f := u.Field(i)
			if f.Name() == "_" || !st.plainMemory(f.Type(), depth+1) {
				return false
			}
			sum += st.sizeof(f.Type())
		}
		return sum == st.sizeof(t)
	}
	return false
}

// hashMightPanic reports whether hashing a map key of type t might
// panic (abi.MapType.HashMightPanic): t is an interface or holds one.
func hashMightPanic(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return true
	case *types.Array:
		return hashMightPanic(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if hashMightPanic(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// bind maps the callee's variables to caller expressions: parameter sizes
// to what the arguments are known to be, everything else (the callee's
// unknown loop bounds, recursion depths, and arguments of unknown size) to
// its default.
func (st *funcState) bind(sum *Summary, args []ssa.Value) map[string]expr.Expr {
	m := make(map[string]expr.Expr, len(sum.Vars))
	st.bindDrains = map[string]*drain{}
	for _, v := range sum.Vars {
		if v.Origin == DispatchOrigin {
			if e, ok := st.bindDispatch(sum, v, args); ok {
				m[v.Name] = e
				continue
			}
		}
		if v.Origin == "parameter" {
			st.lastDrain = nil
			if e, ok := st.bindParam(sum, v.Name, args); ok {
				m[v.Name] = e
				if d := st.lastDrain; d != nil && e.Equal(d.mean) {
					st.bindDrains[v.Name] = d
				}
				continue
			}
			if e, ok := st.bindInduction(sum, v.Name, args); ok {
				m[v.Name] = e
				continue
			}
			if e, ok := st.closureSizes[v.Name]; ok {
				m[v.Name] = e
				continue
			}
			st.unknownArgs[sum.Name] = true
			st.conf = weaker(st.conf, manifest.Estimated)
		}
		m[v.Name] = expr.Const(v.Default)
	}
	return m
}

// splitVar splits "len(p.F)" into ("len", "p", ".F").
func splitVar(name string) (fn, base, rest string) {
	if i := strings.IndexByte(name, '('); i > 0 && strings.HasSuffix(name, ")") {
		fn, name = name[:i], name[i+1:len(name)-1]
	}
	if i := strings.IndexByte(name, '.'); i >= 0 {
		return fn, name[:i], name[i:]
	}
	return fn, name, ""
}

func (st *funcState) bindParam(sum *Summary, name string, args []ssa.Value) (expr.Expr, bool) {
	return st.bindParamDepth(sum, name, args, 0)
}

// bindParamDepth binds one parameter size variable of sum to what the
// argument is known to be: a size of a caller's parameter, an expression
// over them, or the size of an object the caller built (shape.go).
func (st *funcState) bindParamDepth(sum *Summary, name string, args []ssa.Value, depth int) (expr.Expr, bool) {
	fn, base, rest := splitVar(name)
	idx := slices.Index(sum.Params, base)
	if idx < 0 || idx >= len(args) {
		return expr.Expr{}, false
	}
	arg := args[idx]
	if rest != "" {
		for {
			if ct, ok := arg.(*ssa.ChangeType); ok {
				arg = ct.X
				continue
			}
			if mi, ok := arg.(*ssa.MakeInterface); ok {
				arg = mi.X
				continue
			}
			break
		}
		// A struct passed by value as a copy of *p, p a pointer
		// parameter (a value-receiver method called from a pointer
		// one): p's sizes where it is copied.
		if ld, ok := arg.(*ssa.UnOp); ok && ld.Op == token.MUL && isStructPtr(ld.X.Type()) {
			if q, isParam := ld.X.(*ssa.Parameter); isParam && paramName(q) != "" {
				arg = q
			}
		}
		p, ok := arg.(*ssa.Parameter)
		if !ok {
			// A closure's captured variable names its sizes as a
			// parameter does ("s.length"); perfcast predict binds them.
			fv := loadedFreeVar(arg)
			if fv == "" {
				if v, isFV := arg.(*ssa.FreeVar); isFV {
					fv = valueName(v)
				}
			}
			if fv != "" && !types.IsInterface(arg.Type()) {
				n := fv + rest
				if fn != "" {
					n = fn + "(" + n + ")"
				}
				if expr.ValidVar(n) == nil {
					return expr.Var(n), true
				}
			}
			if strings.Count(rest[1:], ".") > maxKeyFields-1 {
				return expr.Expr{}, false
			}
			key := rest[1:]
			if fn != "" {
				key = fn + "(" + key + ")"
			}
			// A field of a parameter holding an object (set.ordering):
			// the callee's size of it is a size of the parameter two
			// fields deep ("set.ordering.size").
			if root, path := objectPath(arg); path != "" && objectKind(root) == "param" {
				if k := composeKey(path, key); k != "" {
					if n := sizeVar(paramName(root.(*ssa.Parameter)), k); expr.ValidVar(n) == nil {
						return st.paramSize(root, k, n), true
					}
				}
				return expr.Expr{}, false
			}
			if e, ok := st.valueShape(arg, key, depth); ok {
				return e, true
			}
			// A struct passed by value as a copy of a local object
			// (`s, _ := New(...); s.Method()` with a value receiver):
			// the object's sizes where it is copied.
			if ld, ok := arg.(*ssa.UnOp); ok && ld.Op == token.MUL && isStructPtr(ld.X.Type()) {
				if root, path := objectPath(ld.X); root != nil && path == "" && objectKind(root) == "local" {
					return st.objectSize(ld.X, key, depth+1)
				}
			}
			return st.objectSize(arg, key, depth+1)
		}
		if paramName(p) == "" || types.IsInterface(p.Type()) {
			return expr.Expr{}, false // an interface has no fields of its own
		}
		n := paramName(p) + rest
		key := rest[1:]
		if fn != "" {
			n = fn + "(" + n + ")"
			key = fn + "(" + key + ")"
		}
		if expr.ValidVar(n) != nil {
			return expr.Expr{}, false
		}
		return st.paramSize(p, key, n), true
	}
	switch fn {
	case "len":
		return symLenIn(arg, depth, st)
	case "cap":
		return symCapIn(arg, depth, st)
	case "":
		return symIntIn(arg, depth, st)
	}
	return expr.Expr{}, false
}

func (st *funcState) builtin(in ssa.CallInstruction, name string, args []ssa.Value, freq expr.Expr, ops map[manifest.OpClass]float64) {
	switch name {
	case "len", "cap", "real", "imag", "complex", "Sizeof", "Alignof", "Offsetof", "String", "StringData", "Slice", "SliceData", "Add":
	case "append":
		ops[manifest.OpAppend]++
		es := float64(st.sizeof(elemType(args[0].Type())))
		n := expr.Const(1)
		if len(args) > 1 {
			n = st.lenOr(args[1])
		}
		// Elements copied in, plus the growth copies: with capacity doubling
		// every element is copied about once more.
		total := expr.Mul(freq, n)
		st.addCPU(manifest.OpMemBytes, expr.Scale(total, 2*es))
		if call, ok := in.(*ssa.Call); ok {
			// Amortized growth: log2(total)+1 allocations, 2×total×size bytes.
			heap, known := st.s.oracle.Classify(st.fset, call)
			if !known {
				heap, _ = SSAOracle{}.Classify(st.fset, call)
			}
			// A slice that outlives the call (a parameter's, a field
			// reached from one, a global's: an append-style API's dst,
			// a printer's reused buffer) keeps its capacity from call to
			// call, so its growth is amortized over the calls like a
			// capacity check's: O(log n) reallocations over n calls,
			// none per call. Only a slice the call starts itself grows
			// log2(total)+1 times per call — when it runs: an append
			// that runs less than once per call (on a rare arm, or
			// not at all under constant arguments) allocates at most
			// as often as it runs, min(1, total).
			// The appends to one slice grow it together (appendcap.go):
			// a chain that stays within the capacity it starts with
			// never calls growslice, and one that does not reallocates
			// as the runtime grows the slice from that capacity to all
			// the chain adds, each append charged its share.
			var chain appendChain
			chained := false
			if heap {
				chain, chained = st.chainOf(call)
				if chained && chain.fits() {
					heap = false
				}
			}
			if heap && !st.persistentSlice(args[0], call.Block(), 0) {
				if cnt, b, ok := chain.growth(es); chained && ok {
					per, _ := chain.perStart.Constant()
					share := expr.Scale(total, 1/per)
					st.allocCount = expr.Add(st.allocCount, expr.Scale(share, cnt))
					st.allocBytes = expr.Add(st.allocBytes, expr.Scale(share, b))
				} else {
					st.allocCount = expr.Add(st.allocCount, appendGrowths(freq, total, es))
					// The arrays of successive doublings sum to about twice
					// the final one; an append that runs at most once per
					// call allocates the one array.
					growth := 2 * es
					if f, ok := freq.Constant(); ok && f <= 1 {
						growth = es
					}
					st.allocBytes = expr.Add(st.allocBytes, expr.Scale(total, growth))
				}
			} else if p := fieldParam(args[0]); heap && p != nil {
				// A parameter's field (strings.Builder.WriteString's
				// b.buf): on a new object the first append allocates
				// what it appends (fresh.go).
				st.addFresh(FreshAlloc{Param: p.Name(), Count: one, Bytes: expr.Scale(n, es)})
			}
			// A slice kept beyond the loop or the call grows by the
			// elements appended (its old backing arrays are garbage).
			st.retain(st.retention(call, call.Block()), freq, expr.Scale(n, es))
		}
	case "copy":
		if k := inlineCopyMoves(in, args, st.sizeof(elemType(args[0].Type()))); k > 0 {
			// gc moves a few bytes inline (copyconst.go).
			ops[manifest.OpLoad] += float64(k)
			ops[manifest.OpStore] += float64(k)
			return
		}
		ops[manifest.OpCopy]++
		es := float64(st.sizeof(elemType(args[0].Type())))
		dl, ok1 := st.symLen(args[0])
		sl, ok2 := st.symLen(args[1])
		var n expr.Expr
		switch {
		case ok1 && ok2:
			n = expr.Min(dl, sl)
		case ok1:
			n = dl
		case ok2:
			n = sl
		default:
			n = expr.Const(DefaultSize)
			st.defaultBytes = true
		}
		st.membytes(freq, expr.Scale(n, es))
	case "delete":
		st.mapOp(args[0], manifest.OpMapDelete, freq, ops)
	case "clear":
		if _, ok := args[0].Type().Underlying().(*types.Map); ok {
			ops[manifest.OpMapDelete]++
		} else {
			st.membytes(freq, expr.Scale(st.lenOr(args[0]), float64(st.sizeof(elemType(args[0].Type())))))
		}
	case "min", "max":
		if basicInfo(args[0].Type())&types.IsFloat != 0 {
			ops[manifest.OpFloat] += float64(len(args) - 1)
		} else {
			ops[manifest.OpInt] += float64(len(args) - 1)
		}
	case "ssa:wrapnilchk":
		ops[manifest.OpNilChk]++
	default: // print, println, panic, recover, close
		ops[manifest.OpCall]++
	}
}

// clean rounds e and clamps a negative constant (a count cannot be below
// zero; it arises from bounds such as n-k evaluated at constants) to 0.
func clean(e expr.Expr) expr.Expr {
	e = roundExpr(e)
	if c, ok := e.Constant(); ok && c < 0 {
		return expr.Expr{}
	}
	return e
}

// listNote renders a set of names for a note: up to three, then a count.
func listNote(set map[string]bool) string {
	if len(set) == 0 {
		return ""
	}
	names := make([]string, 0, len(set))
	for n := range set {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(names) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ")
}

// staticFreq is freq, the frequency of the instruction being counted, under
// the static branch prediction alone when size guards (guard.go) weighted
// its block: the recursion tree's expected size (1/(1-r) for r recursive
// calls per call) is taken over the static split, as a number.
func (st *funcState) staticFreq(freq expr.Expr) expr.Expr {
	fl := st.flow
	if fl == nil || fl.static == nil || st.cur == nil || st.cur.Block() == nil {
		return freq
	}
	b := st.cur.Block().Index
	if !freq.Equal(fl.freq[b]) {
		return freq // not the block's own frequency (untimed setup, a scaled call)
	}
	return fl.staticFreq(b)
}

// bodiless summarizes a function declared without a Go body (assembly or
// a linkname to the runtime): it is assumed to touch each element of its
// slice and string arguments once (a load and an integer operation per
// element, their bytes under membytes), which is what the assembly kernels
// of std (bytealg, crypto, math/big) and of numeric libraries do.
func (st *funcState) bodiless() *Summary {
	sig := st.fn.Signature
	sum := &Summary{Name: funcKey(st.fn), Confidence: manifest.Estimated,
		Notes: []string{"no Go body (assembly or linkname): assumed to touch each element of its slice and string arguments once"}}
	if r := sig.Recv(); r != nil {
		sum.Params = append(sum.Params, validName(r.Name()))
	}
	var elems, bytes []expr.Expr
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		name := validName(p.Name())
		sum.Params = append(sum.Params, name)
		t := p.Type().Underlying()
		_, isSlice := t.(*types.Slice)
		if name == "" || !isSlice && !isStringType(t) {
			continue
		}
		n := expr.Len(name)
		elems = append(elems, n)
		bytes = append(bytes, expr.Scale(n, float64(st.sizeof(elemType(t)))))
		sum.Vars = append(sum.Vars, manifest.Var{Name: "len(" + name + ")", Default: DefaultSize, Origin: "parameter"})
	}
	sum.CPU = []OpCount{{manifest.OpInt, expr.Add(append(elems, one)...)}}
	if len(elems) > 0 {
		sum.CPU = append(sum.CPU, OpCount{manifest.OpLoad, expr.Add(elems...)}, OpCount{manifest.OpMemBytes, expr.Add(bytes...)})
	}
	if size, ok := bodilessAllocators[sum.Name]; ok {
		// The runtime allocates for it (mallocgc): one heap object of
		// the size its parameter gives, not cleared.
		sum.AllocCount, sum.AllocBytes = one, expr.Var(size)
		sum.CPU = append(sum.CPU, OpCount{manifest.OpMake, one})
		sum.Vars = append(sum.Vars, manifest.Var{Name: size, Default: DefaultSize, Origin: "parameter"})
		sum.Notes = append(sum.Notes, "allocates "+size+" bytes in the runtime")
	}
	slices.SortFunc(sum.CPU, func(a, b OpCount) int { return strings.Compare(string(a.Class), string(b.Class)) })
	slices.SortFunc(sum.Vars, func(a, b manifest.Var) int { return strings.Compare(a.Name, b.Name) })
	sum.Vars = slices.CompactFunc(sum.Vars, func(a, b manifest.Var) bool { return a.Name == b.Name })
	return sum
}

// poolSlowPaths are sync.Pool's slow paths, costed as the call alone:
// pinSlow allocates the per-P shards once per pool (and GOMAXPROCS
// change), getSlow steals from other Ps and the victim cache after a
// collection emptied this P's shard, and poolChain.pushHead grows a shard's
// ring by doubling. In the steady state a pool exists for (fmt's printers,
// encoders' buffers, a server's request objects) Get hits the local shard
// and Put fills it: like the runtime's slow paths (intoRuntime), weighting
// them as ordinary branches made every fmt.Sprintf allocate a kilobyte.
var poolSlowPaths = map[string]bool{
	"(*sync.Pool).pinSlow":       true,
	"(*sync.Pool).getSlow":       true,
	"(*sync.poolChain).pushHead": true,
}

// bodilessAllocators are the functions without a Go body, linked to the
// runtime, that allocate: the parameter giving the bytes allocated.
// strings.Builder, strings.Join, strings.Repeat and bytes.Buffer grow
// their buffers with internal/bytealg.MakeNoZero (runtime.bytealg_MakeNoZero,
// a mallocgc that skips clearing).
var bodilessAllocators = map[string]string{
	"internal/bytealg.MakeNoZero": "n",
}

func validName(n string) string {
	if n == "" || n == "_" || expr.ValidVar(n) != nil {
		return ""
	}
	return n
}

// finish turns the accumulated costs into a Summary.
func (st *funcState) finish() *Summary {
	fn := st.fn
	st.chargeFirstUses()
	sum := &Summary{Name: funcKey(fn)}
	for _, p := range fn.Params {
		sum.Params = append(sum.Params, paramName(p))
	}
	if st.recursive {
		members := make([]string, 0, len(st.rec))
		for f := range st.rec {
			members = append(members, funcKey(f))
		}
		slices.Sort(members)
		name := "recurse_" + sanitize(members[0])
		st.addVar(name, DefaultTrip, "recursion depth of "+members[0])
		d := expr.Var(name)
		// Recursion that walks its input (a recursive call passes n-1,
		// p.next, s[1:]: the size-change shape of terminating
		// recursion) goes as deep as the data: the variable's size.
		// Other recursion re-enters with fresh arguments on some paths
		// only (a printer that prints what a String method returns):
		// a call that recurses r < 1 times on average starts a
		// recursion tree of 1 + r + r² + … = 1/(1−r) calls in
		// expectation, a branching process that dies out.
		if r, ok := st.recCalls.Constant(); ok && r < 1 && !st.recDescends {
			e := round4(1 / (1 - max(r, 0)))
			d = expr.Min(expr.Const(e), d)
			st.estimated(fmt.Sprintf("recursive (cycle of %d functions): %.3g recursive calls per call, costs scaled by the expected calls in the recursion tree, min(1/(1-%.3g), %s) (default %.3g)", len(members), r, r, name, min(e, DefaultTrip)))
		} else {
			st.estimated(fmt.Sprintf("recursive (cycle of %d functions): costs scaled by %s, calls in the recursion tree (default %d)", len(members), name, DefaultTrip))
		}
		for c, e := range st.cpu {
			st.cpu[c] = expr.Mul(e, d)
		}
		for p, e := range st.funcCalls {
			st.funcCalls[p] = expr.Mul(e, d)
		}
		if st.walkParam != "" && st.walkParam != "-" && st.recDescends && !st.walkPerCall.IsZero() {
			sum.Walk = &Walk{Var: name, Param: st.walkParam, PerCall: clean(st.walkPerCall)}
		}
		st.allocCount = expr.Mul(st.allocCount, d)
		st.allocBytes = expr.Mul(st.allocBytes, d)
		st.retainOut = expr.Mul(st.retainOut, d)
		st.retainHeld = expr.Mul(st.retainHeld, d)
		for _, k := range []*keyedCost{&st.nk, &st.fd} {
			k.allocCount = expr.Mul(k.allocCount, d)
			k.allocBytes = expr.Mul(k.allocBytes, d)
			k.retainOut = expr.Mul(k.retainOut, d)
			for c, e := range k.cpu {
				k.cpu[c] = expr.Mul(e, d)
			}
		}
		for i := range st.io {
			st.io[i].Count = expr.Mul(st.io[i].Count, d)
			st.io[i].Bytes = expr.Mul(st.io[i].Bytes, d)
		}
	}
	if n := listNote(st.uncertainCallees); n != "" {
		st.notes["callees not exact: "+n] = true
	}
	if n := listNote(st.unknownArgs); n != "" {
		st.notes["argument sizes unknown (callee defaults used) for "+n] = true
	}
	if st.defaultBytes {
		st.notes[fmt.Sprintf("some byte counts use the default size %d", DefaultSize)] = true
	}
	used := map[string]bool{}
	collect := func(e expr.Expr) {
		for _, n := range e.Vars() {
			used[n] = true
		}
	}
	for _, c := range manifest.OpClasses {
		if e, ok := st.cpu[c]; ok && !e.IsZero() {
			e = clean(e)
			if e.IsZero() {
				continue
			}
			sum.CPU = append(sum.CPU, OpCount{Class: c, Count: e})
			collect(e)
		}
	}
	slices.SortFunc(sum.CPU, func(a, b OpCount) int { return strings.Compare(string(a.Class), string(b.Class)) })
	sum.AllocCount, sum.AllocBytes = clean(st.allocCount), clean(st.allocBytes)
	collect(sum.AllocCount)
	collect(sum.AllocBytes)
	sum.RetainOut, sum.RetainHeld = clean(st.retainOut), clean(st.retainHeld)
	collect(sum.RetainOut)
	collect(sum.RetainHeld)
	sum.Searches = st.searches
	sum.NewKey = keyedSummary(st.nk, st.nkSeq, one, collect)
	sum.Found = keyedSummary(st.fd, nil, one, collect)
	if u := clean(st.untimedBytes); !u.IsZero() {
		sum.UntimedBytes = &u
		collect(u)
	}
	sum.FuncCalls = st.sortedFuncCalls()
	for p, e := range st.walkStops {
		if e = clean(e); !e.IsZero() {
			sum.WalkStops = append(sum.WalkStops, SizeFact{Var: p, Value: e})
			collect(e)
		}
	}
	slices.SortFunc(sum.WalkStops, func(a, b SizeFact) int { return strings.Compare(a.Var, b.Var) })
	for _, fc := range sum.FuncCalls {
		collect(fc.Count)
	}
	if sum.Walk != nil {
		collect(sum.Walk.PerCall)
		used[sum.Walk.Var] = true
	}
	sum.IO = st.io
	for i := range sum.IO {
		sum.IO[i].Count, sum.IO[i].Bytes = clean(sum.IO[i].Count), clean(sum.IO[i].Bytes)
	}
	for _, io := range st.io {
		collect(io.Count)
		collect(io.Bytes)
	}
	for n := range used {
		v, ok := st.vars[n]
		if !ok {
			v = manifest.Var{Name: n, Default: DefaultSize, Origin: "parameter"}
		}
		sum.Vars = append(sum.Vars, v)
	}
	slices.SortFunc(sum.Vars, func(a, b manifest.Var) int { return strings.Compare(a.Name, b.Name) })
	for c := range st.callees {
		sum.Callees = append(sum.Callees, c)
	}
	slices.Sort(sum.Callees)
	st.sizes(sum)
	sum.Confidence = st.conf
	for n := range st.notes {
		sum.Notes = append(sum.Notes, n)
	}
	slices.Sort(sum.Notes)
	st.finishSites(sum)
	st.finishFresh(sum)
	return sum
}

// descends reports whether a call passes a smaller part of one of fn's
// parameters, of the parameter's own type: an integer parameter stepped
// down (n-1, n/2, n>>1), a node reached from a node (p.next,
// node.Children[i]), a slice of a slice (s[1:], s[:mid]) — the size-change
// shape of recursion that walks its input.
func descends(fn *ssa.Function, args []ssa.Value) bool {
	return descendsInto(fn, args) != nil
}

// descendsInto returns the parameter of fn a part of which is passed in
// args (of the parameter's own type), or nil.
func descendsInto(fn *ssa.Function, args []ssa.Value) *ssa.Parameter {
	// root returns the parameter v is a part of, and whether it is a
	// proper part (not the parameter itself).
	var root func(v ssa.Value, depth int, part bool) (*ssa.Parameter, bool)
	root = func(v ssa.Value, depth int, part bool) (*ssa.Parameter, bool) {
		if depth > 6 || v == nil {
			return nil, false
		}
		switch v := v.(type) {
		case *ssa.Parameter:
			if v.Parent() == fn {
				return v, part
			}
		case *ssa.BinOp:
			switch v.Op {
			case token.SUB, token.QUO, token.SHR:
				if _, ok := v.Y.(*ssa.Const); ok {
					return root(v.X, depth+1, true)
				}
				if v.Op == token.SUB {
					return root(v.X, depth+1, true)
				}
			}
		case *ssa.UnOp:
			if p := spilledParam(v); p != nil && p.Parent() == fn {
				return p, part
			}
			if v.Op == token.MUL {
				return root(v.X, depth+1, part)
			}
		case *ssa.FieldAddr:
			return root(v.X, depth+1, true)
		case *ssa.Field:
			return root(v.X, depth+1, true)
		case *ssa.IndexAddr:
			return root(v.X, depth+1, true)
		case *ssa.Index:
			return root(v.X, depth+1, true)
		case *ssa.Slice:
			return root(v.X, depth+1, true)
		case *ssa.ChangeType:
			return root(v.X, depth+1, part)
		}
		return nil, false
	}
	for _, a := range args {
		if p, part := root(a, 0, false); p != nil && part && types.Identical(a.Type(), p.Type()) {
			return p
		}
	}
	return nil
}

// stringCompareCalls reports whether gc compiles the string comparison v
// to a runtime call (walk's walkCompareString): an ordering calls
// cmpstring; an equality calls memequal once the lengths agree, unless one
// side is a constant of at most 16 bytes, which gc compares with a length
// test and word loads inline (amd64 merges loads: 2 registers' worth).
func stringCompareCalls(v *ssa.BinOp) bool {
	switch v.Op {
	case token.EQL, token.NEQ:
		for _, x := range []ssa.Value{v.X, v.Y} {
			if c, ok := x.(*ssa.Const); ok && (c.Value == nil || c.Value.Kind() == constant.String && len(constant.StringVal(c.Value)) <= 16) {
				return false
			}
		}
		return true
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		return true
	}
	return false
}
