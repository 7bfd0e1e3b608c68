package branches

// Size guards: branches decided by a size, weighted by the indicator of
// their condition over it. The multiplication `* 131` (an IMUL) marks the arm the
// tests check.

// Small takes its fast path when b is shorter than 32 bytes.
func Small(b []byte, c int) int {
	if len(b) < 32 {
		return c
	}
	return c * 131
}

// Large has the constant on the left: 32 <= len(b) is len(b) >= 32.
func Large(b []byte, c int) int {
	r := c
	if 32 <= len(b) {
		r = c * 131
	}
	return r
}

// Filled tests a sum of sizes, a field and a length: d.n+len(b) >= 32.
type Digest struct {
	n   int
	mem [32]byte
}

func (d *Digest) Filled(b []byte, c int) int {
	r := c
	if d.n+len(b) >= 32 {
		r = c * 131
	}
	return r
}

// Empty is a size's test for zero.
func Empty(s string, c int) int {
	r := c
	if len(s) != 0 {
		r = c * 131
	}
	return r
}

// Width is a switch on a length: its cases are disjoint; only the default
// multiplies.
func Width(s []int, c int) int {
	switch len(s) {
	case 1:
		return c
	case 2:
		return c + 1
	case 4:
		return c + 2
	}
	return c * 131
}

// Fixed compares the length of an array with a constant: decided.
func Fixed(a *[16]byte, c int) int {
	r := c
	if len(a) > 8 {
		r = c * 131
	}
	return r
}

// Pair compares two sizes: both default to the same value when nobody
// binds them, so the static prediction splits it (0.5, no heuristic).
func Pair(a, b []int, c int) int {
	r := c
	if len(a) < len(b) {
		r = c * 131
	}
	return r
}

// Blocks tests a size that does not change in its loop: each of the n
// iterations takes the arm when len(b) > 64.
func Blocks(b []byte, n, c int) int {
	r := c
	for i := 0; i < n; i++ {
		if len(b) > 64 {
			r = r * 131
		}
	}
	return r
}

// Tail consumes a slice of d's fixed array, masked to its length: at most
// min(d.n, 31) bytes, 8 per iteration.
func (d *Digest) Tail(c int) int {
	b := d.mem[:d.n&(len(d.mem)-1)]
	for ; len(b) >= 8; b = b[8:] {
		c = c * 131
	}
	return c
}

// Window walks a slice of a 4-byte array cut at an index the analysis
// does not know: at most 4 iterations, fewer than the default.
func Window(a *[4]byte, c int) int {
	b := a[:reading]
	for i := range b {
		c = c * 131 * int(b[i])
	}
	return c
}

// Chunks consumes a slice of a 20-byte array 8 bytes at a time: s[i:] is
// at most len(s), and the consumed-slice loop runs (20-8)/8+1 times.
func Chunks(a *[20]byte, c int) int {
	b := a[reading:]
	for len(b) >= 8 {
		c = c * 131
		b = b[8:]
	}
	return c
}

// Kind is a switch on an integer that is more often a kind than a size: the
// static prediction splits it, whatever k.
func Kind(k, c int) int {
	switch k {
	case 1:
		return c
	case 2:
		return c + 1
	}
	return c * 131
}
