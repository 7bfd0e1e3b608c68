// Package accuracy compares perfcast's predicted benchmark results with
// measured ones and computes the metrics perfcast reports about itself:
// coverage, allocs/op exact-match rate, B/op within 10%, ns/op within 2×,
// median |log2(predicted/measured)| and Spearman rank correlation.
package accuracy

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"

	"github.com/perfcast/perfcast/analyzer/benchfmt"
)

// Pair is one benchmark that was both predicted and measured.
type Pair struct {
	Key       string  `json:"benchmark"`
	Predicted Metrics `json:"predicted"`
	Measured  Metrics `json:"measured"`
	Log2Ratio float64 `json:"log2_ratio"` // log2(predicted ns/op / measured ns/op)
	Reason    string  `json:"reason,omitempty"`
}

// Metrics are the three per-op figures compared.
type Metrics struct {
	NsPerOp    float64 `json:"ns_per_op"`
	BytesPerOp float64 `json:"bytes_per_op"`
	AllocsOp   float64 `json:"allocs_per_op"`
}

// Report is the accuracy of a set of predictions. Rates are fractions in
// [0, 1] over the benchmarks both predicted and measured, except Coverage.
type Report struct {
	Measured  int     `json:"measured"`  // benchmarks that ran
	Predicted int     `json:"predicted"` // benchmarks that ran and were predicted
	Coverage  float64 `json:"coverage"`

	AllocsExact        float64 `json:"allocs_exact"`         // round(predicted) == measured allocs/op
	NonzeroAllocs      int     `json:"nonzero_allocs"`       // benchmarks with measured allocs/op > 0
	AllocsExactNonzero float64 `json:"allocs_exact_nonzero"` // the same rate over those
	BytesWithin10      float64 `json:"bytes_within_10pct"`   // |predicted - measured| <= 10% of measured B/op
	NsWithin2x         float64 `json:"ns_within_2x"`         // measured/2 <= predicted <= 2*measured
	MedianAbsLog2      float64 `json:"median_abs_log2"`      // median |log2(predicted/measured)| of ns/op
	Spearman           float64 `json:"spearman"`             // rank correlation of predicted and measured ns/op

	Missing []string `json:"missing,omitempty"` // measured but not predicted, sorted
	Worst   []Pair   `json:"worst"`             // the ten largest |log2 ratio|, worst first
	Pairs   []Pair   `json:"-"`
}

// Compare matches predictions to measurements by package and name (repeated
// measurements are reduced to their medians first) and computes a Report.
// reasons gives, per benchmark key, why a prediction may be off (for the
// worst list).
func Compare(predicted, measured []benchfmt.Result, reasons map[string]string) Report {
	pred := map[string]benchfmt.Result{}
	for _, r := range benchfmt.Median(predicted) {
		pred[r.Key()] = r
	}
	var rep Report
	for _, m := range benchfmt.Median(measured) {
		rep.Measured++
		p, ok := pred[m.Key()]
		if !ok {
			rep.Missing = append(rep.Missing, m.Key())
			continue
		}
		rep.Pairs = append(rep.Pairs, Pair{
			Key:       m.Key(),
			Predicted: Metrics{p.NsPerOp, p.BytesPerOp, p.AllocsOp},
			Measured:  Metrics{m.NsPerOp, m.BytesPerOp, m.AllocsOp},
			Log2Ratio: log2Ratio(p.NsPerOp, m.NsPerOp),
			Reason:    reasons[m.Key()],
		})
	}
	rep.Predicted = len(rep.Pairs)
	if rep.Measured > 0 {
		rep.Coverage = float64(rep.Predicted) / float64(rep.Measured)
	}
	if rep.Predicted == 0 {
		return rep
	}
	var allocsOK, allocsNZ, allocsNZOK, bytesOK, nsOK int
	absLog := make([]float64, 0, rep.Predicted)
	xs := make([]float64, 0, rep.Predicted)
	ys := make([]float64, 0, rep.Predicted)
	for _, p := range rep.Pairs {
		exact := math.Round(p.Predicted.AllocsOp) == math.Round(p.Measured.AllocsOp)
		if exact {
			allocsOK++
		}
		if p.Measured.AllocsOp > 0 {
			allocsNZ++
			if exact {
				allocsNZOK++
			}
		}
		if math.Abs(p.Predicted.BytesPerOp-p.Measured.BytesPerOp) <= 0.1*p.Measured.BytesPerOp+0.5 {
			bytesOK++
		}
		if math.Abs(p.Log2Ratio) <= 1 {
			nsOK++
		}
		absLog = append(absLog, math.Abs(p.Log2Ratio))
		xs = append(xs, p.Predicted.NsPerOp)
		ys = append(ys, p.Measured.NsPerOp)
	}
	n := float64(rep.Predicted)
	rep.AllocsExact = float64(allocsOK) / n
	rep.NonzeroAllocs = allocsNZ
	if allocsNZ > 0 {
		rep.AllocsExactNonzero = float64(allocsNZOK) / float64(allocsNZ)
	}
	rep.BytesWithin10 = float64(bytesOK) / n
	rep.NsWithin2x = float64(nsOK) / n
	sort.Float64s(absLog)
	rep.MedianAbsLog2 = stat.Quantile(0.5, stat.Empirical, absLog, nil)
	if len(xs) > 1 {
		rep.Spearman = Spearman(xs, ys)
	}
	worst := append([]Pair(nil), rep.Pairs...)
	sort.SliceStable(worst, func(i, j int) bool {
		a, b := math.Abs(worst[i].Log2Ratio), math.Abs(worst[j].Log2Ratio)
		if a != b {
			return a > b
		}
		return worst[i].Key < worst[j].Key
	})
	rep.Worst = worst[:min(10, len(worst))]
	return rep
}

// log2Ratio is log2(p/m), with non-positive values clamped to 0.01 ns so a
// zero prediction counts as very wrong rather than as NaN.
func log2Ratio(p, m float64) float64 {
	return math.Log2(math.Max(p, 0.01) / math.Max(m, 0.01))
}

// Spearman returns the Spearman rank correlation of xs and ys: the Pearson
// correlation of their ranks, with ties given their average rank.
func Spearman(xs, ys []float64) float64 {
	return stat.Correlation(ranks(xs), ranks(ys), nil)
}

func ranks(vs []float64) []float64 {
	idx := make([]int, len(vs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return vs[idx[a]] < vs[idx[b]] })
	r := make([]float64, len(vs))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && vs[idx[j+1]] == vs[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}
