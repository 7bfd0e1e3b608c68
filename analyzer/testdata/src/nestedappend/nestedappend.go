// Package nestedappend builds slices by appending in nested loops: the
// length is the appends per innermost iteration times every loop's trip.
package nestedappend

// Grid appends once per cell of an n×3 grid.
func Grid(n int) []int {
	res := make([]int, 0)
	for i := 0; i < n; i++ {
		for j := 0; j < 3; j++ {
			res = append(res, i*j)
		}
	}
	return res
}

// Cases appends once per combination of a sign, two exponents and two
// values of a table: 2·(2n+1)²·len(vals)² elements.
func Cases(n int, vals []int) []int {
	res := make([]int, 0)
	for s := -1; s < 2; s = s + 2 {
		for e1 := -n; e1 <= n; e1++ {
			for e2 := -n; e2 <= n; e2++ {
				for _, v1 := range vals {
					for _, v2 := range vals {
						res = append(res, s*v1*e1+v2*e2)
					}
				}
			}
		}
	}
	return res
}

// Pairs appends two elements per cell and a third on some cells.
func Pairs(n, m int) []int {
	var res []int
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			res = append(res, i, j)
			if j%2 == 0 {
				res = append(res, j)
			}
		}
	}
	return res
}

// Reset empties its slice in the outer loop: its length is not the
// appends of every iteration.
func Reset(n, m int) []int {
	var res []int
	for i := 0; i < n; i++ {
		res = res[:0]
		for j := 0; j < m; j++ {
			res = append(res, j)
		}
	}
	return res
}
