// Package dep is a dependency of example.com/app in another module.
package dep

// Sum adds xs up.
func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
