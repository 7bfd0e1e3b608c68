package progs

type inner struct {
	a [2]int
	s string
}

type outer struct {
	in  inner
	p   *inner
	n   int
	arr [2]inner
}

func StructCopy() string {
	var o outer
	o.in.a[1] = 5
	o2 := o
	o2.in.a[1] = 6
	o.p = &o.in
	o.p.s = "via p"
	q := &o.arr[1]
	q.a[0] = 7
	o.arr[1].s = "x"
	c := o.arr
	c[1].s = "y"
	return itoa(o.in.a[1]) + itoa(o2.in.a[1]) + o.in.s + itoa(o.arr[1].a[0]) + o.arr[1].s + c[1].s
}
func StructEq() string {
	a := inner{[2]int{1, 2}, "s"}
	b := inner{[2]int{1, 2}, "s"}
	r := ""
	if a == b {
		r += "eq"
	}
	b.a[0] = 0
	if a != b {
		r += "ne"
	}
	var x, y any = a, inner{[2]int{1, 2}, "s"}
	if x == y {
		r += "ieq"
	}
	return r
}
func PointerAlias() int {
	x := 1
	p := &x
	pp := &p
	**pp = 5
	s := []*int{p, p}
	*s[1] += 1
	return x
}
func StructInSliceMut() int {
	s := make([]inner, 3)
	for i := range s {
		s[i].a[0] = i
	}
	p := &s[2]
	p.a[1] = 10
	t := s[2]
	t.a[1] = 99
	return s[2].a[1]*100 + s[1].a[0]
}
func AssignWholeStruct() string {
	var o outer
	p := &o.in.a
	o.in = inner{a: [2]int{8, 9}, s: "new"}
	return itoa(p[0]+p[1]) + o.in.s
}
func NewAndNil() string {
	p := new(int)
	*p = 3
	var q *inner
	r := ""
	if q == nil {
		r = "nil"
	}
	return itoa(*p) + r
}
func NilDeref() (r string) {
	defer func() {
		if recover() != nil {
			r = "recovered"
		}
	}()
	var q *inner
	return q.s
}

type node struct {
	val  int
	next *node
}

func LinkedList() int {
	var head *node
	for i := 0; i < 10; i++ {
		head = &node{i, head}
	}
	sum := 0
	for n := head; n != nil; n = n.next {
		sum = sum*2 + n.val
	}
	return sum
}
