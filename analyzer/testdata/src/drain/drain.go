// Package drain has loops that empty the structure they work on, for the
// drained-structure rules (drain.go, mapOp).
package drain

// Stack counts its elements; Pop does its work only while it holds some.
type Stack struct {
	n   int
	acc float64
}

// NewStack returns a stack of n elements.
func NewStack(n int) *Stack { return &Stack{n: n} }

// Pop takes an element out: the float work runs only on a non-empty stack
// (a size guard on s.n).
func (s *Stack) Pop() {
	if s.n == 0 {
		return
	}
	s.n--
	s.acc = s.acc*1.5 + 1
}

// DrainStack pops size elements in each of rounds rounds from a stack of
// size: the first round empties it, the others find it empty.
func DrainStack(size, rounds int) {
	s := NewStack(size)
	for i := 0; i < rounds; i++ {
		for n := 0; n < size; n++ {
			s.Pop()
		}
	}
}

type node struct {
	key         int
	left, right *node
}

// Tree is a binary search tree that counts its nodes.
type Tree struct {
	root *node
	size int
}

// NewTree returns a tree said to hold n nodes.
func NewTree(n int) *Tree { return &Tree{size: n} }

// Remove descends to k (log2(size+1) levels) and counts a node less.
func (t *Tree) Remove(k int) {
	n := t.root
	for n != nil {
		if k < n.key {
			n = n.left
		} else if k > n.key {
			n = n.right
		} else {
			break
		}
	}
	t.size--
}

// DrainTree removes size keys in each of rounds rounds from a tree of
// size: descents in the first round only.
func DrainTree(size, rounds int) {
	t := NewTree(size)
	for i := 0; i < rounds; i++ {
		for n := 0; n < size; n++ {
			t.Remove(n)
		}
	}
}

// Set is a set in a Go map.
type Set struct {
	items map[int]struct{}
}

// Remove deletes k.
func (s *Set) Remove(k int) { delete(s.items, k) }

// Has looks k up.
func (s *Set) Has(k int) bool { _, ok := s.items[k]; return ok }

// DeleteAll deletes keys 0..size-1 from s in each of rounds rounds: the
// map is empty after the first.
func DeleteAll(s *Set, size, rounds int) {
	for i := 0; i < rounds; i++ {
		for n := 0; n < size; n++ {
			s.Remove(n)
		}
	}
}

// Probe looks keys up without removing any: every lookup hashes.
func Probe(s *Set, size, rounds int) {
	for i := 0; i < rounds; i++ {
		for n := 0; n < size; n++ {
			s.Has(n)
		}
	}
}

var global = map[any]int{}

// DeleteGlobal deletes from a map whose length the analysis does not
// know: the delete is counted.
func DeleteGlobal(k any) { delete(global, k) }

// RemoveAny deletes an interface key from a map of length len(m).
func RemoveAny(m map[any]int, k any) { delete(m, k) }

// Pair holds two sets by value.
type Pair struct {
	fwd, inv Set
}

// DrainFwd deletes keys 0..size-1 from the set p holds by value, in each
// of rounds rounds: the set's sizes are p's, one field deeper
// (len(p.fwd.items)), so the deletes drain them like a pointer field's.
func DrainFwd(p *Pair, size, rounds int) {
	for i := 0; i < rounds; i++ {
		for n := 0; n < size; n++ {
			p.fwd.Remove(n)
		}
	}
}

// Ordered is a set in a Go map that keeps its keys in insertion order:
// a removal finds the key in the map, then copies the order.
type Ordered struct {
	items map[int]struct{}
	order []int
	acc   float64
}

// Remove deletes k when the set holds it: a removal's found check
// (removalGuard), whose found arm runs whenever the map holds anything.
func (s *Ordered) Remove(k int) {
	if _, ok := s.items[k]; ok {
		delete(s.items, k)
		s.acc = s.acc*1.5 + 1
		order := make([]int, len(s.order))
		copy(order, s.order)
		s.order = order
	}
}

// RemoveEarly is Remove with the miss arm returning first.
func (s *Ordered) RemoveEarly(k int) {
	if _, ok := s.items[k]; !ok {
		return
	}
	delete(s.items, k)
	s.acc = s.acc*1.5 + 1
}

// Touch looks k up and deletes another key: not a removal of what it
// found, so the static prediction splits it.
func (s *Ordered) Touch(k, other int) {
	if _, ok := s.items[k]; ok {
		delete(s.items, other)
		s.acc = s.acc*1.5 + 1
	}
}

// RemoveAll removes each of keys: the test sits in a loop.
func (s *Ordered) RemoveAll(keys ...int) {
	for _, k := range keys {
		if _, ok := s.items[k]; ok {
			delete(s.items, k)
			s.acc = s.acc*1.5 + 1
		}
	}
}

// DrainOrdered removes keys 0..size-1 from s in each of rounds rounds: the
// first round finds every key (and copies the order each time), the
// others find the map empty.
func DrainOrdered(s *Ordered, size, rounds int) {
	for i := 0; i < rounds; i++ {
		for n := 0; n < size; n++ {
			s.Remove(n)
		}
	}
}

// Array is a list in a slice that counts its elements.
type Array struct {
	elements []int
	size     int
	acc      float64
}

func (a *Array) withinRange(i int) bool { return i >= 0 && i < a.size }

// Get returns element i when it is in range.
func (a *Array) Get(i int) (int, bool) {
	if !a.withinRange(i) {
		return 0, false
	}
	return a.elements[i], true
}

// RemoveAt removes element i: a position check, not a size guard (two
// sizes compared), before the removal's work (removalArmGuard).
func (a *Array) RemoveAt(i int) {
	if !a.withinRange(i) {
		return
	}
	a.acc = a.acc*1.5 + 1
	a.size--
}

// Dequeue removes the first element when Get found one: the found flag
// of a call guarding a removal the callee's Effects record.
func (a *Array) Dequeue() int {
	v, ok := a.Get(0)
	if ok {
		a.RemoveAt(0)
	}
	return v
}

// DrainArray dequeues size elements in each of rounds rounds from a of
// size: the removals' work in the first round only.
func DrainArray(a *Array, size, rounds int) {
	for i := 0; i < rounds; i++ {
		for n := 0; n < size; n++ {
			a.Dequeue()
		}
	}
}
