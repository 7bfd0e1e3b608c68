package predict

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/perfcast/perfcast/analyzer/accuracy"
	"github.com/perfcast/perfcast/analyzer/benchfmt"
)

// Validation is the accuracy of a prediction run against measured results,
// overall and per module.
type Validation struct {
	Overall  accuracy.Report  `json:"overall"`
	ByModule []ModuleAccuracy `json:"by_module"`
	Skipped  []Skipped        `json:"skipped,omitempty"` // benchmarks discovery found but could not predict
	// CPUAdjusted compares with the measured ns/op scaled by each package's
	// CPU share (see PackageLoad), when the loads are known: on a shared
	// machine it is the fairer comparison for a prediction of CPU time.
	CPUAdjusted *accuracy.Report `json:"cpu_adjusted,omitempty"`
	Loads       []PackageLoad    `json:"-"`
}

// AddLoads computes v.CPUAdjusted from the package loads of the measured run.
func (v *Validation) AddLoads(pred *Result, measured []benchfmt.Result, loads []PackageLoad) {
	if len(loads) == 0 {
		return
	}
	r := accuracy.Compare(pred.Results(0), CPUAdjusted(measured, loads), pred.Reasons())
	v.CPUAdjusted = &r
	v.Loads = loads
}

// ModuleAccuracy is the accuracy on the benchmarks of one module.
type ModuleAccuracy struct {
	Module string          `json:"module"`
	Report accuracy.Report `json:"report"`
}

// Validate compares the predictions with measured results (repeated runs
// are reduced to medians) by benchmark key. A measured benchmark of a
// package that analysis could not attribute to a module is grouped under
// its package path.
func Validate(pred *Result, measured []benchfmt.Result) Validation {
	p := pred.Results(0)
	reasons := pred.Reasons()
	for _, s := range pred.Skipped {
		reasons[s.Key] = "not predicted: " + s.Reason
	}
	v := Validation{Overall: accuracy.Compare(p, measured, reasons), Skipped: pred.Skipped}
	module := func(pkg string) string {
		if m, ok := pred.Modules[pkg]; ok {
			return m
		}
		return pkg
	}
	byMod := map[string][2][]benchfmt.Result{}
	for _, r := range measured {
		g := byMod[module(r.Pkg)]
		g[1] = append(g[1], r)
		byMod[module(r.Pkg)] = g
	}
	for _, r := range p {
		m := module(r.Pkg)
		if g, ok := byMod[m]; ok {
			g[0] = append(g[0], r)
			byMod[m] = g
		}
	}
	mods := make([]string, 0, len(byMod))
	for m := range byMod {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		g := byMod[m]
		v.ByModule = append(v.ByModule, ModuleAccuracy{Module: m, Report: accuracy.Compare(g[0], g[1], reasons)})
	}
	return v
}

// WriteText prints the validation report for people: the overall metrics
// against issue 5's targets, the per-module table, the ten worst
// predictions with their reasons, and what could not be predicted.
func (v Validation) WriteText(w io.Writer) error {
	r := v.Overall
	var b strings.Builder
	check := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "below target"
	}
	fmt.Fprintf(&b, "benchmarks measured      %d\n", r.Measured)
	fmt.Fprintf(&b, "predicted (coverage)     %d (%.1f%%)          target >= 90%%: %s\n", r.Predicted, 100*r.Coverage, check(r.Coverage >= 0.9))
	fmt.Fprintf(&b, "allocs/op exact          %.1f%%                 target >= 90%%: %s\n", 100*r.AllocsExact, check(r.AllocsExact >= 0.9))
	fmt.Fprintf(&b, "  on nonzero allocs      %.1f%% of %d           target >= 80%%: %s\n", 100*r.AllocsExactNonzero, r.NonzeroAllocs, check(r.AllocsExactNonzero >= 0.8))
	fmt.Fprintf(&b, "B/op within 10%%          %.1f%%                 target >= 80%%: %s\n", 100*r.BytesWithin10, check(r.BytesWithin10 >= 0.8))
	fmt.Fprintf(&b, "ns/op within 2x          %.1f%%                 target >= 70%%: %s\n", 100*r.NsWithin2x, check(r.NsWithin2x >= 0.7))
	fmt.Fprintf(&b, "median |log2(pred/meas)| %.2f\n", r.MedianAbsLog2)
	fmt.Fprintf(&b, "Spearman (ns/op)         %.3f                target >= 0.85: %s\n", r.Spearman, check(r.Spearman >= 0.85))
	if c := v.CPUAdjusted; c != nil {
		lo, hi := 1.0, 0.0
		for _, l := range v.Loads {
			lo, hi = min(lo, l.Share()), max(hi, l.Share())
		}
		fmt.Fprintf(&b, "\nagainst measured ns/op scaled by each package's CPU share (%.2f to %.2f of wall time):\n", lo, hi)
		fmt.Fprintf(&b, "ns/op within 2x          %.1f%%                 target >= 70%%: %s\n", 100*c.NsWithin2x, check(c.NsWithin2x >= 0.7))
		fmt.Fprintf(&b, "median |log2(pred/meas)| %.2f\n", c.MedianAbsLog2)
		fmt.Fprintf(&b, "Spearman (ns/op)         %.3f                target >= 0.85: %s\n", c.Spearman, check(c.Spearman >= 0.85))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}

	fmt.Fprintf(w, "\nby module:\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "module\tmeasured\tcoverage\tallocs exact\tnonzero exact\tB/op 10%%\tns 2x\tmed |log2|\tSpearman\n")
	for _, m := range v.ByModule {
		r := m.Report
		fmt.Fprintf(tw, "%s\t%d\t%.0f%%\t%.0f%%\t%.0f%% of %d\t%.0f%%\t%.0f%%\t%.2f\t%.2f\n", m.Module, r.Measured, 100*r.Coverage,
			100*r.AllocsExact, 100*r.AllocsExactNonzero, r.NonzeroAllocs, 100*r.BytesWithin10, 100*r.NsWithin2x, r.MedianAbsLog2, r.Spearman)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(w, "\nten worst ns/op predictions:\n")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "benchmark\tpredicted ns/op\tmeasured ns/op\tratio\tallocs pred/meas\tB/op pred/meas\treason\n")
	for _, p := range r.Worst {
		ratio := p.Predicted.NsPerOp / max(p.Measured.NsPerOp, 0.01)
		fmt.Fprintf(tw, "%s\t%.4g\t%.4g\t%.3gx\t%.0f/%.0f\t%.0f/%.0f\t%s\n", p.Key, p.Predicted.NsPerOp, p.Measured.NsPerOp, ratio,
			p.Predicted.AllocsOp, p.Measured.AllocsOp, p.Predicted.BytesPerOp, p.Measured.BytesPerOp, shorten(p.Reason, 160))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Missing) > 0 {
		reasons := map[string]string{}
		for _, s := range v.Skipped {
			reasons[s.Key] = s.Reason
		}
		fmt.Fprintf(w, "\nmeasured but not predicted (%d):\n", len(r.Missing))
		for _, k := range r.Missing {
			why := reasons[k]
			if why == "" {
				why = "not found by discovery"
			}
			fmt.Fprintf(w, "  %s: %s\n", k, shorten(why, 200))
		}
	}
	return nil
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}
