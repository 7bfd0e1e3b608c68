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

// Copy appends a whole slice to a nil one: one append, one array, however
// many bytes it copies.
func Copy(s []byte) []byte {
	return append([]byte(nil), s...)
}

// Extend appends a make's zeroed elements to a nil slice: gc extends the
// slice in place, so the make allocates nothing of its own.
func Extend(n int) []byte {
	return append([]byte(nil), make([]byte, n)...)
}

const debug = false

// Quiet appends only under a constant that is false: never.
func Quiet(n int) []byte {
	var out []byte
	if debug {
		out = append(out, 'x')
	}
	return out
}

// Grow computes the new size, at least twice the old capacity, before the
// one allocation both sides of its test come to: the test is not a
// capacity check with a rare growth arm.
func Grow(b []byte, n int) []byte {
	c := len(b) + n
	if c < 2*cap(b) {
		c = 2 * cap(b)
	}
	b2 := append([]byte(nil), make([]byte, c)...)
	i := copy(b2, b)
	return b2[:i]
}

// Format appends to the caller's dst through a chain of branches and
// loops longer than six links, as strconv's formatters do: every append
// reaches dst, which the caller owns.
func Format(dst []byte, neg bool, d []byte, dp, prec int) []byte {
	if neg {
		dst = append(dst, '-')
	}
	if dp > 0 {
		m := min(len(d), dp)
		dst = append(dst, d[:m]...)
		for ; m < dp; m++ {
			dst = append(dst, '0')
		}
	} else {
		dst = append(dst, '0')
	}
	if prec > 0 {
		dst = append(dst, '.')
		for i := 0; i < prec; i++ {
			ch := byte('0')
			if j := dp + i; 0 <= j && j < len(d) {
				ch = d[j]
			}
			dst = append(dst, ch)
		}
	}
	return dst
}
