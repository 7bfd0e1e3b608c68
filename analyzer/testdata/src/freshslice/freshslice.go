// Package freshslice reuses a slice passed by value when its capacity
// suffices (math/big's nat.make): amortized on a caller's long-lived
// slice, certain on a nil one or on the field of an object the caller has
// just made.
package freshslice

// Nat is a number's words.
type Nat []uint64

// Make returns z resliced to n words when its capacity suffices, a new
// array otherwise: one word exactly, or n with room to grow.
func (z Nat) Make(n int) Nat {
	if n <= cap(z) {
		return z[:n]
	}
	if n == 1 {
		return make(Nat, 1)
	}
	return make(Nat, n, n+4)
}

// Set copies x into z's array, or a new one.
func (z Nat) Set(x Nat) Nat {
	z = z.Make(len(x))
	copy(z, x)
	return z
}

// Int is a signed number.
type Int struct {
	neg bool
	abs Nat
}

// Set sets z to x, reusing z's words.
func (z *Int) Set(x *Int) *Int {
	z.abs = z.abs.Set(x.abs)
	z.neg = x.neg
	return z
}

// Reuse sets a long-lived z: its words are reused.
func Reuse(z, x *Int) { z.Set(x) }

// Copy sets a new Int, whose words are nil: the Int and its array.
func Copy(x *Int) *Int { return new(Int).Set(x) }

// FromNil copies x into a nil slice: a new array on every call.
func FromNil(x Nat) Nat { return Nat(nil).Set(x) }
