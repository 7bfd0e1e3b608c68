package analyzer

import (
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestSuccessorWalks checks that a loop enumerating a set through its
// successor function runs once per element the function inserted, as a
// chain of dependent steps whose searches cover the set once; a set the
// function did not fill keeps the unknown bound.
func TestSuccessorWalks(t *testing.T) {
	pkg := analyzeTestPkg(t, "succwalk")
	walk := pkg["succwalk.Walk"]
	if walk == nil {
		t.Fatal("no summary for succwalk.Walk")
	}
	for _, v := range walk.Vars {
		if strings.HasPrefix(v.Name, "loop_") {
			t.Errorf("Walk: loop variable %s left, want the walk's trip count", v.Name)
		}
	}
	// Every 10th bit of 1000: 100 elements, 100 steps after the first
	// call.
	at := map[string]float64{"n": 1000}
	if got := eval(t, op(manifest.OpChase)(walk), at); got != 100 {
		t.Errorf("Walk: chase = %s = %g at %v, want 100 steps", op(manifest.OpChase)(walk), got, at)
	}
	// The searches cover the set once: over 64000 bits (1000 words), a
	// walk of every bit (64000 steps) costs per step what one of every
	// 10th (6400 steps) does, not a scan of the words each.
	ints := func(fn string) float64 {
		return eval(t, op(manifest.OpInt)(pkg[fn]), map[string]float64{"n": 64000})
	}
	all, tenth := ints("succwalk.WalkAll"), ints("succwalk.Walk")
	if perStep := (all - tenth) / (64000 - 6400); perStep <= 0 || perStep > 50 {
		t.Errorf("Walk: %g integer operations per step (every bit %g, every 10th %g), want a fixed cost per step", perStep, all, tenth)
	}
	for _, fn := range []string{"succwalk.WalkGiven", "succwalk.WalkCleared"} {
		s := pkg[fn]
		if s == nil {
			t.Fatalf("no summary for %s", fn)
		}
		if e := op(manifest.OpChase)(s); !e.IsZero() {
			t.Errorf("%s: chase = %s, want none (not a walk over inserted elements)", fn, e)
		}
		found := false
		for _, v := range s.Vars {
			found = found || strings.HasPrefix(v.Name, "loop_")
		}
		if !found {
			t.Errorf("%s: no loop variable, want the walk's unknown bound", fn)
		}
	}
}
