package constargs

import (
	"errors"
	"math"
)

var sink int

type Dec struct {
	v   *int64
	exp int32
}

func New(v int64, exp int32) Dec {
	x := v
	return Dec{v: &x, exp: exp}
}

//go:noinline
func heavy(n int64) int64 {
	s := int64(0)
	for i := int64(0); i < n; i++ {
		s += i * 131
	}
	return s
}

func (d Dec) Floor() Dec {
	if d.exp >= 0 {
		return d
	}
	z := heavy(int64(-d.exp)) * 131
	return Dec{v: &z}
}

func FloorFast(n int) {
	in := New(200, 2)
	for i := 0; i < n; i++ {
		in.Floor()
	}
}

func FloorRegular(n int) {
	in := New(200, -2)
	for i := 0; i < n; i++ {
		in.Floor()
	}
}

var asString = "f47ac10b-58cc-0372-8567-0e02b2c3d479"

func Parse(s string) (int, error) {
	switch len(s) {
	case 36:
	case 36 + 9:
		s = s[9:]
	case 36 + 2:
		s = s[1:]
	case 32:
		r := 0
		for i := 0; i < 16; i++ {
			r += int(s[i*2]) * 131
		}
		return r, nil
	default:
		return 0, errors.New("bad length")
	}
	if s[8] != '-' {
		return 0, errors.New("bad")
	}
	r := 0
	for i := 0; i < 16; i++ {
		r += int(s[i*2]) * 131
	}
	return r, nil
}

func ParseBad(n int) {
	short := asString[:10]
	for i := 0; i < n; i++ {
		Parse(short)
	}
}

func ParseGood(n int) {
	for i := 0; i < n; i++ {
		Parse(asString)
	}
}

// Prefixed multiplies only for a string starting with 'v': a test of a
// byte of its parameter, not of a size.
func Prefixed(s string, x int) int {
	if s[0] == 'v' {
		return x * 131
	}
	return x
}

func PrefixedV(n int) int {
	r := 0
	for i := 0; i < n; i++ {
		r += Prefixed("v1.2.3", i)
	}
	return r
}

func PrefixedNone(n int) int {
	r := 0
	for i := 0; i < n; i++ {
		r += Prefixed("1.2.3", i)
	}
	return r
}

// Mode switches on a kind: not a size guard (a parameter compared with
// constants other than zero is a kind), so its arms keep the static odds
// unless the caller passes a constant.
func Mode(k, x int) int {
	switch k {
	case 3:
		return x * 131 * x
	case 4:
		return x + 1
	}
	return x
}

// Outer passes its constant on: Mode is specialized two calls deep.
func Outer(k, x int) int {
	return Mode(k+1, x) + 1
}

func ModeThree(x int) int { return Outer(2, x) }
func ModeFive(x int) int  { return Outer(4, x) }

// Shifted is specialized for neither call: the argument it tests varies.
func ModeVar(k, x int) int { return Mode(k, x) }

type lengthError struct{ n int }

func (e lengthError) Error() string { return "bad length" }

// Check returns an error holding the length: boxing a one-field struct of
// an integer is the runtime's convT64, which allocates nothing for values
// below 256.
func Check(s string) error {
	if len(s) != 36 {
		return lengthError{len(s)}
	}
	return nil
}

func CheckShort(n int) {
	for i := 0; i < n; i++ {
		Check("abc")
	}
}

func CheckLong(n int) {
	for i := 0; i < n; i++ {
		Check(asString + asString[:3] + asString[:3] + asString + asString + asString + asString + asString + asString)
	}
}

// Format's guard clauses test the float's class with math's predicates
// before the work, a multiplication: their static odds (early returns)
// let the work run about a third of the calls.
func Format(v float64, n int) int {
	if math.IsNaN(v) {
		return 0
	}
	if math.IsInf(v, 1) {
		return 1
	}
	if math.Signbit(v) {
		return -1
	}
	return n * n
}

// FormatConst passes a constant: a finite positive float, so every guard
// falls through and the work runs on every call.
func FormatConst(n int) int { return Format(1234.5, n) }

// FormatNegative's constant is negative: Signbit returns.
func FormatNegative(n int) int { return Format(-2, n) }
