// Package fill has loops without a stated bound that fill a slice, for the
// fill-loop rule (fill.go).
package fill

type element struct {
	value int
	next  *element
}

// List is a singly linked list that counts its elements.
type List struct {
	first *element
	size  int
}

// Values copies the list into a slice of list.size elements, walking it
// to its end: list.size iterations.
func (list *List) Values() []int {
	values := make([]int, list.size)
	for i, e := 0, list.first; e != nil; i, e = i+1, e.next {
		values[i] = e.value * 131
	}
	return values
}

// Fixed fills a buffer of a constant length: a fixed buffer is often
// filled only in part, so the walk keeps its unknown bound.
func (list *List) Fixed() [16]int {
	var buf [16]int
	s := buf[:]
	for i, e := 0, list.first; e != nil; i, e = i+1, e.next {
		s[i] = e.value * 131
	}
	return buf
}

// Odd stores only on some iterations: the index does not bound the walk.
func (list *List) Odd() []int {
	values := make([]int, list.size)
	i := 0
	for e := list.first; e != nil; e = e.next {
		if e.value%2 == 1 {
			values[i] = e.value * 131
			i++
		}
	}
	return values
}
