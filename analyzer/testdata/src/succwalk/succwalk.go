// Package succwalk has successor walks over a bitset: loops enumerating
// the elements through NextSet, over sets the function filled itself or
// was given.
package succwalk

import "math/bits"

// Set is a bitset.
type Set struct {
	length uint
	set    []uint64
}

// New makes a set of n bits.
func New(n uint) *Set { return &Set{length: n, set: make([]uint64, (n+63)/64)} }

// Set sets bit i, growing the set if needed.
func (b *Set) Set(i uint) *Set {
	if i >= b.length {
		b.extend(i)
	}
	b.set[i>>6] |= 1 << (i & 63)
	return b
}

func (b *Set) extend(i uint) {
	n := int(i/64 + 1)
	if len(b.set) < n {
		ns := make([]uint64, n)
		copy(ns, b.set)
		b.set = ns
	}
	b.length = i + 1
}

// Clear clears bit i.
func (b *Set) Clear(i uint) {
	if i < b.length {
		b.set[i>>6] &^= 1 << (i & 63)
	}
}

// NextSet returns the first set bit at or after i.
func (b *Set) NextSet(i uint) (uint, bool) {
	x := int(i >> 6)
	if x >= len(b.set) {
		return 0, false
	}
	w := b.set[x] >> (i & 63)
	if w != 0 {
		return i + uint(bits.TrailingZeros64(w)), true
	}
	x++
	for idx, w := range b.set[x:] {
		if w != 0 {
			return uint((x+idx)<<6 + bits.TrailingZeros64(w)), true
		}
	}
	return 0, false
}

// Walk fills a set with every 10th bit below n and counts its elements
// by a successor walk: n/10 iterations.
func Walk(n uint) int {
	s := New(n)
	for i := uint(0); i < n; i += 10 {
		s.Set(i)
	}
	c := 0
	for i, ok := s.NextSet(0); ok; i, ok = s.NextSet(i + 1) {
		c++
	}
	return c
}

// WalkAll is Walk with every bit set: n iterations.
func WalkAll(n uint) int {
	s := New(n)
	for i := uint(0); i < n; i++ {
		s.Set(i)
	}
	c := 0
	for i, ok := s.NextSet(0); ok; i, ok = s.NextSet(i + 1) {
		c++
	}
	return c
}

// WalkGiven walks a set it was given: how many elements it holds is not
// known here.
func WalkGiven(s *Set) int {
	c := 0
	for i, ok := s.NextSet(0); ok; i, ok = s.NextSet(i + 1) {
		c++
	}
	return c
}

// WalkCleared only clears bits of the set it makes: no call adds an
// element.
func WalkCleared(n uint) int {
	s := New(n)
	for i := uint(0); i < n; i++ {
		s.Clear(i)
	}
	c := 0
	for i, ok := s.NextSet(0); ok; i, ok = s.NextSet(i + 1) {
		c++
	}
	return c
}
