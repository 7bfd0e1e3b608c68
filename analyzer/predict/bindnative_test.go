package predict

import (
	"go/types"
	"math/big"
	"reflect"
	"testing"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/analyzer/interp"
)

// TestBindNativeThroughPointers binds a std summary's variables to the
// fields of the values its arguments point to: a *big.Int made natively
// (big.NewInt, SetBytes) is a pointer into native memory whose field
// len(x.abs) is its words, and a nil pointer, interpreted or native, has
// no length behind it (big.Int.Exp's nil modulus: len(m.abs) is 0).
func TestBindNativeThroughPointers(t *testing.T) {
	x := new(big.Int).Lsh(big.NewInt(1), 64*5-1)  // five words
	ptr := types.NewPointer(types.Typ[types.Int]) // native memory: the pointee's type is not consulted
	sum := &analyzer.Summary{Params: []string{"z", "x", "m", "n"}}
	params := []types.Type{ptr, ptr, ptr, types.Typ[types.Int]}
	args := []interp.Value{(*interp.Value)(nil), interp.NativePtr{RV: reflect.ValueOf(x)}, interp.NativePtr{RV: reflect.ValueOf((*big.Int)(nil))}, 7}
	for _, c := range []struct {
		name string
		want float64
		ok   bool
	}{
		{"len(x.abs)", 5, true},
		{"cap(x.abs)", float64(cap(x.Bits())), true},
		{"len(m.abs)", 0, true}, // a nil native pointer
		{"len(z.abs)", 0, true}, // a nil interpreted pointer
		{"z.neg", 0, false},     // not a length: unknown, the summary's default applies
		{"len(x.missing)", 0, false},
		{"n", 7, true},
	} {
		got, ok := bindNative(sum, c.name, params, args)
		if got != c.want || ok != c.ok {
			t.Errorf("bindNative(%s) = %v, %v; want %v, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}
