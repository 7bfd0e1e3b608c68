package simulate

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/simulate/stats"
)

// Report is the outcome of simulating a scenario: the run's measurements,
// where replicas ran, the cluster's cost, and, if the scenario states an
// SLO, how many replicas meet it. It holds no wall-clock figures, so the
// same scenario and seed give byte-identical reports.
type Report struct {
	Scenario     string     `json:"scenario"`
	Seed         uint64     `json:"seed"`
	Placement    []Placed   `json:"placement"`
	Offered      []Offered  `json:"offered_load"`
	Result       *Result    `json:"result"`
	CostPerHour  float64    `json:"cost_per_hour"`
	CostPerMonth float64    `json:"cost_per_month"`
	SLO          *SLOResult `json:"slo,omitempty"`
	// Variability lists the per-request service-time variability the
	// scenario assumes, where it sets any ("service shop: lognormal cv 0.5").
	Variability []string `json:"variability,omitempty"`
	Notes       []string `json:"notes,omitempty"`
	Warnings    []string `json:"warnings,omitempty"`
}

// Offered is a station's utilization computed before the run.
type Offered struct {
	Station     string  `json:"station"`
	Utilization float64 `json:"utilization"`
}

// SLOResult is the replica search for a latency objective.
type SLOResult struct {
	Class      string     `json:"class"`
	Percentile float64    `json:"percentile"`
	Target     float64    `json:"target_s"`
	Service    string     `json:"service"`
	Replicas   int        `json:"replicas_needed"` // 0: not met within the search bound
	Trials     []SLOTrial `json:"trials"`
	Note       string     `json:"note,omitempty"`
}

// SLOTrial is one replica count tried.
type SLOTrial struct {
	Replicas int            `json:"replicas"`
	Latency  stats.Interval `json:"latency"`
	Met      bool           `json:"met"`
	Unstable bool           `json:"unstable,omitempty"`
}

// Options adjust a simulation without editing the scenario.
type Options struct {
	// Progress receives progress of long runs (see Control.Progress).
	Progress func(simTime float64, events uint64, fraction float64)
	// NoSLO skips the replica search even if the scenario has an SLO.
	NoSLO bool
}

// Simulate compiles and runs sc and, if it states an SLO, searches the
// replica count that meets it.
func Simulate(sc *Scenario, src Sources, opt Options) (*Report, error) {
	comp, err := Compile(sc, src)
	if err != nil {
		return nil, err
	}
	ctl, note, err := autoWarmup(sc, comp, opt)
	if err != nil {
		return nil, err
	}
	res, err := Run(comp.Model, ctl)
	if err != nil {
		return nil, err
	}
	rep := &Report{Scenario: sc.Name, Seed: sc.Seed, Placement: comp.Placement, Result: res, Variability: sc.variabilities()}
	if note != "" {
		rep.Notes = append(rep.Notes, note)
	}
	for i, st := range comp.Model.Stations {
		rep.Offered = append(rep.Offered, Offered{Station: st.Name, Utilization: comp.Offered[i]})
	}
	rep.CostPerHour = res.CostPerHour()
	rep.CostPerMonth = rep.CostPerHour * costmodel.HoursPerMonth
	rep.Warnings = append(append([]string(nil), comp.Warnings...), res.Warnings...)
	if sc.SLO != nil && !opt.NoSLO {
		rep.SLO, err = searchSLO(sc, src, opt)
		if err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// variabilities describes the service-time variability sc sets, services
// first, then classes that override their service's.
func (sc *Scenario) variabilities() []string {
	describe := func(v *VariabilitySpec) string {
		switch {
		case v.Dist.Kind == 0 && v.IO.Kind == 0:
			return "none"
		case v.IO.Kind == 0:
			return fmt.Sprintf("%s cv %g", v.Dist.Kind, v.CV())
		case v.Dist.Kind == 0:
			return fmt.Sprintf("%s I/O cv %g", v.IO.Kind, v.IOCV())
		}
		return fmt.Sprintf("%s cv %g, I/O cv %g", v.Dist.Kind, v.CV(), v.IOCV())
	}
	var out []string
	for _, s := range sc.Services {
		if s.Variability != nil {
			out = append(out, "service "+s.Name+": "+describe(s.Variability))
		}
	}
	for _, c := range sc.Classes {
		if c.Target.Variability != nil {
			out = append(out, "class "+c.Name+": "+describe(c.Target.Variability))
		}
	}
	return out
}

// autoWarmup returns the run control for comp: for `warmup: auto`, a pilot
// run of the same length records the response-time trajectory and MSER-5
// picks the warm-up, which the note reports.
func autoWarmup(sc *Scenario, comp *Compiled, opt Options) (Control, string, error) {
	ctl := comp.Control
	ctl.Progress = opt.Progress
	if !sc.Run.WarmupAuto {
		return ctl, "", nil
	}
	pilot := ctl
	pilot.Warmup, pilot.WarmupRequests = 0, 0
	pilot.Trajectory = &Trajectory{}
	if _, err := Run(comp.Model, pilot); err != nil {
		return ctl, "", err
	}
	w, ok := pilot.Trajectory.MSERWarmup()
	if !ok {
		w = ctl.Duration / 10
		return withWarmup(ctl, w), fmt.Sprintf("warm-up auto: too few completions in the pilot run to choose; used %s", FormatSeconds(w)), nil
	}
	return withWarmup(ctl, w), fmt.Sprintf("warm-up auto: MSER-5 on a pilot run chose %s", FormatSeconds(w)), nil
}

func withWarmup(c Control, w float64) Control {
	c.Warmup, c.WarmupRequests = w, 0
	return c
}

// classLatency returns the p-th percentile of a class's latency.
func classLatency(r *Result, class string, p float64) (stats.Interval, bool) {
	for _, c := range r.Classes {
		if c.Name != class {
			continue
		}
		for _, q := range c.Latency.Percentiles {
			if q.P == p {
				return q.Estimate, true
			}
		}
	}
	return stats.Interval{}, false
}

// searchSLO tries replica counts of the SLO's service upward from the
// smallest that is analytically stable, and reports the first whose
// percentile latency (the point estimate) meets the target.
func searchSLO(sc *Scenario, src Sources, opt Options) (*SLOResult, error) {
	slo := sc.SLO
	out := &SLOResult{Class: slo.Class, Percentile: slo.Percentile, Target: slo.Latency, Service: slo.Service}
	if out.Service == "" {
		for _, c := range sc.Classes {
			if c.Name == slo.Class {
				out.Service = c.Target.Service
			}
		}
	}
	si := slices.IndexFunc(sc.Services, func(s ServiceSpec) bool { return s.Name == out.Service })
	trial := *sc
	trial.Services = slices.Clone(sc.Services)
	trial.SLO = nil
	start := 1
	// Start at the analytic lower bound: fewer replicas are unstable.
	comp, err := Compile(&trial, src)
	if err != nil {
		return nil, err
	}
	var busy float64
	for i, st := range comp.Model.Stations {
		if st.Service == si && !st.Device {
			busy += comp.Offered[i] * float64(st.Servers)
		}
	}
	if perReplica := float64(comp.Model.Stations[comp.Model.Services[si].Replicas[0]].Servers); perReplica > 0 {
		start = max(1, int(math.Floor(busy/perReplica))+1)
	}
	for n := start; n <= slo.MaxReplicas; n++ {
		trial.Services[si].Replicas = n
		comp, err := Compile(&trial, src)
		if err != nil {
			out.Note = fmt.Sprintf("stopped at %d replicas: %v", n, err)
			return out, nil
		}
		ctl, _, err := autoWarmup(&trial, comp, opt)
		if err != nil {
			return nil, err
		}
		ctl.Percentiles = []float64{slo.Percentile}
		res, err := Run(comp.Model, ctl)
		if err != nil {
			return nil, err
		}
		iv, _ := classLatency(res, slo.Class, slo.Percentile)
		t := SLOTrial{Replicas: n, Latency: iv, Met: iv.Value <= slo.Latency && res.StopReason != StopUnstable, Unstable: res.StopReason == StopUnstable}
		out.Trials = append(out.Trials, t)
		if t.Met {
			out.Replicas = n
			return out, nil
		}
	}
	out.Note = fmt.Sprintf("not met with up to %d replicas", slo.MaxReplicas)
	if n := len(out.Trials); n >= 2 {
		first, last := out.Trials[0].Latency, out.Trials[n-1].Latency
		if last.Value >= first.Low {
			// More replicas did not help: say where the time goes instead.
			out.Note += fmt.Sprintf("; more replicas of %s do not lower the latency, so the time is spent elsewhere", out.Service)
			if comp, err := Compile(&trial, src); err == nil {
				best, bestLoad := "", 0.0
				for i, st := range comp.Model.Stations {
					if st.Service != si && comp.Offered[i] > bestLoad {
						best, bestLoad = st.Name, comp.Offered[i]
					}
				}
				if best != "" {
					out.Note += fmt.Sprintf(" (the busiest other station is %s at %.0f%%, plus I/O waits and network latency)", best, 100*bestLoad)
				}
			}
		}
	}
	return out, nil
}

// FormatSeconds writes a duration in seconds with a readable unit.
func FormatSeconds(s float64) string {
	if math.IsNaN(s) {
		return "?"
	}
	a := math.Abs(s)
	switch {
	case a == 0:
		return "0"
	case a >= 100:
		return strconv.FormatFloat(s, 'f', 0, 64) + "s"
	case a >= 1:
		return strconv.FormatFloat(s, 'f', 3, 64) + "s"
	case a >= 1e-3:
		return strconv.FormatFloat(s*1e3, 'f', 3, 64) + "ms"
	case a >= 1e-6:
		return strconv.FormatFloat(s*1e6, 'f', 3, 64) + "µs"
	}
	return strconv.FormatFloat(s*1e9, 'f', 1, 64) + "ns"
}

// formatCI writes an estimate with its 95% half width.
func formatCI(iv stats.Interval) string {
	if math.IsNaN(iv.Low) {
		return FormatSeconds(iv.Value) + " ±?"
	}
	return FormatSeconds(iv.Value) + " ±" + strconv.FormatFloat(100*iv.RelHalfWidth(), 'f', 1, 64) + "%"
}

// table writes aligned columns.
type table struct{ rows [][]string }

func (t *table) add(cols ...string) { t.rows = append(t.rows, cols) }

func (t *table) String() string {
	var w []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(w) {
				w = append(w, 0)
			}
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", w[i]-len([]rune(c))+2))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Text renders the report for people.
func (rep *Report) Text() string {
	var b strings.Builder
	r := rep.Result
	name := rep.Scenario
	if name == "" {
		name = "(unnamed)"
	}
	fmt.Fprintf(&b, "scenario %s, seed %d: %s simulated after %s warm-up, %d events, stopped on %s\n\n",
		name, rep.Seed, FormatSeconds(r.Measured), FormatSeconds(r.Warmup), r.Events, r.StopReason)
	var t table
	t.add("class", "done/s", "done", "dropped", "timed out", "mean", "p50", "p90", "p95", "p99", "p99.9")
	for _, c := range r.Classes {
		row := []string{c.Name, strconv.FormatFloat(c.Throughput, 'f', 2, 64), strconv.FormatInt(c.Completed, 10),
			strconv.FormatInt(c.Dropped, 10), strconv.FormatInt(c.TimedOut, 10), formatCI(c.Latency.Mean)}
		for _, p := range c.Latency.Percentiles {
			row = append(row, formatCI(p.Estimate))
		}
		t.add(row...)
	}
	b.WriteString(t.String())
	b.WriteString("(latency ± is the relative half width of a batch-means 95% confidence interval)\n")
	if len(rep.Variability) > 0 {
		fmt.Fprintf(&b, "(per-request service-time variability assumed by the scenario: %s)\n", strings.Join(rep.Variability, "; "))
	}
	b.WriteString("\n")

	t = table{}
	t.add("service", "replicas", "cores", "CPU util", "cores busy", "heap mean, all replicas", "heap peak, one replica")
	for _, s := range r.Services {
		heapMean, heapPeak := "-", "-"
		if s.HeapPeak > 0 {
			heapMean, heapPeak = FormatBytes(s.HeapMean), FormatBytes(s.HeapPeak)
		}
		t.add(s.Name, strconv.Itoa(s.Replicas), strconv.Itoa(s.Cores), pct(s.Utilization),
			strconv.FormatFloat(s.CoresBusy, 'f', 2, 64), heapMean, heapPeak)
	}
	b.WriteString(t.String())
	b.WriteString("\n")

	t = table{}
	t.add("station", "host", "cores", "offered", "utilization", "in station", "GC cycles", "GC CPU")
	for i, s := range r.Stations {
		host := "-"
		if i < len(rep.Placement) && rep.Placement[i].Host != "" {
			host = rep.Placement[i].Host
		}
		off := "-"
		if i < len(rep.Offered) {
			off = pct(rep.Offered[i].Utilization)
		}
		gc, gcCPU := "-", "-"
		if s.GCCycles > 0 {
			gc, gcCPU = strconv.FormatInt(s.GCCycles, 10), pct(s.GCCPUShare)
		}
		t.add(s.Name, host, strconv.Itoa(s.Servers), off, pct(s.Utilization), strconv.FormatFloat(s.MeanPresent, 'f', 2, 64), gc, gcCPU)
	}
	b.WriteString(t.String())

	if len(r.Hosts) > 0 {
		b.WriteString("\n")
		t = table{}
		t.add("host", "instance", "vCPUs", "CPU util", "memory", "heap (mean)", "memory util", "$/hour")
		for _, h := range r.Hosts {
			mem, memUtil := "-", "-"
			if h.MemoryBytes > 0 {
				mem, memUtil = FormatBytes(h.MemoryBytes), pct(h.MemoryUtilization)
			}
			t.add(h.Name, h.Instance, strconv.Itoa(h.VCPUs), pct(h.Utilization), mem, FormatBytes(h.HeapMean), memUtil, strconv.FormatFloat(h.PricePerHour, 'f', 4, 64))
		}
		b.WriteString(t.String())
		fmt.Fprintf(&b, "\ncluster cost: $%.4f per hour, $%.2f per month (%d hours)\n", rep.CostPerHour, rep.CostPerMonth, costmodel.HoursPerMonth)
	}
	fmt.Fprintf(&b, "\nLittle's law: L = %.4g, λW = %.4g (relative difference %.2g)\n", r.Little.L, r.Little.LambdaW, r.Little.RelErr)
	if s := rep.SLO; s != nil {
		fmt.Fprintf(&b, "\nSLO: p%v of %s ≤ %s, scaling %s:\n", s.Percentile, s.Class, FormatSeconds(s.Target), s.Service)
		for _, tr := range s.Trials {
			verdict := "misses"
			switch {
			case tr.Unstable:
				verdict = "unstable"
			case tr.Met:
				verdict = "meets"
			}
			fmt.Fprintf(&b, "  %3d replicas: p%v %s  %s\n", tr.Replicas, s.Percentile, formatCI(tr.Latency), verdict)
		}
		if s.Replicas > 0 {
			fmt.Fprintf(&b, "  → %d replicas of %s meet the SLO\n", s.Replicas, s.Service)
		}
		if s.Note != "" {
			fmt.Fprintf(&b, "  %s\n", s.Note)
		}
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "\nnote: %s\n", n)
	}
	if len(rep.Warnings) > 0 {
		b.WriteString("\nwarnings:\n")
		for _, w := range rep.Warnings {
			fmt.Fprintf(&b, "  - %s\n", w)
		}
	}
	return b.String()
}

func pct(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }
