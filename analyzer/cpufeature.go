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
// feature flags and constants: a flag's load (cpu.X86.HasX: set; another
// architecture's, cpu.ARM64.HasAES: not), a package variable every store
// of which is such a value, a call of a function every return of which
// is, their negations and the joins of && and || (a phi of the edges the
// flags' values take; true when any of them is). ok is false for anything
// else.
func featureValue(v ssa.Value, depth int) (value, ok bool) {
	if depth > 6 {
		return false, false
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil || v.Value.Kind() != constant.Bool {
			return false, false
		}
		return constant.BoolVal(v.Value), true
	case *ssa.UnOp:
		switch v.Op {
		case token.NOT:
			x, ok := featureValue(v.X, depth+1)
			return !x, ok
		case token.MUL:
			switch a := v.X.(type) {
			case *ssa.FieldAddr:
				return featureFlag(a)
			case *ssa.Global:
				if v, ok := featureVar(a); ok {
					return v, true
				}
				return featureGlobal(a, depth+1)
			}
		}
	case *ssa.Phi:
		// The edges the present features take (`a || b` joins true,
		// when a holds, with b).
		var taken []ssa.Value
		for i, e := range v.Edges {
			if !featureEdgeDead(v.Block(), v.Block().Preds[i], depth+1) {
				taken = append(taken, e)
			}
		}
		return anyFeature(taken, depth+1)
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil || len(callee.Blocks) == 0 || callee.Signature.Results().Len() != 1 {
			return false, false
		}
		var rets []ssa.Value
		for _, b := range callee.Blocks {
			if r, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return); isRet && len(r.Results) == 1 {
				rets = append(rets, r.Results[0])
			}
		}
		return anyFeature(rets, depth+1)
	}
	return false, false
}

// anyFeature evaluates the values one of which v takes: true when any is,
// provided all are feature values.
func anyFeature(vs []ssa.Value, depth int) (value, ok bool) {
	if len(vs) == 0 {
		return false, false
	}
	for _, e := range vs {
		x, ok := featureValue(e, depth)
		if !ok {
			return false, false
		}
		value = value || x
	}
	return value, true
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
	var initFns []*ssa.Function
	var addInit func(fn *ssa.Function)
	addInit = func(fn *ssa.Function) {
		initFns = append(initFns, fn)
		for _, a := range fn.AnonFuncs {
			addInit(a)
		}
	}
	if init := g.Pkg.Func("init"); init != nil {
		addInit(init)
	}
	var vals []ssa.Value
	all := true
	var ops []*ssa.Value
	scan := func(fn *ssa.Function, inInit bool) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				ops = in.Operands(ops[:0])
				for _, op := range ops {
					if op == nil || *op != g {
						continue
					}
					switch in := in.(type) {
					case *ssa.UnOp:
						all = all && in.Op == token.MUL
					case *ssa.Store:
						if in.Addr == g {
							vals = append(vals, in.Val)
						} else {
							all = false
						}
					case *ssa.Call:
						all = all && inInit
					default:
						all = false
					}
				}
			}
		}
	}
	for _, fn := range packageFuncs(g.Pkg) {
		scan(fn, strings.HasPrefix(fn.Name(), "init#")) // a declared func init
	}
	for _, fn := range initFns {
		scan(fn, true)
	}
	if all {
		value, ok = anyFeature(vals, depth)
	}
	featureGlobals.Store(g, [2]bool{value, ok})
	return value, ok
}

// featureEdgeDead reports whether the edge from pred to join is one the
// present features do not take: pred's If, a feature test, branches
// elsewhere, or pred itself is dead (featureDead).
func featureEdgeDead(join, pred *ssa.BasicBlock, depth int) bool {
	if v, ok := featureCondAt(pred, depth); ok && pred.Succs[0] != pred.Succs[1] {
		if (pred.Succs[0] == join) != v {
			return true
		}
	}
	return featureDead(pred, depth)
}

// featureDead reports whether b sits on an arm of a CPU feature test that
// the present features do not take.
func featureDead(b *ssa.BasicBlock, depth int) bool {
	for d := b.Idom(); d != nil; d = d.Idom() {
		v, ok := featureCondAt(d, depth)
		if !ok {
			continue
		}
		for arm, succ := range d.Succs[:2] {
			if succ.Dominates(b) && (arm == 0) != v {
				return true
			}
		}
	}
	return false
}

// featureStoreDropped reports whether the store s sits on an arm of a CPU
// feature test that the present features do not take (crc32's table
// fallback, stored to updateIEEE when archAvailableIEEE() is false).
func featureStoreDropped(s *ssa.Store) bool {
	return featureDead(s.Block(), 0)
}
