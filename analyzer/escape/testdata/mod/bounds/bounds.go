// Package bounds has index and slice expressions whose bounds checks gc's
// prove pass keeps or removes.
package bounds

// Index keeps its check: i is unknown.
func Index(s []int, i int) int { return s[i] }

// Reslice keeps its check.
func Reslice(s []int, i, j int) []int { return s[i:j] }

// Sum's loop index is below len(s): no check; the last element keeps one.
func Sum(s []int) int {
	t := 0
	for i := 0; i < len(s); i++ {
		t += s[i]
	}
	return t + s[len(s)-1]
}

// Masked indexes an array with a masked index: always in range.
func Masked(a *[8]int, i int) int { return a[i&7] }
