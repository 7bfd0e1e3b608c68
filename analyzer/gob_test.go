package analyzer

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/perfcast/perfcast/manifest/expr"
)

// TestGobFact checks that a summary survives the gob encoding go/analysis
// uses for facts, and encodes deterministically.
func TestGobFact(t *testing.T) {
	sums := analyzeTestPkg(t, "io")
	for name, s := range sums {
		var a, b bytes.Buffer
		if err := gob.NewEncoder(&a).Encode(s); err != nil {
			t.Fatal(err)
		}
		if err := gob.NewEncoder(&b).Encode(s); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: gob encoding not deterministic", name)
		}
		got := new(Summary)
		if err := gob.NewDecoder(&a).Decode(got); err != nil {
			t.Fatal(err)
		}
		if summaryText(got) != summaryText(s) {
			t.Errorf("%s: round trip changed it:\n%s\n%s", name, summaryText(got), summaryText(s))
		}
	}
}

// TestGobUntimed checks that a benchmark's untimed setup bytes survive the
// fact encoding, and that their absence stays absent.
func TestGobUntimed(t *testing.T) {
	sums := analyzeTestPkg(t, "retain")
	for _, name := range []string{"retain.Setup", "retain.SetupEach", "retain.Fill"} {
		s := sums[name]
		if s == nil {
			t.Fatalf("%s: no summary", name)
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(s); err != nil {
			t.Fatal(err)
		}
		got := new(Summary)
		if err := gob.NewDecoder(&buf).Decode(got); err != nil {
			t.Fatal(err)
		}
		switch {
		case (got.UntimedBytes == nil) != (s.UntimedBytes == nil):
			t.Errorf("%s: untimed bytes %v after the round trip, want %v", name, got.UntimedBytes, s.UntimedBytes)
		case s.UntimedBytes != nil && got.UntimedBytes.String() != s.UntimedBytes.String():
			t.Errorf("%s: untimed bytes %s after the round trip, want %s", name, got.UntimedBytes, s.UntimedBytes)
		}
	}
}

// TestGobInlineSites checks that the allocation sites of an inlinable body
// survive the fact encoding.
func TestGobInlineSites(t *testing.T) {
	s := &Summary{Name: "p.New", InlineSites: []AllocSite{
		{Pos: "strings/reader.go:156:43", Kind: "complit", Count: one, Bytes: expr.Const(32)},
		{Pos: "/src/p/p.go:3:9", Kind: "makeslice", Variable: true, Count: one, Bytes: expr.MustParse("8*n")},
	}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(s); err != nil {
		t.Fatal(err)
	}
	got := new(Summary)
	if err := gob.NewDecoder(&buf).Decode(got); err != nil {
		t.Fatal(err)
	}
	if len(got.InlineSites) != len(s.InlineSites) {
		t.Fatalf("%d sites after the round trip, want %d", len(got.InlineSites), len(s.InlineSites))
	}
	for i, a := range s.InlineSites {
		b := got.InlineSites[i]
		if a.Pos != b.Pos || a.Kind != b.Kind || a.Variable != b.Variable || a.Count.String() != b.Count.String() || a.Bytes.String() != b.Bytes.String() {
			t.Errorf("site %d: %+v after the round trip, want %+v", i, b, a)
		}
	}
}
