// Package work is a dependency of moddeps in the same module: the work its
// benchmark times is done here.
package work

// Node is a list node.
type Node struct {
	Next *Node
	V    int
}

// Push allocates a node in front of l.
func Push(l *Node, v int) *Node {
	return &Node{Next: l, V: v}
}
