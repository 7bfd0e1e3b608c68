package analyzer

import (
	"go/types"
	"math"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/sizeclass"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Growth of a map filled after `make(map[K]V)` without a size hint: the
// allocations of Go's swiss tables (internal/runtime/maps, Go 1.24+) as
// the map grows to the keys the function inserts, which a summary
// otherwise leaves out (the make counts its header only).
//
// The runtime's steps, with a group of 8 slots taking G = 8 control bytes +
// 8 slots (a slot is struct{key K; elem V}, a zero-size elem padded to a
// byte): the first insert allocates one group (a small map holds 8 keys);
// the ninth turns it into a table of 16 slots (the table struct, 32 bytes,
// and its groups) under a directory of one pointer; a table full to 7/8
// doubles (a new table of twice the slots, its entries rehashed) up to
// maxTableCapacity, 1024 slots; a full table of 1024 splits into two of
// 1024 — with keys spread by hash, a split every 610 inserts on average
// (measured: 65,561 allocations for 10M int keys, 4 per split), and the
// directory doubles as tables are added. Every array is rounded up to its
// size class.
const (
	mapGroupSlots    = 8
	mapTableBytes    = 32   // internal/runtime/maps.table
	mapMaxTableSlots = 1024 // maxTableCapacity
	mapInsertsSplit  = 610  // inserts per split of a full table, keys spread by hash
)

// mapGroupBytes is G for a map type: 8 control bytes and 8 slots.
func (st *funcState) mapGroupBytes(mt *types.Map) int64 {
	ks, ka := st.layout(mt.Key(), 0)
	vs, va := st.layout(mt.Elem(), 0)
	// Keys and elements over 128 bytes are stored indirectly.
	if ks > 128 {
		ks, ka = 8, 8
	}
	if vs > 128 {
		vs, va = 8, 8
	}
	off := (ks+va-1)/va*va + vs
	if vs == 0 && ks > 0 {
		off++ // a zero-size final field is padded (its address must stay inside)
	}
	a := max(ka, va, 1)
	slot := (off + a - 1) / a * a
	return mapGroupSlots + mapGroupSlots*slot
}

// mapGrowthTotal is what filling a fresh map with n keys allocates, for
// groups of g bytes: allocations and bytes, by the runtime's steps above.
func mapGrowthTotal(n float64, g int64) (count, bytes float64) {
	if n < 1 {
		return 0, 0
	}
	count, bytes = 1, float64(sizeclass.Round(g))
	if n <= mapGroupSlots {
		return count, bytes
	}
	count, bytes = count+1, bytes+8 // the directory
	for c := int64(2 * mapGroupSlots); ; c *= 2 {
		count += 2
		bytes += float64(sizeclass.Round(c/mapGroupSlots*g) + mapTableBytes)
		if float64(c)*7/8 >= n || c >= mapMaxTableSlots {
			break
		}
	}
	if full := float64(mapMaxTableSlots) * 7 / 8; n > full {
		splits := math.Ceil((n - full) / mapInsertsSplit)
		count += 4 * splits
		bytes += splits * 2 * float64(sizeclass.Round(mapMaxTableSlots/mapGroupSlots*g)+mapTableBytes)
		// The directory, a pointer per table, doubles as they are added.
		tables := splits + 1
		count += math.Ceil(math.Log2(tables))
		bytes += 16 * tables
	}
	return count, bytes
}

// mapGrowthExpr is mapGrowthTotal over a symbolic n: the bytes of the
// groups, 0.42·G per key beyond the first group's 8 (the tables' slots,
// doubled while they grow and split, at 7/8 load, over the key counts
// between two sizes, rounded up to size classes), and the allocations:
// the first group, the directory and two per doubling up to the largest
// table, then four per split.
func mapGrowthExpr(n expr.Expr, g int64) (count, bytes expr.Expr) {
	over := expr.Max(expr.Const(0), expr.Sub(n, expr.Const(mapGroupSlots)))
	step := expr.Min(expr.Const(1), over)
	bytes = expr.Add(expr.Mul(expr.Min(expr.Const(1), expr.Max(expr.Const(0), n)), expr.Const(float64(sizeclass.Round(g)))),
		expr.Scale(over, 0.42*float64(g)))
	doublings := expr.Scale(expr.Log2(expr.Scale(expr.Min(expr.Max(n, expr.Const(mapGroupSlots)), expr.Const(mapMaxTableSlots*7/8)), 1.0/7)), 2)
	splits := expr.Scale(expr.Max(expr.Const(0), expr.Sub(n, expr.Const(mapMaxTableSlots*7/8))), 4.0/mapInsertsSplit)
	count = expr.Add(expr.Min(expr.Const(1), expr.Max(expr.Const(0), n)), expr.Mul(step, expr.Add(expr.Const(1), doublings)), splits)
	return count, bytes
}

// mapGrowth charges, to a map write in a loop filling a map the function
// made without a size hint before the loop (`m := make(map[K]V); for ... {
// m[k] = v }`), its share of the map's growth: the allocations of
// mapGrowthTotal for the n keys written per map made (the writes' frequency
// per run of the make, keys taken as new, as the retention model takes
// them), and the rehash of the entries each growth moves, about one more
// write per key (the doublings move n entries in all, the splits 1.5 per
// key). A constant key adds nothing; nor does a map made with a hint or
// received from elsewhere, whose table may already hold the keys.
// A map that does not escape keeps its first group on the stack.
func (st *funcState) mapGrowth(mu *ssa.MapUpdate, freq expr.Expr) {
	if st.flow == nil || st.inUntimed {
		return
	}
	mm, ok := objectRoot(mu.Map).(*ssa.MakeMap)
	if !ok || mm.Reserve != nil || mm.Parent() != st.fn {
		return
	}
	if _, isConst := mu.Key.(*ssa.Const); isConst {
		return
	}
	mt, ok := mm.Type().Underlying().(*types.Map)
	if !ok {
		return
	}
	l := st.commonLoop(mm.Block(), mu.Block())
	if st.flow.inner[mu.Block().Index] == l {
		return // not in a loop of its own after the make: a few writes
	}
	n := st.relFreq(mu.Block(), l)
	g := st.mapGroupBytes(mt)
	// A map that does not escape has its header and its first group on
	// the stack (gc's walkMakeMap, for no hint or one up to 8): only the
	// growth beyond 8 keys reaches the heap.
	heap, known := st.s.oracle.Classify(st.fset, mm)
	if !known {
		heap, _ = SSAOracle{}.Classify(st.fset, mm)
	}
	first := float64(sizeclass.Round(g))
	var count, bytes expr.Expr
	if c, ok := n.Constant(); ok {
		if c <= 0 {
			return
		}
		cc, bb := mapGrowthTotal(c, g)
		if !heap {
			cc, bb = cc-1, bb-first
		}
		count, bytes = expr.Const(cc/c), expr.Const(bb/c)
	} else {
		cc, bb := mapGrowthExpr(n, g)
		if !heap {
			some := expr.Min(expr.Const(1), expr.Max(expr.Const(0), n))
			cc, bb = expr.Sub(cc, some), expr.Sub(bb, expr.Scale(some, first))
		}
		count, bytes = expr.Div(cc, n), expr.Div(bb, n)
	}
	st.allocCount = expr.Add(st.allocCount, expr.Mul(freq, count))
	st.allocBytes = expr.Add(st.allocBytes, expr.Mul(freq, bytes))
	// The rehash: one write per key once the map outgrows its first group.
	over := expr.Max(expr.Const(0), expr.Sub(n, expr.Const(mapGroupSlots)))
	if c, ok := n.Constant(); ok {
		st.addCPU(manifest.OpMapWrite, expr.Scale(freq, math.Max(0, c-mapGroupSlots)/c))
	} else {
		st.addCPU(manifest.OpMapWrite, expr.Mul(freq, expr.Div(over, n)))
	}
}
