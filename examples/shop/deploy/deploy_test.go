package deploy

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"testing"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/simulate"
)

var update = flag.Bool("update", false, "regenerate shop.manifest.yaml with the analyzer")

// TestManifestIsGenerated checks that shop.manifest.yaml is exactly what the
// analyzer (with gc's escape decisions, as `perfcast analyze` runs it) says
// about the shop today; -update rewrites it.
func TestManifestIsGenerated(t *testing.T) {
	const file = "shop.manifest.yaml"
	old, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := manifest.Decode(file, old)
	if err != nil {
		t.Fatal(err)
	}
	res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: "..", UseCompiler: true}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Problems {
		t.Errorf("analysis problem: %s", p)
	}
	// The generator field names the perfcast version that wrote the file;
	// everything else must match.
	res.Manifest.Generator = committed.Generator
	var got bytes.Buffer
	if err := manifest.Encode(&got, &res.Manifest, "yaml"); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(file, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(got.Bytes(), old) {
		t.Errorf("%s is not what the analyzer produces now; run go test ./examples/shop/deploy -update and review the diff", file)
	}
	for _, h := range []string{"handleList", "handleProduct", "handleSearch", "handleCheckout", "handleOrder"} {
		found := false
		for _, f := range res.Manifest.Functions {
			if f.Name == "(*github.com/perfcast/perfcast/examples/shop.Server)."+h {
				found = len(f.Entry) > 0 && f.Entry[0] == manifest.EntryHTTP
			}
		}
		if !found {
			t.Errorf("handler %s is not in the manifest as an HTTP entry point", h)
		}
	}
}

// TestScenarioSimulates runs the built-in default scenario, shortened, and
// checks that every class completes requests and Little's law holds.
func TestScenarioSimulates(t *testing.T) {
	data, err := fs.ReadFile(FS, ScenarioFile)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := simulate.ParseScenario(ScenarioFile, data)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := simulate.Simulate(sc, simulate.FSSources(FS, "."), simulate.Options{NoSLO: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"browse": 0, "product": 400, "search": 60, "checkout": 25, "order": 40}
	for _, c := range rep.Result.Classes {
		rate, ok := want[c.Name]
		if !ok {
			t.Errorf("unexpected class %s", c.Name)
			continue
		}
		delete(want, c.Name)
		if c.Completed == 0 || c.Dropped != 0 || c.TimedOut != 0 {
			t.Errorf("class %s: %d completed, %d dropped, %d timed out", c.Name, c.Completed, c.Dropped, c.TimedOut)
		}
		// Poisson classes complete at their arrival rate (the system is far
		// from saturation); 5% is about 2.7 standard deviations of the
		// Poisson count for the slowest class (25/s over the 120 s run).
		if rate > 0 && (c.Throughput < 0.95*rate || c.Throughput > 1.05*rate) {
			t.Errorf("class %s: throughput %.1f/s, want about %.0f/s", c.Name, c.Throughput, rate)
		}
		if !(c.Latency.Mean.Value > 0) {
			t.Errorf("class %s: mean latency %v", c.Name, c.Latency.Mean)
		}
	}
	for name := range want {
		t.Errorf("class %s missing from the report", name)
	}
	if l := rep.Result.Little; l.RelErr > 0.05 {
		t.Errorf("Little's law off by %.1f%%: L = %g, λW = %g", 100*l.RelErr, l.L, l.LambdaW)
	}
	if rep.CostPerHour <= 0 {
		t.Errorf("cluster cost per hour %v", rep.CostPerHour)
	}
}
