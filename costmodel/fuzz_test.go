package costmodel

import (
	"bytes"
	"testing"
)

// FuzzLoadProfile feeds arbitrary bytes to the profile decoder: it must
// return a profile or an error, never panic, and a profile it accepts must
// survive WriteProfile and parse again. Seeds are in
// testdata/fuzz/FuzzLoadProfile: the built-in profiles and the broken ones
// of testdata/bad.
func FuzzLoadProfile(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProfile("fuzz.yaml", data)
		if err != nil {
			if p != nil {
				t.Fatalf("ParseProfile returned both a profile and %v", err)
			}
			if _, ok := err.(*DataError); !ok {
				t.Fatalf("error %v is a %T, want *DataError", err, err)
			}
			return
		}
		var buf bytes.Buffer
		if err := WriteProfile(&buf, p, "fuzz"); err != nil {
			t.Fatalf("WriteProfile: %v", err)
		}
		if _, err := ParseProfile("again.yaml", buf.Bytes()); err != nil {
			t.Fatalf("accepted profile does not round-trip: %v\n%s", err, buf.String())
		}
	})
}

// FuzzParseCatalog does the same for instance catalogs.
func FuzzParseCatalog(f *testing.F) {
	f.Add(catalogYAML)
	f.Add([]byte("sources: {s: x}\ninstances: []\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalog("fuzz.yaml", data)
		if err == nil && len(c.Instances) == 0 {
			t.Fatal("accepted a catalog without instances")
		}
	})
}
