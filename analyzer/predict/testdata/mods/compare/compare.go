// Package compare sums a table, and its benchmark compares it with another
// module's implementation (example.com/rival) that only its tests import,
// as comparison benchmarks of other projects do.
package compare

// Sum adds xs up.
func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
