// Package mispredict exercises the mispredicted branches of binary searches
// (mispredict.go): charged per pass of a search, dropped at a call whose
// keys follow the caller's loop counter.
package mispredict

import "math/rand"

// Find is a binary search for the first element at or above x.
func Find(xs []int, x int) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if xs[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Scan is a linear search: its loop's exit is taken once, not mispredicted
// on every pass.
func Scan(xs []int, x int) int {
	for i, v := range xs {
		if v >= x {
			return i
		}
	}
	return len(xs)
}

// Permuted searches for keys read from a slice (a permutation, say): each
// unrelated to the last, so the searches keep their mispredictions.
func Permuted(xs, keys []int) {
	for _, k := range keys {
		Find(xs, k)
	}
}

// Counted searches for the loop's counter: consecutive keys, predicted.
func Counted(xs []int, n int) {
	for i := 0; i < n; i++ {
		Find(xs, i)
	}
}

// Key is a key type converted from the counter.
type Key int

func findKey(xs []int, k Key) int { return Find(xs, int(k)) }

// Wrapped searches for the counter modulo the size, converted: still
// consecutive keys.
func Wrapped(xs []int, n int) {
	for i := 0; i < n; i++ {
		findKey(xs, Key(i%len(xs)))
	}
}

func drawn(xs []int) int { return Find(xs, rand.Intn(len(xs))) }

// Drawn calls, with arguments that never change, a function that draws its
// keys itself: the mispredictions stay.
func Drawn(xs []int, n int) {
	for i := 0; i < n; i++ {
		drawn(xs)
	}
}

// Scans scans for random keys: no binary search, nothing charged.
func Scans(xs, keys []int) {
	for _, k := range keys {
		Scan(xs, k)
	}
}
