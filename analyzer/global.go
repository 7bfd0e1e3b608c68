package analyzer

import (
	"go/token"
	"sync"

	"golang.org/x/tools/go/ssa"
)

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
	var store *ssa.Store
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
							return nil
						}
					case *ssa.Store:
						if in.Addr != g || store != nil || !storer(fn) {
							return nil
						}
						store = in
					default:
						return nil // address taken: it may change
					}
				}
			}
		}
	}
	return store
}
