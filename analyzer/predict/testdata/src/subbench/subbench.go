// Package subbench holds a bit set whose sizes the analyzer's shapes
// track, for perfcast predict's tests of sub-benchmarks created through
// helpers.
package subbench

// Bits is a bit set: length bits in (length+63)/64 words.
type Bits struct {
	length uint
	set    []uint64
}

// New allocates a set of length bits.
func New(length uint) *Bits {
	return &Bits{length: length, set: make([]uint64, (length+63)>>6)}
}

// Set sets bit i, growing the set on demand.
func (b *Bits) Set(i uint) {
	if i >= b.length {
		b.extend(i)
	}
	b.set[i>>6] |= 1 << (i & 63)
}

func (b *Bits) extend(i uint) {
	n := int((i + 64) >> 6)
	s := make([]uint64, n)
	copy(s, b.set)
	b.set = s
	b.length = i + 1
}

// Len is the set's length in bits: constant time.
func (b *Bits) Len() uint { return b.length }

// Count multiplies the words: one per word.
func (b *Bits) Count() int {
	t := 1
	for _, w := range b.set {
		t *= int(w)
	}
	return t
}

// Subset reports whether every bit of o is in b: one pass over o's words.
func (b *Bits) Subset(o *Bits) bool {
	ok := true
	for i, w := range o.set {
		if i < len(b.set) {
			ok = ok && b.set[i]&w == w
		}
	}
	return ok
}

// Clone copies the set: the copy has b's sizes.
func (b *Bits) Clone() *Bits {
	c := &Bits{length: b.length, set: make([]uint64, len(b.set))}
	copy(c.set, b.set)
	return c
}
