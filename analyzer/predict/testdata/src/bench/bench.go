// Package bench holds small functions of known cost for perfcast predict's
// tests.
package bench

// Sum adds the elements of s.
func Sum(s []int) int {
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

// Make allocates a slice of n ints.
func Make(n int) []int { return make([]int, n) }

// Box returns a pointer to a new int (escapes).
func Box(v int) *int { return &v }

// Fill writes n values into a new map.
func Fill(n int) map[int]int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		m[i] = i
	}
	return m
}

// Queue is a linked list counting its nodes.
type Queue struct {
	first *qnode
	size  int
}

type qnode struct {
	v    int
	next *qnode
}

// Push adds v in front.
func (q *Queue) Push(v int) {
	q.first = &qnode{v: v, next: q.first}
	q.size++
}

// PopWalk walks the whole queue, then removes its first node: the cost
// grows with the size; on an empty queue it returns at once.
func (q *Queue) PopWalk() int {
	if q.first == nil {
		return 0
	}
	t := 0
	n := q.first
	for i := 0; i < q.size; i++ {
		t += n.v
		n = n.next
	}
	q.first = q.first.next
	q.size--
	return t
}
