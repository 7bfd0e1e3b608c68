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
// measured native call, which ends with tinyOffset's probe: classed
// objects at their class's size; tiny ones at the bytes they fill, a
// block started counted at 16 as the runtime counts it, less what the
// last block has left (the probe's offset); a large object at the whole
// pages it took; the probe itself taken out.
func TestAllocsBetween(t *testing.T) {
	stats := func(total, mallocs, class16, class48 uint64) *runtime.MemStats {
		var m runtime.MemStats
		m.TotalAlloc, m.Mallocs = total, mallocs
		m.BySize[2].Size, m.BySize[2].Mallocs = 16, class16
		m.BySize[5].Size, m.BySize[5].Mallocs = 48, class48
		return &m
	}
	before := stats(1000, 10, 4, 3)
	for _, tc := range []struct {
		name             string
		after            *runtime.MemStats
		off              int64
		wantCount, wantB int64
	}{
		// Two 48-byte objects and three 8-byte tiny ones: the first
		// block filled, the second holding 8 bytes, where the probe fit.
		{"small", stats(1000+96+32, 16, 6, 5), 8, 5, 96 + 24},
		// Two 8-byte tiny ones filling a block: the probe started one.
		{"block filled", stats(1000+32, 13, 6, 3), 0, 2, 16},
		// A 48-byte object alone: the probe started a block.
		{"no tiny", stats(1000+48+16, 12, 5, 4), 0, 1, 48},
		// A 100,000-byte object (13 pages) and a 5-byte tiny one.
		{"large", stats(1000+106496+16, 13, 5, 3), 5, 2, 106496 + 5},
		// A large object alone.
		{"large alone", stats(1000+40960+16, 12, 5, 3), 0, 1, 40960},
	} {
		c, b := allocsBetween(before, tc.after, tc.off)
		if c != tc.wantCount || b != tc.wantB {
			t.Errorf("%s: %d objects, %d bytes; want %d, %d", tc.name, c, b, tc.wantCount, tc.wantB)
		}
	}
}
