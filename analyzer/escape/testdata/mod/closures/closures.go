// Package closures has function literals and method values.
package closures

var sink func() int

func EscClosure(n int) { sink = func() int { return n + 1 } }

func StackClosure(xs []int) int {
	total := 0
	each := func(x int) { total += x }
	for _, x := range xs {
		each(x)
	}
	return total
}

// StackStatic captures nothing: gc makes it a static function value.
func StackStatic() { sink = func() int { return 1 } }

type C struct{ n int }

func (c C) Get() int { return c.n }

func EscMethodValue(c C) { sink = c.Get }

func EscRangeFunc(xs []int) int {
	n := 0
	for x := range seq(xs) {
		if x < 0 {
			break
		}
		n += x
	}
	return n
}

//go:noinline
func seq(xs []int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for _, x := range xs {
			if !yield(x) {
				return
			}
		}
	}
}
