package progs

func deferOrder() (s string) {
	for i := 0; i < 3; i++ {
		defer func() { s += itoa(i) }()
	}
	return "x"
}
func DeferOrder() string { return deferOrder() }

func recoverValue() (r int) {
	defer func() {
		if v := recover(); v != nil {
			r = v.(int) * 2
		}
	}()
	panic(21)
}
func RecoverValue() int { return recoverValue() }

func deep(n int) int {
	if n == 0 {
		var s []int
		return s[5]
	}
	return deep(n-1) + 1
}
func RecoverRuntime() (r string) {
	defer func() {
		if recover() != nil {
			r += "recovered"
		}
	}()
	r = "before;"
	deep(5)
	return "unreached"
}
func RePanic() (r string) {
	defer func() {
		r = recover().(string)
	}()
	defer func() {
		recover()
		panic("second")
	}()
	panic("first")
}
func helperRecover() any { return recover() }
func IndirectRecover() (r string) {
	defer func() {
		v := recover()
		if s, ok := v.(string); ok {
			r += "outer:" + s
		}
	}()
	defer func() {
		if helperRecover() == nil {
			r += "indirect-nil;"
		}
	}()
	panic("p")
}
func NoRecoverNamed() int {
	x := func() (n int) {
		defer func() { recover() }()
		n = 5
		panic("z")
	}()
	y := func() int {
		defer func() { recover() }()
		panic("z")
	}()
	return x*10 + y
}
func DeferArgsEval() string {
	s := ""
	x := 1
	defer func(v int) { _ = v }(x)
	f := func(v int) { s += itoa(v) }
	func() {
		defer f(x)
		x = 2
		defer f(x)
	}()
	return s
}
func DivZero() (r string) {
	defer func() {
		if recover() != nil {
			r = "div0"
		}
	}()
	a, b := 1, 0
	return itoa(a / b)
}
func PanicCustom() (r string) {
	defer func() {
		if e, ok := recover().(error); ok {
			r = e.Error()
		}
	}()
	panic(&myErr{7})
}
func DeferLoopModify() (n int) {
	defer func() { n *= 2 }()
	for i := 0; i < 4; i++ {
		n += i
	}
	return n
}

func PanicAfterRecover() (r string) {
	defer func() {
		if v := recover(); v != nil {
			r += "last:" + v.(string)
		}
	}()
	defer func() { r += "middle;" }()
	defer func() { panic("again") }()
	defer func() { recover(); r += "first;" }()
	panic("one")
}

func DeferInLoopRecover() (n int) {
	for i := 0; i < 3; i++ {
		func() {
			defer func() {
				if recover() != nil {
					n += 10
				}
			}()
			if i%2 == 0 {
				panic(i)
			}
			n++
		}()
	}
	return n
}

type iface1 interface{ m1() }
type impl1 struct{}

func (impl1) m2() {}

// Messages of failed assertions are gc's (the program may print them);
// they need error's Error method, so they are in stdprogs too.
func AssertFails() bool {
	var x any = "s"
	var y any = impl1{}
	var e error
	n := 0
	for _, f := range []func(){
		func() { _ = x.(int) },
		func() { _ = y.(iface1) },
		func() { _ = e.(interface{ Unwrap() error }) },
	} {
		func() {
			defer func() {
				if recover() != nil {
					n++
				}
			}()
			f()
		}()
	}
	return n == 3
}

type recoverer struct{ got string }

func (r *recoverer) catch() {
	if v := recover(); v != nil {
		r.got = v.(string)
	}
}

// DeferredMethodValue defers a bound method value that recovers: the
// method is the deferred function.
func DeferredMethodValue() string {
	r := &recoverer{}
	func() {
		f := r.catch
		defer f()
		panic("via method value")
	}()
	return r.got
}
