package analyzer

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

func TestStdTableRoundTrip(t *testing.T) {
	sums := []*Summary{
		{Name: "a.F", Params: []string{"s"}, CPU: []OpCount{{manifest.OpInt, expr.MustParse("1 + 2*len(s)")}},
			AllocCount: expr.Const(1), AllocBytes: expr.Const(16),
			Vars: []manifest.Var{{Name: "len(s)", Default: 8, Origin: "parameter"}}, Confidence: manifest.Exact},
		{Name: "b.G", Confidence: manifest.Estimated, Notes: []string{"x"}},
	}
	var buf bytes.Buffer
	if err := WriteStdTable(&buf, "go1.26.8", []string{"a", "b"}, sums); err != nil {
		t.Fatal(err)
	}
	first := bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := WriteStdTable(&buf, "go1.26.8", []string{"a", "b"}, sums); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, buf.Bytes()) {
		t.Fatal("table encoding is not deterministic")
	}
	tab, err := readStdHeader(first)
	if err != nil {
		t.Fatal(err)
	}
	if !tab.HasPackage("a") || tab.HasPackage("c") || tab.GoVersion != "go1.26.8" {
		t.Fatalf("header: %+v", tab)
	}
	if tab.Len() != 2 {
		t.Fatalf("Len = %d, want 2", tab.Len())
	}
	got := tab.Lookup("a.F")
	if got == nil || summaryText(got) != summaryText(sums[0]) {
		t.Fatalf("Lookup(a.F) = %v, want %v", got, sums[0])
	}
	if tab.Lookup("nope") != nil {
		t.Fatal("Lookup of a missing name returned a summary")
	}
	if _, err := ReadStdTable(bytes.NewReader([]byte("not gzip"))); err == nil {
		t.Fatal("garbage accepted")
	}
}

// TestShippedTable checks that the embedded table decodes and covers the
// packages user code calls most.
func TestShippedTable(t *testing.T) {
	tab := LoadStdTable()
	for _, p := range []string{"strings", "bytes", "strconv", "sort", "encoding/json", "fmt", "net/http", "os"} {
		if !tab.HasPackage(p) {
			t.Errorf("table lacks %s", p)
		}
	}
	if s := tab.Lookup("strings.Index"); s == nil || len(s.CPU) == 0 {
		t.Errorf("strings.Index: %v", s)
	}
}

// TestStdTableAllocators checks, on the shipped table, that growing a
// strings.Builder allocates: its buffer comes from internal/bytealg's
// MakeNoZero, a runtime function without a Go body (bodilessAllocators);
// and that taking a printer from fmt's sync.Pool and returning it does not.
func TestStdTableAllocators(t *testing.T) {
	tab := LoadStdTable()
	for _, tc := range []struct {
		fn    string
		vars  map[string]float64
		count float64
	}{
		{"internal/bytealg.MakeNoZero", map[string]float64{"n": 100}, 1},
		{"(*strings.Builder).grow", map[string]float64{"n": 100, "len(b.buf)": 0}, 1},
		// sync.Pool's slow paths are amortized (poolSlowPaths): fmt's
		// printer comes from its pool and goes back without allocating.
		{"fmt.newPrinter", nil, 0},
		{"(*fmt.pp).free", nil, 0},
	} {
		s := tab.Lookup(tc.fn)
		if s == nil {
			t.Errorf("%s: not in the table", tc.fn)
			continue
		}
		vars := withDefaults(s, tc.vars)
		if got := eval(t, s.AllocCount, vars); got != tc.count {
			t.Errorf("%s: %s = %g allocations, want %g", tc.fn, s.AllocCount, got, tc.count)
		}
	}
	if s := tab.Lookup("internal/bytealg.MakeNoZero"); s != nil {
		if got := eval(t, s.AllocBytes, map[string]float64{"n": 100}); got != 100 {
			t.Errorf("MakeNoZero(100): %s = %g bytes, want 100", s.AllocBytes, got)
		}
	}
}

// TestStdTableEntriesDecode reads every entry of the embedded std table: an
// entry that does not decode (an expression longer than Parse accepts) is
// looked up as missing, and its function would be counted as a bare call.
func TestStdTableEntriesDecode(t *testing.T) {
	tab := LoadStdTable()
	tab.index()
	bad := 0
	for _, key := range slices.Sorted(maps.Keys(tab.raw)) {
		var s Summary
		if err := json.Unmarshal(tab.raw[key], &s); err != nil {
			if bad++; bad <= 5 {
				t.Errorf("%s: %v", key, err)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d entries do not decode", bad, len(tab.raw))
	}
}
