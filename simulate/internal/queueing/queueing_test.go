package queueing

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

func TestKnownValues(t *testing.T) {
	// M/M/10 at λ=8, μ=1: the figures in REFERENCES.md.
	if c := ErlangC(10, 8); !near(c, 0.40918, 1e-4) {
		t.Errorf("ErlangC(10, 8) = %v, want 0.40918", c)
	}
	if wq, _ := MMc(10, 8, 1); !near(wq, 0.20459, 1e-4) {
		t.Errorf("Wq = %v, want 0.20459", wq)
	}
	// M/M/1: C = ρ, W = 1/(μ−λ).
	if _, w := MMc(1, 0.5, 1); !near(w, 2, 1e-12) {
		t.Errorf("M/M/1 W = %v, want 2", w)
	}
	// M/D/1 at ρ=0.9: Wq = 4.5·E[S].
	if wq, _ := MG1(0.9, 1, 1); !near(wq, 4.5, 1e-12) {
		t.Errorf("M/D/1 Wq = %v, want 4.5", wq)
	}
	if w := MG1PS(0.5, 1); w != 2 {
		t.Errorf("M/G/1-PS = %v, want 2", w)
	}
	lam, err := Traffic([]float64{1, 0}, [][]float64{{0, 1}, {0.5, 0}})
	if err != nil || !near(lam[0], 2, 1e-12) || !near(lam[1], 2, 1e-12) {
		t.Errorf("Traffic = %v, %v; want [2 2]", lam, err)
	}
	if _, err := Traffic([]float64{1}, [][]float64{{1}}); err == nil {
		t.Error("Traffic with no exit: no error")
	}
}
