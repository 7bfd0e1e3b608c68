package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiffCommand(t *testing.T) {
	old := filepath.Join("..", "..", "manifest", "testdata", "diff", "old.yaml")
	new := filepath.Join("..", "..", "manifest", "testdata", "diff", "new.yaml")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("schema: 1\nmodule: {path: x}\nfunctions:\n  - {name: f, confidence: sure}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args         []string
		code         int
		stdout, errs string // substrings expected
	}{
		{[]string{"diff", old, new}, exitOK, "example.com/shop.(*Server).handleOrder", ""},
		{[]string{"diff", old, old}, exitOK, "0 added, 0 removed, 0 changed, 5 unchanged", ""},
		{[]string{"diff", "-threshold", "50", old, new}, exitFindings, "Regressions beyond 50%", "3 measure(s) regressed by more than 50%"},
		{[]string{"diff", "-threshold", "200", old, new}, exitOK, "", ""},
		{[]string{"diff", "-size", "items=1", old, new}, exitOK, "with items=1", ""},
		{[]string{"diff", "-profile", "sapphirerapids", old, new}, exitOK, "in cycles on sapphirerapids", ""},
		{[]string{"diff", "-profile", "no-such-cpu", old, new}, exitError, "", "no-such-cpu"},
		{[]string{"diff", old, bad}, exitError, "", `bad.yaml:4:27: functions[0].confidence: unknown confidence "sure"`},
		{[]string{"diff", old, "no-such-file.yaml"}, exitError, "", "no-such-file.yaml"},
		{[]string{"diff", old}, exitUsage, "", "diff takes two manifests"},
		{[]string{"diff", "-format", "yaml", old, new}, exitUsage, "", "unknown -format"},
		{[]string{"diff", "-threshold", "-3", old, new}, exitUsage, "", "-threshold must be"},
		{[]string{"diff", "-size", "n", old, new}, exitUsage, "", "want NAME=VALUE"},
		{[]string{"diff", "-help"}, exitOK, "Example:", ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tt.args, &stdout, &stderr)
		name := strings.Join(tt.args, " ")
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d\nstderr: %s", name, code, tt.code, stderr.String())
		}
		if !strings.Contains(stdout.String(), tt.stdout) {
			t.Errorf("%s: stdout lacks %q:\n%s", name, tt.stdout, stdout.String())
		}
		if !strings.Contains(stderr.String(), tt.errs) {
			t.Errorf("%s: stderr lacks %q:\n%s", name, tt.errs, stderr.String())
		}
	}
}

func TestDiffCommandJSON(t *testing.T) {
	old := filepath.Join("..", "..", "manifest", "testdata", "diff", "old.yaml")
	new := filepath.Join("..", "..", "manifest", "testdata", "diff", "new.yaml")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"diff", "-format", "json", "-threshold", "50", old, new}, &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var out struct {
		Added       int
		Functions   []struct{ Name, Status string }
		Threshold   float64
		Regressions []struct{ Name, Measure string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Added != 1 || len(out.Functions) != 5 || out.Functions[0].Status != "changed" || out.Threshold != 50 || len(out.Regressions) != 3 {
		t.Errorf("unexpected report: %+v", out)
	}
}

// TestDiffBinary diffs a built binary's embedded manifest against the file
// it was embedded from (no change), and against a binary without one.
func TestDiffBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := mainPackage(t)
	if code, _, errOut := perfcast("embed", dir); code != 0 {
		t.Fatalf("embed exited %d: %s", code, errOut)
	}
	bin := filepath.Join(t.TempDir(), "hello")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-buildvcs=false")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	code, out, errOut := perfcast("diff", filepath.Join(dir, "perfcast.yaml"), bin)
	if code != exitOK || !strings.HasPrefix(out, "0 added, 0 removed, 0 changed, 2 unchanged") {
		t.Errorf("diff file binary: exit %d\n%s%s", code, out, errOut)
	}
	// The go command is a binary without a manifest.
	gocmd, _ := exec.LookPath("go")
	code, _, errOut = perfcast("diff", bin, gocmd)
	if code != exitError || !strings.Contains(errOut, "no perfcast manifest") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("diff against a binary without a manifest: exit %d, stderr %q", code, errOut)
	}
}
