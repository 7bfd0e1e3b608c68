// Package freelist recycles nodes through a free list, and appends into
// nodes reached from the structure it is given.
package freelist

type node struct {
	items    []int
	children []*node
}

// Pool is a free list of nodes.
type Pool struct {
	free []*node
}

// Get pops a node, allocating only when the list is empty.
func (p *Pool) Get() *node {
	i := len(p.free) - 1
	if i < 0 {
		return new(node)
	}
	n := p.free[i]
	p.free[i] = nil
	p.free = p.free[:i]
	return n
}

// Put pushes a node back.
func (p *Pool) Put(n *node) {
	n.items = n.items[:0]
	p.free = append(p.free, n)
}

// Take pops from a list nothing pushes onto: not a free list, the static
// estimate applies.
type Take struct {
	left []*node
}

// Next pops, allocating when the list is empty.
func (t *Take) Next() *node {
	if len(t.left) == 0 {
		return new(node)
	}
	n := t.left[0]
	t.left = t.left[1:]
	return n
}

// child returns the i-th child of n.
func (n *node) child(i int) *node { return n.children[i] }

// AddToChild appends to a node reached from n: the node's slice keeps its
// capacity from call to call, as n's own fields do.
func AddToChild(n *node, i, x int) {
	c := n.child(i)
	c.items = append(c.items, x)
}

// Fresh appends to a node it makes itself: the slice starts empty.
func Fresh(x int) *node {
	c := &node{}
	c.items = append(c.items, x)
	return c
}
