package simulate

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/costmodel"
)

var update = flag.Bool("update", false, "rewrite golden files")

const okService = `
services:
  - name: s
    endpoints:
      - {name: e, cpu: 1ms}
`

func TestParseScenarioErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top field", "nmae: x\n" + okService, `s.yaml:1:1: nmae: unknown field (known: classes, cost_estimate, hosts, name, network, placement, run, seed, services, slo)`},
		{"unknown nested field", okService + "classes:\n  - name: c\n    arrival: {process: poisson, rate: 1, burst: 2}\n", `s.yaml:8:42: classes[0].arrival.burst: unknown field`},
		{"rate zero", okService + "classes:\n  - name: c\n    arrival: {process: poisson, rate: 0}\n", `s.yaml:8:39: classes[0].arrival.rate: class "c": arrival rate 0 must be > 0`},
		{"rate negative", okService + "classes:\n  - name: c\n    arrival: {process: constant, rate: -5}\n", `arrival rate -5 must be > 0`},
		{"no arrival", okService + "classes:\n  - name: c\n", `s.yaml:7:5: classes[0].arrival: class "c": arrival needs process`},
		{"bad process", okService + "classes:\n  - name: c\n    arrival: {process: gamma, rate: 1}\n", `unknown arrival process "gamma"`},
		{"bad duration", "run: {duration: 10 parsecs}\n" + okService, `s.yaml:1:17: run.duration: want seconds or a duration such as 150ms, got "10 parsecs"`},
		{"bad dist", "services:\n  - name: s\n    endpoints:\n      - {name: e, cpu: {dist: gaussian, mean: 1}}\n", `s.yaml:4:31: services[0].endpoints[0].cpu.dist: unknown distribution "gaussian"`},
		{"dist param", "services:\n  - name: s\n    endpoints:\n      - {name: e, cpu: {dist: exponential, value: 1}}\n", `services[0].endpoints[0].cpu.value: unknown field (known: dist, mean)`},
		{"lognormal cv", "services:\n  - name: s\n    endpoints:\n      - {name: e, cpu: {dist: lognormal, mean: 1ms}}\n", `lognormal distribution: mean 0.001 must be > 0 and cv 0`},
		{"wrong type", "services: {name: s}\n", `s.yaml:1:11: services: want a list, got a mapping`},
		{"duplicate key", "seed: 1\nseed: 2\n" + okService, `s.yaml:2:1: seed: repeated field`},
		{"replicas range", "services:\n  - {name: s, replicas: 0, endpoints: [{name: e, cpu: 1}]}\n", `services[0].replicas: 0 is out of range [1, 10000]`},
		{"no services", "classes: []\n", `no services`},
		{"two docs", okService + "---\nseed: 1\n", `more than one YAML document`},
		{"syntax", "services: [\n", `s.yaml: yaml:`},
		{"host both", "hosts: [{instance: c7i.large, profile: sapphirerapids, vcpus: 2}]\n" + okService + "classes: [{name: c, arrival: {process: poisson, rate: 1}}]\n", `s.yaml:1:40: hosts[0].profile: a host needs either instance`},
		{"mmpp", okService + "classes:\n  - name: c\n    arrival: {process: mmpp, rates: [1, 2, 3], sojourn: [1s, 1s]}\n", `want exactly two values, one per state`},
		{"slo class", "slo: {class: nope, latency: 1ms}\n" + okService + "classes: [{name: c, arrival: {process: poisson, rate: 1}}]\n", `s.yaml:1:14: slo.class: unknown class "nope"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseScenario("s.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tc.want)
			}
		})
	}
}

// TestCompileErrors covers bad references that only compiling finds.
func TestCompileErrors(t *testing.T) {
	dir := "testdata/scenarios"
	head := "hosts: [{instance: c7i.large}]\nservices:\n  - {name: shop, manifest: shop.manifest.yaml}\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown function", head + "classes:\n  - {name: c, function: handleNothing, arrival: {process: poisson, rate: 1}}\n",
			`s.yaml:5:25: classes[0].function: service "shop": unknown function "handleNothing" (the manifest has example.com/shop.handleCatalog, example.com/shop.handleCheckout)`},
		{"unknown instance", "hosts: [{instance: c7i.hyper}]\nservices:\n  - {name: shop, manifest: shop.manifest.yaml}\nclasses:\n  - {name: c, function: handleCatalog, arrival: {process: poisson, rate: 1}}\n",
			`s.yaml:1:20: hosts[0].instance: unknown instance type "c7i.hyper"`},
		{"unknown profile", "hosts: [{profile: pentium4, vcpus: 2}]\nservices:\n  - {name: shop, manifest: shop.manifest.yaml}\nclasses:\n  - {name: c, function: handleCatalog, arrival: {process: poisson, rate: 1}}\n",
			`s.yaml:1:19: hosts[0].profile: unknown profile "pentium4"`},
		{"unknown size var", head + "classes:\n  - {name: c, function: handleCatalog, sizes: {m: 3}, arrival: {process: poisson, rate: 1}}\n",
			`classes[0].sizes.m: function example.com/shop.handleCatalog has no size variable "m" (it has: n)`},
		{"no hosts", "services:\n  - {name: shop, manifest: shop.manifest.yaml}\nclasses:\n  - {name: c, function: handleCatalog, arrival: {process: poisson, rate: 1}}\n",
			`service "shop" runs manifest functions, which need hosts`},
		{"missing manifest", "hosts: [{instance: c7i.large}]\nservices:\n  - {name: shop, manifest: nope.json}\nclasses:\n  - {name: c, arrival: {process: poisson, rate: 1}}\n",
			`s.yaml:3:28: services[0].manifest: open testdata/scenarios/nope.json`},
		{"unknown endpoint", okService + "classes:\n  - {name: c, endpoint: f, arrival: {process: poisson, rate: 1}}\n",
			`classes[0].endpoint: service "s" has no endpoint "f"`},
		{"cannot place", "hosts: [{instance: c7i.large}]\nservices:\n  - {name: s, replicas: 3, resources: {requests: {cpu: 1}}, endpoints: [{name: e, cpu: 1ms}]}\nclasses:\n  - {name: c, arrival: {process: poisson, rate: 1}}\n",
			`services[0].replicas: cannot place replica 3 of "s"`},
		{"binary unwired", "hosts: [{instance: c7i.large}]\nservices:\n  - {name: s, binary: ./shop}\nclasses:\n  - {name: c, arrival: {process: poisson, rate: 1}}\n",
			`services[0].binary: reading a manifest from a binary is not available in this build`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := ParseScenario("s.yaml", []byte(tc.yaml))
			if err == nil {
				_, err = Compile(sc, Sources{Dir: dir})
			}
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error\n  %v\nwant it to contain\n  %s", err, tc.want)
			}
		})
	}
}

// TestUnstableWarnsAndStops checks that an overloaded system is flagged
// before the run and that the run ends (bounded) instead of hanging.
func TestUnstableWarnsAndStops(t *testing.T) {
	rep := simulateYAML(t, "s.yaml", `
run: {duration: 1000000s, max_in_system: 20000}
services:
  - {name: s, gomaxprocs: 2, endpoints: [{name: e, cpu: {dist: exponential, mean: 10ms}}]}
classes:
  - {name: c, arrival: {process: poisson, rate: 300}}
`)
	if rep.Result.StopReason != StopUnstable {
		t.Errorf("stop reason %q, want %q", rep.Result.StopReason, StopUnstable)
	}
	if rep.Offered[0].Utilization < 1.49 || rep.Offered[0].Utilization > 1.51 {
		t.Errorf("offered utilization %v, want 1.5", rep.Offered[0].Utilization)
	}
	text := rep.Text()
	if !strings.Contains(text, "UNSTABLE: station s/0 would be 150% busy") || !strings.Contains(text, "needs at least 2 replicas") {
		t.Errorf("no clear instability warning in:\n%s", text)
	}
}

// TestScenarioGolden runs the test scenarios and compares the text and
// JSON reports with golden files (regenerate with -update). Running each
// twice also checks that the output is byte-identical for the same seed.
func TestScenarioGolden(t *testing.T) {
	// shop.yaml is checked by TestShopScenario instead: its numbers follow
	// the cost model's calibrated profiles and catalog, which change.
	for _, name := range []string{"mm10", "jackson", "trace"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "scenarios", name+".yaml")
			var outs [2][]byte
			for i := range outs {
				sc, err := LoadScenario(path)
				if err != nil {
					t.Fatal(err)
				}
				rep, err := Simulate(sc, Sources{Dir: filepath.Dir(path)}, Options{})
				if err != nil {
					t.Fatal(err)
				}
				js, err := json.MarshalIndent(rep, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				outs[i] = append([]byte(rep.Text()+"\n"), js...)
			}
			if !bytes.Equal(outs[0], outs[1]) {
				t.Fatal("two runs with the same seed differ")
			}
			golden := filepath.Join("testdata", "golden", name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, outs[0], 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if !bytes.Equal(outs[0], want) {
				t.Errorf("output differs from %s (rerun with -update and review the diff)", golden)
			}
		})
	}
}

// TestShopScenario runs the manifest-based scenario and checks what does
// not depend on the cost model's current calibration: determinism, the
// shape of the report, cost from the catalog, Little's law, and that the
// SLO search explains why more shop replicas do not help.
func TestShopScenario(t *testing.T) {
	run := func() (*Report, string) {
		sc, err := LoadScenario("testdata/scenarios/shop.yaml")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Simulate(sc, Sources{Dir: "testdata/scenarios"}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		js, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		return rep, rep.Text() + string(js)
	}
	rep, out1 := run()
	if _, out2 := run(); out1 != out2 {
		t.Fatal("two runs with the same seed differ")
	}
	r := rep.Result
	if len(r.Classes) != 2 || len(r.Stations) != 3 || len(r.Hosts) != 2 {
		t.Fatalf("got %d classes, %d stations, %d hosts; want 2, 3, 2", len(r.Classes), len(r.Stations), len(r.Hosts))
	}
	inst, err := costmodel.LookupInstance("c7i.xlarge")
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(rep.CostPerHour-2*inst.PricePerHour) > 1e-9 || math.Abs(rep.CostPerMonth-2*inst.MonthlyCost()) > 1e-6 {
		t.Errorf("cost %v/h %v/month, want twice the catalog's %v/h", rep.CostPerHour, rep.CostPerMonth, inst.PricePerHour)
	}
	if r.Little.RelErr > 0.01 {
		t.Errorf("Little's law off by %v", r.Little.RelErr)
	}
	for _, c := range r.Classes {
		if c.Completed == 0 || c.Latency.Mean.Value <= 0 {
			t.Errorf("class %s: nothing measured", c.Name)
		}
	}
	if r.Stations[0].GCCycles == 0 {
		t.Error("shop allocates but ran no GC cycle")
	}
	if rep.SLO == nil || rep.SLO.Replicas != 0 || !strings.Contains(rep.SLO.Note, "the time is spent elsewhere") {
		t.Errorf("SLO result %+v: want not met, with the explanation", rep.SLO)
	}
}

// TestFSSources runs a scenario whose manifest and trace come from an
// fs.FS, as a scenario built into the binary does.
func TestFSSources(t *testing.T) {
	fsys := os.DirFS("testdata")
	data, err := fs.ReadFile(fsys, "scenarios/shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ParseScenario("builtin:shop.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	sc.SLO = nil
	if _, err := Simulate(sc, FSSources(fsys, "scenarios"), Options{}); err != nil {
		t.Fatal(err)
	}
	sc.Services[0].Manifest = "nope.yaml"
	if _, err := Compile(sc, FSSources(fsys, "scenarios")); err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("missing embedded manifest: error %v", err)
	}
}
