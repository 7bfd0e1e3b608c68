// Package inputs reads its inputs the ways benchmarks do: through value
// receivers, package variables, conversions, and with error paths.
package inputs

import "errors"

// Set holds groups of numbers.
type Set struct {
	groups [][]int
	scale  int
}

// Sum is a value-receiver method that takes the address of a field: go/ssa
// spills the receiver into a local (`*t0 = s`) and reads the field from it.
func (s Set) Sum() int {
	n := 0
	for _, g := range s.groups {
		for _, x := range g {
			n += x * s.scale
		}
	}
	return n
}

// Nested ranges over the groups of a set it builds: neither trip count is
// known, and the two loops' headers start at the same position (the phi of
// n), yet the counts are unrelated.
func Nested(groups [][]int) int {
	c := Set{groups: groups}
	p := &c
	n := 0
	for _, g := range p.groups {
		for _, x := range g {
			n += x
		}
	}
	return n
}

// Symmetric loops from -n to n: 2n+1 iterations each.
func Symmetric() int {
	var n int32 = 5
	c := 0
	for i := -n; i <= n; i++ {
		for j := -n; j <= n; j++ {
			c += int(i * j)
		}
	}
	return c
}

// Hex36 converts a 36-byte array to a string nobody keeps: longer than the
// runtime's 32-byte stack buffer, so it is allocated anyway.
func Hex36() int {
	var buf [36]byte
	s := string(buf[:])
	return len(s)
}

// Hex16 converts 16 bytes: they fit the stack buffer.
func Hex16() int {
	var buf [16]byte
	s := string(buf[:])
	return len(s)
}

// input is set once by the package initializer: its length is known.
var input = "f47ac10b-58cc-0372-8567-0e02b2c3d479"

// Input may be set by an importer: its length is not known.
var Input = "f47ac10b-58cc-0372-8567-0e02b2c3d479"

// Scaled multiplies every byte of input.
func Scaled() int {
	n := 0
	for i := 0; i < len(input); i++ {
		n += int(input[i]) * 131
	}
	return n
}

// ScaledExported multiplies every byte of Input.
func ScaledExported() int {
	n := 0
	for i := 0; i < len(Input); i++ {
		n += int(Input[i]) * 131
	}
	return n
}

// Check fails on a zero byte: the error is the exceptional path.
func Check(b []byte) (int, error) {
	for _, c := range b {
		if c == 0 {
			return 0, errors.New("zero byte")
		}
	}
	return len(b), nil
}
