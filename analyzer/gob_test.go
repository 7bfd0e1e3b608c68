package analyzer

import (
	"bytes"
	"encoding/gob"
	"testing"
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
