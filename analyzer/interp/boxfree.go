package interp

import (
	"go/types"
	"math"
)

// boxAllocates reports whether converting v, of the non-interface type t,
// to an interface allocates a box, as the runtime's convT* functions
// decide: not for a one-byte integer or bool, nor for a two-, four- or
// eight-byte value without pointers whose bits are below 256 (they point
// into the runtime's staticuint64s table), nor for an empty string or a
// nil slice (zeroVal). A struct of one field or an array of one element
// converts as that component (gc's SoleComponent: uuid's
// invalidLengthError{len(s)} boxes like an int). Pointer-shaped and
// zero-size values never get here.
func boxAllocates(v Value, t types.Type) bool {
	for {
		switch u := t.Underlying().(type) {
		case *types.Struct:
			s, ok := v.(Struct)
			if u.NumFields() != 1 || !ok || len(s) != 1 {
				return true
			}
			v, t = s[0], u.Field(0).Type()
			continue
		case *types.Array:
			a, ok := v.(Array)
			if u.Len() != 1 || !ok || len(a) != 1 {
				return true
			}
			v, t = a[0], u.Elem()
			continue
		}
		break
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		if _, isSlice := t.Underlying().(*types.Slice); isSlice {
			s, _ := v.([]Value)
			return s != nil
		}
		return true
	}
	var bits uint64
	switch x := v.(type) {
	case bool, int8, uint8:
		return false
	case int16:
		bits = uint64(uint16(x))
	case uint16:
		bits = uint64(x)
	case int32:
		bits = uint64(uint32(x))
	case uint32:
		bits = uint64(x)
	case int:
		bits = uint64(x)
	case int64:
		bits = uint64(x)
	case uint:
		bits = uint64(x)
	case uint64:
		bits = x
	case uintptr:
		bits = uint64(x)
	case float32:
		bits = uint64(math.Float32bits(x))
	case float64:
		bits = math.Float64bits(x)
	case string:
		return x != ""
	default:
		_ = b
		return true
	}
	return bits >= 256
}
