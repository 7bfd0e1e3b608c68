package costmodel

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DataError is a problem in a profile or catalog file: it names the file,
// the line and the field, so that a user can go straight to it.
type DataError struct {
	File  string // file name as given, or "builtin:NAME.yaml" for embedded data
	Line  int    // 1-based; 0 when the position is unknown
	Field string // dotted path such as "ops.int.lat"; empty for the document
	Msg   string
}

func (e *DataError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString("field ")
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// maxDataSize bounds the files we accept; a profile is a few kilobytes.
const maxDataSize = 1 << 20

// decoder decodes a YAML document strictly into Go values: every key must
// name a field, every scalar must have the field's type, numbers must be
// finite, aliases and duplicate keys are rejected. It remembers the line of
// every field it decoded so that later validation can point at it.
type decoder struct {
	file  string
	lines map[string]int // field path -> line
}

func newDecoder(file string) *decoder { return &decoder{file: file, lines: map[string]int{}} }

func (d *decoder) errf(n *yaml.Node, field, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &DataError{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// at returns an error at the line where field was decoded (or its nearest
// decoded parent).
func (d *decoder) at(field, format string, args ...any) error {
	line := 0
	for p := field; ; {
		if l, ok := d.lines[p]; ok {
			line = l
			break
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return &DataError{File: d.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// decodeDocument parses data and decodes its single document into v.
func (d *decoder) decodeDocument(data []byte, v any) error {
	if len(data) > maxDataSize {
		return &DataError{File: d.file, Msg: fmt.Sprintf("file too large (%d bytes, limit %d)", len(data), maxDataSize)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := yamlErrorLine(err)
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.TrimPrefix(msg, fmt.Sprintf("line %d: ", line))
		return &DataError{File: d.file, Line: line, Msg: msg}
	}
	if doc.Kind == 0 {
		return &DataError{File: d.file, Line: 1, Msg: "empty document"}
	}
	return d.decode(&doc, "", reflect.ValueOf(v).Elem())
}

// yamlErrorLine extracts the line from a yaml.v3 syntax error ("yaml: line 3: ...").
func yamlErrorLine(err error) int {
	s := err.Error()
	i := strings.Index(s, "line ")
	if i < 0 {
		return 0
	}
	s = s[i+5:]
	j := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	n, _ := strconv.Atoi(s[:j])
	return n
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var textUnmarshaler = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()

func (d *decoder) decode(n *yaml.Node, path string, v reflect.Value) error {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) != 1 {
			return d.errf(n, path, "want exactly one YAML document")
		}
		return d.decode(n.Content[0], path, v)
	case yaml.AliasNode:
		return d.errf(n, path, "YAML aliases are not allowed")
	}
	if path != "" {
		d.lines[path] = n.Line
	}
	if v.CanAddr() && v.Addr().Type().Implements(textUnmarshaler) {
		if n.Kind != yaml.ScalarNode {
			return d.errf(n, path, "want a scalar, got %s", kindName(n))
		}
		if err := v.Addr().Interface().(interface{ UnmarshalText([]byte) error }).UnmarshalText([]byte(n.Value)); err != nil {
			return d.errf(n, path, "%v", err)
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return d.errf(n, path, "want a mapping, got %s", kindName(n))
		}
		fields := structFields(v.Type())
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return d.errf(k, path, "mapping key must be a scalar")
			}
			idx, ok := fields[k.Value]
			if !ok {
				return d.errf(k, join(path, k.Value), "unknown field (known: %s)", strings.Join(sortedKeys(fields), ", "))
			}
			if seen[k.Value] {
				return d.errf(k, join(path, k.Value), "duplicate field")
			}
			seen[k.Value] = true
			if err := d.decode(val, join(path, k.Value), v.Field(idx)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return d.errf(n, path, "want a mapping, got %s", kindName(n))
		}
		if v.Type().Key().Kind() != reflect.String {
			return d.errf(n, path, "internal error: map key type %s", v.Type().Key())
		}
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Value == "" {
				return d.errf(k, path, "mapping key must be a non-empty scalar")
			}
			key := reflect.ValueOf(k.Value).Convert(v.Type().Key())
			if v.MapIndex(key).IsValid() {
				return d.errf(k, join(path, k.Value), "duplicate key")
			}
			elem := reflect.New(v.Type().Elem()).Elem()
			if err := d.decode(val, join(path, k.Value), elem); err != nil {
				return err
			}
			v.SetMapIndex(key, elem)
		}
		return nil
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return d.errf(n, path, "want a list, got %s", kindName(n))
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			if err := d.decode(c, fmt.Sprintf("%s[%d]", path, i), s.Index(i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Pointer:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		p := reflect.New(v.Type().Elem())
		if err := d.decode(n, path, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	if n.Kind != yaml.ScalarNode {
		return d.errf(n, path, "want a scalar, got %s", kindName(n))
	}
	switch v.Kind() {
	case reflect.String:
		if n.Tag == "!!null" {
			return d.errf(n, path, "want a string, got null")
		}
		v.SetString(n.Value)
	case reflect.Float64:
		if n.Tag != "!!int" && n.Tag != "!!float" {
			return d.errf(n, path, "want a number, got %q", n.Value)
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return d.errf(n, path, "want a finite number, got %q", n.Value)
		}
		v.SetFloat(f)
	case reflect.Int:
		if n.Tag != "!!int" {
			return d.errf(n, path, "want an integer, got %q", n.Value)
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil || i != int64(int(i)) {
			return d.errf(n, path, "want an integer, got %q", n.Value)
		}
		v.SetInt(i)
	case reflect.Bool:
		if n.Tag != "!!bool" {
			return d.errf(n, path, "want true or false, got %q", n.Value)
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	default:
		return d.errf(n, path, "internal error: cannot decode into %s", v.Type())
	}
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// structFields maps the YAML names of t's fields to their indexes.
func structFields(t reflect.Type) map[string]int {
	m := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		m[name] = i
	}
	return m
}

func sortedKeys[K ~string, V any](m map[K]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, string(k))
	}
	slices.Sort(ks)
	return ks
}
