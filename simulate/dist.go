package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// DistKind names a family of probability distributions.
type DistKind uint8

// Distribution families.
const (
	Constant         DistKind = iota + 1 // always Mean
	Exponential                          // rate 1/Mean
	Uniform                              // on [A, B]
	Lognormal                            // with mean Mean and coefficient of variation CV
	Hyperexponential                     // two exponential branches: probability P with mean A, else mean B
	Empirical                            // uniform choice among Values
	Erlang                               // K exponential stages, total mean Mean
	Gamma                                // with mean Mean and coefficient of variation CV (shape 1/CV²)
)

var distNames = map[DistKind]string{
	Constant: "constant", Exponential: "exponential", Uniform: "uniform", Lognormal: "lognormal",
	Hyperexponential: "hyperexponential", Empirical: "empirical", Erlang: "erlang", Gamma: "gamma",
}

func (k DistKind) String() string {
	if s, ok := distNames[k]; ok {
		return s
	}
	return fmt.Sprintf("DistKind(%d)", k)
}

// Dist is a distribution of non-negative values (service times in
// seconds, sizes, counts). It is a small value type with an explicit random
// source, sampled without allocation.
type Dist struct {
	Kind   DistKind
	Mean   float64   // Constant, Exponential, Lognormal, Erlang
	CV     float64   // Lognormal, Gamma: standard deviation / mean
	A, B   float64   // Uniform bounds; Hyperexponential branch means
	P      float64   // Hyperexponential: probability of the A branch
	K      int       // Erlang stages
	Values []float64 // Empirical

	mu, sigma float64 // Lognormal parameters of the underlying normal
	shape     float64 // Gamma shape 1/CV²
}

// Const returns the distribution that is always v.
func Const(v float64) Dist { return Dist{Kind: Constant, Mean: v} }

// Exp returns the exponential distribution with the given mean.
func Exp(mean float64) Dist { return Dist{Kind: Exponential, Mean: mean} }

// LognormalMeanCV returns the lognormal distribution with the given mean and
// coefficient of variation.
func LognormalMeanCV(mean, cv float64) Dist {
	d := Dist{Kind: Lognormal, Mean: mean, CV: cv}
	d.prepare()
	return d
}

// GammaMeanCV returns the gamma distribution with the given mean and
// coefficient of variation (shape 1/cv², scale mean·cv²).
func GammaMeanCV(mean, cv float64) Dist {
	d := Dist{Kind: Gamma, Mean: mean, CV: cv}
	d.prepare()
	return d
}

// Hyper2 returns the two-branch hyperexponential distribution: with
// probability p an exponential of mean a, else of mean b.
func Hyper2(p, a, b float64) Dist { return Dist{Kind: Hyperexponential, P: p, A: a, B: b} }

// prepare computes derived parameters; idempotent.
func (d *Dist) prepare() {
	if d.Kind == Lognormal {
		s2 := math.Log1p(d.CV * d.CV)
		d.sigma = math.Sqrt(s2)
		d.mu = math.Log(d.Mean) - s2/2
	}
	if d.Kind == Gamma {
		d.shape = 1 / (d.CV * d.CV)
	}
}

// Validate reports a parameter outside the family's domain.
func (d *Dist) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s distribution: "+format, append([]any{d.Kind}, args...)...)
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch d.Kind {
	case Constant:
		if !finite(d.Mean) || d.Mean < 0 {
			return bad("value %v must be a finite number ≥ 0", d.Mean)
		}
	case Exponential, Erlang:
		if !finite(d.Mean) || d.Mean <= 0 {
			return bad("mean %v must be > 0", d.Mean)
		}
		if d.Kind == Erlang && (d.K < 1 || d.K > 1000) {
			return bad("stages %d must be in 1..1000", d.K)
		}
	case Lognormal, Gamma:
		if !finite(d.Mean) || d.Mean <= 0 || !finite(d.CV) || d.CV <= 0 || d.CV > 100 {
			return bad("mean %v must be > 0 and cv %v in (0, 100]", d.Mean, d.CV)
		}
	case Uniform:
		if !finite(d.A) || !finite(d.B) || d.A < 0 || d.B < d.A {
			return bad("bounds [%v, %v] must satisfy 0 ≤ min ≤ max", d.A, d.B)
		}
	case Hyperexponential:
		if !finite(d.P) || d.P <= 0 || d.P >= 1 || !finite(d.A) || !finite(d.B) || d.A <= 0 || d.B <= 0 {
			return bad("needs 0 < p < 1 and both means > 0 (p=%v, means %v, %v)", d.P, d.A, d.B)
		}
	case Empirical:
		if len(d.Values) == 0 {
			return bad("needs at least one value")
		}
		for _, v := range d.Values {
			if !finite(v) || v < 0 {
				return bad("value %v must be a finite number ≥ 0", v)
			}
		}
	default:
		return fmt.Errorf("unknown distribution kind %d", d.Kind)
	}
	return nil
}

// Sample draws one value using r.
func (d *Dist) Sample(r *rand.Rand) float64 {
	switch d.Kind {
	case Constant:
		return d.Mean
	case Exponential:
		return r.ExpFloat64() * d.Mean
	case Uniform:
		return d.A + (d.B-d.A)*r.Float64()
	case Lognormal:
		return math.Exp(d.mu + d.sigma*r.NormFloat64())
	case Hyperexponential:
		if r.Float64() < d.P {
			return r.ExpFloat64() * d.A
		}
		return r.ExpFloat64() * d.B
	case Empirical:
		return d.Values[r.IntN(len(d.Values))]
	case Erlang:
		var s float64
		for range d.K {
			s += r.ExpFloat64()
		}
		return s * d.Mean / float64(d.K)
	case Gamma:
		return sampleGamma(r, d.shape) * d.Mean / d.shape
	}
	return 0
}

// sampleGamma draws from the gamma distribution with the given shape and
// scale 1 by Marsaglia and Tsang's squeeze method (ACM TOMS 26(3), 2000);
// a shape below 1 is boosted by one and corrected with U^(1/shape),
// drawn as exp(−E/shape) with E exponential (−ln U is exponential), which
// is cheaper than math.Pow.
func sampleGamma(r *rand.Rand, shape float64) float64 {
	boost := 1.0
	if shape < 1 {
		boost = math.Exp(-r.ExpFloat64() / shape)
		shape++
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d * v * boost
		}
	}
}

// Moments returns the first and second moments E[X] and E[X²], which the
// analytic checks (Pollaczek–Khinchine, utilization) need.
func (d *Dist) Moments() (m1, m2 float64) {
	switch d.Kind {
	case Constant:
		return d.Mean, d.Mean * d.Mean
	case Exponential:
		return d.Mean, 2 * d.Mean * d.Mean
	case Uniform:
		return (d.A + d.B) / 2, (d.A*d.A + d.A*d.B + d.B*d.B) / 3
	case Lognormal, Gamma:
		return d.Mean, d.Mean * d.Mean * (1 + d.CV*d.CV)
	case Hyperexponential:
		return d.P*d.A + (1-d.P)*d.B, 2 * (d.P*d.A*d.A + (1-d.P)*d.B*d.B)
	case Empirical:
		for _, v := range d.Values {
			m1 += v
			m2 += v * v
		}
		n := float64(len(d.Values))
		return m1 / n, m2 / n
	case Erlang:
		k := float64(d.K)
		return d.Mean, d.Mean * d.Mean * (k + 1) / k
	}
	return 0, 0
}

// Max returns an upper bound of the support (+Inf if unbounded).
func (d *Dist) Max() float64 {
	switch d.Kind {
	case Constant:
		return d.Mean
	case Uniform:
		return d.B
	case Empirical:
		return slices.Max(d.Values)
	}
	return math.Inf(1)
}
