package progs

func MapStructValue() string {
	m := map[string]pt{}
	v := pt{1, 2}
	m["a"] = v
	v.x = 100
	w := m["a"]
	w.y = 50
	return itoa(m["a"].x) + itoa(m["a"].y) + itoa(v.x) + itoa(w.y)
}

type withArr struct {
	arr [4]int
	n   int
}

func ArrayFieldSlice() string {
	var st withArr
	s := st.arr[1:3]
	s[0] = 7
	st = withArr{arr: [4]int{9, 9, 9, 9}}
	return join(s) + " " + itoa(st.arr[1])
}

var bigF = 1e19

func FloatToUint() string {
	f := bigF
	g := 3.7e9
	return itoa(int(uint64(f)>>32)) + " " + itoa(int(uint32(g))) + " " + itoa(int(int64(-g/1e9)))
}

func IfaceArrayEq() string {
	var a, b any = [2]int{1, 2}, [2]int{1, 2}
	var c any = [2]int{1, 3}
	r := ""
	if a == b {
		r += "eq"
	}
	if a != c {
		r += "ne"
	}
	return r
}

func BoundCopies() int {
	r := rect{2, 3}
	f := r.area
	r.w = 10
	p := &r
	g := p.area // value method through pointer: copies *p now
	r.h = 10
	return f()*1000 + g()
}

func Switches() string {
	r := ""
	for _, s := range []string{"a", "bb", "ccc", "x"} {
		switch s {
		case "a", "x":
			r += "1"
		case "bb":
			r += "2"
		default:
			r += "d"
		}
		switch {
		case len(s) > 2:
			r += ">"
		case len(s) == 2:
			r += "="
		}
	}
	return r
}

type acc struct{ log string }

func (a *acc) add(s string) { a.log += s }

func DeferMethod() string {
	a := &acc{}
	func() {
		x := "first"
		defer a.add(x)
		x = "second"
		defer a.add(x)
	}()
	return a.log
}

func ack(m, n int) int {
	switch {
	case m == 0:
		return n + 1
	case n == 0:
		return ack(m-1, 1)
	}
	return ack(m-1, ack(m, n-1))
}

func Ackermann() int { return ack(2, 3) }

func countNil(xs ...any) int {
	n := 0
	for _, x := range xs {
		if x == nil {
			n++
		}
	}
	return n*10 + len(xs)
}

func VariadicAny() int { return countNil(nil, 1, "x", nil) + countNil()*100 }

func NestedMaps() string {
	m := map[string]map[string]int{}
	for _, k := range []string{"a/x", "a/y", "b/x", "a/x"} {
		o, i := k[:1], k[2:]
		if m[o] == nil {
			m[o] = map[string]int{}
		}
		m[o][i]++
	}
	return itoa(m["a"]["x"]) + itoa(m["a"]["y"]) + itoa(m["b"]["x"]) + itoa(len(m))
}

func AppendStructAlias() string {
	s := make([]pt, 1, 1)
	p := &s[0]
	s = append(s, pt{5, 5}) // reallocates: p points into the old array
	p.x = 42
	q := &s[1]
	s[1].y = 9
	return itoa(s[0].x) + itoa(p.x) + itoa(q.y)
}

func RangeArrayCopy() int {
	arr := [3]int{1, 2, 3}
	sum := 0
	for i, v := range arr {
		arr[2] = 100
		sum += v * (i + 1)
	}
	sl := []int{1, 2, 3}
	for i, v := range sl {
		if i == 0 {
			sl[2] = 100
			sl = append(sl, 5)
		}
		sum += v
	}
	return sum
}

type myByte byte
type myStr string

func NamedConv() string {
	b := []myByte("hey")
	b[0] = 'H'
	s := myStr(b)
	r := []rune(s)
	return string(s) + itoa(len(r)) + string(myStr("!"))
}

func ComplexDiv() string {
	a := complex(1.0, 2.0)
	b := complex(3.0, -4.0)
	c := a / b
	return itoa(int(real(c)*1000)) + "," + itoa(int(imag(c)*1000))
}

var minInt = -1 << 63

func MinIntDiv() int {
	x := minInt
	y := -1
	return x/y + x%y
}

type embedsIface struct {
	shape
	extra int
}

func EmbeddedIface() string {
	e := embedsIface{rect{2, 5}, 1}
	var s shape = e
	return s.name() + itoa(s.area()+e.extra)
}

type ints []int

func (s *ints) push(x int) { *s = append(*s, x) }

func SliceMethod() string {
	var s ints
	for i := range 5 {
		s.push(i * i)
	}
	return join(s)
}

func Uint32Wrap() int {
	var h uint32 = 2166136261
	for _, c := range []byte("hash me") {
		h ^= uint32(c)
		h *= 16777619
	}
	return int(h)
}

func FNV64() uint64 {
	var h uint64 = 14695981039346656037
	for i := 0; i < 100; i++ {
		h ^= uint64(i)
		h *= 1099511628211
	}
	return h
}

func ShiftSigned() string {
	var out []int
	var x int8 = -128
	for _, s := range []int{0, 1, 7, 8, 100} {
		out = append(out, int(x>>s), int(uint8(x)>>s), int(x<<s))
	}
	return join(out)
}

type blanky struct {
	a int
	_ int
	b string
}

func BlankFields() string {
	x := blanky{a: 1, b: "s"}
	y := blanky{a: 1, b: "s"}
	var i, j any = x, y
	r := ""
	if x == y {
		r += "eq"
	}
	if i == j {
		r += "ieq"
	}
	return r
}

func MethodExprIface() int {
	f := shape.area
	g := (*circle).name
	return f(rect{3, 4})*10 + len(g(nil))
}
