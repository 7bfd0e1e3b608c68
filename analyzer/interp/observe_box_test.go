package interp

import (
	"go/types"
	"runtime"
	"testing"
)

// TestBoxAllocates checks the runtime's rules for boxing without a heap
// object: one-byte values, small bit patterns (staticuint64s), the empty
// string and nil slices, and structs and arrays wrapping one of them.
func TestBoxAllocates(t *testing.T) {
	slice := types.NewSlice(types.Typ[types.Int])
	for _, tc := range []struct {
		v    Value
		t    types.Type
		want bool
	}{
		{int(255), types.Typ[types.Int], false},
		{int(256), types.Typ[types.Int], true},
		{int(-1), types.Typ[types.Int], true},
		{uint8(200), types.Typ[types.Uint8], false},
		{true, types.Typ[types.Bool], false},
		{int32(7), types.Typ[types.Int32], false},
		{float64(0), types.Typ[types.Float64], false},
		{float64(1), types.Typ[types.Float64], true},
		{"", types.Typ[types.String], false},
		{"x", types.Typ[types.String], true},
		{[]Value(nil), slice, false},
		{[]Value{1}, slice, true},
		{Struct{1, 2}, types.NewStruct(nil, nil), true},
		{Struct{int(10)}, one(types.Typ[types.Int]), false},
		{Struct{int(300)}, one(types.Typ[types.Int]), true},
		{Struct{""}, one(types.Typ[types.String]), false},
		{Struct{Struct{uint32(3)}}, one(one(types.Typ[types.Uint32])), false},
		{Array{int64(1)}, types.NewArray(types.Typ[types.Int64], 1), false},
		{Array{int64(1), int64(2)}, types.NewArray(types.Typ[types.Int64], 2), true},
		{Struct{true}, one(types.Typ[types.Bool]), false},
		{Struct{[]Value(nil)}, one(slice), false},
	} {
		if got := boxAllocates(tc.v, tc.t); got != tc.want {
			t.Errorf("boxAllocates(%#v, %s) = %v, want %v", tc.v, tc.t, got, tc.want)
		}
	}
}

// one is a struct of one field of type t.
func one(t types.Type) types.Type {
	return types.NewStruct([]*types.Var{types.NewField(0, nil, "f", t, false)}, nil)
}

// TestAllocsBetween checks the reading of the runtime's counters around a
// measured native call: classed objects at their class's size, tiny ones
// at 16 bytes whatever the tiny blocks did, and a large object at the
// whole pages it took.
func TestAllocsBetween(t *testing.T) {
	stats := func(total uint64, mallocs uint64, class48 uint64) *runtime.MemStats {
		var m runtime.MemStats
		m.TotalAlloc, m.Mallocs = total, mallocs
		m.BySize[5].Size, m.BySize[5].Mallocs = 48, class48
		return &m
	}
	before := stats(1000, 10, 3)
	for _, tc := range []struct {
		name             string
		after            *runtime.MemStats
		wantCount, wantB int64
	}{
		// Two 48-byte objects and three tiny ones that started one block.
		{"small", stats(1000+96+16, 15, 5), 5, 96 + 48},
		// The same tiny ones, the block already started: same figures.
		{"small, block started", stats(1000+96, 15, 5), 5, 96 + 48},
		// A 100,000-byte object (13 pages) and a tiny one.
		{"large", stats(1000+106496+16, 12, 3), 2, 106496 + 16},
		// A large object alone.
		{"large alone", stats(1000+40960, 11, 3), 1, 40960},
	} {
		c, b := allocsBetween(before, tc.after)
		if c != tc.wantCount || b != tc.wantB {
			t.Errorf("%s: %d objects, %d bytes; want %d, %d", tc.name, c, b, tc.wantCount, tc.wantB)
		}
	}
}
