package analyzer

import (
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// bindInduction binds a callee's integer parameter whose argument is the
// induction variable of a counted loop of the caller (list.Get(i) in
// `for i := 0; i < n; i++`) to the variable's mean over the loop,
// init + step·(trip-1)/2. A callee cost linear in the parameter is then
// exact summed over the loop (Σ c·i = trip · c · mean); without it the
// argument would be unknown and take the default size.
func (st *funcState) bindInduction(sum *Summary, name string, args []ssa.Value) (expr.Expr, bool) {
	l, iv, ok := st.argInduction(sum, name, args)
	if !ok {
		return expr.Expr{}, false
	}
	// The mean of init, init+k, ..., init+k·(trip-1).
	return expr.Add(iv.init, expr.Scale(expr.Sub(l.trip, expr.Const(1)), iv.k/2)), true
}

// lastInduction is the last value of the induction variable passed as the
// integer parameter name, if it is one: init + step·(trip-1).
func (st *funcState) lastInduction(sum *Summary, name string, args []ssa.Value) (expr.Expr, bool) {
	l, iv, ok := st.argInduction(sum, name, args)
	if !ok {
		return expr.Expr{}, false
	}
	return expr.Add(iv.init, expr.Scale(expr.Sub(l.trip, expr.Const(1)), iv.k)), true
}

// argInduction finds the counted loop and additive induction variable whose
// value is passed (possibly converted) as the callee's parameter name.
func (st *funcState) argInduction(sum *Summary, name string, args []ssa.Value) (*loop, inductionVar, bool) {
	idx := slices.Index(sum.Params, name)
	if st.flow == nil || idx < 0 || idx >= len(args) {
		return nil, inductionVar{}, false
	}
	arg := args[idx]
	for {
		switch a := arg.(type) {
		case *ssa.Convert:
			arg = a.X
			continue
		case *ssa.ChangeType:
			arg = a.X
			continue
		}
		break
	}
	phi, ok := arg.(*ssa.Phi)
	if !ok {
		return nil, inductionVar{}, false
	}
	for _, l := range st.flow.loops {
		if l.header != phi.Block() || !l.exact {
			continue
		}
		iv, ok := st.phiInduction(l, phi)
		if !ok || iv.kind != stepAdd {
			return nil, inductionVar{}, false
		}
		return l, iv, true
	}
	return nil, inductionVar{}, false
}
