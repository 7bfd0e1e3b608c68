package embedding

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// describe says what a file that is not an executable looks like, from its
// first bytes, so that the error helps the user see what they passed.
func describe(head []byte, size int64) string {
	if size == 0 {
		return "an empty file"
	}
	prefixes := []struct{ magic, what string }{
		{"#!", "a script"},
		{"!<arch>\n", "an ar archive (a compiled package or static library, not a linked program)"},
		{"\x1f\x8b", "gzip data"},
		{"PK\x03\x04", "a zip archive"},
		{"%PDF", "a PDF document"},
		{"\x89PNG", "a PNG image"},
		{"\xfe\xed\xfa", "a truncated Mach-O header"},
		{"\x7fEL", "a truncated ELF header"},
	}
	for _, p := range prefixes {
		if bytes.HasPrefix(head, []byte(p.magic)) {
			return p.what
		}
	}
	if isText(head) {
		t := bytes.TrimSpace(head)
		switch {
		case bytes.HasPrefix(t, []byte("{")):
			return "a text file (JSON?)"
		case bytes.HasPrefix(t, []byte("schema:")) || bytes.Contains(t, []byte("\nschema:")):
			return "a text file (a manifest in YAML?)"
		case bytes.HasPrefix(t, []byte("package ")) || bytes.HasPrefix(t, []byte("//")):
			return "a text file (Go source?)"
		}
		return "a text file"
	}
	n := min(len(head), 8)
	return fmt.Sprintf("unrecognized data starting % x", head[:n])
}

// isText reports whether b reads as UTF-8 text without control characters
// other than whitespace. The last rune may be cut by the read.
func isText(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			return false
		}
		b = b[size:]
	}
	return true
}
