package progs

type shape interface {
	area() int
	name() string
}

type rect struct{ w, h int }
type square struct{ rect }
type circle struct{ r int }

func (r rect) area() int      { return r.w * r.h }
func (r rect) name() string   { return "rect" }
func (s square) name() string { return "square" }
func (c *circle) area() int   { return 3 * c.r * c.r }
func (c *circle) name() string {
	if c == nil {
		return "nil circle"
	}
	return "circle"
}
func (r *rect) grow(d int) { r.w += d; r.h += d }

func Invoke() string {
	shapes := []shape{rect{2, 3}, square{rect{4, 4}}, &circle{2}}
	s := ""
	total := 0
	for _, sh := range shapes {
		s += sh.name() + ","
		total += sh.area()
	}
	var nc *circle
	var sh shape = nc
	return s + itoa(total) + sh.name()
}
func MethodValues() int {
	r := rect{1, 2}
	f := r.area // bound: copies r
	r.w = 10
	g := (*rect).grow
	g(&r, 1)
	h := rect.area
	p := &r
	k := p.grow
	k(1)
	var sh shape = r
	m := sh.area
	r.w = 100
	return f()*1000000 + h(r)*1000 + m()
}
func TypeSwitch() string {
	vals := []any{1, "s", 2.5, rect{1, 1}, &circle{1}, nil, []int{1}, int8(3), error(nil)}
	s := ""
	for _, v := range vals {
		switch x := v.(type) {
		case int, int8:
			s += "int;"
		case string:
			s += "string:" + x + ";"
		case float64:
			s += "float;"
		case shape:
			s += "shape:" + x.name() + ";"
		case nil:
			s += "nil;"
		default:
			s += "other;"
		}
	}
	return s
}
func TypeAssert() string {
	var x any = rect{2, 2}
	r, ok := x.(rect)
	_, ok2 := x.(*rect)
	sh, ok3 := x.(shape)
	var y any = &rect{1, 1}
	_, ok4 := y.(shape) // *rect has value methods too
	s := ""
	for _, b := range []bool{ok, ok2, ok3, ok4} {
		if b {
			s += "T"
		} else {
			s += "F"
		}
	}
	return s + itoa(r.area()+sh.area())
}
func AssertPanic() (r string) {
	defer func() {
		if recover() != nil {
			r = "panicked"
		}
	}()
	var x any = "s"
	return itoa(x.(int))
}

type myErr struct{ code int }

func (e *myErr) Error() string { return "myErr" + itoa(e.code) }

func find(i int) error {
	if i > 2 {
		return &myErr{i}
	}
	return nil
}
func Errors() string {
	s := ""
	for i := 0; i < 5; i++ {
		if err := find(i); err != nil {
			if me, ok := err.(*myErr); ok {
				s += err.Error() + itoa(me.code)
			}
		} else {
			s += "ok"
		}
	}
	return s
}

type stringer interface{ String() string }
type named int

func (n named) String() string { return "n" + itoa(int(n)) }

type list []named

func (l list) String() string {
	s := ""
	for _, x := range l {
		s += x.String()
	}
	return s
}
func NamedTypes() string {
	var st stringer = list{1, 2, 3}
	var n stringer = named(5)
	return st.String() + n.String()
}

type base struct{ id int }

func (b *base) ID() int     { return b.id }
func (b *base) SetID(i int) { b.id = i }

type derived struct {
	*base
	extra int
}
type ider interface {
	ID() int
	SetID(int)
}

func Embedding() int {
	d := derived{&base{1}, 2}
	d.SetID(5)
	var i ider = d
	i.SetID(i.ID() + 1)
	return d.ID()*10 + d.extra
}
func IfaceEq() string {
	var a, b any = 1, 1
	var c any = int64(1)
	r := ""
	if a == b {
		r += "a"
	}
	if a != c {
		r += "b"
	}
	var e1, e2 error
	if e1 == e2 {
		r += "c"
	}
	p := &circle{}
	var s1, s2 shape = p, p
	if s1 == s2 {
		r += "d"
	}
	return r
}
func IfaceUncomparable() (r string) {
	defer func() {
		if recover() != nil {
			r = "panicked"
		}
	}()
	var a, b any = []int{1}, []int{1}
	if a == b {
		return "eq"
	}
	return "ne"
}
