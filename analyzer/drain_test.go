package analyzer

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestDrainedStructures checks loops that empty the structure they work
// on: a call is costed as the mixture of the phase that drains the
// structure and the empty phase (drain.go), not at the mean size over the
// loop, and a map lookup or delete on an empty map costs its calls alone
// (mapOp).
func TestDrainedStructures(t *testing.T) {
	sums := analyzeTestPkg(t, "drain")
	const size, rounds = 1024.0, 1000.0
	for _, tc := range []struct {
		fn    string
		class manifest.OpClass
		vars  map[string]float64
		want  float64
	}{
		// The guard `if s.n == 0` holds from the second round on: the
		// float work runs in the first round only, two operations per
		// pop (at the mean size, 0.5, the guard let 1/2000 of the pops
		// through in every round: 1000 times as many).
		{"drain.DrainStack", manifest.OpFloat, map[string]float64{"size": size, "rounds": rounds}, 2 * size},
		// Descents in the first round, at the mean size while it
		// drains; none on the empty tree (log2 of the mean size over
		// all rounds gave 1000·1024·log2(1.512)).
		{"drain.DrainTree", manifest.OpDescent, map[string]float64{"size": size, "rounds": rounds}, size * math.Log2(1+size/2)},
		// Deletes from the map the setup filled: the first round hashes,
		// the others find it empty.
		{"drain.DeleteAll", manifest.OpMapDelete, map[string]float64{"size": size, "rounds": rounds, "len(s.items)": size}, size},
		// The entry and Map.Delete's call on the empty map (an int key
		// cannot panic), plus what the loop calls.
		{"drain.DeleteAll", manifest.OpCall, map[string]float64{"size": size, "rounds": rounds, "len(s.items)": size}, 3*rounds*size - 2*size},
		// A set held by value in a field: its map's length is the
		// holder's size len(p.fwd.items), which the deletes drain.
		{"drain.DrainFwd", manifest.OpMapDelete, map[string]float64{"size": size, "rounds": rounds, "len(p.fwd.items)": size}, size},
		// Lookups that remove nothing hash in every round.
		{"drain.Probe", manifest.OpMapRead, map[string]float64{"size": size, "rounds": rounds, "len(s.items)": size}, rounds * size},
		// A map whose length is unknown: the delete counts.
		{"drain.DeleteGlobal", manifest.OpMapDelete, nil, 1},
		// An interface key on an empty map: the runtime's entry,
		// Map.Delete, and mapKeyError2 on the key and its dynamic type.
		{"drain.RemoveAny", manifest.OpMapDelete, map[string]float64{"len(m)": 0}, 0},
		{"drain.RemoveAny", manifest.OpCall, map[string]float64{"len(m)": 0}, 4},
		{"drain.RemoveAny", manifest.OpMapDelete, map[string]float64{"len(m)": 5}, 1},
		// On a non-empty map, the interface key's hash and equal
		// chains (typehash, its hash, efaceeq: mapKeyWork).
		{"drain.RemoveAny", manifest.OpCall, map[string]float64{"len(m)": 5}, 3},
		// A removal's found check on a map holding anything takes its
		// found arm: the float work of one removal (the static
		// prediction gave the arm 0.45 here, 0.22 in gods'
		// linkedhashmap), none on an empty map.
		{"(*drain.Ordered).Remove", manifest.OpFloat, map[string]float64{"len(s.items)": 5}, 2},
		{"(*drain.Ordered).Remove", manifest.OpFloat, map[string]float64{"len(s.items)": 0}, 0},
		{"(*drain.Ordered).RemoveEarly", manifest.OpFloat, map[string]float64{"len(s.items)": 5}, 2},
		{"(*drain.Ordered).RemoveAll", manifest.OpFloat, map[string]float64{"len(s.items)": 5, "len(keys)": 3}, 6},
		// Over a loop that drains the map: the first round removes size
		// keys, the others miss; one float pair and one rebuilt order
		// per key of the first round.
		{"drain.DrainOrdered", manifest.OpFloat, map[string]float64{"size": size, "rounds": rounds, "len(s.items)": size}, 2 * size},
		// A removal behind a position check (in range: two sizes
		// compared, no size guard) runs while the structure holds
		// anything, as removals hit: the static split gave it 0.45 at
		// any size. Through a found flag of a call (Dequeue's `if ok`),
		// the same (the static splits gave 0.099).
		{"(*drain.Array).RemoveAt", manifest.OpFloat, map[string]float64{"a.size": 5}, 2},
		{"(*drain.Array).RemoveAt", manifest.OpFloat, map[string]float64{"a.size": 0}, 0},
		{"(*drain.Array).Dequeue", manifest.OpFloat, map[string]float64{"a.size": 5}, 2},
		{"(*drain.Array).Dequeue", manifest.OpFloat, map[string]float64{"a.size": 0}, 0},
		// Over a loop that drains it: the first round's removals only.
		{"drain.DrainArray", manifest.OpFloat, map[string]float64{"size": size, "rounds": rounds, "a.size": size}, 2 * size},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		e := s.Op(tc.class)
		if got := eval(t, e, withDefaults(s, tc.vars)); math.Abs(got-tc.want) > 1e-6*math.Max(1, tc.want) {
			t.Errorf("%s %v: %s: %s = %g, want %g", tc.fn, tc.vars, tc.class, e, got, tc.want)
		}
	}
	// A lookup whose arm deletes another key keeps the static split:
	// strictly between none and all of the float work.
	if s := sums["(*drain.Ordered).Touch"]; s == nil {
		t.Errorf("Touch: no summary")
	} else if got := eval(t, s.Op(manifest.OpFloat), withDefaults(s, map[string]float64{"len(s.items)": 5})); got <= 0 || got >= 2 {
		t.Errorf("Touch: %g float ops, want the static split of 2", got)
	}
	// The drain's allocations: one copy of the order per key, in the first
	// round only.
	if s := sums["drain.DrainOrdered"]; s == nil {
		t.Errorf("DrainOrdered: no summary")
	} else if got := eval(t, s.AllocCount, withDefaults(s, map[string]float64{"size": size, "rounds": rounds, "len(s.items)": size, "len(s.order)": size})); math.Abs(got-size) > 0.01*size {
		t.Errorf("DrainOrdered: %s = %g allocations, want %g (one per removal of the first round)", s.AllocCount, got, size)
	}
}
