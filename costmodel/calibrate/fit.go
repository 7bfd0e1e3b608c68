package calibrate

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
)

// A Column is one constant of the linear model the calibration fits: the
// time of one operation of a class, of one allocation at a malloc curve
// point, or of one system call, all in ns on the calibrated host.
type Column struct {
	Name       string           // "int", "malloc@64", "syscall"
	Class      manifest.OpClass // set for operation classes
	MallocSize float64          // set for malloc curve points
	Syscall    bool
}

// Columns returns the model's constants in a fixed order: every operation
// class but the dependent-load chains' (costmodel.ChainClasses, which the
// L1d pointer-chase probe measures directly), then the malloc curve points,
// then the system call.
func Columns() []Column {
	var cs []Column
	for _, c := range fittedClasses() {
		cs = append(cs, Column{Name: string(c), Class: c})
	}
	for _, s := range MallocSizes {
		cs = append(cs, Column{Name: fmt.Sprintf("malloc@%g", s), MallocSize: s})
	}
	return append(cs, Column{Name: "syscall", Syscall: true})
}

// fittedClasses are the operation classes the fit determines.
func fittedClasses() []manifest.OpClass {
	var cs []manifest.OpClass
	for _, c := range manifest.OpClasses {
		// Chains and mispredictions are measured by their own probes
		// (pointer chase, branch), not fitted.
		if !slices.Contains(costmodel.ChainClasses, c) && c != manifest.OpMispredict {
			cs = append(cs, c)
		}
	}
	return cs
}

// Row returns b's row of the design matrix: how many of each column's unit
// one iteration performs. An allocation between two malloc points is split
// between them by linear interpolation, as costmodel evaluates the curve.
func Row(b Benchmark, cols []Column) []float64 {
	row := make([]float64, len(cols))
	for j, c := range cols {
		switch {
		case c.Class != "":
			row[j] = b.Ops[c.Class]
		case c.Syscall:
			row[j] = b.Syscalls
		}
	}
	first := len(fittedClasses())
	for _, a := range b.Allocs {
		w := interpWeights(a.Size)
		for i, x := range w {
			row[first+i] += a.Count * x
		}
	}
	return row
}

// interpWeights returns the weights of MallocSizes whose combination
// interpolates the malloc curve at size (clamped at the first point,
// extrapolated from the last segment).
func interpWeights(size float64) []float64 {
	w := make([]float64, len(MallocSizes))
	if size <= MallocSizes[0] {
		w[0] = 1
		return w
	}
	i := 1
	for i < len(MallocSizes)-1 && size > MallocSizes[i] {
		i++
	}
	a, b := MallocSizes[i-1], MallocSizes[i]
	t := (size - a) / (b - a)
	w[i-1], w[i] = 1-t, t
	return w
}

// Fit is the result of fitting the model's constants to measurements.
type Fit struct {
	Columns []Column
	NS      []float64  // fitted ns per unit, by column
	Used    []bool     // whether any fitted benchmark exercised the column
	Rows    []Residual // the fitted benchmarks
	R2Log   float64    // coefficient of determination of log(time)
	RMSRel  float64    // root mean square of relative errors
	MaxRel  float64    // largest absolute relative error
}

// Residual compares a benchmark's measured time per iteration with the
// model's prediction.
type Residual struct {
	Name      string
	Measured  float64 // ns per iteration (median)
	Predicted float64 // ns per iteration
}

// RelErr returns (predicted - measured) / measured.
func (r Residual) RelErr() float64 { return (r.Predicted - r.Measured) / r.Measured }

// ridge is the weight of the prior, relative to one benchmark: it only
// decides constants the data cannot separate (sends and receives always
// come in pairs, for instance), and keeps them near the base profile.
const ridge = 1e-3

// Priors are what the fit knows before measuring, per column, in ns.
type Priors struct {
	Expect []float64 // expected value (the base profile's)
	Lower  []float64 // hard lower bound (an instruction's reciprocal throughput; else 0)
}

// FitModel fits the columns' ns by bounded least squares on relative
// error: minimise Σ ((row·x − t)/t)² over the benchmarks for which use
// returns true (all if use is nil), plus ridge · Σ (x/expect − 1)², subject
// to x ≥ lower.
func FitModel(bs []Benchmark, measured []float64, pr Priors, use func(Benchmark) bool) (*Fit, error) {
	cols := Columns()
	prior := pr.Expect
	if len(prior) != len(cols) || len(pr.Lower) != len(cols) || len(measured) != len(bs) {
		return nil, errors.New("calibrate: FitModel: mismatched lengths")
	}
	var rows [][]float64
	var idxs []int
	used := make([]bool, len(cols))
	for i, b := range bs {
		if use != nil && !use(b) {
			continue
		}
		if !(measured[i] > 0) {
			return nil, fmt.Errorf("calibrate: benchmark %s has no measurement", b.Name)
		}
		r := Row(b, cols)
		for j, x := range r {
			if x != 0 {
				used[j] = true
			}
		}
		rows = append(rows, r)
		idxs = append(idxs, i)
	}
	m, n := len(rows)+len(cols), len(cols)
	A := mat.NewDense(m, n, nil)
	y := make([]float64, m)
	for k, r := range rows {
		t := measured[idxs[k]]
		for j, x := range r {
			A.Set(k, j, x/t)
		}
		y[k] = 1
	}
	s := math.Sqrt(ridge)
	for j := range cols {
		if !(prior[j] > 0) {
			return nil, fmt.Errorf("calibrate: column %s has no prior", cols[j].Name)
		}
		A.Set(len(rows)+j, j, s/prior[j])
		y[len(rows)+j] = s
	}
	// x = lower + z with z ≥ 0: solve for z against y − A·lower.
	for i := range m {
		for j := range n {
			y[i] -= A.At(i, j) * pr.Lower[j]
		}
	}
	x, err := nnls(A, y)
	if err != nil {
		return nil, err
	}
	for j := range x {
		x[j] += pr.Lower[j]
	}
	f := &Fit{Columns: cols, NS: x, Used: used}
	for _, i := range idxs {
		f.Rows = append(f.Rows, Residual{Name: bs[i].Name, Measured: measured[i], Predicted: f.Predict(bs[i])})
	}
	f.R2Log, f.RMSRel, f.MaxRel = summarize(f.Rows)
	return f, nil
}

// Predict returns the model's time per iteration of b, in ns.
func (f *Fit) Predict(b Benchmark) float64 {
	r := Row(b, f.Columns)
	p := 0.0
	for j, x := range r {
		p += x * f.NS[j]
	}
	return p
}

// NSOf returns the fitted ns of the named column.
func (f *Fit) NSOf(name string) float64 {
	for j, c := range f.Columns {
		if c.Name == name {
			return f.NS[j]
		}
	}
	return math.NaN()
}

func summarize(rs []Residual) (r2log, rms, maxAbs float64) {
	if len(rs) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	mean := 0.0
	for _, r := range rs {
		mean += math.Log(r.Measured)
	}
	mean /= float64(len(rs))
	var ssRes, ssTot, sq float64
	for _, r := range rs {
		lm, lp := math.Log(r.Measured), math.Log(math.Max(r.Predicted, 1e-12))
		ssRes += (lm - lp) * (lm - lp)
		ssTot += (lm - mean) * (lm - mean)
		e := r.RelErr()
		sq += e * e
		maxAbs = math.Max(maxAbs, math.Abs(e))
	}
	r2log = 1 - ssRes/ssTot
	return r2log, math.Sqrt(sq / float64(len(rs))), maxAbs
}

// CrossValidation is the result of fitting on one fold and predicting the
// other, both ways.
type CrossValidation struct {
	Fits [2]*Fit       // Fits[k] was fitted on fold k
	Held [2][]Residual // Held[k]: fold 1-k predicted by Fits[k]
	// MaxRel is the largest absolute relative error over all held-out
	// predictions; RMSRel their root mean square.
	MaxRel, RMSRel float64
}

// CrossValidate fits on each fold and predicts the other. Benchmarks of
// fold -1 take no part.
func CrossValidate(bs []Benchmark, measured []float64, prior Priors) (*CrossValidation, error) {
	cv := new(CrossValidation)
	var sq float64
	var cnt int
	for k := range 2 {
		f, err := FitModel(bs, measured, prior, func(b Benchmark) bool { return b.Fold == k })
		if err != nil {
			return nil, err
		}
		cv.Fits[k] = f
		for i, b := range bs {
			if b.Fold == k || b.Fold < 0 {
				continue
			}
			r := Residual{Name: b.Name, Measured: measured[i], Predicted: f.Predict(b)}
			cv.Held[k] = append(cv.Held[k], r)
			e := r.RelErr()
			sq += e * e
			cnt++
			cv.MaxRel = math.Max(cv.MaxRel, math.Abs(e))
		}
	}
	if cnt > 0 {
		cv.RMSRel = math.Sqrt(sq / float64(cnt))
	}
	return cv, nil
}

// nnls solves min |Ax − y|₂ subject to x ≥ 0 by the active-set method of
// Lawson and Hanson (Solving Least Squares Problems, 1974, ch. 23), using
// gonum's QR least squares for the unconstrained subproblems.
func nnls(A *mat.Dense, y []float64) ([]float64, error) {
	m, n := A.Dims()
	b := mat.NewVecDense(m, y)
	x := make([]float64, n)
	passive := make([]bool, n)
	const tol = 1e-12
	w := make([]float64, n)
	gradient := func() {
		r := mat.NewVecDense(m, nil)
		r.MulVec(A, mat.NewVecDense(n, x))
		r.SubVec(b, r)
		g := mat.NewVecDense(n, nil)
		g.MulVec(A.T(), r)
		for j := range n {
			w[j] = g.AtVec(j)
		}
	}
	solve := func() ([]float64, error) {
		var idx []int
		for j := range n {
			if passive[j] {
				idx = append(idx, j)
			}
		}
		s := make([]float64, n)
		if len(idx) == 0 {
			return s, nil
		}
		Ap := mat.NewDense(m, len(idx), nil)
		for k, j := range idx {
			for i := range m {
				Ap.Set(i, k, A.At(i, j))
			}
		}
		var z mat.VecDense
		if err := z.SolveVec(Ap, b); err != nil {
			var c mat.Condition
			if !errors.As(err, &c) {
				return nil, err
			}
		}
		for k, j := range idx {
			s[j] = z.AtVec(k)
		}
		return s, nil
	}
	gradient()
	for iter := 0; iter < 3*n+10; iter++ {
		jmax, wmax := -1, tol
		for j := range n {
			if !passive[j] && w[j] > wmax {
				jmax, wmax = j, w[j]
			}
		}
		if jmax < 0 {
			return x, nil
		}
		passive[jmax] = true
		for inner := 0; inner < 3*n+10; inner++ {
			s, err := solve()
			if err != nil {
				return nil, err
			}
			feasible := true
			alpha := math.Inf(1)
			for j := range n {
				if passive[j] && s[j] <= 0 {
					feasible = false
					if a := x[j] / (x[j] - s[j]); a < alpha {
						alpha = a
					}
				}
			}
			if feasible {
				copy(x, s)
				break
			}
			for j := range n {
				x[j] += alpha * (s[j] - x[j])
				if passive[j] && x[j] <= tol {
					passive[j] = false
					x[j] = 0
				}
			}
		}
		gradient()
	}
	return x, nil
}
