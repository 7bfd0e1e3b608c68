package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"math"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/escape"
	"github.com/perfcast/perfcast/analyzer/sizeclass"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Pricer prices what an interpreted run executed (analyzer/interp,
// perfcast predict) with the analyzer's own rules, so that a benchmark
// costed from its run and one costed from its summary agree on everything
// but the counts: the operations of a block are those summarize counts for
// it (without its callees, whose blocks the run reports itself or, for the
// standard library, priced at the call by their summaries bound to the
// call's actual sizes); an allocation is on the heap when gc's decisions
// say so, and weighs its size class.
type Pricer struct {
	s   *summarizer
	ops map[*ssa.Function][]map[manifest.OpClass]float64
	// mapOps holds the operations of each map lookup and delete, counted
	// in their blocks, for a run to take back on an empty map (MapOps).
	mapOps map[ssa.Instruction]map[manifest.OpClass]float64
	// dead holds the calls gc inlines and removes entirely (DeadCall).
	dead map[ssa.CallInstruction]bool
	// inlined caches, per call, the oracle of its callee's body where gc
	// inlined it (nil: not inlined).
	inlined map[ssa.CallInstruction]HeapOracle
}

// NewPricer returns a Pricer deciding allocations with oracle (nil: from
// SSA alone) and pricing calls into code without a body with the summaries
// lookup returns (the std table, or the analysis's own).
func NewPricer(fset *token.FileSet, sizes types.Sizes, oracle HeapOracle, lookup func(key string, obj *types.Func) *Summary) *Pricer {
	return &Pricer{s: newSummarizer(fset, sizes, oracle, lookup), ops: map[*ssa.Function][]map[manifest.OpClass]float64{},
		mapOps: map[ssa.Instruction]map[manifest.OpClass]float64{}, dead: map[ssa.CallInstruction]bool{},
		inlined: map[ssa.CallInstruction]HeapOracle{}}
}

// BlockOps returns the operations one execution of b costs, by class; nil
// when the block could not be counted.
func (p *Pricer) BlockOps(b *ssa.BasicBlock) map[manifest.OpClass]float64 {
	fn := b.Parent()
	ops, ok := p.ops[fn]
	if !ok {
		ops = p.funcOps(fn)
		p.ops[fn] = ops
	}
	if b.Index >= len(ops) {
		return nil
	}
	return ops[b.Index]
}

// funcOps counts every block of fn once, as summarize would at frequency
// one, without the callees' summaries and the amortized charges that stand
// in for what a run shows (growth arms, map growth).
func (p *Pricer) funcOps(fn *ssa.Function) (out []map[manifest.OpClass]float64) {
	defer func() {
		if r := recover(); r != nil {
			out = nil // counted as nothing rather than crash the run
		}
	}()
	st := &funcState{
		s: p.s, fn: fn, fset: p.s.fset, opsOnly: true,
		cpu: map[manifest.OpClass]expr.Expr{}, vars: map[string]manifest.Var{}, notes: map[string]bool{},
		callees: map[string]bool{}, conf: manifest.Exact, unknownArgs: map[string]bool{},
		uncertainCallees: map[string]bool{}, refs: map[*ssa.Store]ssa.Value{}, deadCalls: p.dead,
	}
	st.chains = chainLoads(fn)
	st.flow = st.analyzeFlow()
	out = make([]map[manifest.OpClass]float64, len(fn.Blocks))
	for _, b := range fn.Blocks {
		ops := map[manifest.OpClass]float64{}
		for _, in := range b.Instrs {
			if mapAccess(in) {
				own := map[manifest.OpClass]float64{}
				st.instr(in, one, own)
				p.mapOps[in] = own
				for c, n := range own {
					ops[c] += n
				}
				continue
			}
			st.instr(in, one, ops)
		}
		// No static mispredictions (a binary search's half per pass):
		// the caller sees the branches a run takes.
		out[b.Index] = ops
	}
	return out
}

// DeadCall reports whether gc removes the call entirely: it inlines the
// callee, nothing uses the results and the body has no effect left
// (getters and setters whose results a benchmark drops). A run still
// executes such a call; what it does costs nothing.
func (p *Pricer) DeadCall(call ssa.CallInstruction) bool {
	p.BlockOps(call.Block())
	return p.dead[call]
}

// mapAccess reports whether in is a map lookup or a delete.
func mapAccess(in ssa.Instruction) bool {
	switch v := in.(type) {
	case *ssa.Lookup:
		_, ok := v.X.Type().Underlying().(*types.Map)
		return ok
	case *ssa.Call:
		b, ok := v.Call.Value.(*ssa.Builtin)
		return ok && b.Name() == "delete"
	}
	return false
}

// MapOps returns the operations BlockOps counted for the map lookup or
// delete in (nil for other instructions) and what it costs instead on an
// empty map, where the runtime returns at its first test: the call, one
// more for a delete, two more for a key whose hash may panic (an interface
// key is checked for hashability first), as summaries count it (mapOp).
func (p *Pricer) MapOps(in ssa.Instruction) (counted map[manifest.OpClass]float64, empty float64) {
	p.BlockOps(in.Block())
	empty = 1
	var m ssa.Value
	switch v := in.(type) {
	case *ssa.Lookup:
		m = v.X
	case *ssa.Call:
		empty++
		if len(v.Call.Args) > 0 {
			m = v.Call.Args[0]
		}
	}
	if m != nil {
		if mt, ok := m.Type().Underlying().(*types.Map); ok && hashMightPanic(mt.Key(), 0) {
			empty += 2
		}
	}
	return p.mapOps[in], empty
}

// Intrinsic reports whether gc compiles calls of fn to instructions (math/
// bits, math.Sqrt, atomics: intrinsic.go): BlockOps counts them, so the
// body a run executes natively is not priced again.
func Intrinsic(fn *ssa.Function) bool {
	_, ok := intrinsicOps[funcKey(fn)]
	return ok
}

// Alloc decides an allocation the run made at in (called from caller,
// nil at the top): whether it is on the heap, and the bytes the heap
// gives it (its size class). bytes and elems are the interpreter's: the
// object's size and, for slices and strings, the element count.
func (p *Pricer) Alloc(in ssa.Instruction, caller ssa.CallInstruction, bytes, elems int64) (heapBytes int64, heap bool) {
	var callers []ssa.CallInstruction
	if caller != nil {
		callers = []ssa.CallInstruction{caller}
	}
	return p.AllocIn(in, callers, bytes, elems)
}

// AllocIn is Alloc given the calls that led to in's function, innermost
// first (interp.Interp.AppendCallers): where gc inlined a chain of them (New
// inlined into the benchmark, NewWithSeed into New), it decided the
// innermost body's nodes at the outermost call of the chain, where a
// pointer the constructors return may stay on the stack.
func (p *Pricer) AllocIn(in ssa.Instruction, callers []ssa.CallInstruction, bytes, elems int64) (heapBytes int64, heap bool) {
	if bytes <= 0 {
		return 0, false
	}
	o := p.inlinedOracle(callers)
	heap, known := o.Classify(p.s.fset, in)
	if !known {
		heap, _ = SSAOracle{}.Classify(p.s.fset, in)
	}
	switch v := in.(type) {
	case *ssa.Alloc:
		if !known {
			heap = v.Heap
		}
	case *ssa.MakeSlice, *ssa.Call:
		// A make of run-time size, or an append's growth, of a slice
		// that does not escape: gc's stack buffer while it fits.
		so, ok := o.(StackBufOracle)
		if !ok {
			so, ok = p.s.oracle.(StackBufOracle) // an inlined body's decisions lack the buffers
		}
		if ok {
			if sb := so.StackBytes(p.s.fset, in); sb > 0 {
				heap = bytes > sb
				break
			}
		}
		if _, call := in.(*ssa.Call); call && !heap {
			heap = bytes > 32 // gc's rule without its decisions at hand
		}
	case *ssa.Convert, *ssa.MultiConvert:
		if !heap && !zeroCopy(o, p.s.fset, in) {
			heap = elems > tmpBufLen // the frame's conversion buffer
		}
	case *ssa.BinOp:
		if !heap {
			heap = elems > tmpBufLen // concatstrings' frame buffer
		}
	case *ssa.MakeInterface:
		if isConst(v.X) || escape.PointerShaped(v.X.Type()) {
			return 0, false // read-only data, or the pointer itself
		}
	}
	if !heap {
		return 0, false
	}
	return sizeclass.Round(bytes), true
}

// inlinedOracle is the oracle for the body of the innermost of callers:
// gc's decisions at the outermost call of the run of inlined calls that
// leads to it (gc reports an inlined copy's nodes, nested inlining
// included, at that call), or the function's own when its call was not
// inlined.
func (p *Pricer) inlinedOracle(callers []ssa.CallInstruction) HeapOracle {
	o := p.s.oracle
	for _, c := range callers {
		body, ok := p.inlinedAt(c)
		if !ok {
			break
		}
		o = body
	}
	return o
}

// inlinedAt is the oracle's AtInlinedCall for call, cached: runs ask it
// at every allocation, for each call on the stack.
func (p *Pricer) inlinedAt(call ssa.CallInstruction) (HeapOracle, bool) {
	if b, seen := p.inlined[call]; seen {
		return b, b != nil
	}
	var body HeapOracle
	if io, ok := p.s.oracle.(InlinedCallOracle); ok {
		body, _ = io.AtInlinedCall(p.s.fset, call)
	}
	p.inlined[call] = body
	return body, body != nil
}

// MapInsert is what adding a key to a map of type mt, leaving it with
// lenAfter keys, allocates of the map's growth (Go's swiss tables;
// mapgrowth.go): objects and bytes. A map made with a size hint above 8
// grows only past it; a hint of at most 8 allocates nothing up front
// (MakeMapTables), so the first key still brings the first group.
func (p *Pricer) MapInsert(mt *types.Map, lenAfter, hint int64) (count, bytes float64) {
	if hint > mapGroupSlots && lenAfter <= hint {
		return 0, 0
	}
	st := &funcState{s: p.s}
	g := st.mapGroupBytes(mt)
	c1, b1 := mapGrowthTotal(float64(lenAfter), g)
	c0, b0 := mapGrowthTotal(float64(lenAfter-1), g)
	return c1 - c0, b1 - b0
}

// MapRangeSlots is how many more iteration steps (manifest.OpMapIter) a
// range over a map of n keys takes than the n+1 of its Next instructions:
// a map of at most 8 keys is one group without a table (Go's swiss maps),
// whose iterator steps through all 8 slots of the group, full or empty,
// so ranging over one key costs about what ranging over eight does
// (measured on a Zen 5 guest: 49 and 48 ns; 128 keys 7.3 ns a key).
func (p *Pricer) MapRangeSlots(n int64) float64 {
	if n <= 0 || n >= mapGroupSlots {
		return 0
	}
	return float64(mapGroupSlots - n)
}

// MakeMapTables is what make(map[K]V, hint) allocates beyond the map's
// header, as internal/runtime/maps.NewMap does: nothing for a hint of at
// most 8 (the first group comes with the first insertion), else a
// directory of tables for 8/7 of the hint and, per table, its struct and
// its groups, capacities rounded up to powers of two.
func (p *Pricer) MakeMapTables(mt *types.Map, hint int64) (count, bytes float64) {
	if hint <= mapGroupSlots {
		return 0, 0
	}
	target := hint * mapGroupSlots / 7
	dir := int64(1)
	for dir*mapMaxTableSlots < target {
		dir *= 2
	}
	capacity := int64(mapGroupSlots)
	for capacity < target/dir {
		capacity *= 2
	}
	g := (&funcState{s: p.s}).mapGroupBytes(mt)
	count = float64(1 + 2*dir)
	bytes = float64(sizeclass.Round(8*dir)) + float64(dir)*float64(sizeclass.Round(mapTableBytes)+sizeclass.Round(capacity/mapGroupSlots*g))
	return count, bytes
}

// NativeCost is the price of one call of a function the run did not
// interpret.
type NativeCost struct {
	Ops           map[manifest.OpClass]float64
	Allocs, Bytes float64
}

// Native prices a call of fn, a function without a body (the standard
// library), by its summary with the summary's variables bound by bind (the
// call's sizes: a parameter's value, len(s), a field's size) and the
// others at their defaults. ok is false when fn has no summary.
//
// A matching method of *regexp.Regexp whose receiver's pattern the caller
// gives (pattern non-empty) is priced by the model of regexp's machines
// with that pattern compiled (regexp.go), as for a constant pattern in a
// summary.
func (p *Pricer) Native(fn *ssa.Function, pattern string, bind func(sum *Summary, v manifest.Var) (float64, bool)) (c NativeCost, ok bool, err error) {
	obj, _ := fn.Object().(*types.Func)
	var sum *Summary
	if m, isMatch := regexpMethods[fn.Name()]; isMatch && pattern != "" && fn.Pkg != nil && fn.Pkg.Pkg.Path() == "regexp" && fn.Signature.Recv() != nil {
		if prog, ok := compileRegexpProg(pattern, false); ok {
			sum = regexpSummary(funcKey(fn), m, prog, -1)
		}
	}
	if sum == nil {
		sum = p.s.lookup(funcKey(fn), obj)
	}
	if sum == nil {
		return NativeCost{}, false, nil
	}
	env := boundEnv(sum, bind)
	c.Ops = map[manifest.OpClass]float64{}
	for _, oc := range sum.CPU {
		x, err := oc.Count.Eval(env)
		if err != nil {
			return NativeCost{}, false, fmt.Errorf("%s: %s: %w", sum.Name, oc.Class, err)
		}
		c.Ops[oc.Class] += x
	}
	if c.Allocs, err = sum.AllocCount.Eval(env); err != nil {
		return NativeCost{}, false, fmt.Errorf("%s: allocations: %w", sum.Name, err)
	}
	if c.Bytes, err = sum.AllocBytes.Eval(env); err != nil {
		return NativeCost{}, false, fmt.Errorf("%s: bytes: %w", sum.Name, err)
	}
	return c, true, nil
}

// InlinedStack is what a call of fn, a function run natively, allocates on
// the stack instead of the heap because gc inlined it at call: the sites
// of its inlinable body (Summary.InlineSites) that gc's escape analysis of
// the copy keeps local, as inlinedSites drops them from a summary, with
// their variables bound by bind (else at their defaults). A native call
// runs the function's own compiled body, whose allocations all reach the
// heap (big.NewInt's Int and its one-word nat); gc's inlined copy keeps
// both on the stack where the caller drops the result. Bytes are by size
// class, as the run measures them. Zero when gc did not inline the call.
func (p *Pricer) InlinedStack(call ssa.CallInstruction, fn *ssa.Function, bind func(sum *Summary, v manifest.Var) (float64, bool)) (count, bytes float64, err error) {
	if call == nil {
		return 0, 0, nil
	}
	obj, _ := fn.Object().(*types.Func)
	sum := p.s.lookup(funcKey(fn), obj)
	if sum == nil || len(sum.InlineSites) == 0 {
		return 0, 0, nil
	}
	body, ok := p.inlinedAt(call)
	if !ok {
		return 0, 0, nil
	}
	b, ok := body.(inlinedBodyOracle)
	if !ok {
		return 0, 0, nil
	}
	env := boundEnv(sum, bind)
	for _, a := range sum.InlineSites {
		if !b.keepsLocal(a) {
			continue
		}
		n, err := a.Count.Eval(env)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: inlined site %s: %w", sum.Name, a.Pos, err)
		}
		size, err := a.Bytes.Eval(env)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: inlined site %s: %w", sum.Name, a.Pos, err)
		}
		if n <= 0 || size <= 0 {
			continue
		}
		if a.Variable && size/n > escape.VariableMakeThreshold {
			continue // too large for gc's stack buffer: on the heap after all
		}
		count += n
		bytes += n * float64(sizeclass.Round(int64(math.Ceil(size/n))))
	}
	return count, bytes, nil
}

// boundEnv is the environment of sum's variables: each bound by bind, or
// at its default where bind cannot tell.
func boundEnv(sum *Summary, bind func(sum *Summary, v manifest.Var) (float64, bool)) func(string) (float64, bool) {
	vars := make(map[string]float64, len(sum.Vars))
	for _, v := range sum.Vars {
		x, ok := bind(sum, v)
		if !ok {
			x = v.Default
		}
		vars[v.Name] = x
	}
	return func(name string) (float64, bool) {
		x, ok := vars[name]
		return x, ok
	}
}

// MayAllocate reports whether fn, a function run natively, may allocate
// by its summary (true when it has none): its own allocations, those it
// makes on an object new to it, or any of its callees', transitively.
// The callees matter where the summary lost them: a call into the
// recursive cycle it belongs to is priced by the cycle's depth variable,
// not by the callee's allocations (math/big's Int.Mul reaches nat.make
// only through the cycle of Int.Div, QuoRem and nat.mul).
func (p *Pricer) MayAllocate(fn *ssa.Function) bool {
	obj, _ := fn.Object().(*types.Func)
	sum := p.s.lookup(funcKey(fn), obj)
	if sum == nil {
		return true
	}
	// An append-style function (strconv.AppendInt, utf8.AppendRune)
	// grows the slice it is given: amortized to nothing in its summary,
	// real in a run.
	res := fn.Signature.Results()
	for i := 0; i < res.Len(); i++ {
		if _, ok := res.At(i).Type().Underlying().(*types.Slice); ok {
			return true
		}
	}
	return p.allocates(sum, map[string]bool{sum.Name: true})
}

// allocates reports whether sum or a callee it reaches, by the summaries
// the pricer can look up by name, allocates (seen cuts cycles).
func (p *Pricer) allocates(sum *Summary, seen map[string]bool) bool {
	if c, isConst := sum.AllocCount.Constant(); !isConst || c != 0 || len(sum.FreshAllocs) > 0 {
		return true
	}
	for _, name := range sum.Callees {
		if seen[name] {
			continue
		}
		seen[name] = true
		if cs := p.s.lookup(name, nil); cs != nil && p.allocates(cs, seen) {
			return true
		}
	}
	return false
}

// SizeOf is the size of t in bytes by gc's layout.
func (p *Pricer) SizeOf(t types.Type) int64 { return p.s.sizes.Sizeof(t) }

// createImports creates, from their types alone (no bodies), the packages
// the roots import, directly or not, that prog does not hold yet: calls
// into them are priced by summaries (or run natively), not analyzed.
func createImports(prog *ssa.Program, roots []*types.Package) {
	seen := map[*types.Package]bool{}
	var visit func(t *types.Package)
	visit = func(t *types.Package) {
		if seen[t] {
			return
		}
		seen[t] = true
		for _, q := range t.Imports() {
			visit(q)
		}
		if prog.Package(t) == nil {
			prog.CreatePackage(t, nil, nil, true)
		}
	}
	for _, r := range roots {
		for _, q := range r.Imports() {
			visit(q)
		}
	}
}

// interpSyntaxStd are the standard packages of generic functions whose
// bodies the interpreter needs (an instance of slices.Sort has no native
// counterpart to call): with Config.Interp they are loaded from source for
// the interpreter's program only, not analyzed (their summaries stay the
// std table's). Only packages whose code is plain Go: not sync or iter,
// whose generic helpers sit on the runtime.
var interpSyntaxStd = []string{"cmp", "maps", "slices"}

// interpProgram builds the program Config.Interp asks for: pkgs (type-
// checked, syntax kept, in dependency order) with bodies, every generic
// instance built, and the packages they import created from their types
// (their functions run natively).
func interpProgram(fset *token.FileSet, pkgs []*packages.Package) (*ssa.Program, map[string]*ssa.Package) {
	prog := ssa.NewProgram(fset, ssa.InstantiateGenerics)
	byPath := map[string]*ssa.Package{}
	created := map[*types.Package]bool{}
	var built []*ssa.Package
	for _, p := range pkgs {
		if p.Types == nil || p.TypesInfo == nil || created[p.Types] {
			continue
		}
		created[p.Types] = true
		sp := prog.CreatePackage(p.Types, p.Syntax, p.TypesInfo, true)
		built = append(built, sp)
		byPath[p.ID] = sp
	}
	roots := make([]*types.Package, 0, len(created))
	for _, p := range pkgs {
		if p.Types != nil {
			roots = append(roots, p.Types)
		}
	}
	createImports(prog, roots)
	for _, sp := range built {
		_ = safeBuild(sp) // a package that fails to build is reported by the analysis already
	}
	return prog, byPath
}
