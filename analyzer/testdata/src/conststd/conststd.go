// Package conststd takes constant strings apart with strings and regexp
// before looping over the pieces: the folder runs those calls at analysis
// time (conststd.go), so the loops' trip counts are the pieces'.
package conststd

import (
	"errors"
	"regexp"
	"strings"
)

// token finds the tokens of a list.
var token = regexp.MustCompile(`[a-z]+[0-9]*`)

// span is a range "a - b"; rewrite leaves a string without one as it is.
var span = regexp.MustCompile(`([a-z]+)\s+-\s+([a-z]+)`)

// rewrite turns ranges into lists: its input when there is none.
func rewrite(s string) string {
	m := span.FindAllStringSubmatch(s, -1)
	if m == nil {
		return s
	}
	for _, r := range m {
		s = strings.Replace(s, r[0], r[1]+" "+r[2], 1)
	}
	return s
}

// Parse multiplies once per token of each group of s.
func Parse(s string, x float64) float64 {
	for _, group := range strings.Split(rewrite(s), "|") {
		for range token.FindAllString(group, -1) {
			x *= 1.5
		}
	}
	return x
}

// ParseOne parses one group of one token: one multiplication.
func ParseOne(x float64) float64 { return Parse("abc", x) }

// ParseThree parses one group of three tokens.
func ParseThree(x float64) float64 { return Parse("a b1 c2", x) }

// ParseTwoGroups parses two groups, of one token each: the groups differ,
// so their tokens are not known by the loop over them (default trips).
func ParseTwoGroups(x float64) float64 { return Parse("a|b", x) }

// ParseVar parses an unknown string: default trips.
func ParseVar(s string, x float64) float64 { return Parse(s, x) }

// Fields multiplies once per field of a constant.
func Fields(x float64) float64 {
	for range strings.Fields(" a b  c d ") {
		x *= 1.5
	}
	return x
}

// Written splits a constant but writes into the pieces: not folded.
func Written(x float64) float64 {
	parts := strings.Split("a,b", ",")
	parts[0] = "abc,d,e"
	for range strings.Split(parts[0], ",") {
		x *= 1.5
	}
	return x
}

// Set holds groups of items, sized by its constructor.
type Set struct {
	groups [][]string
}

// New splits spec into groups.
func New(spec string) *Set {
	parts := strings.Split(spec, ";")
	s := &Set{groups: make([][]string, len(parts))}
	for i, p := range parts {
		s.groups[i] = strings.Fields(p)
	}
	return s
}

// Count multiplies once per group.
func (s *Set) Count(x float64) float64 {
	for range s.groups {
		x *= 1.5
	}
	return x
}

// UseSet builds a set of two groups and counts them: two multiplications.
func UseSet(x float64) float64 {
	s := New("a b;c")
	return s.Count(x)
}

// NewChecked is New behind a length check, with an error result.
func NewChecked(spec string) (*Set, error) {
	if len(spec) > 512 {
		return nil, errTooLong
	}
	spec = rewrite(spec)
	parts := strings.Split(spec, ";")
	groups := make([][]string, len(parts))
	for i, p := range parts {
		groups[i] = strings.Fields(p)
	}
	return &Set{groups: groups}, nil
}

var errTooLong = errors.New("too long")

// CountValue multiplies once per group, on a copy of the set.
func (s Set) CountValue(x float64) float64 {
	for range s.groups {
		x *= 1.5
	}
	return x
}

// useChecked builds a set from spec and counts it n times.
func useChecked(spec string, n int, x float64) float64 {
	s, _ := NewChecked(spec)
	for i := 0; i < n; i++ {
		x = s.CountValue(x)
	}
	return x
}

// UseChecked counts a set of three groups once: three multiplications.
func UseChecked(x float64) float64 { return useChecked("a;b;c", 1, x) }

// scale multiplies when s holds a token.
func scale(s string, x float64) float64 {
	if !token.MatchString(s) {
		return x
	}
	return x * 1.5
}

// ScaleToken matches: one multiplication.
func ScaleToken(x float64) float64 { return scale("abc", x) }

// ScaleNone does not match: none.
func ScaleNone(x float64) float64 { return scale("!!", x) }

// CountThrough counts the groups of t through its value-receiver method:
// its sizes are t's.
func (t *Set) CountThrough(x float64) float64 { return t.CountValue(x) }
