// Package failarm has table-driven checks of the kind benchmarks call in
// their timed loop: the arm reporting a failure never runs in a benchmark
// that prints a result.
package failarm

import (
	"fmt"
	"testing"
)

// Upper is the code under test.
func Upper(s string) string { return s }

// CheckTB reports a mismatch through testing.TB.
func CheckTB(tb testing.TB, in, want string) {
	if got := Upper(in); got != want {
		tb.Errorf("%q: %q != %q", in, got, want)
	}
}

// CheckB reports a mismatch through *testing.B.
func CheckB(b *testing.B, in, want string) {
	if got := Upper(in); got != want {
		b.Error("mismatch", in, got, want)
	}
}

// Print is the same shape without testing: its arm keeps its odds.
func Print(in, want string) {
	if got := Upper(in); got != want {
		fmt.Println("mismatch", in, got, want)
	}
}
