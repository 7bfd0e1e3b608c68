package simulate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/perfcast/perfcast/simulate/stats"
)

// Clone returns a deep enough copy of sc that ApplySet on the copy leaves
// sc alone.
func (sc *Scenario) Clone() *Scenario {
	c := *sc
	c.Run = sc.Run
	if sc.SLO != nil {
		s := *sc.SLO
		c.SLO = &s
	}
	c.Hosts = slices.Clone(sc.Hosts)
	c.Services = slices.Clone(sc.Services)
	for i := range c.Services {
		c.Services[i].Functions = slices.Clone(c.Services[i].Functions)
	}
	c.Classes = slices.Clone(sc.Classes)
	return &c
}

// SetPaths lists the paths ApplySet understands (NAME is a class or
// service name, I a 0-based index in hosts, FN a function name).
var SetPaths = []string{
	"seed", "placement", "cost_estimate",
	"run.warmup", "run.duration", "run.requests", "run.target_ci",
	"class.NAME.rate", "class.NAME.timeout", "class.NAME.variability",
	"service.NAME.variability", "service.NAME.replicas", "service.NAME.gogc", "service.NAME.gomaxprocs", "service.NAME.live_heap",
	"service.NAME.cpu_request", "service.NAME.cpu_limit", "service.NAME.memory_request", "service.NAME.memory_limit",
	"service.NAME.discipline", "service.NAME.balance", "service.NAME.queue_limit", "service.NAME.manifest",
	"service.NAME.function.FN.calls",
	"hosts.I.instance", "hosts.I.profile", "hosts.I.count", "hosts.I.vcpus",
}

// ApplySet applies one override, "PATH=VALUE", to sc. VALUE replaces the
// field, "*F" multiplies it by F and "+D" adds D (numeric fields only);
// numbers may carry the field's unit (150ms, 256MiB, 500m).
// Examples: "class.checkout.rate=*1.1", "hosts.0.instance=c7i.large",
// "service.shop.function.main.handleCheckout.calls=*1.1".
func ApplySet(sc *Scenario, set string) error {
	path, val, ok := strings.Cut(set, "=")
	if !ok || path == "" || val == "" {
		return fmt.Errorf("-set %q: want PATH=VALUE, PATH=*FACTOR or PATH=+DELTA", set)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("-set %s: %s", set, fmt.Sprintf(format, args...))
	}
	num := func(p *float64, u Unit, lo, hi float64) error {
		v, err := adjust(*p, val, u)
		if err != nil {
			return bad("%v", err)
		}
		if v < lo || v > hi {
			return bad("%v is out of range [%v, %v]", v, lo, hi)
		}
		*p = v
		return nil
	}
	intNum := func(p *int, lo, hi int) error {
		f := float64(*p)
		if err := num(&f, UnitNone, float64(lo), float64(hi)); err != nil {
			return err
		}
		*p = int(math.Round(f))
		return nil
	}
	parts := strings.Split(path, ".")
	switch {
	case path == "seed":
		f := float64(sc.Seed)
		if err := num(&f, UnitNone, 0, 1<<53); err != nil {
			return err
		}
		sc.Seed = uint64(f)
		return nil
	case path == "cost_estimate":
		if val != "point" && val != "low" && val != "high" {
			return bad("want point, low or high")
		}
		sc.CostEstimate = val
		return nil
	case path == "placement":
		if val != "spread" && val != "binpack" {
			return bad("want spread or binpack")
		}
		sc.Placement = val
		return nil
	case len(parts) == 2 && parts[0] == "run":
		r := &sc.Run
		switch parts[1] {
		case "warmup":
			return num(&r.Warmup, UnitDuration, 0, 1e9)
		case "duration":
			return num(&r.Duration, UnitDuration, 0, 1e9)
		case "target_ci":
			return num(&r.TargetCI, UnitNone, 0, 1)
		case "requests":
			f := float64(r.Requests)
			if err := num(&f, UnitNone, 0, 1e12); err != nil {
				return err
			}
			r.Requests = int64(f)
			return nil
		}
	case len(parts) == 3 && parts[0] == "class":
		i := slices.IndexFunc(sc.Classes, func(c ClassSpec) bool { return c.Name == parts[1] })
		if i < 0 {
			return bad("no class %q", parts[1])
		}
		c := &sc.Classes[i]
		switch parts[2] {
		case "timeout":
			return num(&c.Timeout, UnitDuration, 0, 1e9)
		case "variability":
			return setVariability(&c.Target.Variability, path, num)
		case "rate":
			a := &c.Arrival
			switch a.Process {
			case "poisson", "constant":
				return num(&a.Rate, UnitNone, 1e-9, 1e9)
			default:
				// MMPP and traces scale by a factor only.
				if !strings.HasPrefix(val, "*") {
					return bad("a %s arrival's rate can only be scaled (*FACTOR)", a.Process)
				}
				f, err := strconv.ParseFloat(val[1:], 64)
				if err != nil || !(f > 0) || math.IsInf(f, 0) {
					return bad("factor must be > 0")
				}
				if a.Process == "mmpp" {
					a.Rates[0] *= f
					a.Rates[1] *= f
				} else {
					a.Scale *= f
				}
				return nil
			}
		}
	case len(parts) >= 3 && parts[0] == "service":
		i := slices.IndexFunc(sc.Services, func(s ServiceSpec) bool { return s.Name == parts[1] })
		if i < 0 {
			return bad("no service %q", parts[1])
		}
		s := &sc.Services[i]
		if len(parts) >= 5 && parts[2] == "function" && parts[len(parts)-1] == "calls" {
			fn := strings.Join(parts[3:len(parts)-1], ".")
			k := slices.IndexFunc(s.Functions, func(f FunctionSpec) bool { return f.Name == fn })
			if k < 0 {
				s.Functions = append(s.Functions, FunctionSpec{Pos: Pos{File: "-set", Field: path}, Name: fn, Calls: 1})
				k = len(s.Functions) - 1
			}
			return num(&s.Functions[k].Calls, UnitNone, 0, 1e6)
		}
		if len(parts) != 3 {
			break
		}
		switch parts[2] {
		case "replicas":
			return intNum(&s.Replicas, 1, 10000)
		case "variability":
			if s.Manifest == "" && s.Binary == "" {
				return bad("service %q has no manifest: variability applies to manifest functions", s.Name)
			}
			return setVariability(&s.Variability, path, num)
		case "gomaxprocs":
			return intNum(&s.GOMAXPROCS, 1, 4096)
		case "queue_limit":
			return intNum(&s.QueueLimit, 0, 1e8)
		case "gogc":
			if val == "off" {
				s.GOGC = -1
				return nil
			}
			return num(&s.GOGC, UnitNone, 1, 1e6)
		case "live_heap":
			return num(&s.LiveHeap, UnitBytes, 0, 1<<50)
		case "cpu_request":
			return num(&s.Requests.CPU, UnitCPU, 0, 4096)
		case "cpu_limit":
			return num(&s.Limits.CPU, UnitCPU, 0, 4096)
		case "memory_request":
			return num(&s.Requests.Memory, UnitBytes, 0, 1<<50)
		case "memory_limit":
			return num(&s.Limits.Memory, UnitBytes, 0, 1<<50)
		case "discipline":
			s.Discipline = val
			return sc.checkServiceEnums(s)
		case "balance":
			s.Balance = val
			return sc.checkServiceEnums(s)
		case "manifest":
			s.Manifest, s.Binary = val, ""
			return nil
		}
	case len(parts) == 3 && parts[0] == "hosts":
		i, err := strconv.Atoi(parts[1])
		if err != nil || i < 0 || i >= len(sc.Hosts) {
			return bad("no host entry %s (there are %d, counted from 0)", parts[1], len(sc.Hosts))
		}
		h := &sc.Hosts[i]
		switch parts[2] {
		case "instance":
			h.Instance, h.Profile, h.VCPUs, h.Memory, h.PricePerHour = val, "", 0, 0, 0
			return nil
		case "profile":
			if h.VCPUs == 0 {
				return bad("set hosts.%d.vcpus too when switching to a profile", i)
			}
			h.Profile, h.Instance = val, ""
			return nil
		case "count":
			return intNum(&h.Count, 1, 10000)
		case "vcpus":
			return intNum(&h.VCPUs, 1, 4096)
		}
	}
	return bad("unknown path (known: %s)", strings.Join(SetPaths, ", "))
}

// setVariability sets a variability's cv through num (so *F and +D work):
// a lognormal or gamma factor keeps its family; none or an exponential
// factor becomes lognormal unless the new cv is 1 for an exponential. The
// spec is replaced, never changed in place, as clones share it.
func setVariability(p **VariabilitySpec, path string, num func(*float64, Unit, float64, float64) error) error {
	old := *p
	cv := old.CV()
	if err := num(&cv, UnitNone, 0, maxVariabilityCV); err != nil {
		return err
	}
	v := &VariabilitySpec{Pos: Pos{File: "-set", Field: path}}
	family := "lognormal"
	if old != nil {
		v.IO = old.IO // the I/O factor is kept
		switch k := old.Dist.Kind; {
		case k == Gamma || (k == 0 && old.IO.Kind == Gamma):
			family = "gamma"
		case k == Exponential && cv == 1:
			family = "exponential"
		}
	}
	v.Dist = variabilityFactor(family, cv)
	*p = v
	return nil
}

func (sc *Scenario) checkServiceEnums(s *ServiceSpec) error {
	if s.Discipline != "ps" && s.Discipline != "fcfs" {
		return fmt.Errorf("service %s: discipline %q: want ps or fcfs", s.Name, s.Discipline)
	}
	switch s.Balance {
	case "round_robin", "random", "least_loaded":
		return nil
	}
	return fmt.Errorf("service %s: balance %q: want round_robin, random or least_loaded", s.Name, s.Balance)
}

// adjust applies "*F", "+D" or a plain value to old.
func adjust(old float64, val string, u Unit) (float64, error) {
	switch {
	case strings.HasPrefix(val, "*"):
		f, err := strconv.ParseFloat(val[1:], 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return 0, fmt.Errorf("bad factor %q", val[1:])
		}
		return old * f, nil
	case strings.HasPrefix(val, "+"):
		d, err := parseQuantity(val[1:], u)
		if err != nil {
			return 0, err
		}
		return old + d, nil
	}
	return parseQuantity(val, u)
}

// Comparison is a before/after table of two reports.
type Comparison struct {
	Before string          `json:"before"`
	After  string          `json:"after"`
	Rows   []ComparisonRow `json:"rows"`
}

// ComparisonRow is one measure before and after. Significant is set when
// the two 95% intervals do not overlap.
type ComparisonRow struct {
	Measure     string  `json:"measure"`
	Unit        string  `json:"unit"`
	Before      float64 `json:"before"`
	After       float64 `json:"after"`
	Change      float64 `json:"change"` // relative: (after − before)/before; NaN-free: 0 when before is 0
	Significant bool    `json:"significant,omitempty"`
}

// Compare lines up the measures of two reports of the same scenario
// family (classes and services matched by name).
func Compare(before, after *Report, beforeLabel, afterLabel string) *Comparison {
	c := &Comparison{Before: beforeLabel, After: afterLabel}
	add := func(measure, unit string, b, a float64, sig bool) {
		if math.IsNaN(a) || math.IsNaN(b) {
			return // not measured (no completions): nothing to compare
		}
		row := ComparisonRow{Measure: measure, Unit: unit, Before: b, After: a, Significant: sig}
		if b != 0 {
			row.Change = (a - b) / b
		}
		c.Rows = append(c.Rows, row)
	}
	apart := func(x, y stats.Interval) bool {
		if math.IsNaN(x.Low) || math.IsNaN(y.Low) {
			return false
		}
		return x.High < y.Low || y.High < x.Low
	}
	for _, bc := range before.Result.Classes {
		i := slices.IndexFunc(after.Result.Classes, func(x ClassResult) bool { return x.Name == bc.Name })
		if i < 0 {
			continue
		}
		ac := after.Result.Classes[i]
		add("class "+bc.Name+" throughput", "/s", bc.Throughput, ac.Throughput, false)
		add("class "+bc.Name+" mean", "s", bc.Latency.Mean.Value, ac.Latency.Mean.Value, apart(bc.Latency.Mean, ac.Latency.Mean))
		for k, p := range bc.Latency.Percentiles {
			if p.P == 50 || p.P == 99 || p.P == 99.9 {
				q := ac.Latency.Percentiles[k]
				add(fmt.Sprintf("class %s p%v", bc.Name, p.P), "s", p.Estimate.Value, q.Estimate.Value, apart(p.Estimate, q.Estimate))
			}
		}
		add("class "+bc.Name+" dropped", "", float64(bc.Dropped), float64(ac.Dropped), false)
		add("class "+bc.Name+" timed out", "", float64(bc.TimedOut), float64(ac.TimedOut), false)
	}
	for _, bs := range before.Result.Services {
		i := slices.IndexFunc(after.Result.Services, func(x ServiceResult) bool { return x.Name == bs.Name })
		if i < 0 {
			continue
		}
		as := after.Result.Services[i]
		add("service "+bs.Name+" replicas", "", float64(bs.Replicas), float64(as.Replicas), false)
		add("service "+bs.Name+" CPU utilization", "%", 100*bs.Utilization, 100*as.Utilization, false)
		add("service "+bs.Name+" cores busy", "", bs.CoresBusy, as.CoresBusy, false)
		if bs.HeapPeak > 0 || as.HeapPeak > 0 {
			add("service "+bs.Name+" heap peak", "B", bs.HeapPeak, as.HeapPeak, false)
		}
	}
	add("cluster cost per month", "$", before.CostPerMonth, after.CostPerMonth, false)
	return c
}

// Text renders the comparison as a table; '*' marks changes whose 95%
// intervals do not overlap.
func (c *Comparison) Text() string {
	var t table
	t.add("measure", c.Before, c.After, "change")
	for _, r := range c.Rows {
		f := func(x float64) string {
			switch r.Unit {
			case "s":
				return FormatSeconds(x)
			case "B":
				return FormatBytes(x)
			case "$":
				return "$" + strconv.FormatFloat(x, 'f', 2, 64)
			case "%":
				return strconv.FormatFloat(x, 'f', 1, 64) + "%"
			}
			if x == math.Trunc(x) && math.Abs(x) < 1e15 {
				return strconv.FormatFloat(x, 'f', 0, 64) + r.Unit
			}
			return strconv.FormatFloat(x, 'f', 2, 64) + r.Unit
		}
		ch := "="
		if r.After != r.Before {
			ch = fmt.Sprintf("%+.1f%%", 100*r.Change)
			if r.Before == 0 {
				ch = "new"
			}
		}
		if r.Significant {
			ch += " *"
		}
		t.add(r.Measure, f(r.Before), f(r.After), ch)
	}
	return t.String() + "(* the 95% confidence intervals do not overlap)\n"
}
