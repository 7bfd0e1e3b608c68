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

// digitCount counts the decimal digits of n: at least 0, no upper bound
// the analysis knows.
func digitCount(n int64) int {
	d := 0
	for n != 0 {
		n /= 10
		d++
	}
	return d
}

// Places boxes a number of decimal places kept between 0 and want — a
// width computed from digit counts, never a constant: with want = 2 it is
// below 256 on every path, so boxing it allocates nothing.
func Places(v int64, want int) {
	if v < 10 {
		sink = "small"
		return
	}
	have := digitCount(v)
	places := max(want-have, 0)
	if again := digitCount(v * 10); again > have {
		places = max(places-(again-have), 0)
	}
	sink = places
}

// PlacesTwo passes want = 2 (and a constant that decides Places' first
// test, so that the call is costed under its constants).
func PlacesTwo() { Places(123456, 2) }

// PlacesLarge passes want = 1000: the bound is no longer below 256.
func PlacesLarge() { Places(123456, 1000) }

// Masked boxes a value masked to its low byte's range.
func Masked(v int) { sink = v & 0xff }

// Digits boxes a digit count: unbounded above.
func Digits(v int64) { sink = digitCount(v) }
