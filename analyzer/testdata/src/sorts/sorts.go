// Package sorts exercises the costing of standard-library sorts at their
// callers (callbacks.go): every comparison divides twice (by a variable, not a constant gc turns into a multiplication), so the "div"
// count tells how many comparisons a function is charged.
package sorts

import (
	"slices"
	"sort"
)

type byTens []int

func (s byTens) Len() int           { return len(s) }
func (s byTens) Less(i, j int) bool { return s[i]/s[j] < s[j]/s[i] }
func (s byTens) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// Once sorts xs once: pdqsort's comparisons on random input.
func Once(xs []int) { sort.Sort(byTens(xs)) }

// Stable sorts xs once with the stable algorithm.
func Stable(xs []int) { sort.Stable(byTens(xs)) }

// Again sorts xs k times: every pass but the first finds it in order.
func Again(xs []int, k int) {
	for i := 0; i < k; i++ {
		sort.Sort(byTens(xs))
	}
}

// Refill copies src into xs before each sort: random input every pass.
func Refill(xs, src []int, k int) {
	for i := 0; i < k; i++ {
		copy(xs, src)
		sort.Sort(byTens(xs))
	}
}

// Slice sorts with a less function over indexes.
func Slice(xs []int) {
	sort.Slice(xs, func(i, j int) bool { return xs[i]/xs[j] < xs[j]/xs[i] })
}

// Func sorts with a comparison function over elements.
func Func(xs []int) {
	slices.SortFunc(xs, func(a, b int) int { return a/b - b/a })
}

type wrapped struct {
	vals []int
	div  int
}

func (w wrapped) Len() int           { return len(w.vals) }
func (w wrapped) Less(i, j int) bool { return w.vals[i]/w.div < w.vals[j]/w.div }
func (w wrapped) Swap(i, j int)      { w.vals[i], w.vals[j] = w.vals[j], w.vals[i] }

// Literal sorts through a struct it builds in place, whose Len is the
// length of a field.
func Literal(xs []int, d int) { sort.Sort(wrapped{xs, d}) }

// Opaque sorts a sort.Interface it is given: its concrete type is not
// known here, and the shipped summary is used.
func Opaque(data sort.Interface) { sort.Sort(data) }

// Find is a binary search for the first element at or above x: its loop
// runs log2(len(xs)+1) times.
func Find(xs []int, x int) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if xs[m]/x < 1 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// FindEq is a binary search that stops at a match: at most as many passes.
func FindEq(xs []int, x int) int {
	lo, hi := 0, len(xs)-1
	for lo <= hi {
		m := lo + (hi-lo)/2
		switch v := xs[m] / x; {
		case v == 1:
			return m
		case v < 1:
			lo = m + 1
		default:
			hi = m - 1
		}
	}
	return -1
}
