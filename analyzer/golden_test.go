package analyzer

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenPkgs are the hand-written packages under testdata/src whose
// summaries are pinned.
var goldenPkgs = []string{"alloc", "asm", "branches", "capture", "chains", "closures", "iface", "io", "loops", "maps", "outer", "recursion", "shapes", "vta"}

// TestGolden analyzes each package under testdata/src and compares the
// manifest with testdata/golden/<pkg>.yaml (go test -run TestGolden -update
// rewrites them; review the diff).
func TestGolden(t *testing.T) {
	for _, name := range goldenPkgs {
		t.Run(name, func(t *testing.T) {
			res, err := Analyze(context.Background(), Config{Dir: filepath.Join("testdata", "src", name)}, ".")
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %v", res.Problems)
			}
			m := res.Manifest
			m.Build.GoVersion, m.Build.GOAMD64 = "", "" // the toolchain varies; the costs must not
			var buf bytes.Buffer
			enc := yaml.NewEncoder(&buf)
			enc.SetIndent(2)
			if err := enc.Encode(m); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", name+".yaml")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from the analysis; got:\n%s", golden, buf.String())
			}
		})
	}
}
