package simulate

import "testing"

// TestIntervalCoverage checks the batch-means interval itself: over 40
// independent M/M/1 runs, about 95% of the 95% intervals must contain the
// exact mean response. Fewer than 33 (a binomial tail below 0.1%) fails.
func TestIntervalCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	const runs = 40
	cover := 0
	var sum float64
	for seed := uint64(1); seed <= runs; seed++ {
		r, err := Run(queueModel(1, FCFS, 0.5, Exp(1)), Control{Seed: seed, Warmup: 2000, Requests: 200_000})
		if err != nil {
			t.Fatal(err)
		}
		iv := r.Classes[0].Latency.Mean
		sum += iv.Value
		if iv.Contains(2) {
			cover++
		}
	}
	t.Logf("coverage %d/%d, mean of means %.4f (exact 2)", cover, runs, sum/runs)
	if cover < 33 {
		t.Errorf("only %d of %d 95%% intervals contain the exact answer", cover, runs)
	}
}
