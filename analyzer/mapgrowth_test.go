package analyzer

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestMapGrowthTotal checks the swiss-table growth model against go test's
// measured allocations of filling fresh maps (Go 1.26, amd64): 1000 int
// keys of a map[int]struct{} (a set: 23 allocations and 74,464 bytes per
// fill, of which the map header, 48 bytes, and the set's 8-byte pointer
// are the caller's) and 10M int keys of a map[int]bool (65,561 allocations,
// 605,295,352 bytes, the header included).
func TestMapGrowthTotal(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		n                      float64
		group                  int64 // 8 + 8 slots of 16 bytes: an int key and a padded struct{} or a bool
		wantCount, wantBytes   float64
		countSlack, bytesSlack float64
	}{
		{"set of 1000", 1000, 136, 23 - 2, 74464 - 48 - 8, 0, 0.01},
		{"10M", 1e7, 136, 65561 - 1, 605295352 - 48, 0.001, 0.01},
		{"small", 5, 136, 1, 144, 0, 0},
	} {
		c, b := mapGrowthTotal(tc.n, tc.group)
		if math.Abs(c-tc.wantCount) > tc.countSlack*tc.wantCount {
			t.Errorf("%s: %g allocations, want %g", tc.name, c, tc.wantCount)
		}
		if math.Abs(b-tc.wantBytes) > tc.bytesSlack*tc.wantBytes {
			t.Errorf("%s: %g bytes, want %g", tc.name, b, tc.wantBytes)
		}
	}
}

// TestMapGrowth checks that a fresh map filled in a loop (factory.set's
// closure, b.N*3 keys) pays its growth: per key, the groups the tables
// allocate as they double and split (0.42 groups of 136 bytes) and one
// rehash write on top of the write itself.
func TestMapGrowth(t *testing.T) {
	sums := analyzeTestPkg(t, "factory")
	s := sums["factory.BenchmarkSet"]
	if s == nil {
		t.Fatal("no summary for factory.BenchmarkSet")
	}
	vars := func(n float64) map[string]float64 { return withDefaults(s, map[string]float64{"b.N": n}) }
	const n = 1e6
	perKey := func(what string, e func(map[string]float64) float64) float64 {
		return (e(vars(2*n)) - e(vars(n))) / (3 * n)
	}
	bytes := perKey("bytes", func(v map[string]float64) float64 { return eval(t, s.AllocBytes, v) })
	if want := 0.42 * 136; math.Abs(bytes-want) > 0.01*want {
		t.Errorf("growth bytes per key %g, want %g (%s)", bytes, want, s.AllocBytes)
	}
	for _, oc := range s.CPU {
		if oc.Class != manifest.OpMapWrite {
			continue
		}
		if got := perKey("writes", func(v map[string]float64) float64 { return eval(t, oc.Count, v) }); math.Abs(got-2) > 1e-6 {
			t.Errorf("map writes per key %g, want 2 (the write and its rehash): %s", got, oc.Count)
		}
	}
}

// TestMapGrowthStack checks that a map that does not escape (gc puts its
// header and first group on the stack) allocates nothing for 4 keys.
func TestMapGrowthStack(t *testing.T) {
	sums := analyzeTestPkgGC(t, "factory")
	s := sums["factory.Count"]
	if s == nil {
		t.Fatal("no summary for factory.Count")
	}
	if got := eval(t, s.AllocCount, withDefaults(s, nil)); got != 0 {
		t.Errorf("%g allocations (%s), want 0", got, s.AllocCount)
	}
}
