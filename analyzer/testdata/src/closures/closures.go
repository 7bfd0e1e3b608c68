// Package closures exercises function values.
package closures

// Apply calls f on every element: f is unknown here.
func Apply(s []int, f func(int) int) {
	for i := range s {
		s[i] = f(s[i])
	}
}

// Double applies a closure it builds itself: the call is resolved.
func Double(s []int) {
	k := 2
	mul := func(x int) int { return x * k }
	for i := range s {
		s[i] = mul(s[i])
	}
}

// Counter returns a closure capturing a variable: both escape.
func Counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

// Deferred uses defer.
func Deferred(s []int) (n int) {
	defer func() { n++ }()
	for range s {
		n++
	}
	return n
}
