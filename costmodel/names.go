package costmodel

import (
	"fmt"
	"slices"
	"strings"
)

// UnknownNameError reports an unknown profile or instance name with the
// closest known names by edit distance.
func UnknownNameError(what, name string, known []string) error {
	near := closest(name, known, 3)
	if len(near) == 0 {
		return fmt.Errorf("unknown %s %q", what, name)
	}
	return fmt.Errorf("unknown %s %q; did you mean %s?", what, name, strings.Join(near, ", "))
}

// closest returns up to n names of known nearest to name by Levenshtein
// distance (case-insensitive), nearest first, ties by name. Names farther
// than half of the longer string are dropped, unless name is a prefix.
func closest(name string, known []string, n int) []string {
	type cand struct {
		s string
		d int
	}
	var cs []cand
	lname := strings.ToLower(name)
	for _, k := range known {
		lk := strings.ToLower(k)
		d := editDistance(lname, lk)
		if strings.HasPrefix(lk, lname) || strings.Contains(lk, lname) && len(lname) >= 3 {
			d = min(d, 1)
		}
		if d <= max(len(lname), len(lk))/2 {
			cs = append(cs, cand{k, d})
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.s, b.s)
	})
	var out []string
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].s)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
