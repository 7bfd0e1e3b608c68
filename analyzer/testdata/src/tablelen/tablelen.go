// Package tablelen ranges over tables of constant strings, as tests and
// benchmarks do.
package tablelen

// Weigh multiplies once per byte of s.
func Weigh(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n += int(s[i]) * 131 // an IMUL (3 would be a LEA)
	}
	return n
}

// Rows weighs the first string of each row: 8 and 2 bytes.
func Rows() int {
	cases := [][]string{
		{"testCase", "test_case"},
		{"ab", "a_b"},
	}
	n := 0
	for _, c := range cases {
		n += Weigh(c[0])
	}
	return n
}

// Structs weighs the in field of each case: 3 and 1 bytes.
func Structs() int {
	n := 0
	for _, tt := range []struct{ in, want string }{{"abc", "x"}, {"d", "yy"}} {
		n += Weigh(tt.in)
	}
	return n
}

// Changed writes its table before ranging over it: its lengths are not
// the literal's.
func Changed(s string) int {
	cases := []string{"a", "b"}
	cases[1] = s
	n := 0
	for _, c := range cases {
		n += Weigh(c)
	}
	return n
}
