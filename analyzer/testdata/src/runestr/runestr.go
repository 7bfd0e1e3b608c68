// Package runestr converts runes to strings: string(r) is the rune's UTF-8
// encoding, 1 to 4 bytes, whatever the rune's value.
package runestr

// Sum adds the bytes of r's encoding.
func Sum(r rune) int {
	s := string(r)
	n := 0
	for i := 0; i < len(s); i++ {
		n += int(s[i]) * 131
	}
	return n
}

// Euro adds the bytes of "€", three of them.
func Euro() int {
	s := string(rune(0x20AC))
	n := 0
	for i := 0; i < len(s); i++ {
		n += int(s[i]) * 131
	}
	return n
}
