// Package inlined has a constructor gc inlines into callers that keep its
// result local (no allocation there) and into one that returns it.
package inlined

// Point is 16 bytes.
type Point struct{ X, Y int64 }

// NewPoint escapes on its own: one 16-byte object.
func NewPoint(x, y int64) *Point { return &Point{x, y} }

// Sum inlines NewPoint and keeps the point local: no allocation.
func Sum(x, y int64) int64 {
	p := NewPoint(x, y)
	return p.X + p.Y
}

// SumN does so n times: still none.
func SumN(n int) int64 {
	var t int64
	for i := 0; i < n; i++ {
		t += Sum(int64(i), 1)
	}
	return t
}

// Keep inlines NewPoint and returns the point: one allocation.
func Keep(x, y int64) *Point { return NewPoint(x, y) }

// KeepN does so n times: n allocations.
func KeepN(n int) []*Point {
	out := make([]*Point, n)
	for i := range out {
		out[i] = Keep(int64(i), 1)
	}
	return out
}
