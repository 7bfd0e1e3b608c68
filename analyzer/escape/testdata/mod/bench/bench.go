// Package bench is a container and a hash, in the style of gods and xxhash,
// whose benchmarks live in _test.go files: an internal one (bench_test.go)
// and an external test package (xbench_test.go).
package bench

// Set is a hash set of interface{} items, as gods' hashset.
type Set struct{ items map[any]struct{} }

// NewSet returns an empty set.
func NewSet() *Set { return &Set{items: map[any]struct{}{}} }

// Add stores its items: they escape.
func (s *Set) Add(items ...any) {
	for _, it := range items {
		s.items[it] = struct{}{}
	}
}

// Contains only reads its items: they do not escape. It is not inlined (as
// a larger body would not be), so a caller's boxed argument is decided by
// the parameter's escape tag.
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

// Len is a method gc inlines.
func (s *Set) Len() int { return len(s.items) }

// Map maps interface{} keys to values, as gods' hashmap.
type Map struct{ m map[any]any }

// NewMap returns an empty map.
func NewMap() *Map { return &Map{m: map[any]any{}} }

// Put stores key and value: they escape.
func (m *Map) Put(key, value any) { m.m[key] = value }

// Get only reads key: it does not escape.
func (m *Map) Get(key any) (value any, found bool) {
	value, found = m.m[key]
	return
}

// Digest is a streaming hash, as xxhash's.
type Digest struct {
	v1, v2 uint64
	total  uint64
	mem    [32]byte
	n      int
}

// New returns a new Digest. gc inlines it; its variable escapes here (it is
// returned) but not where the caller keeps the result local.
func New() *Digest {
	var d Digest
	d.Reset()
	return &d
}

// Reset is a value-setting method gc inlines.
func (d *Digest) Reset() {
	d.v1, d.v2, d.total, d.n = 1, 2, 0, 0
}

// Write mixes b into the digest; d and b do not escape.
func (d *Digest) Write(b []byte) (int, error) {
	for _, c := range b {
		d.v1 = (d.v1 ^ uint64(c)) * 1099511628211
		d.v2 += d.v1 >> 7
		d.mem[d.n%32] = c
		d.n++
	}
	d.total += uint64(len(b))
	return len(b), nil
}

// Sum64 is a method with a value receiver gc inlines.
func (d Digest) Sum64() uint64 { return d.v1 ^ d.v2 ^ d.total }

// Bag is generic and the package itself never instantiates it: its code
// is compiled only in the test variant, the one compile that logs the
// inlining stack of Dup's make inlined into Locked.Dup.
type Bag[T comparable] map[T]struct{}

// Dup copies b into a new bag, returned by address: the make escapes.
func (b *Bag[T]) Dup() *Bag[T] {
	c := make(Bag[T], len(*b))
	for k := range *b {
		c[k] = struct{}{}
	}
	return &c
}

// Locked holds a Bag; gc inlines Bag.Dup into its Dup.
type Locked[T comparable] struct{ b *Bag[T] }

// Dup copies l's bag into a new Locked.
func (l *Locked[T]) Dup() *Locked[T] {
	return &Locked[T]{b: l.b.Dup()}
}
