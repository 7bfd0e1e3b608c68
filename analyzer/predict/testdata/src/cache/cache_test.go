package cache

import (
	"math/rand/v2"
	"testing"
)

var sink int

// BenchmarkCycle cycles through 1024 keys in a cache of 2048: every
// operation misses until the 1024th, none after.
func BenchmarkCycle(b *testing.B) {
	c := New(2048)
	for i := 0; i < b.N; i++ {
		sink += c.Get(i % 1024)
	}
}

// BenchmarkEvict draws keys from 4096 for a cache of 1024: once it is
// full, three operations in four miss and evict.
func BenchmarkEvict(b *testing.B) {
	c := New(1024)
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]int, b.N)
	for i := range keys {
		keys[i] = r.IntN(4096)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += c.Get(keys[i])
	}
}
