// Package valuerecv loops over slices held in struct values.
package valuerecv

// Set holds groups of numbers.
type Set struct {
	groups [][]int
	scale  int
}

// Sum is a value-receiver method that takes the address of a field: go/ssa
// spills the receiver into a local (`*t0 = s`) and reads the field from it.
func (s Set) Sum() int {
	n := 0
	for _, g := range s.groups {
		for _, x := range g {
			n += x * s.scale
		}
	}
	return n
}

// Nested ranges over the groups of a set it builds: neither trip count is
// known, and the two loops' headers start at the same position (the phi of
// n), yet the counts are unrelated.
func Nested(groups [][]int) int {
	c := Set{groups: groups}
	p := &c
	n := 0
	for _, g := range p.groups {
		for _, x := range g {
			n += x
		}
	}
	return n
}

// Symmetric loops from -n to n: 2n+1 iterations each.
func Symmetric() int {
	var n int32 = 5
	c := 0
	for i := -n; i <= n; i++ {
		for j := -n; j <= n; j++ {
			c += int(i * j)
		}
	}
	return c
}
