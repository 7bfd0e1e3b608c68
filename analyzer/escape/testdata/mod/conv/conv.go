// Package conv converts between strings, bytes and runes and concatenates.
package conv

var (
	sinkS string
	sinkB []byte
	sinkR []rune
)

func EscToBytes(s string) { sinkB = []byte(s) }

func EscToString(b []byte) { sinkS = string(b) }

func EscToRunes(s string) { sinkR = []rune(s) }

func EscRuneString(r rune) { sinkS = string(r) }

func StackToString(b []byte) int { return len(string(b)) }

func EscConcat(a, b, c string) { sinkS = a + b + c }

func EscConcatAssign(a, b string) string {
	a += b
	return a
}

func StackCompare(b []byte) bool { return string(b) == "x" }
