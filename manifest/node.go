package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
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

// parseJSON reads data, which must hold exactly one JSON value, into a tree.
// It uses encoding/json's tokenizer, which does not recurse, and tracks
// offsets itself to attach positions.
func parseJSON(data []byte) (*node, *parseError) {
	li := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	count := 0
	// start returns the offset where the next token begins: encoding/json
	// reports only where the previous one ended, and between tokens there is
	// nothing but white space, commas and colons.
	start := func() int {
		off := int(dec.InputOffset())
		for off < len(data) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
			off++
		}
		return off
	}
	fail := func(err error) *parseError {
		off := int(dec.InputOffset())
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		line, col := li.pos(off)
		msg := err.Error()
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			msg = "unexpected end of JSON input"
		}
		return &parseError{line, col, "invalid JSON: " + msg}
	}
	var value func(depth int) (*node, *parseError)
	value = func(depth int) (*node, *parseError) {
		off := start()
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		line, col := li.pos(off)
		if count++; count > maxNodes {
			return nil, &parseError{line, col, fmt.Sprintf("more than %d values", maxNodes)}
		}
		n := &node{line: line, col: col}
		switch t := tok.(type) {
		case nil:
			n.kind = nullNode
		case bool:
			n.kind, n.value = boolNode, fmt.Sprint(t)
		case json.Number:
			n.kind, n.value = numberNode, string(t)
		case string:
			n.kind, n.value = stringNode, t
		case json.Delim:
			if depth >= maxDepth {
				return nil, &parseError{line, col, fmt.Sprintf("nested more than %d levels deep", maxDepth)}
			}
			switch t {
			case '{':
				n.kind = mapNode
				for dec.More() {
					k, perr := value(depth + 1)
					if perr != nil {
						return nil, perr
					}
					v, perr := value(depth + 1)
					if perr != nil {
						return nil, perr
					}
					n.keys = append(n.keys, k)
					n.vals = append(n.vals, v)
				}
			case '[':
				n.kind = listNode
				for dec.More() {
					v, perr := value(depth + 1)
					if perr != nil {
						return nil, perr
					}
					n.vals = append(n.vals, v)
				}
			}
			if _, err := dec.Token(); err != nil { // the closing delimiter
				return nil, fail(err)
			}
		}
		return n, nil
	}
	root, perr := value(0)
	if perr != nil {
		return nil, perr
	}
	if off := start(); off < len(data) {
		line, col := li.pos(off)
		return nil, &parseError{line, col, "invalid JSON: data after the top-level value"}
	}
	return root, nil
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
