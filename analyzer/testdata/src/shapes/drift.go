package shapes

// Sizes that change inside the loop that uses them (the package doc,
// Shapes: drift).

// Drop walks the list (one multiply per node) and removes its first node:
// size -= 1 per call.
func (l *List) Drop() int {
	t := 1
	n := l.first
	for i := 0; i < l.size; i++ {
		t *= n.v
		n = n.next
	}
	if l.first != nil {
		l.first = l.first.next
	}
	l.size--
	return t
}

// DrainInLoop fills a list with k values, then drops k nodes in each of n
// iterations: the first iteration empties it. Each drop costs the size it
// finds, k, k-1, ..., 1 in the first iteration and 0 after, k(k+1)/2 in
// all; the model takes the size as falling evenly from k at rate k per
// outer iteration, clamped at 0: k²/2 multiplies, whatever n ≥ 1.
func DrainInLoop(n, k int) int {
	l := NewList()
	for i := 0; i < k; i++ {
		l.Add(i)
	}
	t := 0
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			t += l.Drop()
		}
	}
	return t
}

// drain drops k nodes in each of n iterations from a list it is given:
// the same as DrainInLoop over the parameter's size l.size.
func drain(l *List, n, k int) int {
	t := 0
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			t += l.Drop()
		}
	}
	return t
}

// GrowInLoop adds k values and walks the list in each of n iterations:
// the walks find 3, 6, ..., 3n nodes for k = 3 (165 multiplies at n =
// 10); the model takes the mean size over the loop, k·n/2, at each of the
// n walks: k·n²/2 (150 at n = 10, k = 3).
func GrowInLoop(n, k int) int {
	l := NewList()
	t := 0
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			l.Add(j)
		}
		t += l.Walk()
	}
	return t
}

// Queue wraps a List: its sizes are the list's, two structures deep
// ("q.list.size").
type Queue struct {
	list *List
}

// NewQueue returns an empty queue.
func NewQueue() *Queue { return &Queue{list: NewList()} }

// Enqueue adds v: q.list.size += 1.
func (q *Queue) Enqueue(v int) { q.list.Add(v) }

// Dequeue drops the first value, walking the list: q.list.size
// multiplies, q.list.size -= 1.
func (q *Queue) Dequeue() int { return q.list.Drop() }

// QueueDrain fills a queue with k values, then dequeues k in each of n
// iterations: like DrainInLoop through the wrapper, k²/2 multiplies.
func QueueDrain(n, k int) int {
	q := NewQueue()
	for i := 0; i < k; i++ {
		q.Enqueue(i)
	}
	t := 0
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			t += q.Dequeue()
		}
	}
	return t
}

// Clear empties the list: size set to 0.
func (l *List) Clear() { l.first, l.size = nil, 0 }

// Pop removes the first node; on a one-node list it clears the list
// instead, which sets the size to 0 where it was 1: a delta of -1 on that
// path too, so the effect is size -= 1 wherever the list is non-empty.
func (l *List) Pop() {
	if l.first == nil {
		return
	}
	if l.size == 1 {
		l.Clear()
		return
	}
	l.first = l.first.next
	l.size--
}

// Deque wraps a Queue, which wraps a List: its sizes are three fields
// deep ("d.q.list.size").
type Deque struct {
	q *Queue
}

// NewDeque returns an empty deque.
func NewDeque() *Deque { return &Deque{q: NewQueue()} }

// PushBack adds v: d.q.list.size += 1.
func (d *Deque) PushBack(v int) { d.q.Enqueue(v) }

// PopFront drops the first value: d.q.list.size multiplies, size -= 1.
func (d *Deque) PopFront() int { return d.q.Dequeue() }

// DequeDrain fills a deque with k values, then pops k in each of n
// iterations: like DrainInLoop through two wrappers, k²/2 multiplies.
func DequeDrain(n, k int) int {
	d := NewDeque()
	for i := 0; i < k; i++ {
		d.PushBack(i)
	}
	t := 0
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			t += d.PopFront()
		}
	}
	return t
}

// Vec is a slice with a count, grown by a float factor.
type Vec struct {
	items []int
	n     int
}

// resize makes room for cap items: a parameter named like the builtin
// is the variable "cap_"; len(v.items) is set to it.
func (v *Vec) resize(cap int) { v.items = make([]int, cap, cap) }

// grow resizes to 1.5 times the length plus k, through float32: the
// conversions keep the integer size (truncation aside).
func (v *Vec) grow(k int) { v.resize(int(1.5 * float32(len(v.items)+k))) }

// Reserve makes room for k more items, growing on demand: the capacity
// check's growth arm sets the length to a formula over the old capacity,
// taken as at least what the check needs, v.n+k.
func (v *Vec) Reserve(k int) {
	if v.n+k >= cap(v.items) {
		v.resize(2 * (cap(v.items) + k))
	}
}

// Append adds x: v.n += 1, len(v.items) at least v.n+1.
func (v *Vec) Append(x int) {
	v.Reserve(1)
	v.items[v.n] = x
	v.n++
}

// Scan multiplies every slot: len(v.items) multiplies.
func (v *Vec) Scan() int {
	t := 1
	for _, x := range v.items {
		t *= x
	}
	return t
}

// VecFill appends k values, then scans the slots: at least k of them, the
// length the last Append needed (the size its loop leaves, k-1, plus 1).
func VecFill(k int) int {
	v := &Vec{}
	for i := 0; i < k; i++ {
		v.Append(i)
	}
	return v.Scan()
}
