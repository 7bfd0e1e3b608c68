package analyzer

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Range clears. gc compiles `for i := range a { a[i] = zero }` — a range
// over a slice or array whose whole body stores the element type's zero
// value at the range index of the same expression — into one call of
// runtime.memclrNoHeapPointers (or memclrHasPointers) over the whole
// array (cmd/compile/internal/walk/range.go, arrayRangeClear): no loop
// runs, the bytes are cleared in bulk. go/ssa marks the blocks of a range
// over an index "rangeindex.loop" and "rangeindex.body"; such a loop is
// counted as a call and its bytes (iterations times the element's size)
// instead of its per-element loads, stores and branches.

// rangeClears finds the range-clear loops of the function, charges each
// as gc compiles it and returns the blocks whose operations are not
// counted (the loop's header and body).
func (st *funcState) rangeClears() map[int]bool {
	fl := st.flow
	var skip map[int]bool
	for _, l := range fl.loops {
		h := l.header
		if h.Comment != "rangeindex.loop" || len(h.Succs) != 2 {
			continue
		}
		body := h.Succs[0]
		if body.Comment != "rangeindex.body" || len(body.Succs) != 1 || body.Succs[0] != h || len(body.Preds) != 1 {
			continue
		}
		size, ok := st.clearStore(h, body)
		if !ok {
			continue
		}
		if skip == nil {
			skip = map[int]bool{}
		}
		skip[h.Index], skip[body.Index] = true, true
		var entries expr.Expr
		for _, p := range h.Preds {
			if !l.contains(p) {
				entries = expr.Add(entries, fl.freq[p.Index])
			}
		}
		st.addCPU(manifest.OpCall, entries)
		st.addCPU(manifest.OpMemBytes, expr.Scale(fl.freq[body.Index], float64(size)))
	}
	return skip
}

// clearStore reports whether body, the body of the range loop with header
// h, only stores the zero value into the element at the range index (with
// the loads and field addresses of the slice expression), and the
// element's size.
func (st *funcState) clearStore(h, body *ssa.BasicBlock) (int64, bool) {
	// The header: i = φ(-1, i'), i' = i + 1, i' < len, if.
	var next ssa.Value
	for _, in := range h.Instrs {
		switch x := in.(type) {
		case *ssa.Phi, *ssa.If, *ssa.DebugRef:
		case *ssa.BinOp:
			if x.Op == token.ADD {
				next = x
			} else if x.Op != token.LSS {
				return 0, false
			}
		case *ssa.Call:
			if b, ok := x.Call.Value.(*ssa.Builtin); !ok || b.Name() != "len" {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	if next == nil {
		return 0, false
	}
	var store *ssa.Store
	for _, in := range body.Instrs {
		switch x := in.(type) {
		case *ssa.FieldAddr, *ssa.Field, *ssa.IndexAddr, *ssa.Jump, *ssa.DebugRef:
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return 0, false
			}
		case *ssa.Store:
			if store != nil {
				return 0, false
			}
			store = x
		default:
			return 0, false
		}
	}
	if store == nil || !zeroConst(store.Val) {
		return 0, false
	}
	ia, ok := store.Addr.(*ssa.IndexAddr)
	if !ok || ia.Index != next {
		return 0, false
	}
	size := st.sizeof(store.Val.Type())
	return size, size > 0
}

// zeroConst reports whether v is the zero value of its type.
func zeroConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return true
	}
	switch c.Value.Kind() {
	case constant.Int, constant.Float:
		return constant.Sign(c.Value) == 0
	case constant.Bool:
		return !constant.BoolVal(c.Value)
	case constant.String:
		return constant.StringVal(c.Value) == ""
	}
	return false
}
