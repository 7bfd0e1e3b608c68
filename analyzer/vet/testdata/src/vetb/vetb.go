// Package vetb calls veta: its summaries must equal the whole-program run.
package vetb

import "veta"

// Total sums twice through veta, within its budget.
//
//perfcast:budget allocs<=0 ops<=200 len(s)=10
func Total(s []int) int { // want Total:`cost\(exact, allocs=0\)`
	return veta.Sum(s) + veta.Sum(s[1:])
}

// Make allocates, over its budget.
//
//perfcast:budget allocs<=0
func Make(name string) *veta.Item { // want Make:`cost\(exact, allocs=1\)` `Make: allocs = 1 = 1 exceeds budget 0`
	return veta.New(name)
}

// Loop is over its operation budget for large inputs.
//
//perfcast:budget ops<=50 len(s)=1000
func Loop(s []int) int { // want Loop:`cost\(exact` `Loop: ops = .* exceeds budget 50 at len\(s\)=1000`
	return veta.Sum(s)
}

// Walk dispatches through an interface.
func Walk(w veta.Walker, n int) int { // want Walk:`cost\(estimated, allocs=0\)`
	return w.Walk(n)
}

// Bad has a malformed directive.
//
//perfcast:budget speed<=3 // want `invalid //perfcast:budget: unknown metric "speed"`
func Bad() {} // want Bad:`cost\(exact, allocs=0\)`
