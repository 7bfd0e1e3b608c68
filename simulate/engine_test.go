package simulate

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/simulate/stats"
)

// TestBlockingMM1K checks drops against the exact M/M/1/K blocking
// probability, P = (1−ρ)ρ^K / (1−ρ^(K+1)), with K = 1 in service + 4 waiting.
func TestBlockingMM1K(t *testing.T) {
	const lambda, K = 0.9, 5
	m := queueModel(1, FCFS, lambda, Exp(1))
	m.Stations[0].QueueLimit = K - 1
	r, err := Run(m, Control{Seed: 4, Warmup: 1000, Requests: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	c := r.Classes[0]
	got := float64(c.Dropped) / float64(c.Dropped+c.Completed)
	rho := lambda
	want := (1 - rho) * math.Pow(rho, K) / (1 - math.Pow(rho, K+1))
	// Binomial standard error of a proportion from ~10⁶ trials.
	se := math.Sqrt(want * (1 - want) / float64(c.Dropped+c.Completed))
	t.Logf("blocking %.5f, exact %.5f (±%.5f)", got, want, 4*se)
	if math.Abs(got-want) > 4*se*3 { // autocorrelation widens it; 3× is generous
		t.Errorf("blocking probability %.5f, exact %.5f", got, want)
	}
}

func TestStopOnTargetCI(t *testing.T) {
	r, err := Run(queueModel(1, FCFS, 0.5, Exp(1)), Control{Seed: 1, Warmup: 100, TargetRelCI: 0.02, Requests: 10_000_000})
	if err != nil {
		t.Fatal(err)
	}
	iv := r.Classes[0].Latency.Mean
	if r.StopReason != StopCI || iv.RelHalfWidth() > 0.02 || r.Classes[0].Latency.Batches < stats.MinBatches {
		t.Errorf("stop %q with CI ±%.2f%% over %d batches; want confidence, ≤ 2%%", r.StopReason, 100*iv.RelHalfWidth(), r.Classes[0].Latency.Batches)
	}
	if r.Classes[0].Completed > 1_000_000 {
		t.Errorf("ran %d requests for a 2%% CI: stopping rule not effective", r.Classes[0].Completed)
	}
}

func TestWarmupByRequests(t *testing.T) {
	r, err := Run(queueModel(1, FCFS, 0.5, Exp(1)), Control{Seed: 1, WarmupRequests: 5000, Duration: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if r.Warmup <= 0 || math.Abs(r.Measured-1000) > 1e-6 || r.StopReason != StopDuration {
		t.Errorf("warm-up ended at %v, measured %v, stop %q", r.Warmup, r.Measured, r.StopReason)
	}
}

// TestArrivalProcesses checks each process's long-run rate, and that a
// deterministic queue gives the exact constant response.
func TestArrivalProcesses(t *testing.T) {
	times := make([]float64, 10001)
	for i := range times {
		times[i] = float64(i) * 0.25
	}
	tests := []struct {
		name string
		a    Arrival
		rate float64
	}{
		{"poisson", Arrival{Kind: Poisson, Rate: 3}, 3},
		{"constant", Arrival{Kind: Deterministic, Rate: 3}, 3},
		{"mmpp", Arrival{Kind: MMPP, Rates: [2]float64{1, 9}, Sojourn: [2]float64{3, 1}}, 3},
		{"trace", Arrival{Kind: Trace, Times: times}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.MeanRate(); math.Abs(got-tc.rate) > 1e-9 {
				t.Errorf("MeanRate %v, want %v", got, tc.rate)
			}
			m := queueModel(1, FCFS, 1, Const(0.1))
			m.Classes[0].Arrival = tc.a
			r, err := Run(m, Control{Seed: 1, Duration: 2400})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Classes[0].Throughput; math.Abs(got-tc.rate)/tc.rate > 0.03 {
				t.Errorf("throughput %v, want %v", got, tc.rate)
			}
			if tc.name == "constant" || tc.name == "trace" {
				// D/D/1 with gaps longer than the service: no waiting.
				if mean := r.Classes[0].Latency.Mean.Value; math.Abs(mean-0.1) > 1e-9 {
					t.Errorf("D/D/1 response %v, want exactly 0.1", mean)
				}
			}
		})
	}
}

func TestTimeouts(t *testing.T) {
	// M/D/1 at ρ=0.5 with service 1: response ≥ 1 always; a 1.5 s timeout
	// is exceeded exactly by the requests that waited more than 0.5 s.
	m := queueModel(1, FCFS, 0.5, Const(1))
	m.Classes[0].Timeout = 1.5
	r, err := Run(m, Control{Seed: 1, Warmup: 100, Requests: 200_000})
	if err != nil {
		t.Fatal(err)
	}
	c := r.Classes[0]
	frac := float64(c.TimedOut) / float64(c.Completed)
	// The p-quantile is the value at which that fraction is exceeded.
	var p90 float64
	for _, p := range c.Latency.Percentiles {
		if p.P == 90 {
			p90 = p.Estimate.Value
		}
	}
	if frac <= 0 || frac >= 0.5 {
		t.Errorf("timed out fraction %v, want strictly between 0 and 0.5", frac)
	}
	if (p90 > 1.5) != (frac > 0.1) {
		t.Errorf("p90 %v and timed-out fraction %v disagree about a 1.5 s timeout", p90, frac)
	}
}

func TestRunControlErrors(t *testing.T) {
	if _, err := Run(queueModel(1, FCFS, 1, Exp(1)), Control{}); err == nil {
		t.Error("a run without any stopping rule was accepted")
	}
	m := queueModel(1, FCFS, 0, Exp(1))
	if _, err := Run(m, Control{Duration: 1}); err == nil {
		t.Error("rate 0 accepted")
	}
}

// TestRunConcurrent runs one Model from several goroutines (go test -race
// checks that Run does not write to it) and expects identical results.
func TestRunConcurrent(t *testing.T) {
	m := queueModel(2, PS, 1, LognormalMeanCV(1, 1.5))
	m.Nodes[0].IO = Dist{Kind: Lognormal, Mean: 0.1, CV: 0.5} // prepared by Run
	results := make(chan float64, 4)
	for range 4 {
		go func() {
			r, err := Run(m, Control{Seed: 9, Requests: 20_000})
			if err != nil {
				results <- math.NaN()
				return
			}
			results <- r.Classes[0].Latency.Mean.Value
		}()
	}
	first := <-results
	for range 3 {
		if got := <-results; got != first {
			t.Errorf("concurrent runs differ: %v vs %v", got, first)
		}
	}
}

// TestEmptyClassJSON: a class that completes nothing has unknown
// percentiles; reports and comparisons must still encode as JSON.
func TestEmptyClassJSON(t *testing.T) {
	rep := simulateYAML(t, "e.yaml", `
run: {duration: 1s}
services:
  - {name: s, endpoints: [{name: e, cpu: 1ms}]}
classes:
  - {name: rare, arrival: {process: poisson, rate: 0.000001}}
`)
	if _, err := json.Marshal(rep); err != nil {
		t.Errorf("report: %v", err)
	}
	if _, err := json.Marshal(Compare(rep, rep, "a", "b")); err != nil {
		t.Errorf("comparison: %v", err)
	}
	if !strings.Contains(rep.Text(), "rare") {
		t.Error("text report lacks the class")
	}
}

// TestGCPacer checks the GC model: cycles at the trigger, their CPU on the
// process's cores, garbage freed only when a cycle ends, and no
// overlapping cycles when collection cannot keep up.
func TestGCPacer(t *testing.T) {
	const live, trigger = 10 << 20, 1 << 20
	model := func(cycleCPU float64) *Model {
		m := queueModel(1, PS, 100, Const(0.001))
		m.Stations[0].GC = &GC{Trigger: trigger, LiveHeap: live, CycleCPU: cycleCPU, GOMAXPROCS: 1}
		m.Nodes[0].Demand = func(*rand.Rand, int) Demand { return Demand{CPU: 0.001, AllocBytes: 100 << 10} }
		return m
	}
	// Cheap cycles: 10 MiB/s of allocation at a 1 MiB trigger is about 9
	// cycles a second, each 10 ms of CPU.
	r, err := Run(model(0.01), Control{Seed: 1, Warmup: 10, Duration: 100})
	if err != nil {
		t.Fatal(err)
	}
	st := r.Stations[0]
	// A cycle starts at the first allocation that reaches the trigger, so
	// on average half an allocation past it.
	wantRate := 100 * (100 << 10) / float64(trigger+50<<10)
	if perSec := float64(st.GCCycles) / r.Measured; math.Abs(perSec-wantRate) > 0.5 {
		t.Errorf("%.2f cycles/s, want %.2f", perSec, wantRate)
	}
	if math.Abs(st.Utilization-(0.1+st.GCCPUShare)) > 0.01 || st.GCCPUShare < 0.09 {
		t.Errorf("utilization %.3f with GC share %.3f: GC CPU must add to the requests' 0.1", st.Utilization, st.GCCPUShare)
	}
	// Cycles keep up: the heap never holds more than the live heap, the
	// cycle's garbage and what was allocated while it ran (less than
	// another trigger's worth).
	if st.HeapPeak > live+2*trigger {
		t.Errorf("heap peak %v exceeds live + 2 triggers though cycles keep up", st.HeapPeak)
	}
	// Costly cycles (0.5 s each): at most 2 per second, and the heap
	// overshoots its goal instead of cycles piling up.
	r, err = Run(model(0.5), Control{Seed: 1, Warmup: 10, Duration: 100, MaxInSystem: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	st = r.Stations[0]
	if perSec := float64(st.GCCycles) / r.Measured; perSec > 2.01 {
		t.Errorf("%.2f cycles/s of 0.5 s each on one core: cycles overlap", perSec)
	}
	if st.HeapPeak <= live+trigger {
		t.Errorf("heap peak %v: no overshoot although collection cannot keep up", st.HeapPeak)
	}
}

// simulateYAML parses a scenario given inline and simulates it with no
// manifests and default options, failing the test on any error.
func simulateYAML(t *testing.T, file, src string) *Report {
	t.Helper()
	sc, err := ParseScenario(file, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Simulate(sc, Sources{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
