package simulate

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzScenario feeds arbitrary bytes to the scenario decoder and, when
// they decode, to the compiler: neither may panic, and every error must
// name the file.
func FuzzScenario(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "scenarios", "*.yaml"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := ParseScenario("fuzz.yaml", data)
		if err != nil {
			if se, ok := err.(*ScenarioError); !ok || se.File != "fuzz.yaml" {
				t.Fatalf("error %T %v does not name the file", err, err)
			}
			return
		}
		// Compile without touching the file system (traces and manifests
		// are errors), then run a tiny, bounded simulation.
		src := Sources{
			ReadFile:     func(string) ([]byte, error) { return []byte("0.1\n0.2\n"), nil },
			ReadManifest: ReadManifestFile,
			Dir:          "testdata/scenarios",
		}
		comp, err := Compile(sc, src)
		if err != nil {
			return
		}
		ctl := comp.Control
		ctl.Duration, ctl.Requests, ctl.TargetRelCI = 0.5, 200, 0
		ctl.Warmup, ctl.WarmupRequests = 0, 0
		ctl.MaxEvents, ctl.ProgressEvery, ctl.MaxInSystem = 20000, 1000, 1000
		if _, err := Run(comp.Model, ctl); err != nil {
			t.Fatalf("compiled model does not run: %v", err)
		}
	})
}
