package main

import (
	"fmt"
	"os"

	"github.com/perfcast/perfcast/manifest"
)

// maxManifestSize bounds what loadManifest reads: a manifest of 20,000
// functions is a few megabytes.
const maxManifestSize = 256 << 20

// loadManifest reads and strictly decodes the manifest in the file at path
// (YAML or JSON). Every command that takes a manifest goes through it, so
// errors look the same everywhere: "path:line:col: field: problem".
func loadManifest(path string) (*manifest.Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a manifest", path)
	}
	if st.Size() > maxManifestSize {
		return nil, fmt.Errorf("%s: %d bytes is too large for a manifest (limit %d)", path, st.Size(), maxManifestSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return manifest.Decode(path, data)
}
