package analyzer

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"math"
	"testing"
)

// TestSteadyState checks the steady state of loops that repeat calls on a
// structure made before them: allocations a call makes only for a new key
// (Summary.NewKey) run once per entry of a loop replaying the same keys,
// and in every iteration when the keys change, the structure is made
// afresh, something else in the loop removes from it, or the call has no
// keys at all.
func TestSteadyState(t *testing.T) {
	sums := analyzeTestPkg(t, "steady")
	// newKey: the callee's allocations are all made for new keys (true),
	// or none (false).
	for _, tc := range []struct {
		fn     string
		newKey bool
	}{
		{"(*steady.Tree).Put", true},      // the node, in the slot the search found empty
		{"(*steady.Set).Add", true},       // the list cell and the key, on the absent arm
		{"(*steady.List).Push", false},    // no key test: every call allocates
		{"(*steady.Sorted).Insert", true}, // the entry, past the found flag of a (position, found) search
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := defaults(s)
		all := eval(t, s.AllocCount, vars)
		if all <= 0 {
			t.Errorf("%s: %s allocations per call, want some", tc.fn, s.AllocCount)
			continue
		}
		switch {
		case !tc.newKey && s.NewKey != nil:
			t.Errorf("%s: new-key allocations %s, want none", tc.fn, s.NewKey.AllocCount)
		case tc.newKey && s.NewKey == nil:
			t.Errorf("%s: no new-key allocations, want all of %s", tc.fn, s.AllocCount)
		case tc.newKey:
			if nk := eval(t, s.NewKey.AllocCount, vars); math.Abs(nk-all) > 1e-9 {
				t.Errorf("%s: new-key allocations %s = %g, want all %g", tc.fn, s.NewKey.AllocCount, nk, all)
			}
		}
	}
	// perRound: how the allocations grow with each extra round of the
	// outer loop (0: the same keys again, nothing new).
	for _, tc := range []struct {
		fn       string
		perRound bool
	}{
		{"steady.Replay", false},       // keys 0..n-1 every round
		{"steady.ReplaySet", false},    // one constant key
		{"steady.Fresh", true},         // keys r*n+k
		{"steady.Rebuild", true},       // a new tree each round
		{"steady.Churn", true},         // Clear in the loop
		{"steady.Grow", true},          // a list has no keys
		{"steady.ReplayKeys", false},   // a slice of keys made before the loop
		{"steady.Rekey", true},         // keys[0] = r in the loop
		{"steady.ReplaySorted", false}, // keys 0..n-1 every round, found by a (position, found) search
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		at := func(rounds float64) float64 {
			vars := defaults(s)
			vars["n"], vars["len(keys)"], vars["rounds"] = 100, 100, rounds
			return eval(t, s.AllocCount, vars)
		}
		first, extra := at(1), at(11)-at(1)
		if first <= 0 {
			t.Errorf("%s: %s = %g allocations in one round, want some", tc.fn, s.AllocCount, first)
			continue
		}
		if grows := extra > 1e-9; grows != tc.perRound {
			t.Errorf("%s: %s: ten more rounds add %g allocations to the first round's %g; want growth %v", tc.fn, s.AllocCount, extra, first, tc.perRound)
		}
		if tc.perRound && math.Abs(extra-10*first) > 1e-6*first {
			t.Errorf("%s: ten more rounds add %g allocations, want 10 × %g", tc.fn, extra, first)
		}
	}
}

// TestReplayedRemoval checks the dual of new keys: what a removal does only
// when it finds its key (Summary.Found) runs in the first iteration of a
// loop removing the same keys, whose later iterations miss; a removal by
// position is not a search, and every round pays it.
func TestReplayedRemoval(t *testing.T) {
	sums := analyzeTestPkg(t, "steady")
	for _, tc := range []struct {
		fn              string
		searches, found bool
	}{
		{"(*steady.Tree).lookup", true, false},
		{"(*steady.Tree).Remove", true, true},
		{"(*steady.Tree).Put", true, true}, // the update of a present key
		{"(*steady.Stack).RemoveAt", false, false},
		{"(*steady.Stack).inRange", false, false},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if s.Searches != tc.searches {
			t.Errorf("%s: Searches = %v, want %v", tc.fn, s.Searches, tc.searches)
		}
		if (s.Found != nil) != tc.found {
			t.Errorf("%s: Found = %+v, want one: %v", tc.fn, s.Found, tc.found)
		}
	}
	total := func(s *Summary, rounds float64) float64 {
		vars := defaults(s)
		vars["n"], vars["rounds"] = 100, rounds
		sum := 0.0
		for _, oc := range s.CPU {
			sum += eval(t, oc.Count, vars)
		}
		return sum
	}
	remove := sums["(*steady.Tree).Remove"]
	vars := defaults(remove)
	found := 0.0
	for _, oc := range remove.Found.CPU {
		found += eval(t, oc.Count, vars)
	}
	// Unload: ten more rounds cost ten of the first round's calls without
	// their Found part.
	u := sums["steady.Unload"]
	first, extra := total(u, 1), total(u, 11)-total(u, 1)
	// (Summaries keep five significant digits: 1e-3.)
	if want := 10 * (first - 100*found); math.Abs(extra-want) > 1e-3*want {
		t.Errorf("Unload: ten more rounds cost %g operations, want %g (first round %g, Found %g per call)", extra, want, first, found)
	}
	// Front: every round pays the whole removal (the stack's size drifts,
	// so the rounds differ: only check nothing was taken out).
	f := sums["steady.Front"]
	if first, extra := total(f, 1), total(f, 11)-total(f, 1); extra < 5*first {
		t.Errorf("Front: ten more rounds cost %g operations against %g for the first: a removal by position was taken as replayed", extra, first)
	}
}

// TestSteadyGob checks that NewKey, Found and Searches survive the Fact
// encoding (vet mode passes summaries between packages that way).
func TestSteadyGob(t *testing.T) {
	for name, s := range analyzeTestPkg(t, "steady") {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(s); err != nil {
			t.Fatal(err)
		}
		got := new(Summary)
		if err := gob.NewDecoder(&buf).Decode(got); err != nil {
			t.Fatal(err)
		}
		if got.Searches != s.Searches || keyedText(got.NewKey) != keyedText(s.NewKey) || keyedText(got.Found) != keyedText(s.Found) {
			t.Errorf("%s: round trip changed it: searches %v/%v, new key %s / %s, found %s / %s", name,
				got.Searches, s.Searches, keyedText(got.NewKey), keyedText(s.NewKey), keyedText(got.Found), keyedText(s.Found))
		}
	}
}

func keyedText(k *KeyedCost) string {
	if k == nil {
		return "nil"
	}
	out := fmt.Sprintf("count %s bytes %s retained %s", k.AllocCount, k.AllocBytes, k.RetainOut)
	if k.Inserts != nil {
		out += " inserts " + k.Inserts.Callee
		for _, a := range k.Inserts.Args {
			out += fmt.Sprintf(" (%v %q %s %s)", a.Holder, a.Opaque, a.Lo, a.Hi)
		}
	}
	for _, oc := range k.CPU {
		out += fmt.Sprintf(" %s %s", oc.Class, oc.Count)
	}
	return out
}

// TestPrefilled checks that a replayed insert whose keys the function put
// into the same structure before (a benchmark's setup) finds them all, and
// that other keys, or another structure, are not taken as put before.
func TestPrefilled(t *testing.T) {
	sums := analyzeTestPkg(t, "steady")
	if s := sums["steady.Replay"]; s.NewKey == nil || s.NewKey.Inserts == nil {
		t.Fatalf("Replay: no inserted keys recorded: %+v", s.NewKey)
	}
	for _, tc := range []struct {
		fn   string
		want float64 // allocations at n = 100, rounds = 10
	}{
		{"steady.Prefilled", 1 + 100},       // the tree, the setup's nodes
		{"steady.OtherKeys", 1 + 100 + 100}, // keys 100..199, then 0..99 once
		{"steady.OtherTree", 2 + 100 + 100}, // the setup filled another tree
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		vars := defaults(s)
		vars["n"], vars["rounds"] = 100, 10
		if got := eval(t, s.AllocCount, vars); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: %s = %g allocations, want %g", tc.fn, s.AllocCount, got, tc.want)
		}
	}
}

// TestKeyDomain checks keys drawn from a finite set (rand.Intn(64), a
// trace of masked values, keys[r%len(keys)]): the calls of a loop insert
// at most as many keys as the set holds, so a thousand rounds allocate no
// more than a hundred; a trace with one store of unknown domain, and an
// insert that evicts past a capacity, allocate in every round.
func TestKeyDomain(t *testing.T) {
	sums := analyzeTestPkg(t, "steady")
	for _, tc := range []struct {
		fn      string
		bounded bool
	}{
		{"steady.Drawn", true},
		{"steady.Traced", true},
		{"steady.Cycled", true},
		{"steady.Untraced", false},
		{"steady.Evicting", false},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		at := func(rounds float64) float64 {
			vars := defaults(s)
			vars["rounds"], vars["len(keys)"] = rounds, 64
			return eval(t, s.AllocCount, vars)
		}
		a100, a1000 := at(100), at(1000)
		if a100 <= 0 {
			t.Errorf("%s: %s = %g allocations in 100 rounds, want some", tc.fn, s.AllocCount, a100)
			continue
		}
		if bounded := a1000-a100 < 1e-6*a100; bounded != tc.bounded {
			t.Errorf("%s: %s: %g allocations in 100 rounds, %g in 1000; want bounded %v", tc.fn, s.AllocCount, a100, a1000, tc.bounded)
		}
	}
}
