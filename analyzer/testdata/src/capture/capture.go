// Package capture has parameters captured by closures, which go/ssa keeps
// in a cell the function reads them through.
package capture

// Repeat calls a closure that captures n, n times: the loop bound is the
// parameter n read through its cell.
func Repeat(n int) int {
	t := 0
	add := func() { t += n }
	for i := 0; i < n; i++ {
		add()
	}
	return t
}

// Reassigned changes n inside the closure: the bound is unknown.
func Reassigned(n int) int {
	t := 0
	step := func() { n--; t++ }
	for i := 0; i < n; i++ {
		step()
	}
	return t
}
