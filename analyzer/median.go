package analyzer

import (
	"cmp"
	"slices"
	"sync"

	"github.com/perfcast/perfcast/costmodel"
)

// medianTarget picks the target an interface call is costed as when the
// targets are a guess — every type in scope that implements the interface
// (the visible-type rule), not the types that reach the call. Which one
// runs is unknown; predictions are judged by their ratio to the truth, and
// the estimate that minimizes the expected |log(predicted/actual)| over
// equally likely targets is the median of their costs, not the mean. The
// mean is also dominated by rare heavyweight implementations in scope: an
// io.Reader call in std averaged an in-memory reader with pipes, network
// connections and decompressors. Targets are ranked by their cost at their
// variables' defaults on a reference profile (the built-in
// sapphirerapids: the ranking, not the cycles, is what matters); ties go
// to the name, so the choice is deterministic.
func medianTarget(sums []*Summary) *Summary {
	type ranked struct {
		s    *Summary
		cost float64
	}
	rs := make([]ranked, len(sums))
	for i, s := range sums {
		rs[i] = ranked{s, summaryCost(s)}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(a.cost, b.cost); c != 0 {
			return c
		}
		return cmp.Compare(a.s.Name, b.s.Name)
	})
	return rs[(len(rs)-1)/2].s
}

var (
	refProfileOnce sync.Once
	refProfile     *costmodel.Profile
)

// summaryCost is s's CPU time in ns at its variables' defaults on the
// reference profile, or a large number if it cannot be evaluated.
func summaryCost(s *Summary) float64 {
	refProfileOnce.Do(func() { refProfile, _ = costmodel.LoadProfile("sapphirerapids") })
	if refProfile == nil {
		return 0
	}
	f := s.Function("", nil)
	c, err := refProfile.Evaluate(&f, nil)
	if err != nil {
		return 1e300
	}
	return c.CPU.NS + c.Wait().NS
}
