package manifest

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/perfcast/perfcast/manifest/expr"
)

// Error is one problem in a manifest: where it is and what is wrong.
type Error struct {
	File string // as given to Decode; empty for Validate
	Line int    // 1-based; 0 when not known (Validate works on values, not text)
	Col  int    // 1-based, in characters
	Path string // the field, e.g. "functions[3].cpu.int"; empty for syntax errors
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", e.Line, e.Col)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem Decode or Validate found, in the order of the
// input, one per line when printed. At most maxErrors are kept.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// maxErrors stops a badly broken file from producing pages of errors.
const maxErrors = 10

// Decode reads a manifest in YAML or JSON (a document starting with '{' is
// read as JSON, or, unless filename ends in .json, as YAML if it is not JSON)
// and checks it strictly: an unknown field, a value of the wrong type, a bad
// expression, an unknown op class, I/O kind, entry kind or confidence, a
// duplicate, an undeclared variable or an unsupported schema version is an
// error naming filename:line:col and the field path. The result is
// normalized (see Normalize). On error Decode returns nil and an Errors.
//
// Decode never panics; it bounds nesting and size and refuses YAML aliases,
// so hostile input costs little.
func Decode(filename string, data []byte) (*Manifest, error) {
	d := &decoder{file: filename, exprs: map[string]expr.Expr{}}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte order mark, as some editors write
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Errors{{File: filename, Line: 1, Col: 1, Msg: "empty manifest"}}
	}
	var root *node
	var perr *parseError
	if isJSON(data) {
		root, perr = parseJSON(data)
		if perr != nil && !strings.HasSuffix(filename, ".json") {
			// A YAML flow mapping ({schema: 1, ...}) starts like JSON.
			if yroot, yerr := parseYAML(data); yerr == nil {
				root, perr = yroot, nil
			}
		}
	} else {
		root, perr = parseYAML(data)
	}
	if perr != nil {
		return nil, Errors{{File: filename, Line: perr.line, Col: perr.col, Msg: perr.msg}}
	}
	m := d.manifest(root)
	// Check values too, but not in a scope (a function, or the top level)
	// that already has a syntax or type error: its values are incomplete,
	// and "missing confidence" after "confidence: expected a string" is noise.
	broken := map[string]bool{}
	for _, e := range d.errs {
		broken[errorScope(e.Path)] = true
	}
	for _, fe := range m.check() {
		if broken[errorScope(fe.path)] {
			continue
		}
		n := d.nodeFor(fe.path)
		d.add(&Error{File: filename, Line: n.line, Col: n.col, Path: fe.path, Msg: fe.msg})
	}
	if len(d.errs) > 0 {
		es := d.errs
		if len(es) > maxErrors { // the "too many errors" marker stays last
			es = es[:maxErrors]
		}
		slices.SortStableFunc(es, func(a, b *Error) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		return nil, d.errs
	}
	m.Normalize()
	return m, nil
}

// errorScope is the function an error path is in ("functions[3]"), or ""
// for the top level.
func errorScope(path string) string {
	if rest, ok := strings.CutPrefix(path, "functions["); ok {
		if i := strings.IndexByte(rest, ']'); i >= 0 {
			return path[:len("functions[")+i+1]
		}
	}
	return ""
}

type decoder struct {
	exprs map[string]expr.Expr // parsed expressions by text: they repeat ("1", "len(s)") and are immutable
	file  string
	errs  Errors
	root  *node
}

func (d *decoder) add(e *Error) {
	switch {
	case len(d.errs) < maxErrors:
		d.errs = append(d.errs, e)
	case len(d.errs) == maxErrors:
		d.errs = append(d.errs, &Error{File: d.file, Line: e.Line, Col: e.Col, Msg: "too many errors"})
	}
}

func (d *decoder) errorf(n *node, path, format string, args ...any) {
	d.add(&Error{File: d.file, Line: n.line, Col: n.col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// nodeFor finds the node of a field path such as "functions[3].cpu.int",
// or of its longest prefix that exists, by walking the tree again: errors
// are rare, so this is cheaper than remembering every node's path.
func (d *decoder) nodeFor(path string) *node {
	n := d.root
	for path != "" && n != nil {
		var seg string
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			i, err := strconv.Atoi(path[1:max(end, 1)])
			if end < 0 || err != nil || n.kind != listNode || i < 0 || i >= len(n.vals) {
				return n
			}
			n, path = n.vals[i], path[end+1:]
			continue
		}
		path = strings.TrimPrefix(path, ".")
		// Field names, op classes included, contain neither '.' nor '['.
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		seg, path = path[:end], path[end:]
		if n.kind != mapNode {
			return n
		}
		i := slices.IndexFunc(n.keys, func(k *node) bool { return k.kind == stringNode && k.value == seg })
		if i < 0 {
			return n
		}
		n = n.vals[i]
	}
	if n == nil {
		return d.root
	}
	return n
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// fields walks a mapping whose keys must be among known (any, if known is
// nil), calling fn for each; it reports unknown and repeated keys and
// returns the keys present.
func (d *decoder) fields(n *node, path string, known []string, fn func(key string, v *node, path string)) map[string]bool {
	seen := map[string]bool{}
	if !d.want(n, path, mapNode) {
		return seen
	}
	for i, k := range n.keys {
		if k.kind != stringNode {
			d.errorf(k, path, "field name must be a string, found %s %s", k.kind, k.value)
			continue
		}
		p := join(path, k.value)
		switch {
		case known != nil && !slices.Contains(known, k.value):
			d.errorf(k, p, "unknown field %q (known fields: %s)", k.value, strings.Join(known, ", "))
		case seen[k.value]:
			d.errorf(k, p, "field %q given twice", k.value)
		default:
			seen[k.value] = true
			fn(k.value, n.vals[i], p)
		}
	}
	return seen
}

// required reports the fields of known that the mapping n lacks.
func (d *decoder) required(n *node, path string, seen map[string]bool, names ...string) {
	if n.kind != mapNode {
		return // already reported as a wrong type
	}
	for _, f := range names {
		if !seen[f] {
			d.errorf(n, join(path, f), "missing required field %q", f)
		}
	}
}

func (d *decoder) want(n *node, path string, kind nodeKind) bool {
	if n.kind == kind {
		return true
	}
	d.errorf(n, path, "expected a %s, found %s", kind, describe(n))
	return false
}

func describe(n *node) string {
	switch n.kind {
	case stringNode:
		return "string " + strconv.Quote(n.value)
	case numberNode, boolNode:
		return n.kind.String() + " " + n.value
	}
	return n.kind.String()
}

func (d *decoder) str(n *node, path string) string {
	if !d.want(n, path, stringNode) {
		return ""
	}
	return n.value
}

func (d *decoder) strs(n *node, path string) []string {
	if !d.want(n, path, listNode) {
		return nil
	}
	var out []string
	for i, v := range n.vals {
		out = append(out, d.str(v, index(path, i)))
	}
	return out
}

// number reads a finite number. YAML's integer forms (0x1f, 0o17, 1_000) are
// accepted, since YAML tags them as integers.
func (d *decoder) number(n *node, path string) float64 {
	if !d.want(n, path, numberNode) {
		return 0
	}
	v, err := strconv.ParseFloat(n.value, 64)
	switch strings.ToLower(strings.TrimLeft(n.value, "+-")) {
	case ".inf", ".nan":
		v, err = math.Inf(1), nil
	}
	if err != nil {
		i, ierr := strconv.ParseInt(strings.ReplaceAll(n.value, "_", ""), 0, 64)
		if ierr != nil {
			d.errorf(n, path, "bad number %s", n.value)
			return 0
		}
		v, err = float64(i), nil
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		d.errorf(n, path, "number %s is not finite", n.value)
		return 0
	}
	return v
}

// expression reads a cost expression: a string in the grammar of
// manifest/expr, or a plain number for a constant.
func (d *decoder) expression(n *node, path string) expr.Expr {
	switch n.kind {
	case numberNode:
		return expr.Const(d.number(n, path))
	case stringNode:
		if e, ok := d.exprs[n.value]; ok {
			return e
		}
		e, err := expr.Parse(n.value)
		if err != nil {
			d.errorf(n, path, "%v", err)
			return e
		}
		d.exprs[n.value] = e
		return e
	}
	d.errorf(n, path, "expected an expression (a string or a number), found %s", describe(n))
	return expr.Expr{}
}

func (d *decoder) manifest(root *node) *Manifest {
	d.root = root
	m := &Manifest{}
	if !d.want(root, "", mapNode) {
		return m
	}
	// The version comes first: fields of a newer schema are not errors of
	// this one, so do not report them.
	i := slices.IndexFunc(root.keys, func(k *node) bool { return k.kind == stringNode && k.value == "schema" })
	if i < 0 {
		d.errorf(root, "schema", "missing required field \"schema\" (the schema version; %s)", supportedText())
		return m
	}
	sv := root.vals[i]
	v := d.number(sv, "schema")
	if len(d.errs) > 0 {
		return m
	}
	if v != math.Trunc(v) || !Supported(int(v)) {
		d.errorf(sv, "schema", "unsupported schema version %s; %s", sv.value, supportedText())
		return m
	}
	m.Schema = int(v)
	seen := d.fields(root, "", []string{"schema", "generator", "module", "build", "functions"}, func(key string, n *node, path string) {
		switch key {
		case "generator":
			m.Generator = d.str(n, path)
		case "module":
			ms := d.fields(n, path, []string{"path", "version"}, func(key string, n *node, path string) {
				switch key {
				case "path":
					m.Module.Path = d.str(n, path)
				case "version":
					m.Module.Version = d.str(n, path)
				}
			})
			d.required(n, path, ms, "path")
		case "build":
			d.fields(n, path, []string{"go", "goos", "goarch", "goamd64"}, func(key string, n *node, path string) {
				s := d.str(n, path)
				switch key {
				case "go":
					m.Build.GoVersion = s
				case "goos":
					m.Build.GOOS = s
				case "goarch":
					m.Build.GOARCH = s
				case "goamd64":
					m.Build.GOAMD64 = s
				}
			})
		case "functions":
			if d.want(n, path, listNode) {
				m.Functions = make([]Function, len(n.vals))
				for i, fn := range n.vals {
					d.function(fn, index(path, i), &m.Functions[i])
				}
			}
		}
	})
	d.required(root, "", seen, "module")
	return m
}

func (d *decoder) function(n *node, path string, f *Function) {
	known := []string{"name", "pos", "entry", "vars", "cpu", "alloc", "io", "callees", "confidence", "notes"}
	seen := d.fields(n, path, known, func(key string, n *node, path string) {
		switch key {
		case "name":
			f.Name = d.str(n, path)
		case "pos":
			f.Pos = d.str(n, path)
		case "entry":
			for _, s := range d.strs(n, path) {
				f.Entry = append(f.Entry, EntryKind(s))
			}
		case "vars":
			if d.want(n, path, listNode) {
				f.Vars = make([]Var, len(n.vals))
				for i, vn := range n.vals {
					p := index(path, i)
					v := &f.Vars[i]
					vs := d.fields(vn, p, []string{"name", "default", "origin"}, func(key string, n *node, path string) {
						switch key {
						case "name":
							v.Name = d.str(n, path)
						case "default":
							v.Default = d.number(n, path)
						case "origin":
							v.Origin = d.str(n, path)
						}
					})
					d.required(vn, p, vs, "name", "default")
				}
			}
		case "cpu":
			if d.want(n, path, mapNode) {
				f.CPU = map[OpClass]expr.Expr{}
				// Op classes are checked with the other values, in check.
				d.fields(n, path, nil, func(key string, n *node, path string) {
					f.CPU[OpClass(key)] = d.expression(n, path)
				})
			}
		case "alloc":
			d.fields(n, path, []string{"count", "bytes"}, func(key string, n *node, path string) {
				if key == "count" {
					f.Alloc.Count = d.expression(n, path)
				} else {
					f.Alloc.Bytes = d.expression(n, path)
				}
			})
		case "io":
			if d.want(n, path, listNode) {
				f.IO = make([]IO, len(n.vals))
				for i, in := range n.vals {
					p := index(path, i)
					io := &f.IO[i]
					is := d.fields(in, p, []string{"kind", "count", "bytes"}, func(key string, n *node, path string) {
						switch key {
						case "kind":
							io.Kind = IOKind(d.str(n, path))
						case "count":
							io.Count = d.expression(n, path)
						case "bytes":
							io.Bytes = d.expression(n, path)
						}
					})
					d.required(in, p, is, "kind", "count")
				}
			}
		case "callees":
			f.Callees = d.strs(n, path)
		case "confidence":
			f.Confidence = Confidence(d.str(n, path))
		case "notes":
			f.Notes = d.strs(n, path)
		}
	})
	d.required(n, path, seen, "name", "confidence")
}
