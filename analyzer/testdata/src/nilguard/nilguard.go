// Package nilguard has tests of a method's receiver and of slices
// against nil.
package nilguard

// Set holds words.
type Set struct {
	set []uint64
}

// Count counts the odd words, guarding against a nil receiver and a nil
// slice.
func (b *Set) Count() int {
	if b != nil && b.set != nil {
		return count(b.set)
	}
	return 0
}

// Sum counts the odd words of s unless s is nil.
func Sum(s []uint64) int {
	if s == nil {
		return 0
	}
	return count(s)
}

func count(s []uint64) int {
	c := 0
	for _, w := range s {
		c += int(w & 1)
	}
	return c
}
