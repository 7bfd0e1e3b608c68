// Package walk is a generic container whose iteration calls a callback for
// every element through a recursive walk of its nodes, and higher-order
// functions that take a callback.
package walk

type node[T any] struct {
	items    []T
	children []*node[T]
}

// Tree is a generic tree with an element count.
type Tree[T any] struct {
	root   *node[T]
	length int
	less   func(a, b T) bool
}

// Visitor is the callback type of the iteration.
type Visitor[T any] func(item T) bool

// NewTree returns an empty tree.
func NewTree[T any](less func(a, b T) bool) *Tree[T] {
	return &Tree[T]{root: &node[T]{}, less: less}
}

// Len is the number of elements.
func (t *Tree[T]) Len() int { return t.length }

// Insert appends item to the root (enough to give the tree a size).
func (t *Tree[T]) Insert(item T) {
	t.root.items = append(t.root.items, item)
	t.length++
}

// Ascend calls visit for every element in order, until it returns false.
func (t *Tree[T]) Ascend(visit Visitor[T]) {
	t.root.iterate(visit)
}

// iterate walks the subtree of n: children and items in turn.
func (n *node[T]) iterate(visit Visitor[T]) bool {
	for i := 0; i < len(n.items); i++ {
		if len(n.children) > 0 && !n.children[i].iterate(visit) {
			return false
		}
		if !visit(n.items[i]) {
			return false
		}
	}
	return true
}

// Ints is a non-generic tree of ints, converting its callback as
// google/btree's BTree does.
type Ints Tree[int]

// IntVisitor is the callback of Ints.
type IntVisitor func(int) bool

// Ascend converts the callback for the generic walk.
func (t *Ints) Ascend(visit IntVisitor) {
	(*Tree[int])(t).Ascend(Visitor[int](visit))
}

func lessInt(a, b int) bool { return a < b }

// Sum builds a tree of n elements and adds them up through a callback:
// the walk visits n elements, the callback's cost is counted per element.
func Sum(n int) int {
	t := NewTree[int](lessInt)
	for i := 0; i < n; i++ {
		t.Insert(i)
	}
	total := 0
	t.Ascend(func(x int) bool {
		total += x * x
		return true
	})
	return total
}

// First stops at the first element: the walk ends there.
func First(n int) {
	t := NewTree[int](lessInt)
	for i := 0; i < n; i++ {
		t.Insert(i)
	}
	t.Ascend(func(int) bool { return false })
}

// Apply calls f once per element of xs, with no walk: the caller costs f.
func Apply(xs []int, f func(int) int) int {
	s := 0
	for _, x := range xs {
		s += f(x)
	}
	return s
}

func square(x int) int { return x * x }

// Squares passes a named function to Apply.
func Squares(xs []int) int { return Apply(xs, square) }

// Forward passes its own callback on: its callers cost it.
func Forward(xs []int, f func(int) int) int { return Apply(xs, f) }

// Summer returns a closure over a slice of n elements: the closure's
// len(xs) is n where it is made (Summary.Captured).
func Summer(n int) func() int {
	xs := make([]int, n)
	return func() int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	}
}

// Counted counts distinct keys.
type Counted struct {
	keys map[int]int
	n    int
}

// put stores k and reports the value it replaced, comma-ok style.
func (c *Counted) put(k int) (int, bool) {
	old, ok := c.keys[k]
	c.keys[k] = k
	return old, ok
}

// Add counts k when put did not find it: with keys taken as new, one per
// call (Summary.Effects: n += 1).
func (c *Counted) Add(k int) {
	if _, found := c.put(k); !found {
		c.n++
	}
}
