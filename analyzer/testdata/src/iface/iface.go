// Package iface exercises interface method calls.
package iface

// Shape has an area.
type Shape interface{ Area() float64 }

// Square is a Shape.
type Square struct{ Side float64 }

// Area is cheap.
func (s Square) Area() float64 { return s.Side * s.Side }

// Poly is a Shape with many vertices.
type Poly struct{ X, Y []float64 }

// Area runs the shoelace formula over the vertices.
func (p *Poly) Area() float64 {
	a := 0.0
	for i := 0; i < len(p.X)-1; i++ {
		a += p.X[i]*p.Y[i+1] - p.X[i+1]*p.Y[i]
	}
	return a / 2
}

// Total sums areas through the interface: averaged over Square and *Poly.
func Total(shapes []Shape) float64 {
	t := 0.0
	for _, s := range shapes {
		t += s.Area()
	}
	return t
}

// Box converts to an interface, which allocates for a non-pointer value.
func Box(f float64) any { return f }

// Kind uses a type switch.
func Kind(v any) int {
	switch v.(type) {
	case int:
		return 1
	case string:
		return 2
	}
	return 0
}
