package predict

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/costmodel"
)

// TestTimedLoop checks the per-operation figure go test would report for
// timed loops whose cost is not linear in b.N, worked out by hand: setup
// 500 ns in each case.
func TestTimedLoop(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cost      func(n float64) float64
		n         float64
		wantFirst float64
		wantPerOp float64
	}{
		// 3 ns per iteration: the difference is exact.
		{"linear", func(n float64) float64 { return 500 + 3*n }, 1000, 0, 3},
		// A walk after each push: 2 + n/2 per iteration on average over
		// n = 1000, (C(n) − 500)/n = 502; the difference between n and
		// 2n would give 2 + 1.5·n = 1502.
		{"growing", func(n float64) float64 { return 500 + 2*n + 0.5*n*n }, 1000, 0, 502},
		// 5000 ns of removals in the first iteration only (min(n, 1)),
		// 3 ns per iteration after: (5000 + 30)/10 at b.N = 10.
		{"emptied", func(n float64) float64 { return 500 + 5000*math.Min(n, 1) + 3*n }, 10, 5000, 503},
		// log2(b.N) has no limit at 0: the difference is kept, 3 + 10/n.
		{"log", func(n float64) float64 { return 500 + 10*math.Log2(n) + 3*n }, 1000, 0, 3 + 10/1000.0},
	} {
		at := func(n float64) (costmodel.Cost, error) {
			var c costmodel.Cost
			c.CPU.NS = tc.cost(n)
			return c, nil
		}
		tl, err := newTimedLoop(at, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := tl.first(0); math.Abs(got-tc.wantFirst) > 1e-3*math.Max(1, tc.wantFirst) {
			t.Errorf("%s: first iteration's extra %g, want %g", tc.name, got, tc.wantFirst)
		}
		cn, c2n := tc.cost(tc.n), tc.cost(2*tc.n)
		diff := (c2n - cn) / tc.n
		if got := tl.perOp(0, diff, cn, c2n, tc.n); math.Abs(got-tc.wantPerOp) > 1e-3*tc.wantPerOp {
			t.Errorf("%s: per op %g at b.N = %g, want %g", tc.name, got, tc.n, tc.wantPerOp)
		}
	}
}
