package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestIntrinsics checks that calls gc replaces by instructions cost those
// instructions: no call and none of the function's portable Go body.
func TestIntrinsics(t *testing.T) {
	sums := analyzeTestPkgGC(t, "intrinsic")
	count := func(fn string, class manifest.OpClass, vars map[string]float64) float64 {
		t.Helper()
		return opAt(t, sums, fn, class, vars)
	}
	n := map[string]float64{"len(s)": 100}
	if got := count("intrinsic.Popcount", manifest.OpCall, n); got != 0 {
		t.Errorf("Popcount: %g calls, want 0 (POPCNT is an instruction)", got)
	}
	// A word: POPCNT, the add to n, the loop's counter and compare; the
	// portable body alone is a dozen integer operations more.
	if got := count("intrinsic.Popcount", manifest.OpInt, n); got < 100 || got > 700 {
		t.Errorf("Popcount: %g integer operations for 100 words, want 1 to 7 a word", got)
	}
	if got := count("intrinsic.Popcount", manifest.OpLoad, n); got < 100 {
		t.Errorf("Popcount: %g loads for 100 words, want the word and the POPCNT feature flag", got)
	}
	if got := count("intrinsic.Portable", manifest.OpInt, nil); got < 10 {
		t.Errorf("Portable: %g integer operations, want the whole body (control: it is not an intrinsic)", got)
	}
	for _, class := range []manifest.OpClass{manifest.OpCall, manifest.OpCallIface} {
		if got := count("intrinsic.Mix", class, nil); got != 0 {
			t.Errorf("Mix: %g %s, want 0 (ROL and an atomic load are instructions)", got, class)
		}
	}
	if got := count("intrinsic.Mix", manifest.OpMul, nil); got != 1 {
		t.Errorf("Mix: %g multiplies, want 1", got)
	}
	if got := count("intrinsic.Root", manifest.OpFloatDiv, nil); got != 1 {
		t.Errorf("Root: %g square roots, want 1", got)
	}
	if got := count("intrinsic.Root", manifest.OpCall, nil); got != 0 {
		t.Errorf("Root: %g calls, want 0", got)
	}
	// An atomic add is a locked instruction; so are a mutex's fast paths
	// (priced by the std summaries of Lock and Unlock).
	if got := count("(*intrinsic.Counter).Inc", manifest.OpAtomic, nil); got < 3 || got > 3.5 {
		t.Errorf("Counter.Inc: %g atomic operations, want 3 (XADD, Lock's CMPXCHG, Unlock's XADD)", got)
	}
}
