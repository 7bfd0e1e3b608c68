// Package factory has benchmarks built by a factory: a function fills a
// map and returns the closure that times operations on it, called as
// iterate(2)(b).
package factory

import "testing"

func use(v bool) {}

// iterate fills a map with 1000*k keys and returns a benchmark ranging
// over it.
func iterate(k int) func(b *testing.B) {
	m := make(map[int]bool)
	for i := 0; i < 1000*k; i++ {
		m[i] = true
	}
	return func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, v := range m {
				use(v)
			}
		}
	}
}

// BenchmarkIterate ranges over the 2000 keys iterate(2) put in the map.
func BenchmarkIterate(b *testing.B) { iterate(2)(b) }

// set returns a benchmark writing b.N*k new keys into a fresh map.
func set(k int) func(b *testing.B) {
	return func(b *testing.B) {
		m := make(map[int]bool)
		for i := 0; i < b.N*k; i++ {
			m[i] = true
		}
	}
}

// BenchmarkSet writes 3 keys per b.N: set's k, captured by the closure.
func BenchmarkSet(b *testing.B) { set(3)(b) }

// Count counts distinct values in a map that does not escape: its first
// group is on the stack, and 4 keys allocate nothing.
func Count() int {
	m := make(map[int]bool)
	for i := 0; i < 4; i++ {
		m[i] = true
	}
	return len(m)
}
