package manifest

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/perfcast/perfcast/manifest/expr"
)

// TestRoundTrip checks Decode(Encode(m)) == m, field for field, for a
// manifest built in code, and that Encode leaves m alone and is
// deterministic.
func TestRoundTrip(t *testing.T) {
	m := synthetic(300)
	m.Normalize()
	before := encode(t, m, "json")
	for _, format := range Formats {
		var a, b bytes.Buffer
		if err := Encode(&a, m, format); err != nil {
			t.Fatal(err)
		}
		if err := Encode(&b, m, format); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two encodings of one manifest differ", format)
		}
		back, err := Decode("rt."+format, a.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Errorf("%s: Decode(Encode(m)) differs from m", format)
		}
	}
	if encode(t, m, "json") != before {
		t.Error("Encode changed its argument")
	}
}

// TestNormalize checks what normalization merges, drops and sorts, and that
// Encode refuses what does not validate.
func TestNormalize(t *testing.T) {
	n := expr.Var("n")
	m := &Manifest{Schema: 1, Module: Module{Path: "m"}, Functions: []Function{
		{Name: "z", Confidence: Exact},
		{
			Name: "a", Confidence: Bounded,
			Entry:   []EntryKind{EntryHTTP, EntryExported, EntryHTTP},
			Vars:    []Var{{Name: "n", Default: 1}, {Name: "len(b)", Default: 2}},
			CPU:     map[OpClass]expr.Expr{OpInt: n, OpLoad: expr.Const(0)},
			IO:      []IO{{Kind: IOSleep, Count: expr.Const(1)}, {Kind: IOFileRead, Count: n}, {Kind: IOSleep, Count: n, Bytes: expr.Const(5)}, {Kind: IONetDial}},
			Callees: []string{"y", "x", "y"},
			Notes:   []string{"b", "a"},
		},
	}}
	m.Normalize()
	f := m.Functions[0]
	if m.Functions[0].Name != "a" || m.Functions[1].Name != "z" {
		t.Errorf("functions not sorted: %s, %s", m.Functions[0].Name, m.Functions[1].Name)
	}
	if !reflect.DeepEqual(f.Entry, []EntryKind{EntryExported, EntryHTTP}) || !reflect.DeepEqual(f.Callees, []string{"x", "y"}) || !reflect.DeepEqual(f.Notes, []string{"a", "b"}) {
		t.Errorf("sets not sorted and deduplicated: %v %v %v", f.Entry, f.Callees, f.Notes)
	}
	if f.Vars[0].Name != "len(b)" {
		t.Errorf("vars not sorted: %v", f.Vars)
	}
	if _, ok := f.CPU[OpLoad]; ok || len(f.CPU) != 1 {
		t.Errorf("zero CPU entry kept: %v", f.CPU)
	}
	if len(f.IO) != 2 || f.IO[0].Kind != IOFileRead || f.IO[1].Kind != IOSleep || f.IO[1].Count.String() != "1 + n" || f.IO[1].Bytes.String() != "5" {
		t.Errorf("I/O not merged, dropped and sorted: %+v", f.IO)
	}
	bad := &Manifest{Schema: 1, Module: Module{Path: "m"}, Functions: []Function{{Name: "f", Confidence: "sure"}}}
	if err := Encode(&bytes.Buffer{}, bad, "yaml"); err == nil {
		t.Error("Encode wrote an invalid manifest")
	}
	if err := Encode(&bytes.Buffer{}, m, "toml"); err == nil {
		t.Error("Encode accepted format toml")
	}
	if err := bad.Validate(); err == nil || err.Error() != `functions[0].confidence: unknown confidence "sure" (known: exact, bounded, estimated)` {
		t.Errorf("Validate = %v", err)
	}
	if !Supported(1) || !Supported(2) || !Supported(3) || !Supported(4) || Supported(5) || Supported(0) {
		t.Error("Supported is wrong")
	}
}
