package inlined

import (
	"bytes"
	"strings"
)

// FirstByte inlines strings.NewReader and keeps the reader local: gc puts
// its &Reader{} on the stack, which the std table's summary of NewReader
// says through its InlineSites (the body is not at hand).
func FirstByte(s string) byte {
	r := strings.NewReader(s)
	b, _ := r.ReadByte()
	return b
}

// Remaining does so with bytes.NewReader.
func Remaining(b []byte) int {
	return bytes.NewReader(b).Len()
}

// Reader returns the reader: it escapes, one allocation.
func Reader(s string) *strings.Reader { return strings.NewReader(s) }
