package manifest

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocs keeps docs/manifest.md in step with the code: every op class,
// I/O kind, entry kind and confidence level is documented in a table row of
// its own, and the example shows exactly what Encode writes for
// testdata/small.yaml.
func TestDocs(t *testing.T) {
	data, err := os.ReadFile("../docs/manifest.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	row := func(name string) bool { return strings.Contains(doc, "\n| `"+name+"` |") }
	for _, c := range OpClasses {
		if !row(string(c)) {
			t.Errorf("op class %s is not documented", c)
		}
	}
	for _, k := range IOKinds {
		if !row(string(k)) {
			t.Errorf("I/O kind %s is not documented", k)
		}
	}
	for _, k := range EntryKinds {
		if !row(string(k)) {
			t.Errorf("entry kind %s is not documented", k)
		}
	}
	for _, c := range Confidences {
		if !row(string(c)) {
			t.Errorf("confidence %s is not documented", c)
		}
	}
	ex := doc[strings.Index(doc, "## Example"):]
	for _, format := range Formats {
		m := regexp.MustCompile("(?s)```" + format + "\n(.*?)```").FindStringSubmatch(ex)
		if m == nil {
			t.Errorf("no %s example", format)
			continue
		}
		want, err := os.ReadFile("testdata/small.golden." + format)
		if err != nil {
			t.Fatal(err)
		}
		if m[1] != string(want) {
			t.Errorf("the %s example differs from testdata/small.golden.%s", format, format)
		}
		if _, err := Decode("docs/manifest.md", []byte(m[1])); err != nil {
			t.Errorf("the %s example does not decode: %v", format, err)
		}
	}
	// Every field of the schema appears in the field tables.
	for _, f := range []string{"schema", "generator", "module.path", "module.version", "build.go", "build.goos",
		"build.goarch", "build.goamd64", "functions", "name", "pos", "entry", "vars", "cpu", "alloc.count",
		"alloc.bytes", "io", "callees", "confidence", "notes", "default", "origin", "kind", "count", "bytes"} {
		if !row(f) {
			t.Errorf("field %s is not documented", f)
		}
	}
}
