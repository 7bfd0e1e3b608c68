package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest/embedding"
)

const testScenario = "../../simulate/testdata/scenarios/shop.yaml"

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestSimulateCommand(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		inStdout []string
		inStderr []string
	}{
		{"text", []string{"simulate", "-quiet", "-no-slo", testScenario}, 0,
			[]string{"class     done/s", "checkout", "cluster cost: $", "per month (730 hours)", "Little's law"}, nil},
		{"set", []string{"simulate", "-quiet", "-no-slo", "-set", "class.checkout.rate=*1.1", "-set", "hosts.0.instance=c7i.large", testScenario}, 0,
			[]string{"after: class.checkout.rate=*1.1, hosts.0.instance=c7i.large", "class checkout throughput", "cluster cost per month"}, nil},
		{"compare", []string{"simulate", "-quiet", "-no-slo", "-compare", "../../simulate/testdata/scenarios/shop.manifest.yaml", testScenario}, 0,
			[]string{"manifest ../../simulate/testdata/scenarios/shop.manifest.yaml", "class checkout mean"}, nil},
		{"bad set", []string{"simulate", "-set", "class.nope.rate=2", testScenario}, 2, nil, []string{`-set class.nope.rate=2: no class "nope"`}},
		{"missing file", []string{"simulate", "nope.yaml"}, 1, nil, []string{"nope.yaml"}},
		{"built-in default", []string{"simulate", "-quiet", "-no-slo"}, 0,
			[]string{"scenario shop, seed 1", "browse", "product", "search", "checkout", "order", "cluster cost: $"}, nil},
		{"progress and timing", []string{"simulate", "-no-slo", testScenario}, 0, nil, []string{"events in", "events/s"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, s := range tc.inStdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tc.inStderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
		})
	}
}

// TestSimulateJSONDeterministic checks -format json decodes and is
// byte-identical across runs with the same seed.
func TestSimulateJSONDeterministic(t *testing.T) {
	var outs []string
	for range 2 {
		code, out, errOut := runCLI(t, "simulate", "-quiet", "-format", "json", testScenario)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] {
		t.Error("two runs with the same seed give different JSON")
	}
	var v struct {
		Result struct {
			Classes []struct {
				Name    string
				Latency struct {
					Percentiles []struct {
						P        float64
						Estimate struct{ Value, Low, High *float64 }
					}
				}
			}
		}
		SLO *struct{ Trials []any }
	}
	if err := json.Unmarshal([]byte(outs[0]), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Result.Classes) != 2 || len(v.Result.Classes[0].Latency.Percentiles) != 5 || v.SLO == nil {
		t.Errorf("unexpected JSON shape: %+v", v)
	}
}

// TestSimulateBinary reads a service's manifest from a binary (here a bare
// embedding frame, which embedding.Read accepts like an executable).
func TestSimulateBinary(t *testing.T) {
	dir := t.TempDir()
	payload, err := os.ReadFile("../../simulate/testdata/scenarios/shop.manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shop.bin"), embedding.Frame(payload), 0o644); err != nil {
		t.Fatal(err)
	}
	sc := `
run: {duration: 5s}
hosts: [{instance: c7i.large}]
services:
  - {name: shop, binary: shop.bin}
classes:
  - {name: browse, function: handleCatalog, arrival: {process: poisson, rate: 100}}
`
	path := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(path, []byte(sc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "simulate", "-quiet", path)
	if code != 0 || !strings.Contains(out, "browse") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	// A file without a manifest is an error naming the scenario field.
	if err := os.WriteFile(filepath.Join(dir, "shop.bin"), []byte("not a binary"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "simulate", "-quiet", path)
	if code != 1 || !strings.Contains(errOut, "s.yaml:5:26: services[0].binary:") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
