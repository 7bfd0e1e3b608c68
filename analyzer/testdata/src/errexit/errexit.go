// Package errexit holds loops that leave through an error return on the
// false arm of their test (`if !ok { return ..., errors.New(...) }`).
package errexit

import "errors"

// UUID is sixteen bytes.
type UUID [16]byte

func xtob(x1, x2 byte) (byte, bool) {
	b1 := xvalues[x1]
	b2 := xvalues[x2]
	return (b1 << 4) | b2, b1 != 255 && b2 != 255
}

var xvalues = [256]byte{1, 2, 3}

// Parse decodes 32 hex digits. Its error exit is exceptional: the error
// it makes is rarely allocated.
func Parse(s string) (UUID, error) {
	var uuid UUID
	for i := 0; i < 16; i++ {
		v, ok := xtob(s[2*i], s[2*i+1])
		if !ok {
			return uuid, errors.New("invalid UUID format")
		}
		uuid[i] = v
	}
	return uuid, nil
}

// ParseTrue is Parse with the test the other way round: the error is on
// the true arm.
func ParseTrue(s string) (UUID, error) {
	var uuid UUID
	for i := 0; i < 16; i++ {
		v, ok := xtob(s[2*i], s[2*i+1])
		if ok == false {
			return uuid, errors.New("invalid UUID format")
		}
		uuid[i] = v
	}
	return uuid, nil
}

// Find returns the index of x in s: its early exit is a search's, taken
// once per call, and allocates.
func Find(s []int, x int) *int {
	for i := range s {
		if s[i] != x {
			continue
		}
		p := new(int)
		*p = i
		return p
	}
	return nil
}
