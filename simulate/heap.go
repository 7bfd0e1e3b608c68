package simulate

// event is one scheduled happening. It is a small value type (24 bytes)
// kept directly in the heap's slice: no interface, no pointer, no
// allocation per event.
type event struct {
	t   int64  // simulated time, ns
	key uint64 // insertion sequence << 8 | kind: equal times fire first-scheduled first
	gen uint32 // for cancellable events: stale unless it matches the target's generation
	a   int32  // job, station or class, by kind
}

func (e *event) kind() eventKind { return eventKind(e.key) }

type eventKind uint8

const (
	evArrival   eventKind = iota + 1 // a: class
	evFCFSDone                       // a: job; its CPU service at its station ends
	evPSDone                         // a: station; gen: station generation
	evResume                         // a: job; its I/O delay ends
	evEnter                          // a: job; it reaches its node after network latency
	evReturn                         // a: job; its reply reaches its parent
	evWarmupEnd                      // end of the warm-up period
	evStop                           // end of the run
	evHostDone                       // a: host; gen: host generation
)

// eventHeap is a 4-ary min-heap ordered by (t, key): shallower than a
// binary heap, and a node's four children share a cache line or two.
type eventHeap struct {
	items []event
	seq   uint64
}

func earlier(a, b *event) bool { return a.t < b.t || (a.t == b.t && a.key < b.key) }

// push schedules an event of kind k.
func (h *eventHeap) push(t int64, k eventKind, a int32, gen uint32) {
	h.seq++
	e := event{t: t, key: h.seq<<8 | uint64(k), gen: gen, a: a}
	h.items = append(h.items, e)
	// Sift up, moving the hole rather than swapping.
	i := len(h.items) - 1
	for i > 0 {
		p := (i - 1) / 4
		q := &h.items[p]
		if !earlier(&e, q) {
			break
		}
		h.items[i] = *q
		i = p
	}
	h.items[i] = e
}

func (h *eventHeap) pop() event {
	top := h.items[0]
	n := len(h.items) - 1
	last := h.items[n]
	h.items = h.items[:n]
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best := c
		end := min(c+4, n)
		for k := c + 1; k < end; k++ {
			if earlier(&h.items[k], &h.items[best]) {
				best = k
			}
		}
		if !earlier(&h.items[best], &last) {
			break
		}
		h.items[i] = h.items[best]
		i = best
	}
	h.items[i] = last
	return top
}

func (h *eventHeap) len() int { return len(h.items) }
