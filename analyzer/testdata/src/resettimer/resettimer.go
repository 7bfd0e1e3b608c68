// Package resettimer holds benchmarks whose setup scales with b.N and is
// excluded from the measurement by b.ResetTimer.
package resettimer

import "testing"

var sink int

// key allocates a boxed key, as a random-key generator does.
func key(i int) *int {
	p := new(int)
	*p = i
	return p
}

// Keys makes b.N keys before resetting the timer: go test measures only
// the timed loop, which allocates nothing.
func Keys(b *testing.B) {
	keys := make([]*int, b.N)
	for i := range keys {
		keys[i] = key(i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += *keys[i]
	}
}

// MaybeReset resets the timer on one path only: the keys made on the
// other path are measured.
func MaybeReset(b *testing.B, reset bool) {
	keys := make([]*int, b.N)
	for i := range keys {
		keys[i] = key(i)
	}
	if reset {
		b.ResetTimer()
	}
	for i := 0; i < b.N; i++ {
		sink += *keys[i]
	}
}

// Timed makes its keys in the timed loop, after the reset: measured.
func Timed(b *testing.B) {
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += *key(i)
	}
}
