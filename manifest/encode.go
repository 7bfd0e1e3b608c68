package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// Formats lists the encodings Encode writes and Decode reads.
var Formats = []string{"json", "yaml"}

// Encode writes m in format "json" or "yaml". It writes a normalized copy
// (m itself is not changed), so equal manifests give identical bytes, and
// refuses a manifest that does not Validate, so that what it writes always
// decodes. Expressions are written as strings in canonical form.
func Encode(w io.Writer, m *Manifest, format string) error {
	if format != "json" && format != "yaml" {
		return fmt.Errorf("manifest: unknown format %q (want json or yaml)", format)
	}
	c := m.Clone()
	c.Normalize()
	if err := c.Validate(); err != nil {
		return fmt.Errorf("manifest: not encoding an invalid manifest:\n%w", err)
	}
	if c.Functions == nil {
		c.Functions = []Function{} // "functions": [], not null
	}
	var buf bytes.Buffer
	switch format {
	case "json":
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // names like "(*T).M" and "<-chan" stay readable
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
	case "yaml":
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
		if err := enc.Close(); err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}
