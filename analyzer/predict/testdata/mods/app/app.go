// Package app sums through a package of another module (example.com/dep),
// for perfcast predict's analysis of the modules a benchmark depends on.
package app

import "example.com/dep"

var ones = make([]int, 4096)

// Total is the sum of the first n of a table, counted by dep.
func Total(n int) int { return dep.Sum(ones[:n]) }
