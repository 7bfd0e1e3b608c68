package manifest

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The decoder reads both encodings into one small tree of nodes that carry
// their line and column, and then walks that tree strictly. Going through a
// tree of our own, rather than encoding/json or yaml.Unmarshal into the
// structs, is what lets every error name the line and the field path, and
// lets us refuse what a manifest never contains (YAML aliases, tags, deep
// nesting) before it can cost anything.

type nodeKind uint8

const (
	nullNode nodeKind = iota
	boolNode
	numberNode
	stringNode
	mapNode
	listNode
)

func (k nodeKind) String() string {
	return [...]string{"null", "boolean", "number", "string", "mapping", "list"}[k]
}

type node struct {
	kind      nodeKind
	line, col int    // 1-based; col counts characters
	value     string // scalars: the text as written (numbers) or the string value
	keys      []*node
	vals      []*node // mapping values, parallel to keys; list items
}

// maxDepth bounds nesting. A manifest is five levels deep; anything much
// deeper is not a manifest, and refusing it early keeps recursion shallow.
const maxDepth = 32

// maxNodes bounds the size of the tree built from one input (about 50 nodes
// per function, so a million covers 20,000 functions comfortably).
const maxNodes = 1 << 22

// parseError is a syntax error in the input, before any field is known.
type parseError struct {
	line, col int
	msg       string
}

func isJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// lineIndex converts byte offsets to 1-based line and column. Offsets
// mostly come in increasing order, so it remembers the last one and counts
// characters from there: counting from the start of the line each time is
// quadratic on a long single-line JSON document.
type lineIndex struct {
	data             []byte
	starts           []int
	lastOff, lastCol int
}

func newLineIndex(data []byte) *lineIndex {
	starts := []int{0}
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{data: data, starts: starts, lastCol: 1}
}

func (li *lineIndex) pos(off int) (line, col int) {
	off = min(max(off, 0), len(li.data))
	i := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	from, col := li.starts[i], 1
	if li.lastOff >= from && li.lastOff <= off {
		from, col = li.lastOff, li.lastCol
	}
	col += utf8.RuneCount(li.data[from:off])
	li.lastOff, li.lastCol = off, col
	return i + 1, col
}

// parseJSON reads data, which must hold exactly one JSON value (RFC 8259),
// into a tree. It is a small scanner of its own rather than encoding/json's
// tokenizer, which does not say where a token starts and allocates an error
// value for every scalar. Like encoding/json, it replaces invalid UTF-8 and
// lone surrogates in strings with U+FFFD.
func parseJSON(data []byte) (*node, *parseError) {
	s := &jsonScanner{data: data, li: newLineIndex(data)}
	root := s.value(0)
	if s.err != nil {
		return nil, s.err
	}
	s.skipSpace()
	if s.pos < len(data) {
		return nil, s.fail(s.pos, "data after the top-level value")
	}
	return root, nil
}

type jsonScanner struct {
	data  []byte
	pos   int
	li    *lineIndex
	count int
	err   *parseError
	buf   []byte // scratch for strings with escapes
}

// fail records a syntax error at offset off.
func (s *jsonScanner) fail(off int, format string, args ...any) *parseError {
	return s.refuse(off, "invalid JSON: "+format, args...)
}

// refuse records the first error at offset off.
func (s *jsonScanner) refuse(off int, format string, args ...any) *parseError {
	if s.err == nil {
		line, col := s.li.pos(off)
		s.err = &parseError{line, col, fmt.Sprintf(format, args...)}
	}
	return s.err
}

func (s *jsonScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or fails at the end.
func (s *jsonScanner) peek() (byte, bool) {
	s.skipSpace()
	if s.pos >= len(s.data) {
		s.fail(s.pos, "unexpected end of JSON input")
		return 0, false
	}
	return s.data[s.pos], true
}

func (s *jsonScanner) value(depth int) *node {
	c, ok := s.peek()
	if !ok {
		return nil
	}
	line, col := s.li.pos(s.pos)
	if s.count++; s.count > maxNodes {
		s.refuse(s.pos, "more than %d values", maxNodes)
		return nil
	}
	n := &node{line: line, col: col}
	switch {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			s.refuse(s.pos, "nested more than %d levels deep", maxDepth)
			return nil
		}
		s.pos++
		end := byte('}')
		n.kind = mapNode
		if c == '[' {
			end, n.kind = ']', listNode
		}
		if c, ok := s.peek(); ok && c == end {
			s.pos++
			return n
		}
		for s.err == nil {
			if n.kind == mapNode {
				c, ok := s.peek()
				if !ok {
					return nil
				}
				if c != '"' {
					s.fail(s.pos, "invalid character %s looking for beginning of object key string", quoteChar(c))
					return nil
				}
				k := s.value(depth + 1)
				if c, ok := s.peek(); !ok || c != ':' {
					if ok {
						s.fail(s.pos, "invalid character %s after object key", quoteChar(c))
					}
					return nil
				}
				s.pos++
				n.keys = append(n.keys, k)
			}
			v := s.value(depth + 1)
			if s.err != nil {
				return nil
			}
			n.vals = append(n.vals, v)
			c, ok := s.peek()
			switch {
			case !ok:
				return nil
			case c == ',':
				s.pos++
			case c == end:
				s.pos++
				return n
			case n.kind == mapNode:
				s.fail(s.pos, "invalid character %s after object key:value pair", quoteChar(c))
			default:
				s.fail(s.pos, "invalid character %s after array element", quoteChar(c))
			}
		}
		return nil
	case c == '"':
		n.kind, n.value = stringNode, s.str()
	case c == '-' || c >= '0' && c <= '9':
		n.kind, n.value = numberNode, s.number()
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range []string{"true", "false", "null"} {
			if bytes.HasPrefix(s.data[s.pos:], []byte(lit)) {
				s.pos += len(lit)
				n.kind, n.value = boolNode, lit
				if lit == "null" {
					n.kind, n.value = nullNode, ""
				}
				return n
			}
		}
		s.fail(s.pos, "invalid literal")
	default:
		s.fail(s.pos, "invalid character %s looking for beginning of value", quoteChar(c))
	}
	if s.err != nil {
		return nil
	}
	return n
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// str reads a string literal starting at the opening quote.
func (s *jsonScanner) str() string {
	start := s.pos
	s.pos++
	// Fast path: no escapes, plain ASCII.
	for i := s.pos; i < len(s.data); i++ {
		c := s.data[i]
		if c == '"' {
			s.pos = i + 1
			return string(s.data[start+1 : i])
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
	}
	b := s.buf[:0]
	for {
		if s.pos >= len(s.data) {
			s.fail(s.pos, "unexpected end of JSON input")
			return ""
		}
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			s.buf = b
			return string(b)
		case c < 0x20:
			s.fail(s.pos, "invalid character %s in string literal", quoteChar(c))
			return ""
		case c == '\\':
			if s.pos+1 >= len(s.data) {
				s.fail(s.pos+1, "unexpected end of JSON input")
				return ""
			}
			e := s.data[s.pos+1]
			s.pos += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := s.hex4()
				if !ok {
					return ""
				}
				if utf16.IsSurrogate(r) {
					r2 := unicode.ReplacementChar
					if bytes.HasPrefix(s.data[s.pos:], []byte(`\u`)) {
						save := s.pos
						s.pos += 2
						if lo, ok := s.hex4(); ok && utf16.DecodeRune(r, lo) != unicode.ReplacementChar {
							r2 = utf16.DecodeRune(r, lo)
						} else if s.err != nil {
							return ""
						} else {
							s.pos = save
						}
					}
					r = r2
				}
				b = utf8.AppendRune(b, r)
			default:
				s.fail(s.pos-1, "invalid character %s in string escape code", quoteChar(e))
				return ""
			}
		case c < 0x80:
			b = append(b, c)
			s.pos++
		default:
			r, size := utf8.DecodeRune(s.data[s.pos:])
			b = utf8.AppendRune(b, r) // RuneError for invalid UTF-8, as encoding/json does
			s.pos += size
		}
	}
}

func (s *jsonScanner) hex4() (rune, bool) {
	if s.pos+4 > len(s.data) {
		s.fail(len(s.data), "unexpected end of JSON input")
		return 0, false
	}
	v, err := strconv.ParseUint(string(s.data[s.pos:s.pos+4]), 16, 32)
	if err != nil {
		s.fail(s.pos, "invalid character in \\u escape")
		return 0, false
	}
	s.pos += 4
	return rune(v), true
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? and returns it
// as written.
func (s *jsonScanner) number() string {
	start := s.pos
	digits := func() int {
		n := 0
		for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	if s.data[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(s.data) && s.data[s.pos] == '0':
		s.pos++
	case digits() == 0:
		s.bad()
		return ""
	}
	if s.pos < len(s.data) && s.data[s.pos] == '.' {
		s.pos++
		if digits() == 0 {
			s.bad()
			return ""
		}
	}
	if s.pos < len(s.data) && (s.data[s.pos] == 'e' || s.data[s.pos] == 'E') {
		s.pos++
		if s.pos < len(s.data) && (s.data[s.pos] == '+' || s.data[s.pos] == '-') {
			s.pos++
		}
		if digits() == 0 {
			s.bad()
			return ""
		}
	}
	return string(s.data[start:s.pos])
}

func (s *jsonScanner) bad() {
	if s.pos >= len(s.data) {
		s.fail(s.pos, "unexpected end of JSON input")
		return
	}
	s.fail(s.pos, "invalid character %s in numeric literal", quoteChar(s.data[s.pos]))
}

// parseYAML reads data, which must hold one YAML document, into a tree.
// Aliases are refused (a manifest has no use for them, and expanding them is
// how a small document becomes a huge one), and so are tags other than the
// core schema's.
func parseYAML(data []byte) (*node, *parseError) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, &parseError{1, 1, "empty manifest"}
		}
		return nil, yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		line, col := extra.Line, extra.Column
		if err != nil {
			return nil, yamlError(err)
		}
		return nil, &parseError{line, col, "more than one YAML document"}
	}
	count := 0
	var conv func(y *yaml.Node, depth int) (*node, *parseError)
	conv = func(y *yaml.Node, depth int) (*node, *parseError) {
		n := &node{line: y.Line, col: y.Column}
		if count++; count > maxNodes {
			return nil, &parseError{y.Line, y.Column, fmt.Sprintf("more than %d values", maxNodes)}
		}
		if depth >= maxDepth {
			return nil, &parseError{y.Line, y.Column, fmt.Sprintf("nested more than %d levels deep", maxDepth)}
		}
		switch y.Kind {
		case yaml.DocumentNode:
			if len(y.Content) != 1 {
				return nil, &parseError{y.Line, y.Column, "empty manifest"}
			}
			return conv(y.Content[0], depth)
		case yaml.AliasNode:
			return nil, &parseError{y.Line, y.Column, "YAML aliases are not allowed in a manifest"}
		case yaml.MappingNode:
			n.kind = mapNode
			for i := 0; i+1 < len(y.Content); i += 2 {
				k, perr := conv(y.Content[i], depth+1)
				if perr != nil {
					return nil, perr
				}
				v, perr := conv(y.Content[i+1], depth+1)
				if perr != nil {
					return nil, perr
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
		case yaml.SequenceNode:
			n.kind = listNode
			for _, c := range y.Content {
				v, perr := conv(c, depth+1)
				if perr != nil {
					return nil, perr
				}
				n.vals = append(n.vals, v)
			}
		case yaml.ScalarNode:
			n.value = y.Value
			switch y.ShortTag() {
			case "!!str":
				n.kind = stringNode
			case "!!int", "!!float":
				n.kind = numberNode
			case "!!bool":
				n.kind = boolNode
			case "!!null":
				n.kind = nullNode
			default:
				return nil, &parseError{y.Line, y.Column, fmt.Sprintf("YAML tag %s is not allowed in a manifest", y.ShortTag())}
			}
		default:
			return nil, &parseError{y.Line, y.Column, "unexpected YAML node"}
		}
		return n, nil
	}
	return conv(&doc, 0)
}

// yamlError turns the YAML library's message ("yaml: line 3: did not find
// expected key") into a position and a message.
func yamlError(err error) *parseError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if _, serr := fmt.Sscanf(rest[:i], "%d", &line); serr == nil {
				msg = rest[i+2:]
			}
		}
	}
	return &parseError{line, 1, "invalid YAML: " + msg}
}
