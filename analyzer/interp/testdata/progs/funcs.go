package progs

func counter() func() int {
	c := 0
	return func() int { c++; return c }
}

func Closures() string {
	f := counter()
	f()
	f()
	g := counter()
	return itoa(f()) + itoa(g())
}
func LoopVarCapture() string {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	s := 0
	for _, f := range fs {
		s = s*10 + f()
	}
	return itoa(s)
}
func RecursiveClosure() int {
	var fib func(int) int
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	return fib(20)
}
func FuncMap() int {
	ops := map[string]func(int, int) int{
		"add": func(a, b int) int { return a + b },
		"mul": func(a, b int) int { return a * b },
	}
	return ops["add"](3, 4)*100 + ops["mul"](3, 4)
}
func variadic(prefix string, xs ...int) string { return prefix + join(xs) }
func Variadic() string {
	return variadic("a") + variadic("b", 1, 2) + variadic("c", []int{3, 4}...)
}
func multi() (int, string, bool) { return 1, "two", true }
func Multi() string {
	a, b, c := multi()
	if c {
		return itoa(a) + b
	}
	return ""
}
func Gotos() int {
	i, s := 0, 0
loop:
	if i < 10 {
		s += i
		i++
		goto loop
	}
outer:
	for a := 0; a < 5; a++ {
		for b := 0; b < 5; b++ {
			if b == 3 {
				continue outer
			}
			if a == 4 {
				break outer
			}
			s += 100
		}
	}
	switch s {
	case 1245:
		s++
		fallthrough
	case 0:
		s += 1000
	default:
		s = -1
	}
	return s
}
func RangeInt() int {
	s := 0
	for i := range 10 {
		s += i
	}
	for range 3 {
		s *= 2
	}
	return s
}
func Seq(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}
func RangeFunc() string {
	var out []int
	for x := range Seq(10) {
		if x == 6 {
			break
		}
		if x%2 == 1 {
			continue
		}
		out = append(out, x)
	}
	return join(out)
}
func RangeFuncDefer() (r string) {
	r = "start"
	func() {
		for x := range Seq(3) {
			defer func() { r += itoa(x) }()
		}
		r += ";"
	}()
	return r
}
func Pairs(yield func(string, int) bool) {
	_ = yield("a", 1) && yield("b", 2) && yield("c", 3)
}
func RangeFunc2() string {
	s := ""
	for k, v := range Pairs {
		s += k + itoa(v)
		if k == "b" {
			return s + "!"
		}
	}
	return s
}

// Sieve counts the primes below 100000: a loop-heavy program, also the
// interpreter's speed benchmark.
func Sieve() int {
	const n = 100000
	composite := make([]bool, n)
	count := 0
	for i := 2; i < n; i++ {
		if composite[i] {
			continue
		}
		count++
		for j := i * i; j < n; j += i {
			composite[j] = true
		}
	}
	return count
}

type point struct{ x, y int }

// Calls is call-heavy: small functions, methods and closures.
func Calls() int {
	s := 0
	p := &point{1, 2}
	add := func(a, b int) int { return a + b }
	for i := 0; i < 20000; i++ {
		s = add(s, p.sum()) + sq(i%7)
	}
	return s
}

func (p *point) sum() int { return p.x + p.y }
func sq(x int) int        { return x * x }

// MapHeavy fills and reads a map of 50000 int keys.
func MapHeavy() int {
	m := map[int]int{}
	for i := 0; i < 50000; i++ {
		m[i*7] = i
	}
	s := 0
	for i := 0; i < 50000; i++ {
		s += m[i*7]
	}
	return s + len(m)
}
