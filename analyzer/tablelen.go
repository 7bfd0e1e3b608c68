package analyzer

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Tables of constant strings.
//
// Tests and benchmarks keep their inputs in composite literals ranged
// over in the function that builds them (`cases := [][]string{{"testCase",
// "test_case"}, ...}; for _, c := range cases { ToSnake(c[0]) }`, `for _,
// tt := range []struct{ in, want string }{...}`). A string loaded from
// such a table holds, over the loop, each constant stored at that
// position of the literal: its length is their mean, which is what a
// cost linear in the length adds up to over the iterations, where the
// loaded value had no size at all (the callee's default, 8).

// maxTableValues bounds the values a table position is followed to.
const maxTableValues = 256

// tableLen is the mean length of the constant strings v, a string loaded
// from a composite literal the function builds, can hold, when every
// value stored at that position of the literal is a constant string.
func tableLen(v ssa.Value) (float64, bool) {
	t := tableWalk{}
	vals, ok := t.vals(v, 0)
	if !ok || len(vals) == 0 {
		return 0, false
	}
	total := 0
	for _, x := range vals {
		c, ok := x.(*ssa.Const)
		if !ok || c.Value == nil || c.Value.Kind() != constant.String {
			return 0, false
		}
		total += len(constant.StringVal(c.Value))
	}
	return float64(total) / float64(len(vals)), true
}

// tableWalk follows values through the stores that build composite
// literals.
type tableWalk struct {
	n int // values visited, bounded by maxTableValues
}

// vals returns what v can be: constants, and the literals' allocations
// (standing for the aggregate value they hold) for slices and structs.
func (t *tableWalk) vals(v ssa.Value, depth int) ([]ssa.Value, bool) {
	if depth > 8 || t.n > maxTableValues {
		return nil, false
	}
	t.n++
	switch x := v.(type) {
	case *ssa.Const:
		return []ssa.Value{x}, true
	case *ssa.Slice:
		// A slice of a literal's array: the array's elements.
		return t.bases(x.X, depth+1)
	case *ssa.UnOp:
		if x.Op.String() != "*" {
			return nil, false
		}
		if a, ok := x.X.(*ssa.Alloc); ok {
			// The value of a struct literal (`*t2` of a complit).
			return t.bases(a, depth+1)
		}
		return t.stored(x.X, depth+1)
	case *ssa.Field:
		bases, ok := t.vals(x.X, depth+1)
		if !ok {
			return nil, false
		}
		return t.storedAt(bases, func(a ssa.Value) bool {
			f, ok := a.(*ssa.FieldAddr)
			return ok && f.Field == x.Field
		}, depth+1)
	}
	return nil, false
}

// bases returns the literal allocations a pointer or slice x addresses.
func (t *tableWalk) bases(x ssa.Value, depth int) ([]ssa.Value, bool) {
	if depth > 8 {
		return nil, false
	}
	switch a := x.(type) {
	case *ssa.Alloc:
		// A local holding a copy of one value (`*t19 = t18`, the range
		// variable of a loop over structs): that value, when nothing
		// writes into the copy.
		if whole := wholeStores(a); len(whole) > 0 {
			if partlyWritten(a) {
				return nil, false
			}
			var out []ssa.Value
			for _, s := range whole {
				vs, ok := t.vals(s.Val, depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, vs...)
			}
			return out, true
		}
		if (a.Comment != "slicelit" && a.Comment != "complit") || !readOnlyLiteral(a) {
			return nil, false
		}
		return []ssa.Value{a}, true
	case *ssa.Slice:
		return t.bases(a.X, depth+1)
	case *ssa.UnOp:
		return t.vals(a, depth+1)
	}
	return nil, false
}

// wholeStores are the stores of a whole value into a.
func wholeStores(a *ssa.Alloc) []*ssa.Store {
	var out []*ssa.Store
	if refs := a.Referrers(); refs != nil {
		for _, r := range *refs {
			if s, ok := r.(*ssa.Store); ok && s.Addr == a {
				out = append(out, s)
			}
		}
	}
	return out
}

// readOnlyLiteral reports whether the literal a is only written by its
// initialization (stores to its own elements and fields) and read
// otherwise: its slices are indexed for loads and measured, never
// written through or passed on.
func readOnlyLiteral(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.IndexAddr, *ssa.FieldAddr, *ssa.UnOp:
		case *ssa.Slice:
			srefs := r.Referrers()
			if srefs == nil {
				continue
			}
			for _, u := range *srefs {
				switch u := u.(type) {
				case *ssa.IndexAddr:
					if !onlyLoaded(u, 0) {
						return false
					}
				case *ssa.Call:
					if b, ok := u.Call.Value.(*ssa.Builtin); !ok || (b.Name() != "len" && b.Name() != "cap") {
						return false
					}
				case *ssa.Store:
					// A row of an outer literal ([][]string{{...}}).
					if u.Val != r || !literalElem(u.Addr) {
						return false
					}
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// literalElem reports whether addr is an element or field of a composite
// literal's allocation.
func literalElem(addr ssa.Value) bool {
	var x ssa.Value
	switch a := addr.(type) {
	case *ssa.IndexAddr:
		x = a.X
	case *ssa.FieldAddr:
		x = a.X
	default:
		return false
	}
	a, ok := x.(*ssa.Alloc)
	return ok && (a.Comment == "slicelit" || a.Comment == "complit")
}

// onlyLoaded reports whether the address addr is only loaded from,
// directly or through the address of a field.
func onlyLoaded(addr ssa.Value, depth int) bool {
	refs := addr.Referrers()
	if refs == nil || depth > 4 {
		return refs == nil
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
		case *ssa.FieldAddr:
			if !onlyLoaded(r, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// partlyWritten reports whether a store writes an element or field of a.
func partlyWritten(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r.(type) {
		case *ssa.IndexAddr, *ssa.FieldAddr:
			if ar := r.(ssa.Value).Referrers(); ar != nil {
				for _, u := range *ar {
					if s, ok := u.(*ssa.Store); ok && s.Addr == r.(ssa.Value) {
						return true
					}
				}
			}
		}
	}
	return false
}

// stored returns what is stored at the address addr: an element or field
// of a literal.
func (t *tableWalk) stored(addr ssa.Value, depth int) ([]ssa.Value, bool) {
	switch a := addr.(type) {
	case *ssa.IndexAddr:
		bases, ok := t.bases(a.X, depth+1)
		if !ok {
			return nil, false
		}
		idx, constIdx := a.Index.(*ssa.Const)
		return t.storedAt(bases, func(v ssa.Value) bool {
			ia, ok := v.(*ssa.IndexAddr)
			if !ok {
				return false
			}
			if !constIdx {
				return true // a loop's index: any element
			}
			k, ok := ia.Index.(*ssa.Const)
			return ok && constant.Compare(k.Value, token.EQL, idx.Value)
		}, depth+1)
	case *ssa.FieldAddr:
		bases, ok := t.bases(a.X, depth+1)
		if !ok {
			return nil, false
		}
		return t.storedAt(bases, func(v ssa.Value) bool {
			f, ok := v.(*ssa.FieldAddr)
			return ok && f.Field == a.Field
		}, depth+1)
	}
	return nil, false
}

// storedAt returns the values stored into the element or field addresses
// of the allocations bases that match.
func (t *tableWalk) storedAt(bases []ssa.Value, match func(ssa.Value) bool, depth int) ([]ssa.Value, bool) {
	var out []ssa.Value
	for _, b := range bases {
		refs := b.Referrers()
		if refs == nil {
			return nil, false
		}
		found := false
		for _, r := range *refs {
			addr, ok := r.(ssa.Value)
			if !ok || !match(addr) {
				continue
			}
			ar := addr.Referrers()
			if ar == nil {
				continue
			}
			for _, u := range *ar {
				s, ok := u.(*ssa.Store)
				if !ok || s.Addr != addr {
					continue
				}
				vs, ok := t.vals(s.Val, depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, vs...)
				found = true
			}
		}
		if !found {
			return nil, false // a zero value, or written elsewhere
		}
	}
	return out, true
}
