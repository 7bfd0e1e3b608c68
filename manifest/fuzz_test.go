package manifest

import (
	"bytes"
	"os"
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
