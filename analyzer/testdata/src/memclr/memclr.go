// Package memclr has loops gc compiles into a memclr call and loops it
// does not.
package memclr

// Set holds words.
type Set struct {
	set []uint64
}

// Clear zeroes s: one memclr.
func Clear(s []uint64) {
	for i := range s {
		s[i] = 0
	}
}

// ClearAll zeroes a slice field: one memclr.
func (b *Set) ClearAll() {
	for i := range b.set {
		b.set[i] = 0
	}
}

// Fill stores a value other than zero: a loop.
func Fill(s []uint64) {
	for i := range s {
		s[i] = 1
	}
}

// ClearFor zeroes s with a three-clause loop, which gc leaves a loop.
func ClearFor(s []uint64) {
	for i := 0; i < len(s); i++ {
		s[i] = 0
	}
}
