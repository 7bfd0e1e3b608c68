package simulate

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
	"github.com/perfcast/perfcast/simulate/internal/queueing"
)

// TestVariabilityFactorMoments samples each variability family and checks
// the factor's mean is 1 and its cv the one asked for, within bounds a
// few standard errors wide for this many draws.
func TestVariabilityFactorMoments(t *testing.T) {
	tests := []struct {
		name string
		d    Dist
		cv   float64
	}{
		{"lognormal 0.5", LognormalMeanCV(1, 0.5), 0.5},
		{"lognormal 1.2", LognormalMeanCV(1, 1.2), 1.2},
		{"gamma 0.5 (shape 4)", GammaMeanCV(1, 0.5), 0.5},
		{"gamma 0.3 (shape 11.1)", GammaMeanCV(1, 0.3), 0.3},
		{"gamma 1.5 (shape 0.44, boosted)", GammaMeanCV(1, 1.5), 1.5},
		{"exponential", Exp(1), 1},
	}
	const n = 400_000
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := stream(42, 7)
			var sum, sum2 float64
			for range n {
				x := tc.d.Sample(r)
				if !(x >= 0) || math.IsInf(x, 0) {
					t.Fatalf("sample %v", x)
				}
				sum += x
				sum2 += x * x
			}
			mean := sum / n
			sd := math.Sqrt(sum2/n - mean*mean)
			cv := sd / mean
			t.Logf("mean %.4f cv %.4f (want 1, %.2f)", mean, cv, tc.cv)
			// The mean's standard error is cv/√n; allow 5 of them.
			if se := tc.cv / math.Sqrt(n); math.Abs(mean-1) > 5*se {
				t.Errorf("mean %.5f, want 1 ± %.5f", mean, 5*se)
			}
			if math.Abs(cv-tc.cv) > 0.03*tc.cv {
				t.Errorf("cv %.4f, want %.4f ± 3%%", cv, tc.cv)
			}
			if m1, m2 := tc.d.Moments(); m1 != 1 || math.Abs(m2-(1+tc.cv*tc.cv)) > 1e-12 {
				t.Errorf("Moments() = %v, %v; want 1, %v", m1, m2, 1+tc.cv*tc.cv)
			}
		})
	}
}

// workManifest is a service with one function of fixed CPU cost and no
// I/O or allocation: a manifest-costed station whose service time is
// exactly the cost model's CPU time, times the variability factor.
func workManifest(string) (*manifest.Manifest, error) {
	return &manifest.Manifest{Functions: []manifest.Function{{
		Name: "example.com/app.work",
		CPU:  map[manifest.OpClass]expr.Expr{manifest.OpInt: expr.Const(200_000), manifest.OpLoad: expr.Const(50_000)},
	}}}, nil
}

// mg1Scenario is one FCFS (or PS) core running work, with the given
// variability on the class.
func mg1Scenario(t testing.TB, discipline, variability string) *Compiled {
	t.Helper()
	src := fmt.Sprintf(`
seed: 3
hosts: [{instance: c7i.large}]
services:
  - {name: app, manifest: app.yaml, gomaxprocs: 1, discipline: %s, gogc: off}
classes:
  - name: c
    function: work
    variability: %s
    arrival: {process: poisson, rate: 1}
`, discipline, variability)
	sc, err := ParseScenario("mg1.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	comp, err := Compile(sc, Sources{ReadManifest: workManifest})
	if err != nil {
		t.Fatal(err)
	}
	return comp
}

// TestValidationManifestMG1 checks manifest-costed work with variability
// against queueing theory: with a factor of mean 1 and cv c the service
// time S has E[S] = the manifest's cost and E[S²] = E[S]²(1+c²), so the
// mean response of an M/G/1 FCFS queue is Pollaczek–Khinchine's
// E[S] + λE[S²]/(2(1−ρ)), and of M/G/1-PS E[S]/(1−ρ) whatever c is.
func TestValidationManifestMG1(t *testing.T) {
	tests := []struct {
		name, disc, variability string
		cv, rho                 float64
		n                       int64
	}{
		{"none is M/D/1", "fcfs", "0", 0, 0.8, 0},
		{"lognormal 0.5", "fcfs", "0.5", 0.5, 0.8, 0},
		{"lognormal 2", "fcfs", "{dist: lognormal, cv: 2}", 2, 0.6, 4_000_000},
		{"gamma 0.5", "fcfs", "{dist: gamma, cv: 0.5}", 0.5, 0.8, 0},
		{"gamma 1.5", "fcfs", "{dist: gamma, cv: 1.5}", 1.5, 0.7, 0},
		{"exponential is M/M/1", "fcfs", "{dist: exponential}", 1, 0.7, 0},
		{"PS lognormal 2", "ps", "{dist: lognormal, cv: 2}", 2, 0.7, 2_000_000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			comp := mg1Scenario(t, tc.disc, tc.variability)
			m := comp.Model
			es := m.Nodes[m.Classes[0].Entry].Demand(nil, 0).CPU
			if !(es > 1e-6 && es < 1) {
				t.Fatalf("manifest service time %v s: the test wants a plain CPU cost", es)
			}
			lambda := tc.rho / es
			m.Classes[0].Arrival.Rate = lambda
			var want float64
			if tc.disc == "ps" {
				want = queueing.MG1PS(lambda, es)
			} else {
				_, want = queueing.MG1(lambda, es, es*es*(1+tc.cv*tc.cv))
			}
			n := max(tc.n, 1_000_000)
			if testing.Short() && n > 1_000_000 {
				t.Skip("long")
			}
			r, err := Run(m, Control{Seed: 1, Warmup: 2000 * es, Requests: n})
			if err != nil {
				t.Fatal(err)
			}
			checkExact(t, r, want, 0.03)
			if u := r.Stations[0].Utilization; math.Abs(u-tc.rho) > 0.01 {
				t.Errorf("utilization %.4f, want %.4f: the factor's mean is not 1", u, tc.rho)
			}
		})
	}
}

// TestValidationQueueingMG1PS checks the helper the PS case relies on, so
// a wrong signature cannot make that case vacuous.
func TestValidationQueueingMG1PS(t *testing.T) {
	if got := queueing.MG1PS(0.25, 2); math.Abs(got-4) > 1e-12 {
		t.Fatalf("MG1PS(0.25, 2) = %v, want 4", got)
	}
}

// TestVariabilitySpreadsLatency checks that the spread shows where the
// issue saw none: without variability every request of a constant-cost
// class takes the same time, so p50 = p99; with cv 0.5 at 0.1% load p99 is
// well above p50, and the mean stays the same.
func TestVariabilitySpreadsLatency(t *testing.T) {
	run := func(v string) *ClassResult {
		comp := mg1Scenario(t, "ps", v)
		m := comp.Model
		es := m.Nodes[m.Classes[0].Entry].Demand(nil, 0).CPU
		m.Classes[0].Arrival.Rate = 0.001 / es
		r, err := Run(m, Control{Seed: 1, Requests: 200_000, WarmupRequests: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return &r.Classes[0]
	}
	flat, spread := run("0"), run("0.5")
	p50, p99 := flat.Latency.Percentiles, spread.Latency.Percentiles
	t.Logf("none: %+v\ncv 0.5: %+v", p50, p99)
	if a, b := classPct(t, flat, 50), classPct(t, flat, 99); math.Abs(b-a) > 0.02*a {
		t.Errorf("without variability p50 %v and p99 %v should be (nearly) equal at 0.1%% load", a, b)
	}
	// Lognormal cv 0.5: p99/p50 = exp(2.326σ) with σ² = ln 1.25, about 3.
	if a, b := classPct(t, spread, 50), classPct(t, spread, 99); b < 2.5*a {
		t.Errorf("with cv 0.5, p99 %v should be about 3× p50 %v", b, a)
	}
	if a, b := flat.Latency.Mean.Value, spread.Latency.Mean.Value; math.Abs(b-a) > 0.02*a {
		t.Errorf("mean latency %v with variability, %v without: the factor's mean must be 1", b, a)
	}
}

func classPct(t *testing.T, c *ClassResult, p float64) float64 {
	t.Helper()
	for _, q := range c.Latency.Percentiles {
		if q.P == p {
			return q.Estimate.Value
		}
	}
	t.Fatalf("no p%v", p)
	return 0
}

// TestVariabilityDeterministic: the same scenario and seed give
// byte-identical reports with variability on; cv 0 is byte-identical to no
// variability at all (today's output is unchanged by default); and turning
// it on leaves the arrivals alone (common random numbers).
func TestVariabilityDeterministic(t *testing.T) {
	const base = `
seed: 9
run: {duration: 5s}
hosts: [{instance: c7i.large, count: 2}]
services:
  - {name: app, manifest: app.yaml, replicas: 2%s}
classes:
  - {name: a, function: work, arrival: {process: poisson, rate: 2000}%s}
  - {name: b, function: work, arrival: {process: mmpp, rates: [500, 3000], sojourn: [1s, 0.5s]}}
`
	report := func(svc, cls string) (string, *Report) {
		sc, err := ParseScenario("d.yaml", []byte(fmt.Sprintf(base, svc, cls)))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Simulate(sc, Sources{ReadManifest: workManifest}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return rep.Text(), rep
	}
	on1, r1 := report(", variability: {dist: gamma, cv: 0.8}", "")
	on2, _ := report(", variability: {dist: gamma, cv: 0.8}", "")
	if on1 != on2 {
		t.Error("same seed, different reports with variability")
	}
	off, r0 := report("", "")
	_, rz := report(", variability: 0", "")
	if a, b := resultJSON(t, r0), resultJSON(t, rz); a != b {
		t.Error("variability 0 changed the results")
	}
	if off == on1 {
		t.Error("variability 0.8 did not change the report")
	}
	for i := range r0.Result.Classes {
		if a, b := r0.Result.Classes[i].Arrivals, r1.Result.Classes[i].Arrivals; a != b {
			t.Errorf("class %s: %d arrivals without variability, %d with: the streams are not separate", r0.Result.Classes[i].Name, a, b)
		}
	}
	// A class-level 0 switches the service's default off for that class.
	svcOnly, _ := report(", variability: 0.8", "")
	classOff, _ := report(", variability: 0.8", ", variability: 0")
	if classOff == svcOnly {
		t.Error("class variability 0 did not override the service's")
	}
}

func resultJSON(t *testing.T, r *Report) string {
	t.Helper()
	js, err := json.Marshal(r.Result)
	if err != nil {
		t.Fatal(err)
	}
	return string(js)
}

func TestVariabilityErrors(t *testing.T) {
	const svc = "hosts: [{instance: c7i.large}]\nservices:\n  - {name: app, manifest: app.yaml%s}\nclasses:\n  - {name: c, function: work, arrival: {process: poisson, rate: 1}%s}\n"
	parse := []struct{ name, svc, cls, want string }{
		{"negative", ", variability: -0.5", "", `v.yaml:3:50: services[0].variability: -0.5 is out of range [0, 10]`},
		{"too large", "", ", variability: {dist: lognormal, cv: 11}", `v.yaml:5:104: classes[0].variability.cv: 11 is out of range [0, 10]`},
		{"unknown family", ", variability: {dist: weibull, cv: 1}", "", `v.yaml:3:57: services[0].variability.dist: unknown variability family "weibull" (known: exponential, gamma, lognormal)`},
		{"no cv", ", variability: {dist: gamma}", "", `v.yaml:3:50: services[0].variability: a gamma variability needs cv`},
		{"exponential cv", ", variability: {dist: exponential, cv: 0.5}", "", `v.yaml:3:74: services[0].variability.cv: an exponential factor has cv 1, not 0.5`},
		{"unknown key", ", variability: {dist: lognormal, sd: 1}", "", `services[0].variability.sd: unknown field (known: cv, dist, io_cv)`},
		{"negative io_cv", ", variability: {dist: gamma, cv: 0.5, io_cv: -1}", "", `services[0].variability.io_cv: -1 is out of range [0, 10]`},
		{"exponential io_cv", ", variability: {dist: exponential, io_cv: 2}", "", `services[0].variability.io_cv: an exponential factor has cv 1, not 2`},
		{"not a number", ", variability: lots", "", `v.yaml:3:50: services[0].variability: want a number, got "lots"`},
	}
	for _, tc := range parse {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseScenario("v.yaml", []byte(fmt.Sprintf(svc, tc.svc, tc.cls)))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tc.want)
			}
		})
	}
	t.Run("service without manifest", func(t *testing.T) {
		_, err := ParseScenario("v.yaml", []byte("services:\n  - name: s\n    variability: 0.5\n    endpoints: [{name: e, cpu: 1ms}]\nclasses: [{name: c, arrival: {process: poisson, rate: 1}}]\n"))
		if want := `v.yaml:3:18: services[0].variability: service "s" has no manifest`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error\n  %v\nwant it to contain\n  %s", err, want)
		}
	})
	t.Run("class on an endpoint", func(t *testing.T) {
		sc, err := ParseScenario("v.yaml", []byte("services:\n  - name: s\n    endpoints: [{name: e, cpu: 1ms}]\nclasses: [{name: c, variability: 0.5, arrival: {process: poisson, rate: 1}}]\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Compile(sc, Sources{})
		if want := `v.yaml:4:34: classes[0].variability: variability applies to manifest functions`; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error\n  %v\nwant it to contain\n  %s", err, want)
		}
	})
}

// TestSetVariability: -set changes the cv, keeps the family, and does not
// touch the scenario it was cloned from.
func TestSetVariability(t *testing.T) {
	sc, err := ParseScenario("s.yaml", []byte("hosts: [{instance: c7i.large}]\nservices:\n  - {name: app, manifest: app.yaml, variability: {dist: gamma, cv: 0.5, io_cv: 2}}\nclasses:\n  - {name: c, function: work, arrival: {process: poisson, rate: 1}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Clone()
	if err := ApplySet(c, "service.app.variability=*2"); err != nil {
		t.Fatal(err)
	}
	if v := c.Services[0].Variability; v.Dist.Kind != Gamma || v.CV() != 1 || v.IO.Kind != Gamma || v.IOCV() != 2 {
		t.Errorf("after *2: %v cv %v, I/O %v cv %v; want gamma cv 1, I/O gamma cv 2 kept", v.Dist.Kind, v.CV(), v.IO.Kind, v.IOCV())
	}
	if sc.Services[0].Variability.CV() != 0.5 {
		t.Error("the original scenario changed")
	}
	if err := ApplySet(c, "class.c.variability=0.7"); err != nil {
		t.Fatal(err)
	}
	if v := c.Classes[0].Target.Variability; v.Dist.Kind != Lognormal || v.CV() != 0.7 {
		t.Errorf("class: %v cv %v, want lognormal cv 0.7", v.Dist.Kind, v.CV())
	}
	if err := ApplySet(c, "class.c.variability=-1"); err == nil {
		t.Error("negative cv accepted")
	}
}

// syncManifest is a function that only syncs a file: its visit is all
// device time when the service has a device for file.sync.
func syncManifest(string) (*manifest.Manifest, error) {
	return &manifest.Manifest{Functions: []manifest.Function{{
		Name: "example.com/app.sync",
		IO:   []manifest.IO{{Kind: manifest.IOKind("file.sync"), Count: expr.Const(1)}},
	}}}, nil
}

// TestValidationManifestDeviceMG1 checks the I/O factor: a function whose
// visit is one file.sync, queued at a one-server device, is an M/G/1 FCFS
// queue with E[D²] = E[D]²(1+io_cv²), after a negligible CPU visit.
func TestValidationManifestDeviceMG1(t *testing.T) {
	tests := []struct {
		name, variability string
		cv, rho           float64
	}{
		{"no io_cv is M/D/1", "{dist: gamma, cv: 0.5}", 0, 0.8},
		{"gamma io_cv 0.8", "{dist: gamma, io_cv: 0.8}", 0.8, 0.8},
		{"lognormal io_cv 1.5", "{dist: lognormal, cv: 0.3, io_cv: 1.5}", 1.5, 0.6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(`
hosts: [{instance: c7i.large}]
services:
  - {name: app, manifest: app.yaml, gogc: off, device: {servers: 1, kinds: [file.sync]}, variability: %s}
classes:
  - {name: c, function: sync, arrival: {process: poisson, rate: 1}}
`, tc.variability)
			sc, err := ParseScenario("dev.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			comp, err := Compile(sc, Sources{ReadManifest: syncManifest})
			if err != nil {
				t.Fatal(err)
			}
			m := comp.Model
			d := m.Nodes[m.Classes[0].Entry].Demand(nil, 0)
			// The syscall's CPU (~100ns) runs on two otherwise idle cores
			// before the device; it adds its mean to the response.
			if d.CPU > 1e-3*d.Device || d.IO != 0 || !(d.Device > 0) {
				t.Fatalf("demand %+v: the test wants (nearly) device time only", d)
			}
			es := d.Device
			lambda := tc.rho / es
			m.Classes[0].Arrival.Rate = lambda
			_, want := queueing.MG1(lambda, es, es*es*(1+tc.cv*tc.cv))
			want += d.CPU
			r, err := Run(m, Control{Seed: 2, Warmup: 2000 * es, Requests: 1_000_000})
			if err != nil {
				t.Fatal(err)
			}
			checkExact(t, r, want, 0.03)
		})
	}
}

// BenchmarkVariability measures what the per-request factor costs the
// engine: the manifest-costed M/G/1 station at ρ = 0.8 with 10⁶ customers,
// without variability and with each family.
func BenchmarkVariability(b *testing.B) {
	for _, v := range []string{"0", "{dist: lognormal, cv: 0.5}", "{dist: gamma, cv: 0.5}", "{dist: gamma, cv: 1.5}", "{dist: exponential}"} {
		name := v
		if v != "0" {
			name = strings.NewReplacer("{dist: ", "", ", cv: ", "-", "}", "").Replace(v)
		} else {
			name = "none"
		}
		b.Run(name, func(b *testing.B) {
			comp := mg1Scenario(b, "fcfs", v)
			m := comp.Model
			es := m.Nodes[m.Classes[0].Entry].Demand(nil, 0).CPU
			m.Classes[0].Arrival.Rate = 0.8 / es
			const n = 1_000_000
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Run(m, Control{Seed: 1, Requests: n}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "customers/s")
		})
	}
}

// BenchmarkVariabilitySample measures one draw of each factor.
func BenchmarkVariabilitySample(b *testing.B) {
	for _, d := range []Dist{LognormalMeanCV(1, 0.5), GammaMeanCV(1, 0.5), GammaMeanCV(1, 1.5), Exp(1)} {
		b.Run(fmt.Sprintf("%s-%g", d.Kind, d.CV), func(b *testing.B) {
			r := stream(1, 1)
			var s float64
			for b.Loop() {
				s += d.Sample(r)
			}
			if s < 0 {
				b.Fatal(s)
			}
		})
	}
}
