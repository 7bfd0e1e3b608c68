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

// DiffOptions says how Diff turns symbolic costs into comparable numbers.
// The zero value uses neutral units: see DefaultWeigh and DefaultAllocWeigh.
// A caller with a hardware profile plugs the profile's cycles in instead.
type DiffOptions struct {
	// Weigh gives the cycles one operation of class c costs (one byte, for
	// the per-byte class membytes). Nil means DefaultWeigh.
	Weigh func(c OpClass) float64
	// AllocWeigh gives the cycles that count heap allocations totalling
	// bytes cost. Nil means DefaultAllocWeigh.
	AllocWeigh func(count, bytes float64) float64
	// Sizes sets variables by name in every function that declares them,
	// overriding the defaults the manifests give (e.g. {"len(body)": 4096}).
	Sizes map[string]float64
	// Units names what the weights measure, for the report, e.g.
	// "cycles on sapphirerapids". Empty means DefaultUnits.
	Units string
}

// DefaultUnits describes the weights of DefaultWeigh and DefaultAllocWeigh.
const DefaultUnits = "neutral units (1 per operation)"

// DefaultWeigh counts every operation as one unit and every byte of a
// per-byte class as 1/8 of a unit (bulk moves go about eight bytes a cycle).
// It is a neutral placeholder, not a hardware profile.
func DefaultWeigh(c OpClass) float64 {
	if c == OpMemBytes {
		return 1.0 / 8
	}
	return 1
}

// DefaultAllocWeigh counts a heap allocation as 20 units plus 1/8 unit per
// byte (zeroing): roughly what a small allocation costs relative to simple
// operations. Like DefaultWeigh it is a placeholder for a real profile.
func DefaultAllocWeigh(count, bytes float64) float64 { return 20*count + bytes/8 }

// Status says whether a function was added, removed or changed.
type Status string

// Statuses of a function in a diff.
const (
	Added   Status = "added"
	Removed Status = "removed"
	Changed Status = "changed"
)

// Report is the difference between two manifests, function by function.
type Report struct {
	Units     string             `json:"units"`           // what Impact and Cost.Cycles measure
	Sizes     map[string]float64 `json:"sizes,omitempty"` // the overrides given in DiffOptions
	Added     int                `json:"added"`
	Removed   int                `json:"removed"`
	Changed   int                `json:"changed"`
	Unchanged int                `json:"unchanged"`
	// Functions holds the added, removed and changed functions, by impact
	// (largest first), then by name.
	Functions []FunctionDiff `json:"functions"`
}

// FunctionDiff is how one function's cost changed.
type FunctionDiff struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
	// Impact is how much the cost per call moved, in weighted cycles:
	// |After.Cycles - Before.Cycles|, or the whole cost of an added or a
	// removed function.
	Impact  float64       `json:"impact"`
	Before  *Cost         `json:"before,omitempty"` // nil when added
	After   *Cost         `json:"after,omitempty"`  // nil when removed
	Changes []FieldChange `json:"changes,omitempty"`
	Error   string        `json:"error,omitempty"` // a cost that could not be evaluated (e.g. division by zero)
}

// Cost is a function's cost per call evaluated at concrete sizes.
type Cost struct {
	Cycles     float64            `json:"cycles"` // CPU plus allocation, weighted
	CPU        float64            `json:"cpu"`    // operations weighted by class
	AllocCount float64            `json:"alloc_count"`
	AllocBytes float64            `json:"alloc_bytes"`
	IO         map[IOKind]IOCost  `json:"io,omitempty"`
	Confidence Confidence         `json:"confidence"`
	Sizes      map[string]float64 `json:"sizes,omitempty"` // the value of every variable used
}

// IOCost is the evaluated count and bytes of one I/O kind.
type IOCost struct {
	Count float64 `json:"count"`
	Bytes float64 `json:"bytes"`
}

// FieldChange is one field that differs: an op class ("cpu.int"),
// "alloc.count", "alloc.bytes", an I/O kind ("io.net.write.count",
// "io.net.write.bytes"), "confidence", or a variable ("vars.n"). Before and
// After are as written ("" when absent); the values are evaluated at the
// function's sizes and omitted for confidence.
type FieldChange struct {
	Field       string   `json:"field"`
	Before      string   `json:"before"`
	After       string   `json:"after"`
	BeforeValue *float64 `json:"before_value,omitempty"`
	AfterValue  *float64 `json:"after_value,omitempty"`
	// Percent is the relative change of the value; omitted when the value
	// was 0 before.
	Percent *float64 `json:"percent,omitempty"`
}

// Diff compares manifest a (before) with b (after). Costs are evaluated per
// call at each function's variable defaults, as each manifest gives them,
// overridden by opts.Sizes. A function is changed when a CPU class, its
// allocation, an I/O kind, its confidence or a variable's default differs;
// position, callees, entry kinds and notes are not compared.
func Diff(a, b *Manifest, opts DiffOptions) *Report {
	if opts.Weigh == nil {
		opts.Weigh = DefaultWeigh
	}
	if opts.AllocWeigh == nil {
		opts.AllocWeigh = DefaultAllocWeigh
	}
	if opts.Units == "" {
		opts.Units = DefaultUnits
	}
	r := &Report{Units: opts.Units, Sizes: maps.Clone(opts.Sizes), Functions: []FunctionDiff{}}
	before := byName(a)
	after := byName(b)
	for _, name := range slices.Sorted(maps.Keys(before)) {
		fa := before[name]
		fb, ok := after[name]
		if !ok {
			d := FunctionDiff{Name: name, Status: Removed}
			d.Before = d.evaluate(fa, opts)
			if d.Before != nil {
				d.Impact = d.Before.Cycles
			}
			r.Functions = append(r.Functions, d)
			r.Removed++
			continue
		}
		d := FunctionDiff{Name: name, Status: Changed}
		d.Before = d.evaluate(fa, opts)
		d.After = d.evaluate(fb, opts)
		d.Changes = changes(fa, fb, d.Before, d.After)
		if len(d.Changes) == 0 {
			r.Unchanged++
			continue
		}
		if d.Before != nil && d.After != nil {
			d.Impact = math.Abs(d.After.Cycles - d.Before.Cycles)
		}
		r.Functions = append(r.Functions, d)
		r.Changed++
	}
	for _, name := range slices.Sorted(maps.Keys(after)) {
		if _, ok := before[name]; ok {
			continue
		}
		d := FunctionDiff{Name: name, Status: Added}
		d.After = d.evaluate(after[name], opts)
		if d.After != nil {
			d.Impact = d.After.Cycles
		}
		r.Functions = append(r.Functions, d)
		r.Added++
	}
	slices.SortStableFunc(r.Functions, func(x, y FunctionDiff) int {
		if c := cmp.Compare(y.Impact, x.Impact); c != 0 {
			return c
		}
		return strings.Compare(x.Name, y.Name)
	})
	return r
}

func byName(m *Manifest) map[string]*Function {
	out := map[string]*Function{}
	if m == nil {
		return out
	}
	for i := range m.Functions {
		out[m.Functions[i].Name] = &m.Functions[i]
	}
	return out
}

// env returns f's variable values: defaults, then the overrides.
func env(f *Function, sizes map[string]float64) map[string]float64 {
	vals := map[string]float64{}
	for _, v := range f.Vars {
		vals[v.Name] = v.Default
		if s, ok := sizes[v.Name]; ok {
			vals[v.Name] = s
		}
	}
	return vals
}

// evaluate computes f's cost, recording the first evaluation error in d.
func (d *FunctionDiff) evaluate(f *Function, opts DiffOptions) *Cost {
	vals := env(f, opts.Sizes)
	eval := func(e expr.Expr) float64 {
		v, err := e.EvalMap(vals)
		if err == nil && (math.IsInf(v, 0) || math.IsNaN(v)) {
			err = fmt.Errorf("%s is not finite at these sizes", e)
		}
		if err != nil && d.Error == "" {
			d.Error = err.Error()
		}
		return v
	}
	c := &Cost{Confidence: f.Confidence, Sizes: vals}
	if len(vals) == 0 {
		c.Sizes = nil
	}
	for _, class := range slices.Sorted(maps.Keys(f.CPU)) {
		c.CPU += opts.Weigh(class) * eval(f.CPU[class])
	}
	c.AllocCount = eval(f.Alloc.Count)
	c.AllocBytes = eval(f.Alloc.Bytes)
	c.Cycles = c.CPU + opts.AllocWeigh(c.AllocCount, c.AllocBytes)
	if (math.IsInf(c.Cycles, 0) || math.IsNaN(c.Cycles)) && d.Error == "" {
		d.Error = "weighted cost is not finite at these sizes"
	}
	for _, io := range f.IO {
		if c.IO == nil {
			c.IO = map[IOKind]IOCost{}
		}
		prev := c.IO[io.Kind]
		c.IO[io.Kind] = IOCost{Count: prev.Count + eval(io.Count), Bytes: prev.Bytes + eval(io.Bytes)}
	}
	if d.Error != "" {
		return nil
	}
	return c
}

func changes(a, b *Function, ca, cb *Cost) []FieldChange {
	var out []FieldChange
	va, vb := map[string]float64{}, map[string]float64{}
	if ca != nil {
		va = ca.Sizes
	}
	if cb != nil {
		vb = cb.Sizes
	}
	value := func(e *expr.Expr, vals map[string]float64) *float64 {
		if e == nil {
			z := 0.0
			return &z
		}
		v, err := e.EvalMap(vals)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		return &v
	}
	exprChange := func(field string, ea, eb *expr.Expr) {
		sa, sb := exprText(ea), exprText(eb)
		if sa == sb {
			return
		}
		fc := FieldChange{Field: field, Before: sa, After: sb, BeforeValue: value(ea, va), AfterValue: value(eb, vb)}
		fc.Percent = percent(fc.BeforeValue, fc.AfterValue)
		out = append(out, fc)
	}
	classes := slices.Sorted(maps.Keys(a.CPU))
	for c := range b.CPU {
		if _, ok := a.CPU[c]; !ok {
			classes = append(classes, c)
		}
	}
	slices.Sort(classes)
	for _, c := range classes {
		exprChange("cpu."+string(c), exprAt(a.CPU, c), exprAt(b.CPU, c))
	}
	exprChange("alloc.count", &a.Alloc.Count, &b.Alloc.Count)
	exprChange("alloc.bytes", &a.Alloc.Bytes, &b.Alloc.Bytes)
	ioa, iob := ioByKind(a), ioByKind(b)
	kinds := slices.Sorted(maps.Keys(ioa))
	for k := range iob {
		if _, ok := ioa[k]; !ok {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		x, y := ioa[k], iob[k]
		exprChange("io."+string(k)+".count", ioField(x, false), ioField(y, false))
		exprChange("io."+string(k)+".bytes", ioField(x, true), ioField(y, true))
	}
	if a.Confidence != b.Confidence {
		out = append(out, FieldChange{Field: "confidence", Before: string(a.Confidence), After: string(b.Confidence)})
	}
	defaults := func(f *Function) map[string]float64 {
		m := map[string]float64{}
		for _, v := range f.Vars {
			m[v.Name] = v.Default
		}
		return m
	}
	da, db := defaults(a), defaults(b)
	names := slices.Sorted(maps.Keys(da))
	for n := range db {
		if _, ok := da[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		x, okx := da[n]
		y, oky := db[n]
		if okx == oky && x == y {
			continue
		}
		fc := FieldChange{Field: "vars." + n}
		if okx {
			fc.Before, fc.BeforeValue = formatFloat(x), &x
		}
		if oky {
			fc.After, fc.AfterValue = formatFloat(y), &y
		}
		if okx && oky {
			fc.Percent = percent(&x, &y)
		}
		out = append(out, fc)
	}
	return out
}

func exprAt(m map[OpClass]expr.Expr, c OpClass) *expr.Expr {
	if e, ok := m[c]; ok {
		return &e
	}
	return nil
}

func exprText(e *expr.Expr) string {
	if e == nil || e.IsZero() {
		return ""
	}
	return e.String()
}

func ioByKind(f *Function) map[IOKind]*IO {
	m := map[IOKind]*IO{}
	for i := range f.IO {
		io := f.IO[i]
		if prev, ok := m[io.Kind]; ok {
			io.Count = expr.Add(prev.Count, io.Count)
			io.Bytes = expr.Add(prev.Bytes, io.Bytes)
		}
		m[io.Kind] = &io
	}
	return m
}

func ioField(io *IO, bytes bool) *expr.Expr {
	switch {
	case io == nil:
		return nil
	case bytes:
		return &io.Bytes
	}
	return &io.Count
}

func percent(a, b *float64) *float64 {
	if a == nil || b == nil || *a == 0 {
		return nil
	}
	p := (*b - *a) / math.Abs(*a) * 100
	if math.IsInf(p, 0) || math.IsNaN(p) {
		return nil
	}
	return &p
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Regression is a measure of a changed function that rose by more than a
// threshold.
type Regression struct {
	Name    string   `json:"name"`
	Measure string   `json:"measure"` // "cycles", "alloc.count", "alloc.bytes", "io.<kind>.count", "io.<kind>.bytes"
	Before  float64  `json:"before"`
	After   float64  `json:"after"`
	Percent *float64 `json:"percent,omitempty"` // omitted when Before is 0: any rise from nothing counts
}

// Regressions lists, for the changed functions, every measure that rose by
// more than pct percent at the evaluated sizes: weighted cycles, heap
// allocation count or bytes, and each I/O kind's count or bytes. A measure
// that rises from 0 always counts. Added and removed functions are not
// regressions. The order is the report's, then by measure.
func (r *Report) Regressions(pct float64) []Regression {
	var out []Regression
	for _, d := range r.Functions {
		if d.Status != Changed || d.Before == nil || d.After == nil {
			continue
		}
		check := func(measure string, x, y float64) {
			if y <= x {
				return
			}
			reg := Regression{Name: d.Name, Measure: measure, Before: x, After: y, Percent: percent(&x, &y)}
			if reg.Percent == nil || *reg.Percent > pct {
				out = append(out, reg)
			}
		}
		check("cycles", d.Before.Cycles, d.After.Cycles)
		check("alloc.count", d.Before.AllocCount, d.After.AllocCount)
		check("alloc.bytes", d.Before.AllocBytes, d.After.AllocBytes)
		kinds := slices.Sorted(maps.Keys(d.After.IO))
		for _, k := range kinds {
			x, y := d.Before.IO[k], d.After.IO[k]
			check("io."+string(k)+".count", x.Count, y.Count)
			check("io."+string(k)+".bytes", x.Bytes, y.Bytes)
		}
	}
	return out
}
