package simulate

import (
	"math"
	"strings"
	"testing"
)

func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestApplySet(t *testing.T) {
	base, err := LoadScenario("testdata/scenarios/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		set   string
		check func(sc *Scenario) bool
		err   string
	}{
		{set: "class.checkout.rate=*1.1", check: func(sc *Scenario) bool { return approx(sc.Classes[0].Arrival.Rate, 440) }},
		{set: "class.checkout.rate=+50", check: func(sc *Scenario) bool { return sc.Classes[0].Arrival.Rate == 450 }},
		{set: "class.checkout.rate=10", check: func(sc *Scenario) bool { return sc.Classes[0].Arrival.Rate == 10 }},
		{set: "class.browse.rate=*2", check: func(sc *Scenario) bool { return sc.Classes[1].Arrival.Rates == [2]float64{1000, 6000} }},
		{set: "class.browse.rate=5", err: "a mmpp arrival's rate can only be scaled"},
		{set: "class.checkout.rate=0", err: "out of range"},
		{set: "class.checkout.timeout=+25ms", check: func(sc *Scenario) bool { return approx(sc.Classes[0].Timeout, 0.075) }},
		{set: "service.shop.replicas=*2", check: func(sc *Scenario) bool { return sc.Services[0].Replicas == 4 }},
		{set: "service.shop.gogc=off", check: func(sc *Scenario) bool { return sc.Services[0].GOGC == -1 }},
		{set: "service.shop.live_heap=128MiB", check: func(sc *Scenario) bool { return sc.Services[0].LiveHeap == 128<<20 }},
		{set: "service.shop.cpu_limit=500m", check: func(sc *Scenario) bool { return sc.Services[0].Limits.CPU == 0.5 }},
		{set: "service.shop.discipline=lifo", err: "want ps or fcfs"},
		{set: "service.shop.function.example.com/shop.handleCheckout.calls=*1.1", check: func(sc *Scenario) bool {
			f := sc.Services[0].Functions
			return len(f) == 1 && f[0].Name == "example.com/shop.handleCheckout" && f[0].Calls == 1.1
		}},
		{set: "hosts.0.instance=c7i.large", check: func(sc *Scenario) bool {
			return sc.Hosts[0].Instance == "c7i.large" && sc.Hosts[0].Count == 2
		}},
		{set: "hosts.3.instance=c7i.large", err: "no host entry 3"},
		{set: "hosts.0.count=+1", check: func(sc *Scenario) bool { return sc.Hosts[0].Count == 3 }},
		{set: "run.duration=*2", check: func(sc *Scenario) bool { return sc.Run.Duration == 40 }},
		{set: "seed=42", check: func(sc *Scenario) bool { return sc.Seed == 42 }},
		{set: "placement=binpack", check: func(sc *Scenario) bool { return sc.Placement == "binpack" }},
		{set: "service.nope.replicas=2", err: `no service "nope"`},
		{set: "class.checkout", err: "want PATH=VALUE"},
		{set: "colour=blue", err: "unknown path"},
		{set: "service.shop.replicas=*x", err: `bad factor "x"`},
	}
	for _, tc := range tests {
		t.Run(tc.set, func(t *testing.T) {
			sc := base.Clone()
			err := ApplySet(sc, tc.set)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(sc) {
				t.Errorf("%s did not take effect", tc.set)
			}
			if base.Classes[0].Arrival.Rate != 400 || base.Services[0].Replicas != 2 || len(base.Services[0].Functions) != 0 || base.Hosts[0].Instance != "c7i.xlarge" {
				t.Fatal("ApplySet on a clone changed the original")
			}
		})
	}
}

// TestCompareFunctionCalls runs the "function called 10% more" what-if
// and checks that the service's CPU goes up by about 10% while the other
// class, which does not run that function, is untouched (common random
// numbers make its results identical).
func TestCompareFunctionCalls(t *testing.T) {
	base, err := LoadScenario("testdata/scenarios/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base.SLO = nil
	after := base.Clone()
	if err := ApplySet(after, "service.shop.function.handleCheckout.calls=*1.5"); err != nil {
		t.Fatal(err)
	}
	src := Sources{Dir: "testdata/scenarios"}
	b, err := Simulate(base, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := Simulate(after, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cmp := Compare(b, a, "before", "after")
	rows := map[string]ComparisonRow{}
	for _, r := range cmp.Rows {
		rows[r.Measure] = r
	}
	if r := rows["class browse mean"]; r.Before != r.After {
		t.Errorf("browse latency changed (%v → %v) though its function did not", r.Before, r.After)
	}
	// handleCheckout is a minority of shop's CPU (browse runs 3× as often
	// and GC takes its share), so the service moves by a few percent.
	if r := rows["service shop cores busy"]; !(r.Change > 0.02) {
		t.Errorf("shop cores busy changed by %+.1f%%, want a clear increase", 100*r.Change)
	}
	if !strings.Contains(cmp.Text(), "class checkout mean") {
		t.Error("comparison text lacks the checkout row")
	}
}

// TestSetMMPPRateCommonRandomNumbers: scaling a bursty class's rates by
// 1.1 must scale its arrivals by about 1.1 in the same run window. The
// state path has its own random stream, so the bursts come at the same
// times before and after; when it shared the gaps' stream, the path moved
// with the number of gaps drawn and a 10% change read as +75%.
func TestSetMMPPRateCommonRandomNumbers(t *testing.T) {
	const src = `
seed: 1
run: {warmup: 2s, duration: 30s}
services:
  - {name: s, endpoints: [{name: e, cpu: 1ms}], gomaxprocs: 4}
classes:
  - {name: b, arrival: {process: mmpp, rates: [150, 600], sojourn: [20s, 4s]}}
`
	arrivals := func(set string) int64 {
		sc, err := ParseScenario("m.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if set != "" {
			if err := ApplySet(sc, set); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := Simulate(sc, Sources{}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return rep.Result.Classes[0].Arrivals
	}
	before, after := arrivals(""), arrivals("class.b.rate=*1.1")
	ratio := float64(after) / float64(before)
	t.Logf("arrivals %d → %d (×%.4f)", before, after, ratio)
	if ratio < 1.08 || ratio > 1.12 {
		t.Errorf("rates ×1.1 gave arrivals ×%.4f: the before/after runs do not share the burst path", ratio)
	}
}
