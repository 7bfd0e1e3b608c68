// Package fmtcall calls fmt with plain arguments (numbers, strings) and
// with arguments fmt prints through methods.
package fmtcall

import "fmt"

// Level is a one-byte integer: boxing it never allocates.
type Level uint8

// Named is a string with a String method: fmt calls it.
type Named string

func (n Named) String() string { return "<" + string(n) + ">" }

// Label boxes name (a string: one allocation) and lvl (one byte: none);
// Sprintf allocates the result.
func Label(name string, lvl Level) string {
	return fmt.Sprintf("%s=%d", name, lvl)
}

// Pick chooses one of two constant formats.
func Pick(short bool, f float64, unit string) string {
	format := "%.0f %s"
	if short {
		format = "%.1f %s"
	}
	return fmt.Sprintf(format, f, unit)
}

// Fail boxes nothing that allocates: the message and its error.
func Fail(code Level) error {
	return fmt.Errorf("code %d", code)
}

// Plain needs no formatting: errors.New(format) alone.
func Plain() error {
	return fmt.Errorf("plain failure")
}

// Quoted quotes: strconv.AppendQuote can outgrow fmt's scratch buffer.
func Quoted(s string) string {
	return fmt.Sprintf("%q", s)
}

// Shown prints through a String method.
func Shown(n Named) string {
	return fmt.Sprintf("%v", n)
}
