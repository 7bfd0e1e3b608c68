package analyzer

import (
	"maps"
	"math"
	"slices"

	"github.com/perfcast/perfcast/manifest/expr"
)

// Drained structures: what a call costs over a loop that empties the
// structure it works on.
//
// A loop that removes more than it adds (a benchmark popping, dequeuing or
// removing by key inside its b.N loop what the setup inserted) leaves the
// structure empty after m = min(T, s0/−D) of its T iterations (drift, in
// shape.go), and every later call finds it empty. Drift gives the calls
// the mean size, which is right for a cost linear in the size, but not for
// any other: log2 of the mean of a size that is s0 for one iteration and 0
// for the others is log2(s0/T) per call, not log2(s0)/T; and a guard on
// the size (`if l.size == 0 { return }`, `if len(m) > 0`) weighted by the
// indicator at the mean is true in every iteration as soon as s0/T ≥ 1,
// where it is true in the first m only. A call is therefore costed as the
// mixture of the two phases the size goes through: the draining phase, a
// fraction m/T of the loop, at the mean size while it drains (s0 + D·m/2),
// and the empty phase, the rest, at size 0:
//
//	cost = (m/T)·C(s0 + D·m/2) + (1 − m/T)·C(0),
//
// which equals C at the mean for a C linear in the size and gives a
// removal from an empty tree its log2(1+0) = 0 levels, and a guard on an
// empty structure its empty arm, in every iteration after the first.
// Mixtures are taken when all the sizes drift gives a call drain over the
// same fraction (one structure, or several emptied together); sizes that
// drain at different paces keep their means.

// drain is how a size drift found draining changes over its loop.
type drain struct {
	mean   expr.Expr // the mean over the loop, what drift returns
	frac   expr.Expr // m/T: the fraction of the loop before the structure is empty
	active expr.Expr // the mean over those m iterations
}

// drainBinding substitutes a call's bindings into the callee's costs:
// mix gives a cost over the calls of the loop, the mixture of the
// draining and empty phases of the sizes of m found draining (drains, by
// variable); active gives it in the draining phase alone, for what runs
// in the loop's first iterations only (a replayed removal's Found part).
// Both are the plain substitution of m when no size drains, or when they
// drain over different fractions.
type drainBinding struct {
	m, act, zero map[string]expr.Expr
	drains       map[string]*drain
	frac, rest   expr.Expr
	ok           bool
}

func newDrainBinding(m map[string]expr.Expr, drains map[string]*drain) *drainBinding {
	d := &drainBinding{m: m, drains: drains}
	if len(drains) == 0 {
		return d
	}
	d.act = make(map[string]expr.Expr, len(m))
	d.zero = make(map[string]expr.Expr, len(m))
	for k, v := range m {
		d.act[k], d.zero[k] = v, v
	}
	first := true
	for _, k := range slices.Sorted(maps.Keys(drains)) {
		dr := drains[k]
		if first {
			d.frac, first = dr.frac, false
		} else if !d.frac.Equal(dr.frac) {
			return d
		}
		d.act[k], d.zero[k] = dr.active, expr.Const(0)
	}
	d.rest = expr.Sub(expr.Const(1), d.frac)
	d.ok = true
	return d
}

// uses reports whether e depends on a draining size.
func (d *drainBinding) uses(e expr.Expr) bool {
	for _, v := range e.Vars() {
		if d.drains[v] != nil {
			return true
		}
	}
	return false
}

// mix is e over the calls of the loop.
func (d *drainBinding) mix(e expr.Expr) expr.Expr {
	mean := e.Subst(d.m)
	if !d.ok || !d.uses(e) {
		return mean
	}
	mixed := expr.Add(expr.Mul(d.frac, e.Subst(d.act)), expr.Mul(d.rest, e.Subst(d.zero)))
	// Keep the mean where it is the mixture (a cost linear in the
	// drained sizes: the same sum, a shorter form), and where the empty
	// phase cannot be evaluated (a division by the size).
	same, ok := sameValues(mean, mixed)
	if !ok || same {
		return mean
	}
	return mixed
}

// active is e in the draining phase.
func (d *drainBinding) active(e expr.Expr) expr.Expr {
	if !d.ok || !d.uses(e) {
		return e.Subst(d.m)
	}
	return e.Subst(d.act)
}

// sameValues reports whether a and b evaluate alike with all variables at
// a few values (ok false when one of them fails to evaluate).
func sameValues(a, b expr.Expr) (same, ok bool) {
	same = true
	for _, x := range []float64{0.5, 3, 7.25, 1000} {
		env := func(string) (float64, bool) { return x, true }
		va, err1 := a.Eval(env)
		vb, err2 := b.Eval(env)
		if err1 != nil || err2 != nil || math.IsNaN(vb) || math.IsInf(vb, 0) {
			return false, false
		}
		if math.Abs(va-vb) > 1e-9*math.Max(1, math.Abs(va)) {
			same = false
		}
	}
	return same, true
}
