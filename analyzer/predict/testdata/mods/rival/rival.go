// Package rival is another module's implementation of compare.Sum, imported
// only by example.com/compare's tests: example.com/app's go.mod does not
// require it, so go lists it only through a go.mod that does.
package rival

// Sum adds xs up, allocating a copy of them first.
func Sum(xs []int) int {
	c := append([]int(nil), xs...)
	s := 0
	for _, x := range c {
		s += x
	}
	return s
}
