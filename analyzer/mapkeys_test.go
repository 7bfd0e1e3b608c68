package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestMapKeyWork checks the operations a map operation does beyond gc's
// fast variants, by key kind (mapKeyWork): none for 32- and 64-bit plain
// memory, a memequal call for strings, the type's equal and hash calls on
// the generic path, and the nilinterhash/typehash and efaceeq chains for
// interface keys; an assignment on the generic path also copies the key
// with typedmemmove. A map of unknown length counts the operation.
func TestMapKeyWork(t *testing.T) {
	sums := analyzeTestPkg(t, "mapkeys")
	for _, tc := range []struct {
		fn                string
		ccalls, calls, in float64
	}{
		{"mapkeys.GetInt", 0, 0, 0},
		{"mapkeys.GetID", 0, 0, 0},
		{"mapkeys.GetInt32", 0, 0, 0},
		{"mapkeys.GetPtr", 0, 0, 0},
		{"mapkeys.GetString", 0, 1, 0},
		{"mapkeys.GetWrapped", 0, 1, 0},
		{"mapkeys.GetPair", 1, 1, 0},
		{"mapkeys.GetPadded", 1, 1, 0},
		{"mapkeys.GetFloat", 1, 1, 0},
		{"mapkeys.GetAny", 2, 3, 10},
		{"mapkeys.GetError", 2, 3, 10},
		{"mapkeys.GetBigElem", 1, 1, 0},
		{"mapkeys.PutInt", 0, 0, 0},
		{"mapkeys.PutAny", 2, 4, 10},
		{"mapkeys.PutPair", 1, 2, 0},
		{"mapkeys.DelAny", 2, 3, 10},
		{"mapkeys.RangeAny", 0, 0, -1},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := withDefaults(s, nil)
		if got := eval(t, s.Op(manifest.OpCallClos), vars); got != tc.ccalls {
			t.Errorf("%s: ccall = %g, want %g", tc.fn, got, tc.ccalls)
		}
		if got := eval(t, s.Op(manifest.OpCall), vars); got != tc.calls {
			t.Errorf("%s: call = %g, want %g", tc.fn, got, tc.calls)
		}
		if tc.in >= 0 {
			if got := eval(t, s.Op(manifest.OpInt), vars); got != tc.in {
				t.Errorf("%s: int = %g, want %g", tc.fn, got, tc.in)
			}
		}
	}
}
