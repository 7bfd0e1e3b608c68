// Package regexps calls the matching methods of *regexp.Regexp on
// patterns compiled in the ways packages compile them.
package regexps

import (
	"fmt"
	"os"
	"regexp"
)

// word is anchored and commits on every rune: a one-pass program.
var word = regexp.MustCompile(`^[a-z]+$`)

// trailing is neither anchored nor one-pass: the backtracker.
var trailing = regexp.MustCompile(`\.?0+$`)

// digits finds runs of digits.
var digits = regexp.MustCompile(`[0-9]+`)

// version is built by fmt.Sprintf in a declared init function: five
// groups, twelve capture slots.
var version *regexp.Regexp

func init() {
	version = regexp.MustCompile(fmt.Sprintf(`^v?(%s)\.(%s)\.(%s)(-(%s))?$`, `\d+`, `\d+`, `\d+`, `[a-z]+`))
}

// Valid runs the one-pass machine over s.
func Valid(s string) bool { return word.MatchString(s) }

// Trailing runs the backtracker over s.
func Trailing(s string) bool { return trailing.MatchString(s) }

// Trim replaces the trailing zeros of s.
func Trim(s string) string { return trailing.ReplaceAllString(s, "") }

// Parts returns the groups of a version.
func Parts(s string) []string { return version.FindStringSubmatch(s) }

// Numbers returns every run of digits in s.
func Numbers(s string) []string { return digits.FindAllString(s, -1) }

// First returns at most one run of digits.
func First(s string) []string { return digits.FindAllString(s, 1) }

// Sum ranges over the matches: once per match.
func Sum(s string) (n int) {
	for _, m := range digits.FindAllString(s, -1) {
		n += len(m)
	}
	return n
}

// Local compiles its pattern in the function itself.
func Local(s string) bool {
	re := regexp.MustCompile(`\.?0+$`)
	return re.MatchString(s)
}

// Unknown matches with a program the analysis does not see.
func Unknown(re *regexp.Regexp, s string) bool { return re.MatchString(s) }

// maybe is stored on one path of an init function only: the value it
// holds is not one the analysis follows.
var maybe *regexp.Regexp

func init() {
	if len(os.Args) > 5 {
		maybe = regexp.MustCompile(`^a+$`)
	}
}

// Maybe matches with maybe.
func Maybe(s string) bool { return maybe.MatchString(s) }

// TrimZeros replaces the trailing zeros of a constant: the pattern runs at
// analysis time. "2.000" keeps "2": the match buffer and one 8-byte
// output array, and no string (one byte is the runtime's static one).
func TrimZeros() string { return trailing.ReplaceAllString("2.000", "") }

// Commas replaces every run of digits of a constant by a word of 40
// bytes: the output buffer grows to 8, 48, 96 and 192 bytes as the
// appends fill it, and the string is allocated.
func Commas() string {
	return digits.ReplaceAllLiteralString("a1b22c333", "0123456789012345678901234567890123456789")
}
