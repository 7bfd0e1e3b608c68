package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestWelford(t *testing.T) {
	var w Welford
	for _, x := range []float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16} {
		w.Add(x)
	}
	if w.Mean() != 1e9+10 || math.Abs(w.Var()-30) > 1e-6 {
		t.Errorf("mean %v var %v, want 1e9+10 and 30", w.Mean(), w.Var())
	}
}

func TestT975(t *testing.T) {
	for _, tc := range []struct {
		df   int
		want float64
	}{{1, 12.706}, {10, 2.228}, {31, 2.040}, {1000, 1.962}} {
		if got := T975(tc.df); math.Abs(got-tc.want) > 1e-3 {
			t.Errorf("T975(%d) = %v, want %v", tc.df, got, tc.want)
		}
	}
}

// TestHistogramRelError checks every quantile against the exact order
// statistic, within the stated relative error.
func TestHistogramRelError(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		gen  func() float64
	}{
		{"exponential", func() float64 { return r.ExpFloat64() }},
		{"lognormal wide", func() float64 { return math.Exp(3 * r.NormFloat64()) }},
		{"nanoseconds", func() float64 { return 1e6 + 1e5*r.Float64() }},
	} {
		var h Histogram
		xs := make([]float64, 100_000)
		for i := range xs {
			xs[i] = tc.gen()
			h.Add(xs[i])
		}
		slices.Sort(xs)
		for _, p := range []float64{0.001, 0.5, 0.9, 0.99, 0.999, 1} {
			exact := xs[int(math.Ceil(p*float64(len(xs))))-1]
			got := h.Quantile(p)
			if rel := math.Abs(got-exact) / exact; rel > RelError {
				t.Errorf("%s p=%v: %v, exact %v, rel err %.4f > %.4f", tc.name, p, got, exact, rel, RelError)
			}
		}
	}
}

func TestHistogramMergeAndZero(t *testing.T) {
	var a, b, all Histogram
	for i := range 1000 {
		x := float64(i%37) * 0.5 // includes zeros
		all.Add(x)
		if i%2 == 0 {
			a.Add(x)
		} else {
			b.Add(x)
		}
	}
	a.Merge(&b)
	for _, p := range []float64{0, 0.01, 0.3, 0.5, 0.99, 1} {
		if a.Quantile(p) != all.Quantile(p) {
			t.Errorf("p=%v: merged %v, direct %v", p, a.Quantile(p), all.Quantile(p))
		}
	}
	if a.Quantile(0.01) != 0 {
		t.Errorf("zeros lost: p1 = %v", a.Quantile(0.01))
	}
	var empty Histogram
	if !math.IsNaN(empty.Quantile(0.5)) {
		t.Error("empty histogram quantile is not NaN")
	}
}

// TestSeriesBoundedMemory checks that batches stay between MinBatches and
// 2·MinBatches and that the interval for iid data covers the true mean.
func TestSeriesBoundedMemory(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var s Series
	for range 1_000_000 {
		s.Add(r.ExpFloat64())
	}
	if b := s.Batches(); b < MinBatches || b >= 2*MinBatches {
		t.Errorf("%d batches, want [%d, %d)", b, MinBatches, 2*MinBatches)
	}
	iv := s.MeanInterval()
	if !iv.Contains(1) || iv.RelHalfWidth() > 0.01 {
		t.Errorf("mean interval %+v should contain 1 and be within 1%%", iv)
	}
	med := s.QuantileInterval(0.5)
	if want := math.Ln2; !(med.Low-RelError*want <= want && want <= med.High+RelError*want) {
		t.Errorf("median interval %+v should contain ln 2", med)
	}
}
