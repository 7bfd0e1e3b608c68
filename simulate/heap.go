package simulate

// event is one scheduled happening. It is a small value type kept directly
// in the heap's slice: no interface, no pointer, no allocation per event.
type event struct {
	t    int64  // simulated time, ns
	seq  uint64 // insertion order: equal times fire first-scheduled first
	kind eventKind
	gen  uint32 // for cancellable events: stale unless it matches the target's generation
	a    int32  // job, station or class, by kind
}

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
)

// eventHeap is a binary min-heap ordered by (t, seq).
type eventHeap struct {
	items []event
	seq   uint64
}

func (h *eventHeap) less(i, j int) bool {
	a, b := &h.items[i], &h.items[j]
	return a.t < b.t || (a.t == b.t && a.seq < b.seq)
}

func (h *eventHeap) push(e event) {
	h.seq++
	e.seq = h.seq
	h.items = append(h.items, e)
	// Sift up, moving the hole rather than swapping.
	i := len(h.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		q := &h.items[p]
		if q.t < e.t || (q.t == e.t && q.seq < e.seq) {
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
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && (h.items[r].t < h.items[c].t || (h.items[r].t == h.items[c].t && h.items[r].seq < h.items[c].seq)) {
			c = r
		}
		ch := &h.items[c]
		if last.t < ch.t || (last.t == ch.t && last.seq < ch.seq) {
			break
		}
		h.items[i] = *ch
		i = c
	}
	h.items[i] = last
	return top
}

func (h *eventHeap) len() int { return len(h.items) }
