//go:build !linux

package calibrate

// hugeUint32s returns a zeroed slice of n uint32s.
func hugeUint32s(n int) []uint32 { return make([]uint32, n) }
