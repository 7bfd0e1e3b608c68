package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// platformValues are package variables of the standard library that its
// initialization sets from the processor's features, at the values they
// take on the hardware perfcast models (amd64 servers since Haswell and
// Zen, which have AVX2): strings.Index and bytes.Index brute-force
// needles of up to bytealg.MaxLen bytes with SSE/AVX2 and fall back to
// Rabin-Karp only beyond; unknown, the fallback took half of every
// search's static odds.
var platformValues = map[string]int64{
	"internal/bytealg.MaxLen": 63, // index_amd64.go: 63 with AVX2, else 31
}

// globalInits caches globalInit's answer per package variable (nil: none).
var globalInits sync.Map // *ssa.Global → initValue

type initValue struct{ v ssa.Value }

// globalInit is the value an unexported package variable holds whenever a
// function reads it: the one value its package initializer stores, when no
// function of the package stores to it or takes its address. Benchmarks
// keep their inputs in such variables (`var input = "f47ac10b-…"`), and
// their lengths and values are then as known as a constant's. An exported
// variable may be set by an importer and is not followed.
func globalInit(g *ssa.Global) ssa.Value {
	if v, ok := globalInits.Load(g); ok {
		return v.(initValue).v
	}
	v := findGlobalInit(g)
	globalInits.Store(g, initValue{v})
	return v
}

func findGlobalInit(g *ssa.Global) ssa.Value {
	if v, ok := platformValues[g.String()]; ok {
		if t, isPtr := g.Type().(*types.Pointer); isPtr {
			return ssa.NewConst(constant.MakeInt64(v), t.Elem())
		}
	}
	if g.Pkg == nil || g.Object() == nil || g.Object().Exported() {
		return nil
	}
	init := g.Pkg.Func("init")
	fns := packageFuncs(g.Pkg)
	if init != nil {
		fns = append(fns, init)
	}
	store := soleStore(g, fns, func(fn *ssa.Function) bool { return fn == init })
	if store == nil {
		return nil
	}
	return store.Val
}

// soleStore returns the one store to the package variable g among fns,
// made by a function storer accepts, when every other use of g in fns is a
// load; nil if there is none, another store, or g's address escapes (it may
// change).
func soleStore(g *ssa.Global, fns []*ssa.Function, storer func(*ssa.Function) bool) *ssa.Store {
	stores, ok := globalStores(g, fns)
	if !ok || len(stores) != 1 || !storer(stores[0].Block().Parent()) {
		return nil
	}
	return stores[0]
}

// globalStores returns the stores to the package variable g among fns, in
// their order there, and whether every other use of g is a load (false
// when g's address is taken: it may change anywhere).
func globalStores(g *ssa.Global, fns []*ssa.Function) ([]*ssa.Store, bool) {
	return globalStoresAllowing(g, fns, nil)
}

// globalStoresAllowing is globalStores with the other uses of g for which
// allow (if not nil) reports true let through: a call that registers the
// variable's address.
func globalStoresAllowing(g *ssa.Global, fns []*ssa.Function, allow func(fn *ssa.Function, in ssa.Instruction) bool) ([]*ssa.Store, bool) {
	var stores []*ssa.Store
	var ops []*ssa.Value
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				ops = in.Operands(ops[:0])
				for _, op := range ops {
					if op == nil || *op != g {
						continue
					}
					switch in := in.(type) {
					case *ssa.UnOp:
						if in.Op != token.MUL {
							return nil, false
						}
					case *ssa.Store:
						if in.Addr != g {
							return nil, false
						}
						stores = append(stores, in)
					default:
						if allow == nil || !allow(fn, in) {
							return nil, false // address taken: it may change
						}
					}
				}
			}
		}
	}
	return stores, true
}

// funcsWithInit is pkg's functions (packageFuncs) with its package
// initializer and the closures in it: packageFuncs leaves out the
// synthetic initializer, and with it the closures of the package's
// variable declarations (crc32's `var ieeeInitOnce = sync.OnceFunc(func()
// { updateIEEE = ... })`).
func funcsWithInit(pkg *ssa.Package) []*ssa.Function {
	fns := packageFuncs(pkg)
	var addInit func(fn *ssa.Function)
	addInit = func(fn *ssa.Function) {
		if !slices.Contains(fns, fn) {
			fns = append(fns, fn)
		}
		for _, a := range fn.AnonFuncs {
			addInit(a)
		}
	}
	if init := pkg.Func("init"); init != nil {
		addInit(init)
	}
	return fns
}

// inInit reports whether fn runs only while its package initializes: the
// package initializer, a declared func init, or a closure in either.
func inInit(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Name() == "init" && fn.Synthetic != "" || strings.HasPrefix(fn.Name(), "init#")
}

// globalFuncSets caches storedFuncs's answer per package variable.
var globalFuncSets sync.Map // *ssa.Global → []*ssa.Function

// maxStoredFuncs bounds the functions a variable may be set to for a call
// through it to be resolved to them.
const maxStoredFuncs = 4

// calledGlobalFuncs returns the functions a call through v may reach when
// v loads an unexported package variable of function type (storedFuncs);
// nil otherwise.
func calledGlobalFuncs(v ssa.Value) []*ssa.Function {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	g, ok := u.X.(*ssa.Global)
	if !ok {
		return nil
	}
	if fs, ok := globalFuncSets.Load(g); ok {
		return fs.([]*ssa.Function)
	}
	fs := storedFuncs(g)
	globalFuncSets.Store(g, fs)
	return fs
}

// storedFuncs returns the functions stored to the unexported package
// variable g of function type when every store to it in its package stores
// a function or a closure of one, and its address is not taken: the
// variable holds one of them (or nil, and a call panics) whenever it is
// called. Packages pick an implementation once, in an init function or a
// sync.Once (hash/crc32's `updateIEEE = archUpdateIEEE` in ieeeInit);
// VTA, which does not run over the standard library, would otherwise leave
// the call unresolved. Nil when there are none or more than maxStoredFuncs.
func storedFuncs(g *ssa.Global) []*ssa.Function {
	if g.Pkg == nil || g.Object() == nil || g.Object().Exported() {
		return nil
	}
	ptr, ok := g.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	if _, ok := ptr.Elem().Underlying().(*types.Signature); !ok {
		return nil
	}
	stores, ok := globalStores(g, funcsWithInit(g.Pkg))
	if !ok {
		return nil
	}
	var out []*ssa.Function
	for _, st := range stores {
		if featureStoreDropped(st) {
			continue // the implementation for CPUs without a feature
		}
		var f *ssa.Function
		switch v := stripConversions(st.Val).(type) {
		case *ssa.Function:
			f = v
		case *ssa.MakeClosure:
			f, _ = v.Fn.(*ssa.Function)
		}
		if f == nil {
			return nil
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 || len(out) > maxStoredFuncs {
		return nil
	}
	slices.SortFunc(out, func(a, b *ssa.Function) int { return strings.Compare(a.String(), b.String()) })
	return out
}
