package simulate

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/simulate/internal/queueing"
)

// queueModel is one station with c servers fed by Poisson arrivals.
func queueModel(c int, disc Discipline, lambda float64, service Dist) *Model {
	return &Model{
		Stations: []Station{{Name: "q", Servers: c, Discipline: disc, Host: -1, Service: 0}},
		Services: []Service{{Name: "q", Replicas: []int{0}}},
		Nodes:    []Node{{Name: "serve", Service: 0, CPU: service}},
		Classes:  []Class{{Name: "c", Entry: 0, Arrival: Arrival{Kind: Poisson, Rate: lambda}}},
	}
}

// checkExact asserts that want lies in the run's 95% interval of the mean
// response, that the interval is narrow enough for that to mean something,
// and that Little's law holds.
func checkExact(t *testing.T, r *Result, want float64, maxRel float64) {
	t.Helper()
	iv := r.Classes[0].Latency.Mean
	t.Logf("mean response %.5f [%.5f, %.5f] (±%.2f%%), exact %.5f, %d customers, Little rel err %.2g",
		iv.Value, iv.Low, iv.High, 100*iv.RelHalfWidth(), want, r.Classes[0].Completed, r.Little.RelErr)
	if !iv.Contains(want) {
		t.Errorf("exact mean response %.5f outside the 95%% CI [%.5f, %.5f]", want, iv.Low, iv.High)
	}
	if iv.RelHalfWidth() > maxRel {
		t.Errorf("CI half width %.2f%% > %.2f%%: too wide to validate anything", 100*iv.RelHalfWidth(), 100*maxRel)
	}
	if r.Little.RelErr > 0.01 {
		t.Errorf("Little's law: L = %v but λW = %v", r.Little.L, r.Little.LambdaW)
	}
}

func TestValidationSingleQueue(t *testing.T) {
	mm1 := func(l, mu float64) float64 { _, w := queueing.MMc(1, l, mu); return w }
	mmc := func(c int, l, mu float64) float64 { _, w := queueing.MMc(c, l, mu); return w }
	pk := func(l float64, d Dist) float64 { m1, m2 := d.Moments(); _, w := queueing.MG1(l, m1, m2); return w }
	tests := []struct {
		name    string
		c       int
		disc    Discipline
		lambda  float64
		service Dist
		want    float64
		n       int64
	}{
		{"M/M/1 rho=0.5", 1, FCFS, 0.5, Exp(1), mm1(0.5, 1), 1_000_000},
		{"M/M/1 rho=0.8", 1, FCFS, 0.8, Exp(1), mm1(0.8, 1), 2_000_000},
		{"M/M/10 lambda=8 Erlang C", 10, FCFS, 8, Exp(1), mmc(10, 8, 1), 1_000_000},
		{"M/M/3 rho=0.7", 3, FCFS, 2.1, Exp(1), mmc(3, 2.1, 1), 1_000_000},
		{"M/D/1 rho=0.9", 1, FCFS, 0.9, Const(1), pk(0.9, Const(1)), 2_000_000},
		{"M/G/1 lognormal cv=2", 1, FCFS, 0.6, LognormalMeanCV(1, 2), pk(0.6, LognormalMeanCV(1, 2)), 2_000_000},
		{"M/G/1 H2 scv=4", 1, FCFS, 0.5, Hyper2(0.1, 5.5, 0.5), pk(0.5, Hyper2(0.1, 5.5, 0.5)), 2_000_000},
		{"M/G/1 uniform", 1, FCFS, 0.7, Dist{Kind: Uniform, A: 0.5, B: 1.5}, pk(0.7, Dist{Kind: Uniform, A: 0.5, B: 1.5}), 1_000_000},
		{"M/M/1-PS", 1, PS, 0.7, Exp(1), queueing.MG1PS(0.7, 1), 1_000_000},
		{"M/D/1-PS", 1, PS, 0.7, Const(1), queueing.MG1PS(0.7, 1), 1_000_000},
		{"M/H2/1-PS", 1, PS, 0.5, Hyper2(0.1, 5.5, 0.5), queueing.MG1PS(0.5, 1), 2_000_000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.n > 1_000_000 {
				t.Skip("long")
			}
			m := queueModel(tc.c, tc.disc, tc.lambda, tc.service)
			r, err := Run(m, Control{Seed: 1, Warmup: 1000 / tc.lambda, Requests: tc.n})
			if err != nil {
				t.Fatal(err)
			}
			checkExact(t, r, tc.want, 0.03)
			rho := tc.lambda * tc.service.Mean / float64(tc.c)
			if m1, _ := tc.service.Moments(); m1 != 0 {
				rho = tc.lambda * m1 / float64(tc.c)
			}
			if u := r.Stations[0].Utilization; math.Abs(u-rho) > 0.01 {
				t.Errorf("utilization %.4f, want %.4f", u, rho)
			}
		})
	}
}

// TestValidationDetectsError shows the checks have power: an M/M/1 run
// compared with an answer 5% off must fail.
func TestValidationDetectsError(t *testing.T) {
	r, err := Run(queueModel(1, FCFS, 0.5, Exp(1)), Control{Seed: 1, Warmup: 2000, Requests: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	if iv := r.Classes[0].Latency.Mean; iv.Contains(2*1.05) || iv.Contains(2*0.95) {
		t.Errorf("CI %v contains an answer 5%% off the exact 2", iv)
	}
}

// TestValidationJackson runs an open Jackson network with feedback:
// arrivals at A (M/M/2); after A a request goes on to B (M/M/1) with
// probability 0.5 and, from B, back to A with probability 0.3. With calls
// that do not hold a core while waiting, each visit is a Jackson routing
// step, so the mean response is Σ visits_i · W_i with W_i from M/M/c at the
// rates of the traffic equations.
func TestValidationJackson(t *testing.T) {
	const gamma, muA, muB, pAB, pBA = 1.0, 1.5, 2.0, 0.5, 0.3
	lam, err := queueing.Traffic([]float64{gamma, 0}, [][]float64{{0, pAB}, {pBA, 0}})
	if err != nil {
		t.Fatal(err)
	}
	_, wA := queueing.MMc(2, lam[0], muA)
	_, wB := queueing.MMc(1, lam[1], muB)
	want := (lam[0]*wA + lam[1]*wB) / gamma

	m := &Model{
		Stations: []Station{
			{Name: "A", Servers: 2, Host: -1, Service: 0},
			{Name: "B", Servers: 1, Host: -1, Service: 1},
		},
		Services: []Service{{Name: "A", Replicas: []int{0}}, {Name: "B", Replicas: []int{1}}},
		Nodes: []Node{
			{Name: "a", Service: 0, CPU: Exp(1 / muA), Calls: []Call{{Node: 1, Prob: pAB, Count: 1}}},
			{Name: "b", Service: 1, CPU: Exp(1 / muB), Calls: []Call{{Node: 0, Prob: pBA, Count: 1}}},
		},
		Classes: []Class{{Name: "c", Entry: 0, Arrival: Arrival{Kind: Poisson, Rate: gamma}}},
	}
	r, err := Run(m, Control{Seed: 1, Warmup: 1000, Requests: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	checkExact(t, r, want, 0.03)
	for i, l := range lam {
		mu := []float64{muA, muB}[i]
		c := []int{2, 1}[i]
		if u := r.Stations[i].Utilization; math.Abs(u-l/mu/float64(c)) > 0.01 {
			t.Errorf("station %s utilization %.4f, want %.4f", m.Stations[i].Name, u, l/mu/float64(c))
		}
	}
	if r.TruncatedCalls > 0 {
		t.Logf("%d calls truncated at depth %d", r.TruncatedCalls, maxDepth)
	}
}

// TestValidationHostSharing puts two PS replicas, each allowed 64 cores,
// on a host with one vCPU. Sharing the host fairly among runnable threads
// makes the pair one M/M/1-PS queue with the summed arrival rate, so both
// classes' mean response is E[S]/(1−ρ).
func TestValidationHostSharing(t *testing.T) {
	const l1, l2 = 0.3, 0.4
	m := &Model{
		Hosts: []Host{{Name: "h", VCPUs: 1}},
		Stations: []Station{
			{Name: "a", Servers: 64, Discipline: PS, Host: 0, Service: 0},
			{Name: "b", Servers: 64, Discipline: PS, Host: 0, Service: 1},
		},
		Services: []Service{{Name: "a", Replicas: []int{0}}, {Name: "b", Replicas: []int{1}}},
		Nodes:    []Node{{Name: "a", Service: 0, CPU: Exp(1)}, {Name: "b", Service: 1, CPU: Exp(1)}},
		Classes: []Class{
			{Name: "a", Entry: 0, Arrival: Arrival{Kind: Poisson, Rate: l1}},
			{Name: "b", Entry: 1, Arrival: Arrival{Kind: Poisson, Rate: l2}},
		},
	}
	r, err := Run(m, Control{Seed: 1, Warmup: 1000, Requests: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	want := queueing.MG1PS(l1+l2, 1)
	for _, c := range r.Classes {
		iv := c.Latency.Mean
		t.Logf("class %s: %.4f [%.4f, %.4f], exact %.4f", c.Name, iv.Value, iv.Low, iv.High, want)
		if !iv.Contains(want) || iv.RelHalfWidth() > 0.03 {
			t.Errorf("class %s: exact %.4f outside the 95%% CI [%.4f, %.4f] (or CI too wide)", c.Name, want, iv.Low, iv.High)
		}
	}
	if u := r.Hosts[0].Utilization; math.Abs(u-(l1+l2)) > 0.01 {
		t.Errorf("host utilization %.4f, want %.4f", u, l1+l2)
	}
	if r.Little.RelErr > 0.01 {
		t.Errorf("Little's law: L = %v, λW = %v", r.Little.L, r.Little.LambdaW)
	}
}

// TestValidationHostSharingFCFS puts two one-core FCFS replicas on a host
// with one vCPU: when both are busy each runs at half speed. The host is
// then a work-conserving single server with exponential service, so the
// number of requests present is that of M/M/1 at the summed load:
// L = ρ/(1−ρ).
func TestValidationHostSharingFCFS(t *testing.T) {
	const l1, l2 = 0.3, 0.4
	m := &Model{
		Hosts: []Host{{Name: "h", VCPUs: 1}},
		Stations: []Station{
			{Name: "a", Servers: 1, Discipline: FCFS, Host: 0, Service: 0},
			{Name: "b", Servers: 1, Discipline: FCFS, Host: 0, Service: 1},
		},
		Services: []Service{{Name: "a", Replicas: []int{0}}, {Name: "b", Replicas: []int{1}}},
		Nodes:    []Node{{Name: "a", Service: 0, CPU: Exp(1)}, {Name: "b", Service: 1, CPU: Exp(1)}},
		Classes: []Class{
			{Name: "a", Entry: 0, Arrival: Arrival{Kind: Poisson, Rate: l1}},
			{Name: "b", Entry: 1, Arrival: Arrival{Kind: Poisson, Rate: l2}},
		},
	}
	r, err := Run(m, Control{Seed: 2, Warmup: 1000, Requests: 2_000_000})
	if err != nil {
		t.Fatal(err)
	}
	rho := l1 + l2
	want := rho / (1 - rho)
	t.Logf("L = %.4f, exact %.4f; host utilization %.4f", r.Little.L, want, r.Hosts[0].Utilization)
	if math.Abs(r.Little.L-want)/want > 0.04 {
		t.Errorf("mean number present %.4f, exact %.4f", r.Little.L, want)
	}
	if u := r.Hosts[0].Utilization; math.Abs(u-rho) > 0.01 {
		t.Errorf("host utilization %.4f, want %.4f", u, rho)
	}
}

// TestValidationDeviceTandem runs a scenario whose endpoint takes CPU on
// one core and then queues at a one-server I/O device: two M/M/1 queues in
// tandem, whose mean response is the sum of the two M/M/1 responses.
func TestValidationDeviceTandem(t *testing.T) {
	rep := simulateYAML(t, "tandem.yaml", `
seed: 5
run: {warmup: 1000s, requests: 1000000}
services:
  - name: db
    gomaxprocs: 1
    discipline: fcfs
    device: {name: disk, servers: 1}
    endpoints:
      - {name: q, cpu: {dist: exponential, mean: 0.5s}, device: {dist: exponential, mean: 0.8s}}
classes:
  - {name: c, arrival: {process: poisson, rate: 0.8}}
`)
	_, w1 := queueing.MMc(1, 0.8, 2)
	_, w2 := queueing.MMc(1, 0.8, 1.25)
	checkExact(t, rep.Result, w1+w2, 0.03)
	if got := rep.Offered[1].Utilization; math.Abs(got-0.64) > 1e-9 {
		t.Errorf("offered device load %v, want 0.64", got)
	}
	if u := rep.Result.Stations[1].Utilization; math.Abs(u-0.64) > 0.01 {
		t.Errorf("device utilization %.4f, want 0.64", u)
	}
	if s := rep.Result.Services[0]; math.Abs(s.Utilization-0.4) > 0.01 {
		t.Errorf("service CPU utilization %.4f, want 0.4 (the device is not CPU)", s.Utilization)
	}
}
