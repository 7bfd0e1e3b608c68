// Package shapes builds data structures and then uses them: the sizes its
// constructors and methods leave must reach the costs of what runs after.
package shapes

// List is a singly linked list that counts its nodes.
type List struct {
	first *node
	size  int
}

type node struct {
	v    int
	next *node
}

// NewList returns an empty list (size 0).
func NewList() *List { return &List{} }

// Add appends through insert: size += 1 per call, via a callee.
func (l *List) Add(v int) { l.insert(v) }

func (l *List) insert(v int) {
	l.first = &node{v: v, next: l.first}
	l.size++
}

// AddAll adds every value: size += len(vs).
func (l *List) AddAll(vs ...int) {
	for _, v := range vs {
		l.first = &node{v: v, next: l.first}
		l.size++
	}
}

// Reset empties the list: size is set, not changed by a delta.
func (l *List) Reset() { l.first, l.size = nil, 0 }

// Len returns the size: its result is "l.size".
func (l *List) Len() int { return l.size }

// Walk visits l.size nodes: one multiply each.
func (l *List) Walk() int {
	t := 1
	n := l.first
	for i := 0; i < l.size; i++ {
		t *= n.v
		n = n.next
	}
	return t
}

// BuildThenWalk adds n values and then walks the list m times: n·m
// multiplies.
func BuildThenWalk(n, m int) int {
	l := NewList()
	for i := 0; i < n; i++ {
		l.Add(i)
	}
	t := 0
	for j := 0; j < m; j++ {
		t += l.Walk()
	}
	return t
}

// WalkWhileGrowing adds and walks in the same loop: the growth is not
// setup, so each walk sees the size the list had before the loop (0).
func WalkWhileGrowing(n int) int {
	l := NewList()
	t := 0
	for i := 0; i < n; i++ {
		l.Add(i)
		t += l.Walk()
	}
	return t
}

// Rebuild creates a fresh list in every iteration of the outer loop and
// fills it with k values before walking it: k multiplies per iteration.
func Rebuild(n, k int) int {
	t := 0
	for i := 0; i < n; i++ {
		l := NewList()
		for j := 0; j < k; j++ {
			l.Add(j)
		}
		t += l.Walk()
	}
	return t
}

// ResetThenWalk fills, resets and walks: Reset sets the size to 0.
func ResetThenWalk(n int) int {
	l := NewList()
	for i := 0; i < n; i++ {
		l.Add(i)
	}
	l.Reset()
	return l.Walk()
}

// Variadic adds three values at once: size 3.
func Variadic() int {
	l := NewList()
	l.AddAll(1, 2, 3)
	return l.Walk()
}

// Walker is an interface whose calls are not followed.
type Walker interface{ Touch(l *List) }

// Escaped passes the list to a call whose effects are unknown: the walk's
// size is unknown (default 8).
func Escaped(w Walker, n int) int {
	l := NewList()
	for i := 0; i < n; i++ {
		l.Add(i)
	}
	w.Touch(l)
	return l.Walk()
}

// Bits is a bit set: length bits in (length+63)/64 words.
type Bits struct {
	length uint
	set    []uint64
}

const maxWords = 1 << 20

// wordsNeeded is the words for i bits; the capped case is a constant, so
// the result is the general formula, (i+63)/64.
func wordsNeeded(i uint) int {
	if i > maxWords*64 {
		return maxWords
	}
	return int((i + 63) >> 6)
}

// NewBits allocates a set of length bits: shape length, len(set) = words.
func NewBits(length uint) *Bits {
	return newBits(length)
}

func newBits(length uint) *Bits {
	b := &Bits{length: length, set: make([]uint64, wordsNeeded(length))}
	return b
}

// Count counts the bits: one multiply per word.
func (b *Bits) Count() int {
	t := 1
	for _, w := range b.set {
		t *= int(w)
	}
	return t
}

// Set sets bit i, growing the set on demand: a grow-to effect, length at
// least i+1 and len(set) at least its words.
func (b *Bits) Set(i uint) {
	if i >= b.length {
		b.extend(i)
	}
	b.set[i>>6] |= 1 << (i & 63)
}

func (b *Bits) extend(i uint) {
	n := wordsNeeded(i + 1)
	if cap(b.set) >= n {
		b.set = b.set[:n]
	} else {
		s := make([]uint64, n, 2*n)
		copy(s, b.set)
		b.set = s
	}
	b.length = i + 1
}

// SetThenCount sets bits 0..k-1 of a set of n bits, then counts it:
// max(words(n), words(k)) multiplies.
func SetThenCount(n, k uint) int {
	s := NewBits(n)
	for i := uint(0); i < k; i++ {
		s.Set(i)
	}
	return s.Count()
}

// CountNew counts a set built here: (n+63)/64 multiplies.
func CountNew(n uint) int {
	s := NewBits(n)
	return s.Count()
}

// CountLater counts a set captured by closures: the one store fills the
// cell before the closure's use.
func CountLater(n uint) func() int {
	var s *Bits
	s = NewBits(n)
	return func() int { return s.Count() }
}

// Index is a map built by Put.
type Index struct {
	m map[int]int
}

// NewIndex makes an empty index.
func NewIndex() *Index { return &Index{m: make(map[int]int)} }

// Put writes one key: len(m) += 1 (a new key, the usual way maps grow).
func (x *Index) Put(k, v int) { x.m[k] = v }

// Sum ranges over the map: one multiply per entry.
func (x *Index) Sum() int {
	t := 1
	for _, v := range x.m {
		t *= v
	}
	return t
}

// IndexSum puts n keys, then sums: n multiplies.
func IndexSum(n int) int {
	x := NewIndex()
	for i := 0; i < n; i++ {
		x.Put(i, i)
	}
	return x.Sum()
}

// sumMap ranges over m: one multiply per entry.
func sumMap(m map[int]int) int {
	t := 1
	for _, v := range m {
		t *= v
	}
	return t
}

// MapSum builds a plain map of n entries in a loop, then passes it on: n
// multiplies.
func MapSum(n int) int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		m[i] = i
	}
	return sumMap(m)
}

// Fill adds n values to a list it is given: size += n.
func Fill(l *List, n int) {
	for i := 0; i < n; i++ {
		l.Add(i)
	}
}

// FillThenWalk fills through a helper: n multiplies.
func FillThenWalk(n int) int {
	l := NewList()
	Fill(l, n)
	return l.Walk()
}

// LenLoop bounds a loop by a call's result: the list's size n.
func LenLoop(n int) int {
	l := NewList()
	Fill(l, n)
	return walkN(l, l.Len())
}

func walkN(l *List, k int) int {
	t := 1
	for i := 0; i < k; i++ {
		t *= i
	}
	return t
}

// MapRange builds a map of n entries and ranges over it here: n
// multiplies.
func MapRange(n int) int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		m[i] = i
	}
	t := 1
	for _, v := range m {
		t *= v
	}
	return t
}

// LenBound bounds its own loop by the list's size: n multiplies.
func LenBound(n int) int {
	l := NewList()
	Fill(l, n)
	t := 1
	for i := 0; i < l.Len(); i++ {
		t *= i
	}
	return t
}

// Values copies the list into a slice: its length is l.size.
func (l *List) Values() []int {
	out := make([]int, l.size)
	n := l.first
	for i := range out {
		out[i] = n.v
		n = n.next
	}
	return out
}

// Product ranges over Values(): l.size multiplies.
func (l *List) Product() int {
	t := 1
	for _, v := range l.Values() {
		t *= v
	}
	return t
}

// OrderedSet keeps a map and a list of its keys: sizes two fields deep.
type OrderedSet struct {
	table    map[int]bool
	ordering *List
}

// NewOrderedSet builds an empty set: len(table) 0, ordering.size 0.
func NewOrderedSet() *OrderedSet {
	return &OrderedSet{table: make(map[int]bool), ordering: NewList()}
}

// Put adds a key: len(table) += 1, ordering.size += 1.
func (s *OrderedSet) Put(k int) {
	s.table[k] = true
	s.ordering.Add(k)
}

// Scan walks the ordering list: s.ordering.size multiplies.
func (s *OrderedSet) Scan() int { return s.ordering.Walk() }

// BuildSetThenScan puts n keys, then scans: n multiplies.
func BuildSetThenScan(n int) int {
	s := NewOrderedSet()
	for i := 0; i < n; i++ {
		s.Put(i)
	}
	return s.Scan()
}

// PutNew writes a key only if it is absent: keys are taken as new, so
// len(m) += 1 per call, not the ½ of an even split.
func (x *Index) PutNew(k, v int) {
	if _, ok := x.m[k]; !ok {
		x.m[k] = v
	}
}

// Reuse reslices when the capacity suffices and grows otherwise: the
// growth arm is amortized (no make per call).
func Reuse(s []int, n int) []int {
	if cap(s) >= n {
		return s[:n]
	}
	t := make([]int, n, 2*n)
	copy(t, s)
	return t
}

// Shrink halves the buffer when it is mostly empty: amortized too.
func Shrink(s []int) []int {
	if len(s) < cap(s)/4 {
		t := make([]int, len(s))
		copy(t, s)
		return t
	}
	return s
}

// Cache makes its map on first use.
type Cache struct{ m map[int]int }

// Get initializes c.m lazily: the make runs once over the calls on one
// cache, not half the time.
func (c *Cache) Get(k int) int {
	if c.m == nil {
		c.m = make(map[int]int)
	}
	return c.m[k]
}

// Clone copies the set: the copy has b's sizes.
func (b *Bits) Clone() *Bits {
	c := &Bits{length: b.length, set: make([]uint64, len(b.set))}
	copy(c.set, b.set)
	return c
}

// CloneLater's closure replaces the set it captured by a copy, then counts
// the copy: the closure's load before its own store is the captured set
// (len(s.set) words), which its creator or perfcast predict binds.
func CloneLater(n uint) func() int {
	s := NewBits(n)
	return func() int {
		s = s.Clone()
		return s.Count()
	}
}
