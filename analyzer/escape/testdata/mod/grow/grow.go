// Package grow appends.
package grow

func EscAppend(xs []int, x int) []int { return append(xs, x) }

func StackAppend(n int) int {
	var xs []int
	for i := range n {
		xs = append(xs, i)
	}
	return len(xs)
}

func EscAppendBytes(dst []byte, s string) []byte { return append(dst, s...) }
