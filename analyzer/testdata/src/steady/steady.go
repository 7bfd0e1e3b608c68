// Package steady holds the container idioms whose loops reach a steady state
// after their first iteration: a search structure allocating only for new
// keys, and the loops that replay (or do not replay) the same keys.
package steady

import "math/rand"

// Tree is a binary search tree: Put allocates a node only when the search
// for its key misses.
type Tree struct {
	root *node
	size int
}

type node struct {
	key, val    int
	left, right *node
}

// cmp is a three-way comparison, as gods' comparators are.
func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Put updates the key's value when it is present, else links a new node
// into the empty slot the search ends at.
func (t *Tree) Put(k, v int) {
	slot := &t.root
	for *slot != nil {
		n := *slot
		c := cmp(k, n.key)
		if c == 0 {
			n.val = v
			return
		}
		if c < 0 {
			slot = &n.left
		} else {
			slot = &n.right
		}
	}
	*slot = &node{key: k, val: v}
	t.size++
}

// Set is an insertion-ordered set: a map for membership, a list of the
// keys' lengths.
type Set struct {
	table map[string]bool
	order *List
}

// Add records the key in the order only when the map does not hold it.
func (s *Set) Add(k string) {
	if _, ok := s.table[k]; !ok {
		s.table[k] = true
		s.order.Push(len(k))
	}
}

// List is a singly linked list: Push allocates on every call.
type List struct {
	head *cell
	n    int
}

type cell struct {
	v    int
	next *cell
}

// Push links a new cell in front.
func (l *List) Push(v int) {
	l.head = &cell{v: v, next: l.head}
	l.n++
}

// Replay puts the same keys 0..n-1 in every round: the nodes are made in
// the first round only.
func Replay(t *Tree, n, rounds int) {
	for r := 0; r < rounds; r++ {
		for k := 0; k < n; k++ {
			t.Put(k, 1)
		}
	}
}

// ReplaySet adds the same key in every round: its cell is made once.
func ReplaySet(s *Set, rounds int) {
	for r := 0; r < rounds; r++ {
		s.Add("key")
	}
}

// Fresh puts keys that change from round to round: every Put may insert.
func Fresh(t *Tree, n, rounds int) {
	for r := 0; r < rounds; r++ {
		for k := 0; k < n; k++ {
			t.Put(r*n+k, 1)
		}
	}
}

// Rebuild makes a new tree in every round: every round inserts.
func Rebuild(n, rounds int) int {
	total := 0
	for r := 0; r < rounds; r++ {
		t := &Tree{}
		for k := 0; k < n; k++ {
			t.Put(k, 1)
		}
		total += t.size
	}
	return total
}

// Churn removes what it puts in every round: every Put inserts again.
func Churn(t *Tree, n, rounds int) {
	for r := 0; r < rounds; r++ {
		for k := 0; k < n; k++ {
			t.Put(k, 1)
		}
		t.Clear()
	}
}

// Clear empties the tree.
func (t *Tree) Clear() {
	t.root = nil
	t.size = 0
}

// Grow pushes the same values in every round: a list has no keys, so every
// Push allocates.
func Grow(l *List, n, rounds int) {
	for r := 0; r < rounds; r++ {
		for k := 0; k < n; k++ {
			l.Push(k)
		}
	}
}

// Stack is an array stack.
type Stack struct {
	items []int
}

// Push appends an element.
func (s *Stack) Push(v int) { s.items = append(s.items, v) }

// Pop removes the top element; on an empty stack it reports false.
func (s *Stack) Pop() (int, bool) {
	n := len(s.items)
	if n == 0 {
		return 0, false
	}
	v := s.items[n-1]
	s.items = s.items[:n-1]
	return v, true
}

// Drain pops n elements in every round from a stack filled with n before
// the loop: the first round empties it, the later ones find it empty.
func Drain(n, rounds int) int {
	s := &Stack{}
	for k := 0; k < n; k++ {
		s.Push(k)
	}
	sum := 0
	for r := 0; r < rounds; r++ {
		for k := 0; k < n; k++ {
			v, _ := s.Pop()
			sum += v
		}
	}
	return sum
}

// lookup returns the slot holding the key, or nil.
func (t *Tree) lookup(k int) **node {
	slot := &t.root
	for *slot != nil {
		c := cmp(k, (*slot).key)
		if c == 0 {
			return slot
		}
		if c < 0 {
			slot = &(*slot).left
		} else {
			slot = &(*slot).right
		}
	}
	return nil
}

// Remove unlinks the key's node when the tree holds it.
func (t *Tree) Remove(k int) {
	slot := t.lookup(k)
	if slot == nil {
		return
	}
	n := *slot
	switch {
	case n.left == nil:
		*slot = n.right
	case n.right == nil:
		*slot = n.left
	default:
		m := &n.right
		for (*m).left != nil {
			m = &(*m).left
		}
		succ := *m
		*m = succ.right
		succ.left, succ.right = n.left, n.right
		*slot = succ
	}
	t.size--
}

// Unload removes the keys 0..n-1 in every round: the first round finds
// them, the later ones miss.
func Unload(t *Tree, n, rounds int) {
	for r := 0; r < rounds; r++ {
		for k := 0; k < n; k++ {
			t.Remove(k)
		}
	}
}

// inRange reports whether i is a position of the stack.
func (s *Stack) inRange(i int) bool { return i >= 0 && i < len(s.items) }

// RemoveAt removes the element at position i.
func (s *Stack) RemoveAt(i int) {
	if !s.inRange(i) {
		return
	}
	copy(s.items[i:], s.items[i+1:])
	s.items = s.items[:len(s.items)-1]
}

// Front removes position 0 in every round: a position names another
// element after each removal, so the same argument is not a replay.
func Front(s *Stack, n, rounds int) {
	for r := 0; r < rounds; r++ {
		for k := 0; k < n; k++ {
			s.RemoveAt(0)
		}
	}
}

// ReplayKeys puts the keys of a slice made before the loop in every round:
// the same keys each time.
func ReplayKeys(t *Tree, keys []int, rounds int) {
	for r := 0; r < rounds; r++ {
		for _, k := range keys {
			t.Put(k, 1)
		}
	}
}

// Rekey changes the keys between rounds: every round may insert.
func Rekey(t *Tree, keys []int, rounds int) {
	for r := 0; r < rounds; r++ {
		keys[0] = r
		for _, k := range keys {
			t.Put(k, 1)
		}
	}
}

// Prefilled fills a tree with the keys Replay puts again: Replay finds
// them all, even in its first round.
func Prefilled(n, rounds int) {
	t := &Tree{}
	for k := 0; k < n; k++ {
		t.Put(k, 1)
	}
	Replay(t, n, rounds)
}

// OtherKeys fills the tree with other keys: Replay's first round inserts.
func OtherKeys(n, rounds int) {
	t := &Tree{}
	for k := n; k < 2*n; k++ {
		t.Put(k, 1)
	}
	Replay(t, n, rounds)
}

// OtherTree fills another tree.
func OtherTree(n, rounds int) {
	t, u := &Tree{}, &Tree{}
	for k := 0; k < n; k++ {
		u.Put(k, 1)
	}
	Replay(t, n, rounds)
}

// Sorted is a sorted slice of boxed entries, a B-tree node's layout: its
// search returns a position and a found flag.
type Sorted struct {
	items []*entry
}

type entry struct{ key, val int }

// search returns the position of k, or where it belongs, and whether it
// is there.
func (s *Sorted) search(k int) (int, bool) {
	lo, hi := 0, len(s.items)
	for lo < hi {
		mid := (lo + hi) / 2
		switch c := cmp(k, s.items[mid].key); {
		case c == 0:
			return mid, true
		case c < 0:
			hi = mid
		default:
			lo = mid + 1
		}
	}
	return lo, false
}

// Insert updates a present key's entry in place; only a missing key gets
// a new entry.
func (s *Sorted) Insert(k, v int) {
	i, found := s.search(k)
	if found {
		s.items[i].val = v
		return
	}
	s.items = append(s.items, nil)
	copy(s.items[i+1:], s.items[i:])
	s.items[i] = &entry{key: k, val: v}
}

// ReplaySorted inserts the same keys in every round: the entries are made
// in the first round only.
func ReplaySorted(s *Sorted, n, rounds int) {
	for r := 0; r < rounds; r++ {
		for k := 0; k < n; k++ {
			s.Insert(k, 1)
		}
	}
}

// Drawn puts keys drawn from 64 values: at most 64 of its calls insert.
func Drawn(t *Tree, g *rand.Rand, rounds int) {
	for r := 0; r < rounds; r++ {
		t.Put(g.Intn(64), 1)
	}
}

// Traced puts the keys of a trace filled with values below 64 (a hash of
// the index, masked) before its loop: at most 64 insert.
func Traced(t *Tree, rounds int) {
	trace := make([]int, rounds)
	for i := range trace {
		trace[i] = (i * 2654435761) & 63
	}
	for r := 0; r < rounds; r++ {
		t.Put(trace[r], 1)
	}
}

// Cycled cycles through its keys: at most len(keys) insert.
func Cycled(t *Tree, keys []int, rounds int) {
	for r := 0; r < rounds; r++ {
		t.Put(keys[r%len(keys)], 1)
	}
}

// Untraced puts the keys of a trace one of whose stores has no domain:
// every call may insert.
func Untraced(t *Tree, rounds int) {
	trace := make([]int, rounds)
	for i := range trace {
		trace[i] = (i * 2654435761) % 64
	}
	trace[0] = rounds
	for r := 0; r < rounds; r++ {
		t.Put(trace[r], 1)
	}
}

// Bounded is a cache of at most size keys: Add evicts an old key when it
// holds more.
type Bounded struct {
	m    map[int]*node
	old  []int
	size int
}

// Add inserts k, evicting the oldest key past the capacity.
func (c *Bounded) Add(k int) {
	if _, ok := c.m[k]; ok {
		return
	}
	c.m[k] = &node{key: k}
	c.old = append(c.old, k)
	if len(c.m) > c.size {
		delete(c.m, c.old[0])
		c.old = c.old[1:]
	}
}

// Evicting draws keys from 64 values into a bounded cache: evicted keys
// come back as new, every call may insert.
func Evicting(c *Bounded, g *rand.Rand, rounds int) {
	for r := 0; r < rounds; r++ {
		c.Add(g.Intn(64))
	}
}
