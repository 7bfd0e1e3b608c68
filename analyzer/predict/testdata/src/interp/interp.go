// Package interp holds benchmarks whose allocations only their inputs
// decide, for perfcast predict's interpreted runs: the test compares the
// predicted allocs/op with go test's.
package interp

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Fields splits s at spaces by hand, appending to a nil slice.
func Fields(s string) []string {
	var out []string
	start := -1
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// Box boxes the integers below n: those from 256 on allocate.
func Box(n int) []any {
	out := make([]any, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// Index maps the decimal form of each integer below n to it.
func Index(n int) map[string]int {
	m := map[string]int{}
	for i := 0; i < n; i++ {
		m[strconv.Itoa(i)] = i
	}
	return m
}

// Join joins the words with commas through a strings.Builder.
func Join(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(w)
	}
	return b.String()
}

type node struct {
	key         int
	left, right *node
}

// Tree inserts keys into a binary search tree.
func Tree(keys []int) *node {
	var root *node
	for _, k := range keys {
		p := &root
		for *p != nil {
			if k < (*p).key {
				p = &(*p).left
			} else {
				p = &(*p).right
			}
		}
		*p = &node{key: k}
	}
	return root
}

// version prints itself with fmt: a String method that allocates.
type version struct{ major, minor, patch int }

// String formats v through fmt.Sprintf.
func (v *version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch)
}

// Describe formats an error that prints v (fmt calls back into v.String)
// and maps its letters to upper case through a function value, both std
// calls that run interpreted code in the middle of their own allocations.
func Describe(v *version, name string) (error, string) {
	err := fmt.Errorf("%v is older than %q", v, name)
	up := strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, err.Error())
	return err, up
}

// Runes makes strings of rune slices: the runtime allocates even for an
// empty one (three bytes of room beyond the encoding).
func Runes(rs ...[]rune) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, string(r))
	}
	return out
}

// Version formats a version into a five-byte buffer that does not escape:
// the appends that outgrow it go to the heap (growslice), as only a slice
// growing from empty starts in gc's stack store.
func Version(major, minor uint64, pre string) string {
	b := make([]byte, 0, 5)
	b = strconv.AppendUint(b, major, 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, minor, 10)
	b = append(b, '-')
	b = append(b, pre...)
	return string(b)
}

// Sum checksums the bytes of s through a []byte conversion gc makes a
// view of the string (the slice neither escapes nor is written): no copy
// and no allocation, however long s is. (Not inlined: gc reports the
// zero-copy of an inlined copy without the site it applies to.)
//
//go:noinline
func Sum(s string) uint32 {
	var h uint32
	for _, c := range []byte(s) {
		h = h*131 + uint32(c)
	}
	return h
}

type digest struct{ a, b uint64 }

// newDigest returns a new digest through a second constructor: gc
// inlines both into a caller that keeps the digest local, and the digest
// stays on its stack (out of line, each returns it to the heap).
func newDigest() *digest { return newDigestSeed(7) }

func newDigestSeed(seed uint64) *digest {
	var d digest
	d.a, d.b = seed, seed*131
	return &d
}

// Collect gathers the runes of s in a slice that starts empty and does not
// escape: gc gives it 32 bytes of stack at its first append, and only the
// growth beyond 8 runes reaches the heap. (Not inlined: an inlined copy
// in a loop has the store in the loop's first iteration only, which the
// interpreter does not model; see docs/ACCURACY.md.)
//
//go:noinline
func Collect(s string) string {
	var data []rune
	for _, r := range s {
		data = append(data, r)
	}
	return string(data)
}

// Cube returns x³ through math/big: the Int big.NewInt makes, and its
// one-word nat, stay on the caller's stack where gc inlines NewInt (run
// natively, its own compiled body allocates both); the products' words
// are on the heap.
func Cube(x int64) int64 {
	n := big.NewInt(x)
	var z big.Int
	z.Mul(n, n)
	return z.Mul(&z, n).Int64()
}
