// Package quad has a benchmark whose setup grows a set to b.N keys and
// whose operation copies the set out: a run of b.N operations costs
// a·b.N + q·b.N², and go test's b.N decides the cost per operation.
package quad

// Set is a set of ints.
type Set map[int]struct{}

// Slice returns the set's keys.
func (s Set) Slice() []int {
	keys := make([]int, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	return keys
}
