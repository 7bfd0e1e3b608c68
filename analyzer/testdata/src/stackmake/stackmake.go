// Package stackmake holds makes of run-time size that do not escape: gc
// gives each a 32-byte stack buffer and calls the heap allocator only for
// a larger size.
package stackmake

// Digits formats n in a buffer of n bytes that never leaves the frame.
//
//go:noinline
func Digits(n int) int {
	buf := make([]byte, n)
	for i := range buf {
		buf[i] = '0'
	}
	return len(buf) + int(buf[0])
}

// Words is Digits with 8-byte elements: 4 fit in the buffer.
//
//go:noinline
func Words(n int) int {
	buf := make([]int64, n)
	buf[0] = 1
	return len(buf) + int(buf[0])
}

// Kept returns its buffer: it escapes, whatever its size.
//
//go:noinline
func Kept(n int) []byte {
	return make([]byte, n)
}

// Float's buffer has room for prec digits and at least 24 bytes, as
// strconv.FormatFloat's: on the stack up to prec 28.
//
//go:noinline
func Float(prec int) int {
	buf := make([]byte, 1, max(prec+4, 24))
	buf[0] = '1'
	return cap(buf) + int(buf[0])
}

// Counted makes a buffer of as many bytes as v has decimal digits, a size
// the analysis does not express (a loop's count): the default size, 8
// bytes, fits the stack buffer.
//
//go:noinline
func Counted(v int) int {
	var count byte
	for n := v; n != 0; n /= 10 {
		count++
	}
	buf := make([]byte, count)
	for i := range buf {
		buf[i] = '0'
	}
	return len(buf) + int(buf[0])
}

// CountedWords is Counted with 8-byte elements: 8 words do not fit.
//
//go:noinline
func CountedWords(v int) int {
	var count byte
	for n := v; n != 0; n /= 10 {
		count++
	}
	buf := make([]int64, count)
	buf[0] = 1
	return len(buf) + int(buf[0])
}
