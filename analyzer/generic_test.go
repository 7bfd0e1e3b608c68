package analyzer

import (
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestGenericInterfaceTargets checks that an interface call made from
// generic code through a generic interface (Store[K, V]) reaches the
// methods of the generic types that implement it instantiated with the
// same type arguments (*mapStore[K, V]), where generic types used to be
// left out of the visible targets and the call cost the call only.
func TestGenericInterfaceTargets(t *testing.T) {
	sums := analyzeTestPkg(t, "generic")
	get := sums["(*generic.Cache[K, V]).Get"]
	if get == nil {
		t.Fatalf("no summary for Cache.Get among %d", len(sums))
	}
	reads := 0.0
	for _, oc := range get.CPU {
		if oc.Class == manifest.OpMapRead {
			reads = eval(t, oc.Count, nil)
		}
	}
	if reads != 1 {
		t.Errorf("Cache.Get: %v map reads, want 1 (mapStore.Get through Store)", reads)
	}
	for _, n := range get.Notes {
		if strings.Contains(n, "no target") {
			t.Errorf("Cache.Get: %s", n)
		}
		if strings.Contains(n, "averaged over 2") {
			t.Errorf("Cache.Get: %s: Pair[V, K] does not implement Store[K, V]", n)
		}
	}
}
