package shapes

// sumSlice multiplies the elements: one multiply per element.
func sumSlice(s []int) int {
	t := 1
	for _, v := range s {
		t *= v
	}
	return t
}

// AppendBuilt appends n values to a local slice, then passes it on: n
// multiplies.
func AppendBuilt(n int) int {
	var items []int
	for i := 0; i < n; i++ {
		items = append(items, i)
	}
	return sumSlice(items)
}

// AppendRange appends n values, then ranges over them here: n
// multiplies.
func AppendRange(n int) int {
	var items []int
	for i := 0; i < n; i++ {
		items = append(items, i)
	}
	t := 1
	for _, v := range items {
		t *= v
	}
	return t
}
