package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// CPU feature tests. Code that picks an implementation by what the CPU
// supports — `if cpu.X86.HasAVX2`, hash/crc32's archAvailableIEEE
// (`cpu.X86.HasPCLMULQDQ && cpu.X86.HasSSE41`) choosing carry-less
// multiplication over tables, crypto's `useAVX2 = cpu.X86.HasAVX2 &&
// cpu.X86.HasBMI2` — is costed on the arm of the features present: the
// hardware profiles are x86-64 server CPUs of the last decade (Skylake-SP
// and Zen 2 onwards), which have what std and golang.org/x/sys/cpu test
// for on the paths that matter (SSE4.2, POPCNT, PCLMULQDQ, AES-NI, AVX2,
// BMI2). Weighting the two arms as ordinary branches priced CRC-32 at
// half its table fallback, some 25 times the carry-less multiply's time.

// cpuFeaturePackages are the packages whose X86 (and other) variables
// hold the CPU's features, detected at start-up.
var cpuFeaturePackages = map[string]bool{
	"internal/cpu":         true,
	"golang.org/x/sys/cpu": true,
}

// featureCond reports the arm a block's If takes when its condition is a
// CPU feature test (every feature present): value true for the true arm.
func featureCond(b *ssa.BasicBlock) (value, ok bool) {
	return featureCondAt(b, 0)
}

// featureCondAt is featureCond at a depth of featureValue's recursion.
func featureCondAt(b *ssa.BasicBlock, depth int) (value, ok bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return false, false
	}
	iff, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !isIf {
		return false, false
	}
	return featureValue(iff.Cond, depth)
}

// featureValue evaluates v, a boolean, when it is made only of CPU
// feature flags and constants, one flag at least: a flag's load
// (cpu.X86.HasX: set; another architecture's, cpu.ARM64.HasAES: not), a
// package variable every store of which is such a value, a call of a
// function every return of which is, their negations and the joins of &&
// and || (a phi of the edges the flags' values take; true when any of them
// is). ok is false for anything else, constants alone included (a flag a
// function sets, `found = true`, is no feature test).
func featureValue(v ssa.Value, depth int) (value, ok bool) {
	value, known, flag := featureExpr(v, depth)
	return value, known && flag
}

// featureExpr is featureValue's evaluation: known when v is made of flags
// and constants only, flag when a flag is among them.
func featureExpr(v ssa.Value, depth int) (value, known, flag bool) {
	if depth > 6 {
		return false, false, false
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil || v.Value.Kind() != constant.Bool {
			return false, false, false
		}
		return constant.BoolVal(v.Value), true, false
	case *ssa.UnOp:
		switch v.Op {
		case token.NOT:
			x, known, flag := featureExpr(v.X, depth+1)
			return !x, known, flag
		case token.MUL:
			switch a := v.X.(type) {
			case *ssa.FieldAddr:
				x, ok := featureFlag(a)
				return x, ok, ok
			case *ssa.Global:
				x, ok := featureVar(a)
				if !ok {
					x, ok = featureGlobal(a, depth+1)
				}
				return x, ok, ok
			}
		}
	case *ssa.Phi:
		// The edges the present features take (`a || b` joins true,
		// when a holds, with b); the value depends on the features when
		// they leave edges out that constants alone would not, or when
		// a taken edge's value does.
		r := featureReach(v.Parent(), depth+1)
		if r == nil {
			return false, false, false
		}
		join := v.Block()
		var taken []ssa.Value
		for i, e := range v.Edges {
			pred := join.Preds[i]
			withFeatures := r.taken(pred, join, true)
			if withFeatures {
				taken = append(taken, e)
			}
			flag = flag || withFeatures != r.taken(pred, join, false)
		}
		value, known, f := anyFeature(taken, depth+1)
		return value, known, flag || f
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil || len(callee.Blocks) == 0 || callee.Signature.Results().Len() != 1 {
			return false, false, false
		}
		var rets []ssa.Value
		for _, b := range callee.Blocks {
			if r, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return); isRet && len(r.Results) == 1 {
				rets = append(rets, r.Results[0])
			}
		}
		return anyFeature(rets, depth+1)
	}
	return false, false, false
}

// anyFeature evaluates the values one of which v takes: true when any is,
// known when all are, with a flag when any has one.
func anyFeature(vs []ssa.Value, depth int) (value, known, flag bool) {
	if len(vs) == 0 {
		return false, false, false
	}
	for _, e := range vs {
		x, k, f := featureExpr(e, depth)
		if !k {
			return false, false, false
		}
		value, flag = value || x, flag || f
	}
	return value, true, flag
}

// featureFlag evaluates a load from a, when a is the address of a Has*
// flag of a variable of a CPU feature package: set when the variable is
// X86's (cpu.X86.HasAVX2), not for another architecture (cpu.ARM64).
func featureFlag(a *ssa.FieldAddr) (value, ok bool) {
	g, isGlobal := a.X.(*ssa.Global)
	if !isGlobal || g.Pkg == nil || !cpuFeaturePackages[g.Pkg.Pkg.Path()] {
		return false, false
	}
	ptr, isPtr := a.X.Type().Underlying().(*types.Pointer)
	if !isPtr {
		return false, false
	}
	st, isStruct := ptr.Elem().Underlying().(*types.Struct)
	if !isStruct || a.Field >= st.NumFields() {
		return false, false
	}
	return g.Name() == "X86", strings.HasPrefix(st.Field(a.Field).Name(), "Has")
}

// featureVar evaluates a flag copied into a variable of its own by a
// package of std's cryptography (crypto/internal/fips140deps/cpu's
// X86HasAES, ARM64HasAES), whose initializer the analysis may not have:
// set when it is X86's.
func featureVar(g *ssa.Global) (value, ok bool) {
	if g.Pkg == nil || g.Pkg.Pkg.Name() != "cpu" || !strings.HasSuffix(g.Pkg.Pkg.Path(), "internal/fips140deps/cpu") {
		return false, false
	}
	arch, _, found := strings.Cut(g.Name(), "Has")
	if !found || arch == "" || strings.ToUpper(arch) != arch {
		return false, false
	}
	return arch == "X86", true
}

// featureGlobals caches featureGlobal's answers: *ssa.Global → [2]bool.
var featureGlobals sync.Map

// featureGlobal evaluates a boolean package variable set only to feature
// values (crypto's supportsAES, fips140deps/cpu's X86HasAES): its stores in
// its package, the initializer's included. An exported variable counts
// only in an internal package, where no other module can set it; its
// address may be passed to a call in the initializer (crypto's
// impl.Register(&supportsAES), which lets tests switch implementations),
// not otherwise taken.
func featureGlobal(g *ssa.Global, depth int) (value, ok bool) {
	if g.Pkg == nil || g.Object() == nil {
		return false, false
	}
	if g.Object().Exported() && !strings.Contains(g.Pkg.Pkg.Path()+"/", "internal/") {
		return false, false
	}
	if r, cached := featureGlobals.Load(g); cached {
		a := r.([2]bool)
		return a[0], a[1]
	}
	featureGlobals.Store(g, [2]bool{}) // cut cycles
	stores, all := globalStoresAllowing(g, funcsWithInit(g.Pkg), func(fn *ssa.Function, in ssa.Instruction) bool {
		_, isCall := in.(*ssa.Call)
		return isCall && inInit(fn)
	})
	var vals []ssa.Value
	for _, st := range stores {
		vals = append(vals, st.Val)
	}
	if all {
		var known, flag bool
		value, known, flag = anyFeature(vals, depth)
		ok = known && flag
	}
	featureGlobals.Store(g, [2]bool{value, ok})
	return value, ok
}

// reach is which blocks of a function run, with the branches whose
// conditions are constant decided, and with CPU feature tests decided too.
type reach struct {
	fn                     *ssa.Function
	constOnly, withFeature []bool
	featureArm             []int8 // the arm a block's feature test takes: 0, 1, or -1 when none
	constArm               []int8 // likewise for a constant condition
}

// featureReaches caches featureReach's answers: *ssa.Function → *reach
// (nil while one is being computed: a condition that depends on a phi of
// the same function is not a feature test).
var featureReaches sync.Map

// featureReach returns which blocks of fn run, nil when fn has no body or
// is being computed.
func featureReach(fn *ssa.Function, depth int) *reach {
	if fn == nil || len(fn.Blocks) == 0 {
		return nil
	}
	if r, ok := featureReaches.Load(fn); ok {
		r, _ := r.(*reach)
		return r
	}
	featureReaches.Store(fn, (*reach)(nil))
	n := len(fn.Blocks)
	r := &reach{fn: fn, featureArm: make([]int8, n), constArm: make([]int8, n)}
	for i, b := range fn.Blocks {
		r.constArm[i], r.featureArm[i] = -1, -1
		if v, ok := constCond(b); ok {
			r.constArm[i] = armOf(v)
			r.featureArm[i] = armOf(v)
		} else if v, ok := featureCondAt(b, depth); ok {
			r.featureArm[i] = armOf(v)
		}
	}
	r.constOnly = r.blocks(r.constArm)
	r.withFeature = r.blocks(r.featureArm)
	featureReaches.Store(fn, r)
	return r
}

func armOf(v bool) int8 {
	if v {
		return 0
	}
	return 1
}

// blocks is which blocks run from the entry when the If of block i takes
// arm[i] only (both when -1).
func (r *reach) blocks(arm []int8) []bool {
	seen := make([]bool, len(r.fn.Blocks))
	work := []*ssa.BasicBlock{r.fn.Blocks[0]}
	seen[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for i, s := range b.Succs {
			if arm[b.Index] >= 0 && int8(i) != arm[b.Index] {
				continue
			}
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return seen
}

// taken reports whether the edge from pred to join runs, with feature
// tests decided or with constants only.
func (r *reach) taken(pred, join *ssa.BasicBlock, features bool) bool {
	runs, arm := r.constOnly, r.constArm
	if features {
		runs, arm = r.withFeature, r.featureArm
	}
	if !runs[pred.Index] {
		return false
	}
	a := arm[pred.Index]
	return a < 0 || pred.Succs[a] == join
}

// featureStoreDropped reports whether the store s sits on an arm of a CPU
// feature test that the present features do not take (crc32's table
// fallback, stored to updateIEEE when archAvailableIEEE() is false).
func featureStoreDropped(s *ssa.Store) bool {
	r := featureReach(s.Parent(), 0)
	b := s.Block().Index
	return r != nil && r.constOnly[b] && !r.withFeature[b]
}
