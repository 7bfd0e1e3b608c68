package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestFactoryCaptured checks that a call of the closure a factory returns
// (iterate(2)(b)) takes the sizes the factory left in what the closure
// captures (its Summary.Captured bound to the factory's arguments): a
// range over the map of 2000 keys, not over the default size.
func TestFactoryCaptured(t *testing.T) {
	sums := analyzeTestPkg(t, "factory")
	s := sums["factory.BenchmarkIterate"]
	if s == nil {
		t.Fatal("no summary for factory.BenchmarkIterate")
	}
	var iter OpCount
	for _, oc := range s.CPU {
		if oc.Class == manifest.OpMapIter {
			iter = oc
		}
	}
	if iter.Count.IsZero() {
		t.Fatalf("no map iteration in %v", s.CPU)
	}
	at := func(n float64) float64 { return eval(t, iter.Count, withDefaults(s, map[string]float64{"b.N": n})) }
	// One Next per key and the one that ends the range, per b.N.
	if got := at(2) - at(1); got != 2001 {
		t.Errorf("map iterations per b.N: %g (%s), want 2001", got, iter.Count)
	}
}
