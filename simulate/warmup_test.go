package simulate

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/simulate/internal/queueing"
)

func TestMSERFindsTheTransient(t *testing.T) {
	var tr Trajectory
	// 500 completions per second; response 10 s decaying to 1 s over the
	// first 100 s, then flat with a little noise.
	for i := range 200_000 {
		now := int64(i) * 2_000_000
		sec := float64(now) / 1e9
		resp := 1 + 0.01*math.Sin(float64(i))
		if sec < 100 {
			resp += 9 * (1 - sec/100)
		}
		tr.add(now, resp)
	}
	w, ok := tr.MSERWarmup()
	if !ok || w < 60 || w > 120 {
		t.Errorf("MSER warm-up %v s (ok %v), want about the 100 s transient", w, ok)
	}
	var few Trajectory
	few.add(1, 1)
	if _, ok := few.MSERWarmup(); ok {
		t.Error("MSER decided on a single observation")
	}
}

// TestAutoWarmup starts M/M/1 at ρ=0.95 empty: the pilot run's MSER
// warm-up must be positive and the measured mean response must contain
// the exact value.
func TestAutoWarmup(t *testing.T) {
	rep := simulateYAML(t, "auto.yaml", `
seed: 2
run: {warmup: auto, requests: 1000000}
services:
  - {name: q, discipline: fcfs, endpoints: [{name: e, cpu: {dist: exponential, mean: 1s}}]}
classes:
  - {name: c, arrival: {process: poisson, rate: 0.9}}
`)
	if rep.Result.Warmup <= 0 || len(rep.Notes) != 1 {
		t.Errorf("warm-up %v, notes %q", rep.Result.Warmup, rep.Notes)
	}
	_, w := queueing.MMc(1, 0.9, 1)
	checkExact(t, rep.Result, w, 0.05)
}
