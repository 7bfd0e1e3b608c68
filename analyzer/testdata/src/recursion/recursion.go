// Package recursion holds recursive functions.
package recursion

// Fib is doubly recursive.
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

// Even and Odd are mutually recursive.
func Even(n int) bool {
	if n == 0 {
		return true
	}
	return Odd(n - 1)
}

// Odd is Even's partner.
func Odd(n int) bool {
	if n == 0 {
		return false
	}
	return Even(n - 1)
}

// UseFib calls a recursive function: its depth variable takes its default.
func UseFib() int { return Fib(10) }

// selfFormatter is a value that formats as another value.
type selfFormatter interface{ Self() any }

// Format re-enters itself with a fresh value on a rare path only (a value
// that formats as another): a recursion that dies out, not a walk of n.
func Format(v any) int {
	if s, ok := v.(selfFormatter); ok {
		return 1 + Format(s.Self())
	}
	return 1
}
