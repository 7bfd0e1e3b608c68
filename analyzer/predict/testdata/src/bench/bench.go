// Package bench holds small functions of known cost for perfcast predict's
// tests.
package bench

// Sum adds the elements of s.
func Sum(s []int) int {
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

// Make allocates a slice of n ints.
func Make(n int) []int { return make([]int, n) }

// Box returns a pointer to a new int (escapes).
func Box(v int) *int { return &v }

// Fill writes n values into a new map.
func Fill(n int) map[int]int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		m[i] = i
	}
	return m
}
