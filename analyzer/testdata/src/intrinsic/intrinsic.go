// Package intrinsic calls functions gc replaces by instructions.
package intrinsic

import (
	"math"
	"math/bits"
	"sync"
	"sync/atomic"
)

// Popcount sums the set bits of s: one POPCNT (behind the feature check) a word.
func Popcount(s []uint64) (n int) {
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// Portable counts the bits of w the way bits.OnesCount64's Go body does: a
// function gc could inline, but does not replace by an instruction.
func Portable(w uint64) int {
	w = w>>1&0x5555555555555555 + w&0x5555555555555555
	w = w>>2&0x3333333333333333 + w&0x3333333333333333
	w = (w>>4 + w) & 0x0f0f0f0f0f0f0f0f
	return int(w * 0x0101010101010101 >> 56)
}

// Mix is a hash round: a multiply, a rotate and a load of an atomic counter.
func Mix(h uint64, c *atomic.Uint64) uint64 {
	h = bits.RotateLeft64(h*0x9E3779B97F4A7C15, 31)
	return h ^ c.Load()
}

// Root is a square root: one SQRTSD.
func Root(x float64) float64 { return math.Sqrt(x) }

// Counter is a reference count and a mutex-guarded total.
type Counter struct {
	refs  int64
	mu    sync.Mutex
	total int
}

// Inc takes a reference and adds to the total under the lock: three
// locked instructions (XADD, the Lock's CMPXCHG, the Unlock's XADD).
func (c *Counter) Inc(n int) {
	atomic.AddInt64(&c.refs, 1)
	c.mu.Lock()
	c.total += n
	c.mu.Unlock()
}
