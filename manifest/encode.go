package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/perfcast/perfcast/manifest/expr"
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
		if err := encodeYAML(&buf, c); err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// encodeYAML writes m in YAML by hand. The schema is fixed and small, and
// the YAML library's encoder keeps every event of a document until it is
// closed, which costs hundreds of megabytes for a few thousand functions.
// Strings are written plain when that is unambiguous and double-quoted
// otherwise; FuzzDecode checks that whatever this writes decodes back.
func encodeYAML(w *bytes.Buffer, m *Manifest) error {
	y := yamlWriter{w}
	fmt.Fprintf(w, "schema: %d\n", m.Schema)
	y.field(0, "generator", m.Generator)
	w.WriteString("module:\n")
	y.field(2, "path", m.Module.Path)
	y.optional(2, "version", m.Module.Version)
	w.WriteString("build:\n")
	y.field(2, "go", m.Build.GoVersion)
	y.field(2, "goos", m.Build.GOOS)
	y.field(2, "goarch", m.Build.GOARCH)
	y.optional(2, "goamd64", m.Build.GOAMD64)
	if len(m.Functions) == 0 {
		w.WriteString("functions: []\n")
		return nil
	}
	w.WriteString("functions:\n")
	for i := range m.Functions {
		f := &m.Functions[i]
		w.WriteString("  - ")
		y.field(-1, "name", f.Name)
		y.field(4, "pos", f.Pos)
		if len(f.Entry) > 0 {
			w.WriteString("    entry:\n")
			for _, e := range f.Entry {
				w.WriteString("      - ")
				w.WriteString(yamlString(string(e)))
				w.WriteByte('\n')
			}
		}
		if len(f.Vars) > 0 {
			w.WriteString("    vars:\n")
			for _, v := range f.Vars {
				w.WriteString("      - ")
				y.field(-1, "name", v.Name)
				w.WriteString("        default: ")
				w.WriteString(yamlNumber(v.Default))
				w.WriteByte('\n')
				y.optional(8, "origin", v.Origin)
			}
		}
		if len(f.CPU) > 0 {
			w.WriteString("    cpu:\n")
			for _, c := range slices.Sorted(maps.Keys(f.CPU)) {
				y.expr(6, string(c), f.CPU[c])
			}
		}
		if !f.Alloc.IsZero() {
			w.WriteString("    alloc:\n")
			if !f.Alloc.Count.IsZero() {
				y.expr(6, "count", f.Alloc.Count)
			}
			if !f.Alloc.Bytes.IsZero() {
				y.expr(6, "bytes", f.Alloc.Bytes)
			}
		}
		if len(f.IO) > 0 {
			w.WriteString("    io:\n")
			for _, io := range f.IO {
				w.WriteString("      - ")
				y.field(-1, "kind", string(io.Kind))
				y.expr(8, "count", io.Count)
				if !io.Bytes.IsZero() {
					y.expr(8, "bytes", io.Bytes)
				}
			}
		}
		y.list(4, "callees", f.Callees)
		y.field(4, "confidence", string(f.Confidence))
		y.list(4, "notes", f.Notes)
	}
	return nil
}

type yamlWriter struct{ w *bytes.Buffer }

// field writes "key: value" indented by indent spaces (none if indent < 0,
// for the first field of a list item, which follows "- ").
func (y yamlWriter) field(indent int, key, value string) {
	for range indent {
		y.w.WriteByte(' ')
	}
	y.w.WriteString(key)
	y.w.WriteString(": ")
	y.w.WriteString(yamlString(value))
	y.w.WriteByte('\n')
}

func (y yamlWriter) optional(indent int, key, value string) {
	if value != "" {
		y.field(indent, key, value)
	}
}

// expr writes a cost: a constant as a number, anything else as a string.
func (y yamlWriter) expr(indent int, key string, e expr.Expr) {
	for range indent {
		y.w.WriteByte(' ')
	}
	y.w.WriteString(key)
	y.w.WriteString(": ")
	if c, ok := e.Constant(); ok {
		y.w.WriteString(yamlNumber(c))
	} else {
		y.w.WriteString(yamlString(e.String()))
	}
	y.w.WriteByte('\n')
}

func (y yamlWriter) list(indent int, key string, items []string) {
	if len(items) == 0 {
		return
	}
	pad := strings.Repeat(" ", indent)
	y.w.WriteString(pad + key + ":\n")
	for _, s := range items {
		y.w.WriteString(pad + "  - " + yamlString(s) + "\n")
	}
}

// yamlNumber formats v as expr does: positional for ordinary magnitudes and
// the shortest digits that read back exactly.
func yamlNumber(v float64) string {
	if a := math.Abs(v); a == 0 || a >= 1e-4 && a < 1e21 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// yamlString writes s as a plain scalar when YAML reads it back as the same
// string, and double-quoted otherwise. Plain is allowed only for a
// conservative set: no leading indicator, no leading digit or sign unless the
// text is plainly an expression (so never a number, date or time), no ": "
// or " #", no characters outside a safe ASCII set, and no word YAML 1.1
// reads as a boolean or null.
func yamlString(s string) string {
	if plainSafe(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x80:
			b.WriteRune(r)
		case r == 0xfeff || r == 0x85 || r == 0x2028 || r == 0x2029 || !unicode.IsPrint(r):
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plainSafe(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	c := s[0]
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '(' || c == '/':
	case c >= '0' && c <= '9' || c == '-' && len(s) > 1 && s[1] != ' ':
		// An expression such as "40 + 6*n" or "2*len(s)". Numbers, dates
		// and times never contain these, and a time always has a colon.
		if strings.Contains(s, ":") || !strings.ContainsAny(s, "*(") && !strings.Contains(s, " + ") && !strings.Contains(s, " - ") {
			return false
		}
	default:
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
		case strings.IndexByte("_./()*+-^$=<>;[]{},", c) >= 0:
			// Brackets and commas are only special in flow context, and
			// nothing here is written in flow context.
		case c == ' ':
			if i+1 < len(s) && (s[i+1] == '#' || s[i+1] == ' ') {
				return false
			}
		case c == ':':
			if i+1 == len(s) || s[i+1] == ' ' {
				return false
			}
		case c == '#':
			// Safe after a non-space (checked at the space).
		default:
			return false
		}
	}
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
		return false
	}
	return true
}
