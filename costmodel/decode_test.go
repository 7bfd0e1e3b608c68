package costmodel

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each file in testdata/bad is a built-in profile with one mistake; the
// error must name the file, the line and the field.
func TestParseProfileErrors(t *testing.T) {
	tests := []struct {
		file, want string
	}{
		{"alias.yaml", "alias.yaml:40: field branch.src: YAML aliases are not allowed"},
		{"bad_number.yaml", `bad_number.yaml:33: field clock.turbo_all_core_ghz: want a number, got "fast"`},
		{"band.yaml", "band.yaml:61: field ops.go.low: is above cycles"},
		{"duplicate.yaml", "duplicate.yaml:36: field clock.smt: duplicate field"},
		{"missing_class.yaml", `missing_class.yaml:47: field ops: has no cost for operation class "mapread"`},
		{"negative.yaml", "negative.yaml:85: field memory.latency_ns: must be present and > 0 (got -5)"},
		{"no_source.yaml", "no_source.yaml:39: field branch.src: every value must cite a source"},
		{"syntax.yaml", "syntax.yaml:31: did not find expected ',' or ']'"},
		{"unknown_class.yaml", "unknown_class.yaml:47: field ops.teleport: unknown operation class"},
		{"unknown_field.yaml", "unknown_field.yaml:36: field clock.turbo: unknown field (known: base_ghz, smt, src, turbo_all_core_ghz, turbo_max_ghz)"},
		{"unknown_source.yaml", `unknown_source.yaml:36: field clock.src[1]: unknown source "nowhere"`},
		{"unsorted_malloc.yaml", "unsorted_malloc.yaml:94: field runtime.malloc.points[1].size: points must be sorted by increasing size"},
		{"unsorted_steady.yaml", "unsorted_steady.yaml:106: field runtime.gc.steady[2].size: points must be sorted by increasing size"},
	}
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	if len(files) != len(tests) {
		t.Errorf("testdata/bad has %d files, the table %d", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "bad", tt.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseProfile(path, data)
			if err == nil {
				t.Fatalf("ParseProfile(%s) succeeded", tt.file)
			}
			var de *DataError
			if !errors.As(err, &de) {
				t.Errorf("error %v is a %T, want *DataError", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n\t%v\nwant it to contain:\n\t%s", err, tt.want)
			}
		})
	}
}

func TestParseProfileSmallInputs(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "x.yaml:1: empty document"},
		{"scalar", "7", "x.yaml:1: want a mapping"},
		{"list", "- a\n- b\n", "x.yaml:1: want a mapping"},
		{"two docs", "name: a\n---\nname: b\n", "x.yaml"},
		{"null name", "name: ~\n", "x.yaml:1: field name: want a string, got null"},
		{"int as float ok, string bad", "clock: {base_ghz: 2, smt: two}\n", `x.yaml:1: field clock.smt: want an integer, got "two"`},
		{"huge", strings.Repeat("#", maxDataSize+1), "file too large"},
		{"nan", "clock: {base_ghz: .nan}\n", `want a finite number, got ".nan"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProfile("x.yaml", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseProfile(%q) = %v, want an error containing %q", tt.data, err, tt.want)
			}
		})
	}
}

func TestParseCatalogErrors(t *testing.T) {
	good := `sources: {s: "a source"}
instances:
  - {name: a.large, provider: aws, region: us-east-1, vcpus: 2, memory_gib: 4, profile: zen4, cpu: x, network_gbps: 10, network_burst: true, price_per_hour: 0.1, price_date: 2026-01-19, src: [s]}
`
	if _, err := ParseCatalog("c.yaml", []byte(good)); err != nil {
		t.Fatalf("good catalog: %v", err)
	}
	tests := []struct {
		name, from, to, want string
	}{
		{"bad provider", "provider: aws", "provider: ibm", `c.yaml:3: field instances[0].provider: "ibm" is not one of aws, gcp, azure`},
		{"bad profile", "profile: zen4", "profile: zen6", `c.yaml:3: field instances[0].profile: unknown profile "zen6"; did you mean`},
		{"bad date", "price_date: 2026-01-19", "price_date: 2026-13-01", `c.yaml:3: field instances[0].price_date: want a date YYYY-MM-DD`},
		{"no price", "price_per_hour: 0.1", "price_per_hour: 0", `field instances[0].price_per_hour: must be present and > 0`},
		{"unknown source", "src: [s]", "src: [t]", `field instances[0].src[0]: unknown source "t"`},
		{"unknown field", "cpu: x", "cpu: x, gpu: y", `c.yaml:3: field instances[0].gpu: unknown field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCatalog("c.yaml", []byte(strings.Replace(good, tt.from, tt.to, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
