// Package badtest compiles, but its test does not.
package badtest

// Twice doubles n.
func Twice(n int) int { return 2 * n }
