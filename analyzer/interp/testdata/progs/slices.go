package progs

var keep [][]int
var keepS []string

type rec struct {
	a, b int64
	c    byte
}

var keepR []rec
var keepA [][3]int64

// The slices are stored in globals so that gc heap-allocates them (the
// compiled program's caps are then growslice's).
func AppendCapsInt() string {
	var s []int
	var caps []int
	last := -1
	for i := 0; i < 5000; i++ {
		s = append(s, i)
		if cap(s) != last {
			last = cap(s)
			caps = append(caps, last)
		}
		keep = append(keep[:0], s)
	}
	return join(caps)
}
func AppendCapsByte() string {
	var s []byte
	var caps []int
	last := -1
	for i := 0; i < 3000; i++ {
		s = append(s, byte(i))
		if cap(s) != last {
			last = cap(s)
			caps = append(caps, last)
		}
		sinkBytes = s
	}
	return join(caps)
}
func AppendCapsString() string {
	var s []string
	var caps []int
	last := -1
	for i := 0; i < 1200; i++ {
		s = append(s, "x")
		if cap(s) != last {
			last = cap(s)
			caps = append(caps, last)
		}
		keepS = s
	}
	return join(caps)
}
func AppendCapsStruct() string {
	var s []rec
	var caps []int
	last := -1
	for i := 0; i < 700; i++ {
		s = append(s, rec{a: int64(i)})
		if cap(s) != last {
			last = cap(s)
			caps = append(caps, last)
		}
		keepR = s
	}
	return join(caps)
}
func AppendCapsArray() string {
	var s [][3]int64
	var caps []int
	last := -1
	for i := 0; i < 700; i++ {
		s = append(s, [3]int64{int64(i)})
		if cap(s) != last {
			last = cap(s)
			caps = append(caps, last)
		}
		keepA = s
	}
	return join(caps)
}
func AppendMany() string {
	s := make([]int, 3, 4)
	s = append(s, 1, 2, 3, 4, 5, 6)
	keep = append(keep[:0], s)
	t := append([]int(nil), s...)
	keep = append(keep, t)
	return itoa(len(s)) + "/" + itoa(cap(s)) + " " + itoa(len(t)) + "/" + itoa(cap(t))
}
func SliceAlias() string {
	a := []int{1, 2, 3, 4, 5}
	b := a[1:3]
	b = append(b, 99) // overwrites a[3]
	c := a[1:2:2]
	c = append(c, 77) // reallocates
	c[0] = 55
	return join(a) + " " + join(b) + " " + join(c) + " " + itoa(cap(b))
}
func CopyOverlap() string {
	a := []int{1, 2, 3, 4, 5, 6}
	n := copy(a[2:], a)
	b := make([]byte, 3)
	m := copy(b, "hello")
	return join(a) + " " + itoa(n) + itoa(m) + string(b)
}
func MakeSlice() string {
	s := make([]int, 2, 10)
	t := s[:5]
	t[4] = 9
	return join(t) + " " + itoa(cap(t[3:]))
}
func ArrayValue() string {
	a := [3]int{1, 2, 3}
	b := a
	b[0] = 100
	p := &a
	p[2] = 30
	s := a[:]
	s[1] = 20
	return itoa(a[0]+a[1]+a[2]) + " " + itoa(b[0]+b[1]+b[2]) + " " + itoa(len(a))
}
func ArrayEq() string {
	a := [2]string{"x", "y"}
	b := [2]string{"x", "y"}
	c := b
	c[1] = "z"
	r := ""
	if a == b {
		r += "eq "
	}
	if a != c {
		r += "ne"
	}
	return r
}
func SliceToArray() int {
	s := []int{1, 2, 3, 4}
	a := [3]int(s)
	p := (*[2]int)(s)
	p[0] = 10
	a[1] = 0
	return s[0]*100 + a[0]*10 + a[1]
}
func ClearSlice() string {
	s := []int{1, 2, 3}
	clear(s[1:])
	return join(s)
}
func SliceOfSlices() string {
	grid := make([][]int, 3)
	for i := range grid {
		grid[i] = make([]int, 3)
		for j := range grid[i] {
			grid[i][j] = i * j
		}
	}
	sum := 0
	for _, row := range grid {
		for _, v := range row {
			sum += v
		}
	}
	return itoa(sum)
}
