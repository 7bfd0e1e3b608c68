package manifest

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/perfcast/perfcast/manifest/expr"
)

// SupportedSchemas lists the schema versions this package reads, oldest
// first. Writing always uses SchemaVersion.
var SupportedSchemas = []int{1, 2, 3, SchemaVersion}

// opClassSince is the schema version that introduced an op class, for the
// classes added after version 1: an older manifest may not use them.
var opClassSince = map[OpClass]int{OpChase: 2, OpDescent: 2, OpMispredict: 3, OpAtomic: 4}

// Supported reports whether this package reads schema version v.
func Supported(v int) bool { return slices.Contains(SupportedSchemas, v) }

func supportedText() string {
	vs := make([]string, len(SupportedSchemas))
	for i, v := range SupportedSchemas {
		vs[i] = strconv.Itoa(v)
	}
	if len(vs) == 1 {
		return "this perfcast reads version " + vs[0]
	}
	return "this perfcast reads versions " + strings.Join(vs, ", ")
}

// EntryKinds lists every entry kind, sorted.
var EntryKinds = []EntryKind{EntryBenchmark, EntryExported, EntryHTTP, EntryMain}

// Confidences lists the confidence levels from most to least certain.
var Confidences = []Confidence{Exact, Bounded, Estimated}

// IsZero reports whether a is no allocation at all.
func (a Alloc) IsZero() bool { return a.Count.IsZero() && a.Bytes.IsZero() }

// fieldError is a problem with a value, by field path.
type fieldError struct{ path, msg string }

// Validate checks what Decode checks beyond syntax and types: a supported
// schema, a module path, function names present and unique, known op
// classes, I/O kinds, entry kinds and confidence levels, variable names
// valid, unique and with finite non-negative defaults, every variable a cost
// uses declared in the function's vars, no negative constant cost, and
// positions of the form file:line[:col]. It returns nil or an Errors whose
// paths index the functions as they are (before Normalize).
func (m *Manifest) Validate() error {
	var es Errors
	for _, fe := range m.check() {
		if len(es) == maxErrors {
			es = append(es, &Error{Msg: "too many errors"})
			break
		}
		es = append(es, &Error{Path: fe.path, Msg: fe.msg})
	}
	if len(es) == 0 {
		return nil
	}
	return es
}

func (m *Manifest) check() []fieldError {
	var errs []fieldError
	add := func(path, format string, args ...any) {
		errs = append(errs, fieldError{path, fmt.Sprintf(format, args...)})
	}
	if !Supported(m.Schema) {
		add("schema", "unsupported schema version %d; %s", m.Schema, supportedText())
	}
	if m.Module.Path == "" {
		add("module.path", "missing module path")
	}
	first := map[string]int{}
	for i := range m.Functions {
		f := &m.Functions[i]
		p := index("functions", i)
		if f.Name == "" {
			add(join(p, "name"), "missing function name")
		} else if j, dup := first[f.Name]; dup {
			add(join(p, "name"), "duplicate function %q (also functions[%d])", f.Name, j)
		} else {
			first[f.Name] = i
		}
		if f.Pos != "" && !validPos(f.Pos) {
			add(join(p, "pos"), "position %q is not file:line or file:line:col", f.Pos)
		}
		for j, k := range f.Entry {
			if !slices.Contains(EntryKinds, k) {
				add(index(join(p, "entry"), j), "unknown entry kind %q (known: %s)", k, list(EntryKinds))
			}
		}
		declared := map[string]bool{}
		for j, v := range f.Vars {
			vp := index(join(p, "vars"), j)
			if err := expr.ValidVar(v.Name); err != nil {
				add(join(vp, "name"), "%v", err)
			} else if declared[v.Name] {
				add(join(vp, "name"), "variable %q declared twice", v.Name)
			}
			declared[v.Name] = true
			if math.IsNaN(v.Default) || math.IsInf(v.Default, 0) || v.Default < 0 {
				add(join(vp, "default"), "default %v of %s must be a finite number >= 0", v.Default, v.Name)
			}
		}
		cost := func(path string, e expr.Expr) {
			for _, name := range e.Vars() {
				if !declared[name] {
					add(path, "variable %s in %q is not declared in %s.vars", name, e, p)
				}
			}
			if c, ok := e.Constant(); ok && c < 0 {
				add(path, "negative cost %v", c)
			}
		}
		for _, c := range slices.Sorted(maps.Keys(f.CPU)) {
			cp := join(join(p, "cpu"), string(c))
			if !slices.Contains(OpClasses, c) {
				add(cp, "unknown op class %q (known: %s)", c, list(OpClasses))
				continue
			}
			if v := opClassSince[c]; v > m.Schema && Supported(m.Schema) {
				add(cp, "op class %q needs schema version %d or later (this manifest is version %d)", c, v, m.Schema)
				continue
			}
			cost(cp, f.CPU[c])
		}
		cost(join(p, "alloc.count"), f.Alloc.Count)
		cost(join(p, "alloc.bytes"), f.Alloc.Bytes)
		kinds := map[IOKind]bool{}
		for j, io := range f.IO {
			ip := index(join(p, "io"), j)
			switch {
			case !slices.Contains(IOKinds, io.Kind):
				add(join(ip, "kind"), "unknown I/O kind %q (known: %s)", io.Kind, list(IOKinds))
			case kinds[io.Kind]:
				add(join(ip, "kind"), "I/O kind %q listed twice", io.Kind)
			}
			kinds[io.Kind] = true
			cost(join(ip, "count"), io.Count)
			cost(join(ip, "bytes"), io.Bytes)
		}
		for j, c := range f.Callees {
			if c == "" {
				add(index(join(p, "callees"), j), "empty callee name")
			}
		}
		switch {
		case f.Confidence == "":
			add(join(p, "confidence"), "missing confidence (one of %s)", list(Confidences))
		case !slices.Contains(Confidences, f.Confidence):
			add(join(p, "confidence"), "unknown confidence %q (known: %s)", f.Confidence, list(Confidences))
		}
	}
	return errs
}

func list[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// validPos reports whether pos is file:line or file:line:col with a
// non-empty file and positive numbers. The file may itself contain colons
// (C:\src\a.go:3:4), so the numbers are taken from the right.
func validPos(pos string) bool {
	num := func(s string) bool { n, err := strconv.Atoi(s); return err == nil && n > 0 && s[0] != '+' }
	rest, last, ok := cutLast(pos)
	if !ok || !num(last) {
		return false
	}
	if file, line, ok := cutLast(rest); ok && num(line) && file != "" {
		return true
	}
	return rest != ""
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// Normalize puts m in the one form Encode writes, so that equal manifests
// encode to identical bytes: functions sorted by name; in each function,
// entry kinds, callees and notes sorted without repeats, vars sorted by
// name, CPU entries whose count is 0 dropped, I/O entries of one kind merged
// (counts and bytes added), those with zero count and bytes dropped, and the
// rest sorted by kind; empty lists and maps become nil.
func (m *Manifest) Normalize() {
	slices.SortStableFunc(m.Functions, func(a, b Function) int { return strings.Compare(a.Name, b.Name) })
	for i := range m.Functions {
		f := &m.Functions[i]
		f.Entry = sortedSet(f.Entry)
		f.Callees = sortedSet(f.Callees)
		f.Notes = sortedSet(f.Notes)
		slices.SortStableFunc(f.Vars, func(a, b Var) int { return strings.Compare(a.Name, b.Name) })
		if len(f.Vars) == 0 {
			f.Vars = nil
		}
		maps.DeleteFunc(f.CPU, func(_ OpClass, e expr.Expr) bool { return e.IsZero() })
		if len(f.CPU) == 0 {
			f.CPU = nil
		}
		var ios []IO
		for _, io := range f.IO {
			if j := slices.IndexFunc(ios, func(x IO) bool { return x.Kind == io.Kind }); j >= 0 {
				ios[j].Count = expr.Add(ios[j].Count, io.Count)
				ios[j].Bytes = expr.Add(ios[j].Bytes, io.Bytes)
				continue
			}
			ios = append(ios, io)
		}
		ios = slices.DeleteFunc(ios, func(io IO) bool { return io.Count.IsZero() && io.Bytes.IsZero() })
		slices.SortFunc(ios, func(a, b IO) int { return cmp.Compare(a.Kind, b.Kind) })
		f.IO = ios
	}
	if len(m.Functions) == 0 {
		m.Functions = nil
	}
}

func sortedSet[T cmp.Ordered](xs []T) []T {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	return slices.Compact(xs)
}

// Clone returns a copy of m that shares nothing mutable with it
// (expressions are immutable and shared).
func (m *Manifest) Clone() *Manifest {
	c := *m
	c.Functions = slices.Clone(m.Functions)
	for i := range c.Functions {
		f := &c.Functions[i]
		f.Entry = slices.Clone(f.Entry)
		f.Vars = slices.Clone(f.Vars)
		f.CPU = maps.Clone(f.CPU)
		f.IO = slices.Clone(f.IO)
		f.Callees = slices.Clone(f.Callees)
		f.Notes = slices.Clone(f.Notes)
	}
	return &c
}
