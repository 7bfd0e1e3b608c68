// Package maps exercises map operations.
package maps

// Histogram counts words.
func Histogram(words []string) map[string]int {
	m := make(map[string]int, len(words))
	for _, w := range words {
		m[w]++
	}
	return m
}

// Keys collects the keys of m.
func Keys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Drop deletes the given keys.
func Drop(m map[string]int, keys []string) {
	for _, k := range keys {
		delete(m, k)
	}
}

// Lookup reads one key.
func Lookup(m map[string]int, k string) (int, bool) {
	v, ok := m[k]
	return v, ok
}
