// Package outer has loops counted by a counter that an inner loop advances.
package outer

// Batches does n steps in all, restarting a pass over batch each time it
// runs out: the inner body runs n times whatever len(batch) is.
func Batches(n int, batch []int) int {
	t := 0
	i := 0
	for i < n {
		t--
		for _, v := range batch {
			t += v * 131
			i++
			if i >= n {
				return t
			}
		}
	}
	return t
}
