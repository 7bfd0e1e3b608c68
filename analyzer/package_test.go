package analyzer

import (
	"go/token"
	"testing"
)

func TestPosString(t *testing.T) {
	for _, tc := range []struct {
		root string
		pos  token.Position
		want string
	}{
		{"/m", token.Position{Filename: "/m/a/b.go", Line: 3, Column: 7}, "a/b.go:3:7"},
		{"/m", token.Position{Filename: "/m/gen.rl", Line: 55}, "gen.rl:55"}, // //line directive, no column
		{"/m", token.Position{Filename: "/other/c.go", Line: 1, Column: 1}, "/other/c.go:1:1"},
		{"/m", token.Position{}, ""},
	} {
		if got := posString(tc.root, tc.pos); got != tc.want {
			t.Errorf("posString(%q, %v) = %q, want %q", tc.root, tc.pos, got, tc.want)
		}
	}
}
