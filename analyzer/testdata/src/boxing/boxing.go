// Package boxing converts integers to interfaces: the runtime boxes values
// below 256 without allocating.
package boxing

// Key is a named integer type, as a tree's keys are.
type Key int

var sink any

// Counter boxes 0..n-1: the values from 256 on allocate.
func Counter(n int) {
	for i := 0; i < n; i++ {
		sink = i
	}
}

// Cycle boxes i%k for n values of i: 0..k-1 in turn.
func Cycle(n, k int) {
	for i := 0; i < n; i++ {
		sink = Key(i % k)
	}
}

// Small boxes a byte: never allocates.
func Small(b byte) { sink = b }
