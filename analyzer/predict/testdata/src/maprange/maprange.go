// Package maprange ranges over maps of a few keys and of many, for perfcast
// predict's price of a range over a small map.
package maprange

// Sum adds the keys of m.
func Sum(m map[int]bool) int {
	s := 0
	for k := range m {
		s += k
	}
	return s
}
