// Package loops holds functions of known cost for the golden tests.
package loops

// Sum adds the elements of s: one loop of len(s) iterations.
func Sum(s []int) int {
	t := 0
	for _, x := range s {
		t += x
	}
	return t
}

// Count counts from a to n by 2.
func Count(a, n int) int {
	c := 0
	for i := a; i < n; i += 2 {
		c++
	}
	return c
}

// Down counts down from n inclusive to 0.
func Down(n int) int {
	c := 0
	for i := n; i >= 0; i-- {
		c += i
	}
	return c
}

// Log doubles until n.
func Log(n int) int {
	c := 0
	for i := 1; i < n; i <<= 1 {
		c++
	}
	return c
}

// Matrix multiplies two square matrices: nested loops.
func Matrix(a, b [][]float64, n int) [][]float64 {
	out := make([][]float64, n)
	for i := 0; i < n; i++ {
		out[i] = make([]float64, n)
		for j := 0; j < n; j++ {
			var s float64
			for k := 0; k < n; k++ {
				s += a[i][k] * b[k][j]
			}
			out[i][j] = s
		}
	}
	return out
}

// Find returns the index of x in s: an early exit.
func Find(s []string, x string) int {
	for i, y := range s {
		if y == x {
			return i
		}
	}
	return -1
}

// Until loops on an unknown condition.
func Until(f func() bool) int {
	n := 0
	for !f() {
		n++
	}
	return n
}

// RangeInt ranges over an integer.
func RangeInt(n int) int {
	t := 0
	for i := range n {
		t += i * i
	}
	return t
}

// Total calls Sum on a field: the argument's length is a variable of the caller.
type Order struct{ Items []int }

func Total(o *Order) int { return Sum(o.Items) }

// Twice calls Sum on a slice of the caller's parameter.
func Twice(s []int) int { return Sum(s) + Sum(s[1:]) }

// Branchy has an if/else.
func Branchy(n int) int {
	if n > 0 {
		return n * 131
	}
	return n / (n - 7) // a divisor known at run time only: a divide
}

// Checked returns early on error: the error arm is taken one time in ten.
func Checked(err error, n int) int {
	if err != nil {
		return -1
	}
	return n * 131
}

// MustPositive panics on bad input: the panicking path is cold.
func MustPositive(n int) int {
	if n < 0 {
		panic("negative")
	}
	return n * 131
}

func fail(msg string) { panic(msg) }

// Guard calls a helper that always panics: that path is cold too.
func Guard(n int) int {
	if n < 0 {
		fail("negative")
	}
	return n * 131
}

// Prefix sums the first k elements of s, at most len(s): k is clamped to the
// length before the loop.
func Prefix(s []int, k int) int {
	n := k
	if n > len(s) {
		n = len(s)
	}
	t := 0
	for i := 0; i < n; i++ {
		t += s[i]
	}
	return t
}

// Blocks consumes b eight bytes at a time, as hashes walk their input.
func Blocks(b []byte) int {
	n := 0
	for len(b) >= 8 {
		n += int(b[0])
		b = b[8:]
	}
	return n
}

// Place walks until it finds where v goes, then clears its flag: the
// placing arm runs once per call, not with its branch's probability on
// every step.
func Place(path []int, v int) int {
	i, placed := 0, 0
	loop := true
	for loop {
		if path[i&7] > v {
			placed = i * 131
			loop = false
		} else {
			i++
		}
	}
	return placed
}

// Wide takes a fast path over 8-byte words once the input is at least 64
// bytes long: the inner loop leaves fewer than 64, so the outer loop runs
// at most once.
func Wide(p []byte) int {
	n := 0
	for len(p) >= 64 {
		for len(p) > 8 {
			n *= int(p[0])
			p = p[8:]
		}
	}
	return n
}

// Capped consumes at most 64 bytes of p, 4 at a time: the loop is entered
// with p cut to 64 bytes or whole.
func Capped(p []byte) int {
	n := 0
	if len(p) > 64 {
		p = p[:64]
	}
	for len(p) >= 4 {
		n *= int(p[0])
		p = p[4:]
	}
	return n
}

// Rounds hashes words in rounds of four while four remain, then the tail
// after them, one at a time: the tail loop runs over what the rounds
// left (len(w) mod 4 words), not over all of w again.
func Rounds(w []uint64) uint64 {
	var a, b, c, d uint64
	i := 0
	for ; i < len(w)-3; i += 4 {
		a *= w[i]
		b *= w[i+1]
		c *= w[i+2]
		d *= w[i+3]
	}
	h := a ^ b ^ c ^ d
	for _, x := range w[i:] {
		h *= x
	}
	return h
}

// Bulk takes the multiple of 16 bytes of an input of 64 or more at once
// (as crc32 hands it to carry-less multiplication), then the bytes left
// one at a time: the tail loop runs over fewer than 16 bytes of a long
// input, over all of a short one.
func Bulk(p []byte) uint32 {
	var h uint32
	if len(p) >= 64 {
		do := len(p) - len(p)&15
		h = uint32(do)
		p = p[do:]
	}
	for _, b := range p {
		h *= uint32(b)
	}
	return h
}

// Chunks walks p in blocks of at most 64 bytes and each block four bytes
// at a time, as adler32 sums its input in blocks of nmax: ⌈len(p)/64⌉
// blocks of 16 steps, about len(p)/4 steps in all.
func Chunks(p []byte) int {
	n := 0
	for len(p) > 0 {
		var q []byte
		if len(p) > 64 {
			p, q = p[:64], p[64:]
		}
		for len(p) >= 4 {
			n *= int(p[0])
			p = p[4:]
		}
		p = q
	}
	return n
}
