// Package asm declares a function implemented in assembly.
package asm

import "unsafe"

// Sum is implemented in sum_amd64.s (and only declared here).
func Sum(s []int64) int64

// Twice calls the assembly function on the same slice twice.
func Twice(s []int64) int64 { return Sum(s) + Sum(s[1:]) }

// header is a slice header over a string's bytes, as zero-copy conversions
// written before unsafe.Slice build it.
type header struct {
	s   string
	cap int
}

// Bytes is a zero-copy conversion through a header.
func Bytes(s string) []byte {
	return *(*[]byte)(unsafe.Pointer(&header{s, len(s)}))
}

// SumBytes sums a string's bytes seen as a []int64 of len(s) elements.
func SumBytes(s string) int64 {
	b := *(*[]int64)(unsafe.Pointer(&header{s, len(s)}))
	return Sum(b)
}

// Rest skips k elements when it can: len(s)-k are left, or len(s).
func Rest(s []int64, k int) int64 {
	if k < len(s) {
		s = s[k:]
	}
	return Sum(s)
}

// Head keeps at most k elements: min(len(s), k) are summed.
func Head(s []int64, k int) int64 {
	if len(s) > k {
		s = s[:k]
	}
	return Sum(s)
}
