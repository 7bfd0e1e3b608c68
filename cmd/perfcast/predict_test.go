package main

import (
	"strings"
	"testing"

	"github.com/perfcast/perfcast/analyzer/benchfmt"
)

const benchDir = "../../analyzer/predict/testdata/src/bench"

// TestPredictCommand runs perfcast predict on the test benchmarks: the
// output parses as Go benchmark format with the header lines, and the
// benchmark it cannot predict is listed on stderr with its reason.
func TestPredictCommand(t *testing.T) {
	code, out, errOut := perfcast("predict", "-q", "-profile", "sapphirerapids", "-C", benchDir, ".")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, h := range []string{"goos: ", "goarch: ", "pkg: ", "cpu: "} {
		if !strings.Contains(out, "\n"+h) && !strings.HasPrefix(out, h) {
			t.Errorf("no %q header line in:\n%s", h, out)
		}
	}
	// Interpreted (the default), BenchmarkOdd's data-dependent loop
	// runs as it is: every benchmark is predicted.
	rs, err := benchfmt.Parse(strings.NewReader(out))
	if err != nil || len(rs) != 29 {
		t.Fatalf("parsed %d results (%v) from:\n%s", len(rs), err, out)
	}
	// From summaries alone it has no canonical timed loop: listed on
	// stderr, not silently dropped.
	code, out, errOut = perfcast("predict", "-q", "-interp=false", "-profile", "sapphirerapids", "-C", benchDir, ".")
	if rs, err := benchfmt.Parse(strings.NewReader(out)); code != 0 || err != nil || len(rs) != 28 {
		t.Errorf("-interp=false: exit %d, %d results (%v): %s", code, len(rs), err, errOut)
	}
	if !strings.Contains(errOut, "cannot predict") || !strings.Contains(errOut, "BenchmarkOdd") {
		t.Errorf("stderr does not list BenchmarkOdd:\n%s", errOut)
	}
	// Without gc's escape decisions (guessing from SSA) the same
	// benchmarks are predicted.
	code, out, errOut = perfcast("predict", "-q", "-escape=false", "-profile", "sapphirerapids", "-C", benchDir, ".")
	if rs, err := benchfmt.Parse(strings.NewReader(out)); code != 0 || err != nil || len(rs) != 29 {
		t.Errorf("-escape=false: exit %d, %d results (%v): %s", code, len(rs), err, errOut)
	}
	if code, _, _ := perfcast("predict"); code != 2 {
		t.Errorf("predict without packages: exit %d, want 2", code)
	}
}

// TestValidateCommand compares with a saved measurement: the report has the
// metrics, and a -min-coverage that is not met exits 3.
func TestValidateCommand(t *testing.T) {
	measured := "../../analyzer/predict/testdata/measured.txt"
	code, out, errOut := perfcast("validate", "-q", "-profile", "sapphirerapids", "-C", benchDir, "-measured", measured, ".")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"predicted (coverage)     15 (100.0%)", "allocs/op exact", "Spearman", "ten worst"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// From summaries alone BenchmarkOdd is not predicted: 14 of 15.
	code, out, errOut = perfcast("validate", "-q", "-interp=false", "-profile", "sapphirerapids", "-C", benchDir, "-measured", measured, ".")
	if code != 0 {
		t.Fatalf("-interp=false: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"predicted (coverage)     14 (93.3%)"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	code, _, errOut = perfcast("validate", "-q", "-interp=false", "-profile", "sapphirerapids", "-C", benchDir, "-measured", measured, "-min-coverage", "0.95", ".")
	if code != 3 || !strings.Contains(errOut, "coverage 0.933 < 0.950") {
		t.Errorf("-min-coverage 0.95: exit %d, stderr %s; want 3", code, errOut)
	}
	code, out, _ = perfcast("validate", "-q", "-interp=false", "-format", "json", "-profile", "sapphirerapids", "-C", benchDir, "-measured", measured, ".")
	if code != 0 || !strings.Contains(out, `"coverage": 0.933`) {
		t.Errorf("json: exit %d:\n%s", code, out)
	}
	for _, bad := range [][]string{{"-count", "0"}, {"-p", "-1"}, {"-benchtime", "100x"}, {"-benchtime", "soon"}} {
		args := append([]string{"validate", "-q", "-profile", "sapphirerapids", "-C", benchDir, "-measured", measured}, bad...)
		if code, _, errOut := perfcast(append(args, ".")...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2 (usage)", bad, code, errOut)
		}
	}
}
