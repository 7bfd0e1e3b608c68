// Package appendcap has appends that stay within the capacity their slice
// starts with, and some that do not.
package appendcap

// Digits divides the 5-word number in parts by 10 until it is zero, the
// quotient appended into a slice of a 5-word array: it never grows.
func Digits(parts [5]uint32) int {
	bp := parts[:]
	var bq [5]uint32
	n := 0
	for len(bp) != 0 {
		quotient := bq[:0]
		rem := uint64(0)
		for _, c := range bp {
			v := uint64(c) + rem<<32
			d := v / 10
			rem = v % 10
			if len(quotient) != 0 || d != 0 {
				quotient = append(quotient, uint32(d))
			}
		}
		n++
		bp = quotient
	}
	return n
}

// Small appends 8 elements into a slice of a 4-word array: it grows.
func Small(xs []int) int {
	var a [4]int
	s := a[:0]
	for i := 0; i < 8; i++ {
		s = append(s, i)
	}
	return len(s)
}

// Sized appends one element per element of xs into a slice made with
// room for them all: it never grows.
func Sized(xs []int) int {
	s := make([]int, 0, len(xs))
	for _, x := range xs {
		s = append(s, x*2)
	}
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

// Twice appends two elements per element of xs into the same slice: it
// outgrows its capacity.
func Twice(xs []int) int {
	s := make([]int, 0, len(xs))
	for _, x := range xs {
		s = append(s, x)
		s = append(s, x)
	}
	t := 0
	for _, v := range s {
		t += v
	}
	return t
}

// Three appends three bytes to a nil slice in three statements: one
// 8-byte array holds them all.
func Three(x, y, z byte) []byte {
	var b []byte
	b = append(b, x)
	b = append(b, y)
	b = append(b, z)
	return b
}

// Twenty appends 20 bytes one at a time to a nil slice: arrays of 8, 16
// and 32 bytes.
func Twenty() []byte {
	var b []byte
	for i := 0; i < 20; i++ {
		b = append(b, byte(i))
	}
	return b
}
