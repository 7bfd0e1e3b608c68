// Package untested is a dependency whose tests import a module that
// example.com/app's build list does not have.
package untested

// Twice doubles x.
func Twice(x int) int { return 2 * x }
