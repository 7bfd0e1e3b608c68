package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

func TestAnalyzeCommand(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"analyze", "-q", "-tests", "-format", "json", "../../analyzer/testdata/src/loops"}, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var m manifest.Manifest
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("output is not a JSON manifest: %v", err)
	}
	if m.Schema != manifest.SchemaVersion || m.Module.Path == "" || m.Build.GOARCH == "" {
		t.Errorf("header not filled in: %+v %+v", m.Module, m.Build)
	}
	var bench bool
	for _, f := range m.Functions {
		if strings.HasSuffix(f.Name, ".BenchmarkSum") && slices.Contains(f.Entry, manifest.EntryBenchmark) {
			bench = true
		}
	}
	if !bench {
		t.Error("-tests: BenchmarkSum missing or not marked as a benchmark entry")
	}

	for _, args := range [][]string{{"analyze"}, {"analyze", "-format", "text", "."}} {
		if code := run(args, &out, &errb); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}
