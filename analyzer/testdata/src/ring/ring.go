// Package ring is a ring buffer that doubles when full, as queues do.
package ring

// Queue holds count elements in buf, from head.
type Queue struct {
	buf               []int
	head, tail, count int
}

func (q *Queue) resize() {
	nb := make([]int, q.count<<1)
	copy(nb, q.buf[q.head:])
	q.head, q.tail, q.buf = 0, q.count, nb
}

// Add appends x, doubling the buffer when it is full.
func (q *Queue) Add(x int) {
	if q.count == len(q.buf) {
		q.resize()
	}
	q.buf[q.tail] = x
	q.tail = (q.tail + 1) & (len(q.buf) - 1)
	q.count++
}

// Sink keeps what Mode makes on the heap.
var Sink []int

// Mode tests a kind against another: not a fill test.
func Mode(a, b int) {
	if a == b {
		Sink = make([]int, 64)
	}
}
