// Package gcdecided has benchmarks whose allocations only gc's escape
// analysis of the test files decides: a boxed key passed to a parameter
// that does not escape, and a constructor gc inlines into the benchmark.
package gcdecided

// Set is a set of interface{} items, as gods' hashset.
type Set struct{ items map[any]struct{} }

// NewSet returns a set of the ints 0..n-1.
func NewSet(n int) *Set {
	s := &Set{items: map[any]struct{}{}}
	for i := 0; i < n; i++ {
		s.items[i] = struct{}{}
	}
	return s
}

// Contains only reads its items: they do not escape.
//
//go:noinline
func (s *Set) Contains(items ...any) bool {
	for _, it := range items {
		if _, ok := s.items[it]; !ok {
			return false
		}
	}
	return true
}

// Digest is a small streaming hash, as xxhash's.
type Digest struct {
	v, total uint64
	mem      [32]byte
}

// New returns a Digest; on its own it escapes (returned), inlined into a
// caller that keeps it local it does not.
func New() *Digest {
	var d Digest
	d.v = 1
	return &d
}

// Write mixes b into d.
func (d *Digest) Write(b []byte) {
	for _, c := range b {
		d.v = (d.v ^ uint64(c)) * 1099511628211
	}
	d.total += uint64(len(b))
}

// Sum64 returns the hash.
func (d *Digest) Sum64() uint64 { return d.v ^ d.total }
