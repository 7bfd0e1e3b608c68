package simulate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ScenarioError is a problem in a scenario file, with where it is.
type ScenarioError struct {
	File  string
	Line  int
	Col   int
	Field string // dotted path, e.g. "services[0].replicas"
	Msg   string
}

func (e *ScenarioError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Field, e.Msg)
	}
	return fmt.Sprintf("%s: %s", loc, e.Msg)
}

// Pos is where a scenario item is written.
type Pos struct {
	File  string         `json:"-" yaml:"-"`
	Line  int            `json:"-" yaml:"-"`
	Col   int            `json:"-" yaml:"-"`
	Field string         `json:"-" yaml:"-"`
	keys  map[string]Pos // where each field's value is, for errors found after decoding
}

// FieldPos returns where field's value was written, or nil if it was not.
func (p Pos) FieldPos(field string) *Pos {
	if q, ok := p.keys[field]; ok {
		return &q
	}
	return nil
}

// at returns the position of field's value, or p itself.
func (p Pos) at(field string) Pos {
	if q, ok := p.keys[field]; ok {
		return q
	}
	q := p
	q.keys = nil
	if q.Field != "" {
		q.Field += "." + field
	} else {
		q.Field = field
	}
	return q
}

func (p Pos) errorf(format string, args ...any) error {
	return &ScenarioError{File: p.File, Line: p.Line, Col: p.Col, Field: p.Field, Msg: fmt.Sprintf(format, args...)}
}

// decoder walks a yaml.Node tree strictly: every key must be known, every
// value of the right shape, and every error names file:line:col and field.
type decoder struct {
	file   string
	budget int // nodes left to visit; aliases could otherwise blow up
}

func (d *decoder) pos(n *yaml.Node, field string) Pos {
	return Pos{File: d.file, Line: n.Line, Col: n.Column, Field: field}
}

func (d *decoder) errf(n *yaml.Node, field, format string, args ...any) error {
	return d.pos(n, field).errorf(format, args...)
}

// resolve follows aliases and charges the node budget.
func (d *decoder) resolve(n *yaml.Node, field string) (*yaml.Node, error) {
	for i := 0; n.Kind == yaml.AliasNode; i++ {
		if n.Alias == nil || i > 100 {
			return nil, d.errf(n, field, "bad alias")
		}
		n = n.Alias
	}
	d.budget--
	if d.budget < 0 {
		return nil, d.errf(n, field, "document too large (more than %d nodes, counting aliases)", maxNodes)
	}
	return n, nil
}

const maxNodes = 1_000_000

type fields map[string]func(n *yaml.Node, field string) error

// mapping decodes a mapping node, calling the function of each key; an
// unknown or repeated key is an error listing the known ones.
func (d *decoder) mapping(n *yaml.Node, field string, fs fields) error {
	return d.mappingPos(n, field, fs, nil)
}

// mappingPos is mapping that also records in p where each field's value is.
func (d *decoder) mappingPos(n *yaml.Node, field string, fs fields, p *Pos) error {
	n, err := d.resolve(n, field)
	if err != nil {
		return err
	}
	if n.Kind != yaml.MappingNode {
		return d.errf(n, field, "want a mapping with keys %s, got %s", knownKeys(fs), describe(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return d.errf(k, field, "keys must be plain names")
		}
		sub := k.Value
		if field != "" {
			sub = field + "." + k.Value
		}
		fn, ok := fs[k.Value]
		if !ok {
			return d.errf(k, sub, "unknown field (known: %s)", knownKeys(fs))
		}
		if seen[k.Value] {
			return d.errf(k, sub, "repeated field")
		}
		seen[k.Value] = true
		if p != nil {
			if p.keys == nil {
				p.keys = map[string]Pos{}
			}
			p.keys[k.Value] = d.pos(v, sub)
		}
		if err := fn(v, sub); err != nil {
			return err
		}
	}
	return nil
}

func knownKeys(fs fields) string {
	ks := make([]string, 0, len(fs))
	for k := range fs {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ", ")
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// sequence decodes a list, calling fn for each item.
func (d *decoder) sequence(n *yaml.Node, field string, fn func(n *yaml.Node, field string) error) error {
	n, err := d.resolve(n, field)
	if err != nil {
		return err
	}
	if n.Kind != yaml.SequenceNode {
		return d.errf(n, field, "want a list, got %s", describe(n))
	}
	for i, it := range n.Content {
		if err := fn(it, fmt.Sprintf("%s[%d]", field, i)); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) scalar(n *yaml.Node, field string) (*yaml.Node, error) {
	n, err := d.resolve(n, field)
	if err != nil {
		return nil, err
	}
	if n.Kind != yaml.ScalarNode {
		return nil, d.errf(n, field, "want a single value, got %s", describe(n))
	}
	return n, nil
}

func (d *decoder) str(p *string) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		n, err := d.scalar(n, field)
		if err != nil {
			return err
		}
		*p = n.Value
		return nil
	}
}

// name decodes a non-empty identifier-like name.
func (d *decoder) name(p *string) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		n, err := d.scalar(n, field)
		if err != nil {
			return err
		}
		if n.Value == "" || strings.ContainsAny(n.Value, " \t\n=") {
			return d.errf(n, field, "%q is not a usable name (non-empty, no spaces or '=')", n.Value)
		}
		*p = n.Value
		return nil
	}
}

func (d *decoder) boolean(p *bool) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		n, err := d.scalar(n, field)
		if err != nil {
			return err
		}
		b, err := strconv.ParseBool(n.Value)
		if err != nil {
			return d.errf(n, field, "want true or false, got %q", n.Value)
		}
		*p = b
		return nil
	}
}

// number decodes a finite number in [lo, hi].
func (d *decoder) number(p *float64, lo, hi float64) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		n, err := d.scalar(n, field)
		if err != nil {
			return err
		}
		v, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return d.errf(n, field, "want a number, got %q", n.Value)
		}
		if v < lo || v > hi {
			return d.errf(n, field, "%v is out of range [%v, %v]", v, lo, hi)
		}
		*p = v
		return nil
	}
}

func (d *decoder) integer(p *int64, lo, hi int64) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		n, err := d.scalar(n, field)
		if err != nil {
			return err
		}
		v, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(n.Value, 64)
			if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1<<62 {
				return d.errf(n, field, "want a whole number, got %q", n.Value)
			}
			v = int64(f)
		}
		if v < lo || v > hi {
			return d.errf(n, field, "%d is out of range [%d, %d]", v, lo, hi)
		}
		*p = v
		return nil
	}
}

func (d *decoder) intField(p *int, lo, hi int) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		var v int64
		if err := d.integer(&v, int64(lo), int64(hi))(n, field); err != nil {
			return err
		}
		*p = int(v)
		return nil
	}
}

// Unit is how a scenario number is written.
type Unit uint8

// Units of scenario quantities.
const (
	UnitNone     Unit = iota // a plain number
	UnitDuration             // seconds, or a Go duration such as "150ms", "2s", "10us"
	UnitBytes                // bytes, or with a suffix: KiB, MiB, GiB, TiB, kB, MB, GB (also Ki, Mi, Gi)
	UnitCPU                  // cores, or millicores such as "500m"
)

var byteSuffixes = []struct {
	s string
	m float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"Ti", 1 << 40},
	{"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1},
}

// parseQuantity parses s in unit u into seconds, bytes, cores or a number.
func parseQuantity(s string, u Unit) (float64, error) {
	s = strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%q is not a finite number", s)
		}
		return v, nil
	}
	switch u {
	case UnitDuration:
		dur, err := time.ParseDuration(s)
		if err != nil {
			return 0, fmt.Errorf("want seconds or a duration such as 150ms, got %q", s)
		}
		return dur.Seconds(), nil
	case UnitBytes:
		for _, suf := range byteSuffixes {
			if num, ok := strings.CutSuffix(s, suf.s); ok {
				v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
				if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
					return v * suf.m, nil
				}
			}
		}
		return 0, fmt.Errorf("want bytes or a size such as 256MiB, got %q", s)
	case UnitCPU:
		if num, ok := strings.CutSuffix(s, "m"); ok {
			v, err := strconv.ParseFloat(num, 64)
			if err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
				return v / 1000, nil
			}
		}
		return 0, fmt.Errorf("want cores or millicores such as 500m, got %q", s)
	}
	return 0, fmt.Errorf("want a number, got %q", s)
}

// quantity decodes a value in unit u within [lo, hi].
func (d *decoder) quantity(p *float64, u Unit, lo, hi float64) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		n, err := d.scalar(n, field)
		if err != nil {
			return err
		}
		v, err := parseQuantity(n.Value, u)
		if err != nil {
			return d.errf(n, field, "%v", err)
		}
		if v < lo || v > hi {
			return d.errf(n, field, "%s is out of range [%v, %v]", n.Value, lo, hi)
		}
		*p = v
		return nil
	}
}

// DistSpec is a distribution as written in a scenario.
type DistSpec struct {
	Pos
	Dist
}

// dist decodes a distribution: a bare value means a constant; otherwise
// a mapping with "dist" and that family's parameters.
func (d *decoder) dist(p *DistSpec, u Unit) func(*yaml.Node, string) error {
	return func(n *yaml.Node, field string) error {
		n, err := d.resolve(n, field)
		if err != nil {
			return err
		}
		p.Pos = d.pos(n, field)
		const big = 1e12
		if n.Kind == yaml.ScalarNode {
			p.Dist = Dist{Kind: Constant}
			return d.quantity(&p.Mean, u, 0, big)(n, field)
		}
		// Find the family first, so the allowed keys can depend on it.
		kind := ""
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "dist" {
					kind = n.Content[i+1].Value
				}
			}
		}
		q := func(dst *float64, lo float64) func(*yaml.Node, string) error { return d.quantity(dst, u, lo, big) }
		fs := fields{"dist": func(*yaml.Node, string) error { return nil }}
		var dd Dist
		switch kind {
		case "constant":
			dd.Kind = Constant
			fs["value"] = q(&dd.Mean, 0)
		case "exponential":
			dd.Kind = Exponential
			fs["mean"] = q(&dd.Mean, 0)
		case "uniform":
			dd.Kind = Uniform
			fs["min"] = q(&dd.A, 0)
			fs["max"] = q(&dd.B, 0)
		case "lognormal", "gamma":
			dd.Kind = Lognormal
			if kind == "gamma" {
				dd.Kind = Gamma
			}
			fs["mean"] = q(&dd.Mean, 0)
			fs["cv"] = d.number(&dd.CV, 0, 100)
		case "hyperexponential":
			dd.Kind = Hyperexponential
			fs["p"] = d.number(&dd.P, 0, 1)
			fs["means"] = func(n *yaml.Node, field string) error {
				var ms []float64
				err := d.sequence(n, field, func(n *yaml.Node, field string) error {
					var v float64
					if err := q(&v, 0)(n, field); err != nil {
						return err
					}
					ms = append(ms, v)
					return nil
				})
				if err == nil && len(ms) != 2 {
					return d.errf(n, field, "want two means, got %d", len(ms))
				}
				if err == nil {
					dd.A, dd.B = ms[0], ms[1]
				}
				return err
			}
		case "erlang":
			dd.Kind = Erlang
			fs["mean"] = q(&dd.Mean, 0)
			fs["k"] = d.intField(&dd.K, 1, 1000)
		case "empirical":
			dd.Kind = Empirical
			fs["values"] = func(n *yaml.Node, field string) error {
				return d.sequence(n, field, func(n *yaml.Node, field string) error {
					var v float64
					if err := q(&v, 0)(n, field); err != nil {
						return err
					}
					if len(dd.Values) >= 1_000_000 {
						return d.errf(n, field, "too many values (at most 1000000)")
					}
					dd.Values = append(dd.Values, v)
					return nil
				})
			}
		case "":
			return d.errf(n, field, "want a value or a mapping with dist: constant, exponential, uniform, lognormal, gamma, hyperexponential, erlang or empirical")
		default:
			at := n
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "dist" {
					at = n.Content[i+1]
				}
			}
			return d.errf(at, field+".dist", "unknown distribution %q (known: constant, empirical, erlang, exponential, gamma, hyperexponential, lognormal, uniform)", kind)
		}
		if err := d.mapping(n, field, fs); err != nil {
			return err
		}
		if err := dd.Validate(); err != nil {
			return d.errf(n, field, "%v", err)
		}
		dd.prepare()
		p.Dist = dd
		return nil
	}
}
