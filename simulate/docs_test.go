package simulate

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocsScenario keeps docs/scenario.md honest: its YAML example must
// decode, and every top-level, run, service, endpoint, class and call field
// the decoder knows must be documented in a table row.
func TestDocsScenario(t *testing.T) {
	data, err := os.ReadFile("../docs/scenario.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(doc, -1)
	if len(blocks) == 0 {
		t.Fatal("no yaml example in docs/scenario.md")
	}
	for _, b := range blocks {
		if _, err := ParseScenario("docs/scenario.md", []byte(b[1])); err != nil {
			t.Errorf("example does not decode: %v", err)
		}
	}
	for _, field := range []string{
		"name", "seed", "run", "slo", "hosts", "placement", "cost_estimate", "network", "services", "classes",
		"warmup", "warmup_requests", "duration", "requests", "target_ci", "max_in_system", "max_events",
		"class", "percentile", "latency", "service", "max_replicas",
		"instance", "profile", "count", "vcpus", "memory", "price_per_hour",
		"manifest", "binary", "replicas", "gogc", "gomaxprocs", "live_heap", "discipline", "balance",
		"queue_limit", "functions", "endpoints", "device",
		"cpu", "io", "alloc", "calls", "parallel",
		"function", "endpoint", "sizes", "arrival", "timeout", "probability", "variability", "io_cv",
	} {
		if !strings.Contains(doc, "`"+field+"`") {
			t.Errorf("field %q is not documented in docs/scenario.md", field)
		}
	}
}
