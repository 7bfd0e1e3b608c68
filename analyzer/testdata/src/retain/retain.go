// Package retain has allocations that stay reachable and allocations that
// are garbage as soon as the call returns.
package retain

type node struct {
	v    int
	next *node
}

// List is a linked list.
type List struct {
	head *node
	n    int
}

// Push links a new node into l: it stays reachable from the receiver.
func (l *List) Push(v int) {
	l.head = &node{v, l.head}
	l.n++
}

// Stack keeps its items in a slice.
type Stack struct{ items []int }

// Add appends to the receiver's slice: the slice grows by one int.
func (s *Stack) Add(v int) { s.items = append(s.items, v) }

// Sum allocates a scratch slice that dies with the call.
func Sum(n int) int {
	s := make([]int, n)
	t := 0
	for i := range s {
		s[i] = i
		t += s[i]
	}
	return t
}

// Fill builds a list in a loop: the nodes outlive the loop's iterations,
// not the call.
func Fill(n int) int {
	l := &List{}
	for i := range n {
		l.Push(i)
	}
	return l.n
}

// Collect appends to a local slice in a loop.
func Collect(n int) []int {
	var out []int
	for i := range n {
		out = append(out, i)
	}
	return out
}

// Rebuild makes a new list on every iteration: nothing outlives one.
func Rebuild(n int) int {
	t := 0
	for range n {
		l := &List{}
		l.Push(1)
		t += l.n
	}
	return t
}

// AppendDigits appends to a buffer its caller owns, as strconv's Append
// functions do: the buffer keeps its capacity between calls, so its growth
// is amortized over them (no allocation per call).
func AppendDigits(dst []byte, n int) []byte {
	for range n {
		dst = append(dst, '0')
	}
	return append(dst, '.')
}

// Digits builds a new slice on every call: it grows as it goes.
func Digits(n int) []byte {
	var out []byte
	for range n {
		out = append(out, '0')
	}
	return out
}

var (
	last *node
	top  *node
)

// Keep stores each new node into a package variable, the benchmark sink
// idiom: each store replaces the last, so nothing accumulates.
func Keep(v int) { last = &node{v: v} }

// PushGlobal links each new node to the one the package variable held: the
// list grows by a node per call.
func PushGlobal(v int) { top = &node{v: v, next: top} }
