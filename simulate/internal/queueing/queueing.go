// Package queueing holds exact results of queueing theory that the
// simulator is validated against, and that scenarios use for an analytic
// stability check before running.
package queueing

import (
	"errors"
	"math"
)

// ErlangC returns the probability that an arrival waits in an M/M/c queue
// with offered load a = λ/μ (in Erlangs); 1 if a ≥ c.
func ErlangC(c int, a float64) float64 {
	if a >= float64(c) {
		return 1
	}
	// Erlang B by its stable recurrence, then C from B.
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	rho := a / float64(c)
	return b / (1 - rho + rho*b)
}

// MMc returns the mean wait in queue Wq and mean response W of an M/M/c
// queue with arrival rate lambda and service rate mu per server.
func MMc(c int, lambda, mu float64) (wq, w float64) {
	a := lambda / mu
	if a >= float64(c) {
		return math.Inf(1), math.Inf(1)
	}
	wq = ErlangC(c, a) / (float64(c)*mu - lambda)
	return wq, wq + 1/mu
}

// MG1 returns the Pollaczek–Khinchine mean wait in queue and mean
// response of an M/G/1 FCFS queue with service moments E[S], E[S²].
func MG1(lambda, es, es2 float64) (wq, w float64) {
	rho := lambda * es
	if rho >= 1 {
		return math.Inf(1), math.Inf(1)
	}
	wq = lambda * es2 / (2 * (1 - rho))
	return wq, wq + es
}

// MG1PS returns the mean response of an M/G/1 processor-sharing queue,
// E[S]/(1−ρ), which depends on the service distribution only through its mean.
func MG1PS(lambda, es float64) float64 {
	rho := lambda * es
	if rho >= 1 {
		return math.Inf(1)
	}
	return es / (1 - rho)
}

// Traffic solves the traffic equations of an open network,
// λ_i = γ_i + Σ_j λ_j P[j][i], by Gaussian elimination with partial
// pivoting on (I − Pᵀ)λ = γ.
func Traffic(gamma []float64, p [][]float64) ([]float64, error) {
	n := len(gamma)
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n+1)
		for j := range n {
			a[i][j] = -p[j][i]
		}
		a[i][i]++
		a[i][n] = gamma[i]
	}
	for col := range n {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[piv][col]) {
				piv = r
			}
		}
		if math.Abs(a[piv][col]) < 1e-12 {
			return nil, errors.New("queueing: traffic equations are singular (a closed loop with no exit)")
		}
		a[col], a[piv] = a[piv], a[col]
		for r := range n {
			if r == col {
				continue
			}
			f := a[r][col] / a[col][col]
			for k := col; k <= n; k++ {
				a[r][k] -= f * a[col][k]
			}
		}
	}
	lam := make([]float64, n)
	for i := range n {
		lam[i] = a[i][n] / a[i][i]
	}
	return lam, nil
}
