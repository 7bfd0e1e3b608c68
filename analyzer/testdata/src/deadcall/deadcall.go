// Package deadcall exercises inlined calls gc removes (results dropped,
// pure bodies) and small copies it moves inline.
package deadcall

// ID is a 16-byte identifier.
type ID [16]byte

// Time reads six bytes.
func (id ID) Time() uint64 {
	return uint64(id[5]) | uint64(id[4])<<8 | uint64(id[3])<<16 | uint64(id[2])<<24 | uint64(id[1])<<32 | uint64(id[0])<<40
}

// SetTime writes six bytes through the receiver.
func (id *ID) SetTime(ms uint64) {
	id[0], id[1], id[2] = byte(ms>>40), byte(ms>>32), byte(ms>>24)
	id[3], id[4], id[5] = byte(ms>>16), byte(ms>>8), byte(ms)
}

// Entropy copies ten bytes into a new slice.
func (id ID) Entropy() []byte {
	e := make([]byte, 10)
	copy(e, id[6:])
	return e
}

// To copies the identifier into dst after checking its length: gc knows
// the copy's length and moves it inline.
func (id ID) To(dst []byte) bool {
	if len(dst) != len(id) {
		return false
	}
	copy(dst, id[:])
	return true
}

// ToAny copies into dst of any length: a memmove call.
func ToAny(id *ID, dst []byte) { copy(dst, id[:]) }

// Div divides by a variable: it may panic, so it stays.
func Div(a, b uint64) uint64 { return a / b }

var (
	sink   uint64
	Global ID
)

// Loop is an empty loop.
func Loop(n int) {
	for i := 0; i < n; i++ {
	}
}

// Dropped drops the results of pure inlined calls: nothing is left.
func Dropped(n int, id ID) {
	for i := 0; i < n; i++ {
		_ = id.Time()
		_ = id.Entropy()
	}
}

// SetLocal writes a local nothing reads: nothing is left.
func SetLocal(n int) {
	var id ID
	for i := 0; i < n; i++ {
		id.SetTime(uint64(i))
	}
}

// Used uses the result: the body stays.
func Used(n int, id ID) {
	for i := 0; i < n; i++ {
		sink += id.Time()
	}
}

// SetGlobal writes memory others see: the body stays.
func SetGlobal(n int) {
	for i := 0; i < n; i++ {
		Global.SetTime(uint64(i))
	}
}

// SetThenRead reads the local it writes: the body stays.
func SetThenRead(n int) uint64 {
	var id ID
	for i := 0; i < n; i++ {
		id.SetTime(uint64(i))
	}
	return id.Time()
}

// Divide drops a result that may panic: the body stays.
func Divide(n int, b uint64) {
	for i := 0; i < n; i++ {
		_ = Div(uint64(i), b)
	}
}

// Bits counts the bits of x in a loop.
func Bits(x uint64) (n int) {
	for x != 0 {
		x &= x - 1
		n++
	}
	return n
}

// Count drops the result of a loop: gc keeps the loop.
func Count(n int, x uint64) {
	for i := 0; i < n; i++ {
		_ = Bits(x + uint64(i))
	}
}
