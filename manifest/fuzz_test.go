package manifest

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecode checks that Decode never panics, and that whatever it accepts
// encodes, in both formats, to text that decodes to the same manifest.
func FuzzDecode(f *testing.F) {
	if data, err := os.ReadFile("testdata/shop.yaml"); err == nil {
		f.Add(data)
	}
	if data, err := os.ReadFile("testdata/shop.golden.json"); err == nil {
		f.Add(data)
	}
	f.Add([]byte(head + "  - {name: f, confidence: exact, vars: [{name: n, default: 2}], cpu: {int: n*log2(n)}}\n"))
	f.Add([]byte(`{"schema":1,"module":{"path":"m"},"functions":[{"name":"f","confidence":"bounded","io":[{"kind":"sleep","count":"1","bytes":1e9}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode("fuzz", data)
		if err != nil {
			if m != nil {
				t.Fatal("Decode returned a manifest and an error")
			}
			return
		}
		// A manifest does not differ from itself, and a report of
		// everything added always encodes (no NaN or infinity in it).
		if r := Diff(m, m, DiffOptions{}); r.Added+r.Removed+r.Changed != 0 || r.Unchanged != len(m.Functions) {
			t.Fatalf("Diff(m, m) = %+v", r)
		}
		if _, err := json.Marshal(Diff(nil, m, DiffOptions{})); err != nil {
			t.Fatalf("report does not encode: %v", err)
		}
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := Encode(&buf, m, format); err != nil {
				t.Fatalf("Encode(%s) of a decoded manifest: %v", format, err)
			}
			back, err := Decode("again", buf.Bytes())
			if err != nil {
				t.Fatalf("%s encoding does not decode: %v\n%s", format, err, buf.Bytes())
			}
			var again bytes.Buffer
			if err := Encode(&again, back, format); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.Bytes(), buf.Bytes()) {
				t.Fatalf("%s encoding does not round-trip:\n%s\n---\n%s", format, buf.Bytes(), again.Bytes())
			}
		}
	})
}

// FuzzJSON checks the JSON scanner against encoding/json: within the nesting
// bound, it accepts exactly the documents encoding/json accepts and reads
// the same values (with encoding/json's last-key-wins for repeated keys).
func FuzzJSON(f *testing.F) {
	for _, s := range []string{`{"a": [1, -0.5e+3, true, false, null], "b": {"c": "d\u00e9\n\"\\\/"}}`, `"\ud83d\ude00 \ud800 x"`,
		`[]`, `{}`, `{"a":1,"a":2}`, `01`, `1.`, `-`, `"\x"`, `[1,]`, `{"a" 1}`, "\"a\tb\"", `"\xff"`, ` 1 `, `nul`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, perr := parseJSON(data)
		valid := json.Valid(data)
		if perr != nil {
			if strings.Contains(perr.msg, "nested more than") {
				return
			}
			if valid {
				t.Fatalf("rejected valid JSON %q: %v", data, perr.msg)
			}
			return
		}
		if !valid {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var want any
		if err := d.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if got := nodeValue(n); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: read %#v, encoding/json reads %#v", data, got, want)
		}
	})
}

func nodeValue(n *node) any {
	switch n.kind {
	case boolNode:
		return n.value == "true"
	case numberNode:
		return json.Number(n.value)
	case stringNode:
		return n.value
	case mapNode:
		m := map[string]any{}
		for i, k := range n.keys {
			m[k.value] = nodeValue(n.vals[i])
		}
		return m
	case listNode:
		l := []any{}
		for _, v := range n.vals {
			l = append(l, nodeValue(v))
		}
		return l
	}
	return nil
}
