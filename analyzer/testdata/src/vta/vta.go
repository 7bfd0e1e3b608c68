// Package vta exercises dynamic calls that whole-program VTA resolves from
// what callers in the program pass.
package vta

// Shape has an area.
type Shape interface{ Area() float64 }

// Square is a Shape.
type Square struct{ Side float64 }

// Area is cheap.
func (s Square) Area() float64 { return s.Side * s.Side }

// Poly is a Shape with many vertices; no caller passes one to Total.
type Poly struct{ X, Y []float64 }

// Area runs the shoelace formula over the vertices.
func (p *Poly) Area() float64 {
	a := 0.0
	for i := 0; i < len(p.X)-1; i++ {
		a += p.X[i]*p.Y[i+1] - p.X[i+1]*p.Y[i]
	}
	return a / 2
}

// Total sums areas through the interface: only Squares reach it, so VTA
// resolves the call to Square.Area alone (the visible-type rule would
// average Square.Area and (*Poly).Area).
func Total(shapes []Shape) float64 {
	t := 0.0
	for _, s := range shapes {
		t += s.Area()
	}
	return t
}

// Squares builds n squares and sums their areas.
func Squares(n int) float64 {
	shapes := make([]Shape, n)
	for i := range shapes {
		shapes[i] = Square{Side: float64(i)}
	}
	return Total(shapes)
}

// Measure calls Area on a Shape no caller in the program supplies: VTA
// has no target, so the visible-type average applies.
func Measure(s Shape) float64 { return s.Area() }

// Apply calls f on every element: f is the closure of Double or the method
// value of Accumulate, averaged.
func Apply(xs []int, f func(int) int) int {
	s := 0
	for _, x := range xs {
		s += f(x)
	}
	return s
}

// Double passes a closure to Apply.
func Double(xs []int) int { return Apply(xs, func(x int) int { return 2 * x }) }

// Counter accumulates.
type Counter struct{ n int }

// Add adds x to the count.
func (c *Counter) Add(x int) int {
	c.n += x
	return c.n
}

// Accumulate passes a method value to Apply.
func Accumulate(xs []int) int {
	var c Counter
	return Apply(xs, c.Add)
}

// Sorter holds a comparison in a field.
type Sorter struct{ Less func(a, b int) bool }

// Sorted reports whether xs is sorted by s.Less, called through the field.
func (s Sorter) Sorted(xs []int) bool {
	for i := 1; i < len(xs); i++ {
		if s.Less(xs[i], xs[i-1]) {
			return false
		}
	}
	return true
}

// Ascending checks with an ordinary function as Less.
func Ascending(xs []int) bool { return Sorter{Less: less}.Sorted(xs) }

func less(a, b int) bool { return a < b }

// Call calls a function value nobody in the program supplies: not costed.
func Call(f func()) { f() }

// Countdown recurses through a closure held in a variable: VTA resolves
// the call to the closure itself, which costs the call only.
func Countdown(n int) int {
	var f func(int) int
	f = func(k int) int {
		if k <= 0 {
			return 0
		}
		return 1 + f(k-1)
	}
	return f(n)
}
