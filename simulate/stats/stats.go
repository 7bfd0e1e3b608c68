// Package stats holds the simulator's streaming statistics: running mean and
// variance (Welford), a log-bucketed histogram for quantiles with a bounded
// relative error, and batch means that turn one long, autocorrelated run
// into 95% confidence intervals for means and percentiles. Memory is bounded
// by the number of batches and the dynamic range of the data, never by the
// number of observations.
package stats

import (
	"math"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// Welford accumulates the mean and variance of a stream in one pass
// without the cancellation of the naive sum-of-squares formula.
type Welford struct {
	N    int64
	mean float64
	m2   float64
}

// Add adds one observation.
func (w *Welford) Add(x float64) {
	w.N++
	d := x - w.mean
	w.mean += d / float64(w.N)
	w.m2 += d * (x - w.mean)
}

// Mean returns the sample mean (0 with no observations).
func (w *Welford) Mean() float64 { return w.mean }

// Var returns the unbiased sample variance (0 with fewer than 2 observations).
func (w *Welford) Var() float64 {
	if w.N < 2 {
		return 0
	}
	return w.m2 / float64(w.N-1)
}

// Std returns the sample standard deviation.
func (w *Welford) Std() float64 { return math.Sqrt(w.Var()) }

// Interval is a point estimate with a two-sided confidence interval.
type Interval struct {
	Value float64 `json:"value"`
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
}

// HalfWidth returns half the width of the interval.
func (iv Interval) HalfWidth() float64 { return (iv.High - iv.Low) / 2 }

// RelHalfWidth returns the half width relative to the point value
// (+Inf when the value is 0 or the interval is unknown).
func (iv Interval) RelHalfWidth() float64 {
	if iv.Value == 0 || math.IsNaN(iv.Low) {
		return math.Inf(1)
	}
	return iv.HalfWidth() / math.Abs(iv.Value)
}

// Contains reports whether x lies in [Low, High].
func (iv Interval) Contains(x float64) bool { return x >= iv.Low && x <= iv.High }

var (
	tMu    sync.Mutex
	tCache = map[int]float64{}
)

// T975 returns the 0.975 quantile of Student's t distribution with df
// degrees of freedom: the factor of a two-sided 95% interval.
func T975(df int) float64 {
	if df < 1 {
		return math.NaN()
	}
	tMu.Lock()
	defer tMu.Unlock()
	if q, ok := tCache[df]; ok {
		return q
	}
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
	tCache[df] = q
	return q
}

// MeanInterval returns the mean of xs with its 95% confidence interval from
// Student's t, treating xs as independent (batch means are, approximately,
// once batches are long compared with the correlation time).
func MeanInterval(xs []float64) Interval {
	var w Welford
	for _, x := range xs {
		w.Add(x)
	}
	if w.N < 2 {
		return Interval{Value: w.Mean(), Low: math.NaN(), High: math.NaN()}
	}
	h := T975(int(w.N-1)) * w.Std() / math.Sqrt(float64(w.N))
	return Interval{Value: w.Mean(), Low: w.Mean() - h, High: w.Mean() + h}
}

// MarshalJSON writes unknown bounds (NaN) as null, which encoding/json
// cannot do for NaN itself.
func (iv Interval) MarshalJSON() ([]byte, error) {
	num := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "null"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return []byte(`{"value":` + num(iv.Value) + `,"low":` + num(iv.Low) + `,"high":` + num(iv.High) + `}`), nil
}
