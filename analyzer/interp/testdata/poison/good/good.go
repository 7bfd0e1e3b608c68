// Package good is initialized normally.
package good

var Table = []int{1, 2, 3}

func Sum() int {
	s := 0
	for _, x := range Table {
		s += x
	}
	return s
}
