package stats

import "math"

// Histogram counts positive values in logarithmic buckets taken straight
// from the bits of the float64: the exponent and the top MantissaBits bits
// of the mantissa. Each bucket spans a factor of 1+2^-MantissaBits, so a
// quantile reported as a bucket's midpoint is within RelError of some value
// of the bucket. Buckets are kept densely between the smallest and largest
// seen, so memory grows with the dynamic range (64 buckets per factor of
// two), not with the number of observations. Values ≤ 0 are counted apart.
type Histogram struct {
	offset int      // bucket key of counts[0]
	counts []uint64 // counts by key-offset
	zero   uint64   // values <= 0 (or NaN)
	n      uint64
}

// MantissaBits is how many mantissa bits select a bucket.
const MantissaBits = 6

// RelError is the largest relative error of a quantile from a Histogram.
const RelError = 1.0 / (2 << MantissaBits) // 1/128 ≈ 0.78%

const keyShift = 52 - MantissaBits

func bucketKey(x float64) int { return int(math.Float64bits(x) >> keyShift) }

// Add counts x.
func (h *Histogram) Add(x float64) {
	h.n++
	if !(x > 0) {
		h.zero++
		return
	}
	k := bucketKey(x)
	i := k - h.offset
	if uint(i) < uint(len(h.counts)) {
		h.counts[i]++
		return
	}
	h.grow(k)
	h.counts[k-h.offset]++
}

// grow extends the dense range to include key k.
func (h *Histogram) grow(k int) {
	if len(h.counts) == 0 {
		h.offset = k
		if cap(h.counts) > 0 {
			h.counts = h.counts[:1]
			h.counts[0] = 0
		} else {
			h.counts = make([]uint64, 1, 64)
		}
		return
	}
	if k < h.offset {
		// Prepend with slack proportional to the size, so that a slowly
		// falling minimum costs amortized O(1) per new bucket.
		extra := max(h.offset-k, len(h.counts)/2, 16)
		n := len(h.counts)
		if n+extra <= cap(h.counts) {
			// Shift within the memory we have (reused batches have plenty).
			h.counts = h.counts[:n+extra]
			copy(h.counts[extra:], h.counts[:n])
			clear(h.counts[:extra])
		} else {
			nc := make([]uint64, n+extra, 2*(n+extra))
			copy(nc[extra:], h.counts)
			h.counts = nc
		}
		h.offset -= extra
		return
	}
	for n := k - h.offset + 1; len(h.counts) < n; {
		h.counts = append(h.counts, 0)
	}
}

// Count returns the number of values added.
func (h *Histogram) Count() uint64 { return h.n }

// Buckets returns how many buckets the histogram holds (its memory in words).
func (h *Histogram) Buckets() int { return len(h.counts) }

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	if o.n == 0 {
		return
	}
	h.n += o.n
	h.zero += o.zero
	if len(o.counts) == 0 {
		return
	}
	h.grow(o.offset)
	h.grow(o.offset + len(o.counts) - 1)
	d := o.offset - h.offset
	for i, c := range o.counts {
		h.counts[d+i] += c
	}
}

// Reset empties h, keeping its memory.
func (h *Histogram) Reset() {
	clear(h.counts)
	h.n, h.zero = 0, 0
}

// Quantile returns the p-quantile (0 ≤ p ≤ 1) as the midpoint of the
// bucket holding the ⌈p·n⌉-th smallest value; NaN when empty.
func (h *Histogram) Quantile(p float64) float64 {
	if h.n == 0 {
		return math.NaN()
	}
	rank := uint64(math.Ceil(p * float64(h.n)))
	if rank < 1 {
		rank = 1
	}
	if rank <= h.zero {
		return 0
	}
	seen := h.zero
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			k := uint64(h.offset + i)
			lo := math.Float64frombits(k << keyShift)
			hi := math.Float64frombits((k + 1) << keyShift)
			return (lo + hi) / 2
		}
	}
	return math.NaN() // unreachable: counts sum to n
}
