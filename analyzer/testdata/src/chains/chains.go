// Package chains holds dependent-load chains for the analyzer's tests: list
// walks (one link) and tree descents (a choice among links), and loops over
// pointers that are not chains.
package chains

type elem struct {
	value int
	next  *elem
}

// List is a singly linked list that counts its elements.
type List struct {
	first, last *elem
	size        int
}

// Add appends v.
func (l *List) Add(v int) {
	e := &elem{value: v}
	if l.last == nil {
		l.first = e
	} else {
		l.last.next = e
	}
	l.last = e
	l.size++
}

// Get walks index links from the head: index chase steps.
func (l *List) Get(index int) int {
	e := l.first
	for i := 0; i != index; i, e = i+1, e.next {
	}
	return e.value
}

// Sum walks to the end of the list: a chase of unknown length.
func (l *List) Sum() (s int) {
	for e := l.first; e != nil; e = e.next {
		s += e.value
	}
	return s
}

type node struct {
	key         int
	left, right *node
}

// Tree is a binary search tree that counts its nodes.
type Tree struct {
	root *node
	size int
	name string
}

// Contains descends from the root, left or right: a binary descent of
// log2(size+1) levels.
func (t *Tree) Contains(k int) bool {
	n := t.root
	for n != nil {
		switch {
		case k == n.key:
			return true
		case k < n.key:
			n = n.left
		default:
			n = n.right
		}
	}
	return false
}

type avlNode struct {
	key      int
	children [2]*avlNode
}

// AVL keeps its children in an array and has two integer fields, one of
// them named as a count.
type AVL struct {
	root   *avlNode
	height int
	count  int
}

// Contains descends through children[0] or children[1]: a binary descent
// over t.count.
func (t *AVL) Contains(k int) bool {
	n := t.root
	for n != nil {
		if k == n.key {
			return true
		}
		if k < n.key {
			n = n.children[0]
		} else {
			n = n.children[1]
		}
	}
	return false
}

type bnode struct {
	keys     []int
	children []*bnode
}

// BTree has nodes of many children.
type BTree struct {
	root *bnode
	size int
}

// Contains descends through children[i]: a descent, but not a binary one,
// so its depth stays unknown.
func (t *BTree) Contains(k int) bool {
	n := t.root
	for n != nil {
		i := 0
		for i < len(n.keys) && n.keys[i] < k {
			i++
		}
		if i < len(n.keys) && n.keys[i] == k {
			return true
		}
		if len(n.children) == 0 {
			return false
		}
		n = n.children[i]
	}
	return false
}

// SumAll follows pointers that a slice holds: independent loads, no chain.
func SumAll(es []*elem) (s int) {
	for _, e := range es {
		s += e.value
	}
	return s
}

// Newest reloads the list's last element on each round: the load's address
// does not come from the pointer the loop carries, so it is no chain.
func Newest(l *List, rounds int) *elem {
	var e *elem
	for i := 0; i < rounds; i++ {
		e = l.last
	}
	return e
}

// UseList builds a list of n elements and gets each: the callee's chase
// steps bound to the index, n(n-1)/2 in all.
func UseList(n int) int {
	l := &List{}
	for i := 0; i < n; i++ {
		l.Add(i)
	}
	s := 0
	for i := 0; i < n; i++ {
		s += l.Get(i)
	}
	return s
}

// find descends by recursion: each call's node is loaded through the
// caller's, left or right.
func (n *node) find(k int) bool {
	if n == nil {
		return false
	}
	if k == n.key {
		return true
	}
	if k < n.key {
		return n.left.find(k)
	}
	return n.right.find(k)
}

// sum walks the list by recursion along one link.
func (e *elem) sum() int {
	if e == nil {
		return 0
	}
	return e.value + e.next.sum()
}

// size visits every child of every node: a traversal, whose siblings are
// independent loads of their parent, not a chain.
func (n *bnode) size() int {
	s := len(n.keys)
	for _, c := range n.children {
		s += c.size()
	}
	return s
}
