// Package asm declares a function implemented in assembly.
package asm

// Sum is implemented in sum_amd64.s (and only declared here).
func Sum(s []int64) int64

// Twice calls the assembly function on the same slice twice.
func Twice(s []int64) int64 { return Sum(s) + Sum(s[1:]) }
