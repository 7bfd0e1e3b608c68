package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/embedding"
)

// maxManifestSize bounds what loadManifest reads from a file: a manifest of
// 20,000 functions is a few tens of megabytes.
const maxManifestSize = 256 << 20

// loadManifest reads and strictly decodes the manifest at path: the one
// embedded in a binary (ELF, Mach-O or PE), or a manifest file in YAML or
// JSON. Every command that takes a manifest goes through it, so errors look
// the same everywhere: "path:line:col: field: problem" for a bad manifest,
// one line from package embedding for a binary without a valid one.
func loadManifest(path string) (*manifest.Manifest, error) {
	if m, err := readBinaryManifest(path); err == nil || !errors.Is(err, embedding.ErrNotBinary) {
		return m, err
	}
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
		return nil, fmt.Errorf("%s is a directory, not a manifest or a binary", path)
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

// readBinaryManifest reads the manifest embedded in a Go binary; a file that
// is not a binary is an error (embedding.ErrNotBinary). Scenario services
// given by `binary:` use it directly, loadManifest as its first try.
func readBinaryManifest(path string) (*manifest.Manifest, error) {
	payload, err := embedding.Read(path)
	if err != nil {
		return nil, err
	}
	return manifest.Decode(path+" (embedded manifest)", payload)
}
