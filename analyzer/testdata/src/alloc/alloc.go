// Package alloc exercises heap and stack allocations.
package alloc

// Point is 16 bytes.
type Point struct{ X, Y int64 }

// NewPoint escapes: one 16-byte object.
func NewPoint(x, y int64) *Point { return &Point{x, y} }

// Local does not escape: no heap allocation.
func Local(x, y int64) int64 {
	p := Point{x, y}
	q := &p
	return q.X + q.Y
}

// Buffer makes a slice of n bytes and returns it.
func Buffer(n int) []byte { return make([]byte, n) }

// Fixed makes a small constant slice used locally: stays on the stack.
func Fixed() int {
	b := make([]byte, 16)
	return len(b)
}

// Odd is 33 bytes: rounded up to the 48-byte size class.
type Odd struct {
	A [33]byte
}

// NewOdd escapes.
func NewOdd() *Odd { return new(Odd) }

// Collect appends n elements: amortized growth.
func Collect(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// Join concatenates strings.
func Join(a, b string) string { return a + "/" + b }

// Bytes converts a string.
func Bytes(s string) []byte { return []byte(s) }

// Entry is a generic list entry: three pointers, a key, a value and a
// 24-byte array.
type Entry[K comparable, V any] struct {
	next, prev *Entry[K, V]
	list       *int
	Key        K
	Value      V
	Stamp      [3]int64
}

// NewEntry escapes: 64 bytes with K and V a word each.
func NewEntry[K comparable, V any](k K, v V) *Entry[K, V] {
	return &Entry[K, V]{Key: k, Value: v}
}
