package interp

import (
	"go/types"
	"testing"
)

// TestBoxAllocates checks the runtime's rules for boxing without a heap
// object: one-byte values, small bit patterns (staticuint64s), the empty
// string and nil slices.
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
	} {
		if got := boxAllocates(tc.v, tc.t); got != tc.want {
			t.Errorf("boxAllocates(%#v, %s) = %v, want %v", tc.v, tc.t, got, tc.want)
		}
	}
}
