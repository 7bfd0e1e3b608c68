package sizeclass

import "testing"

func TestRound(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{
		{0, 0}, {-3, 0}, {1, 8}, {8, 8}, {9, 16}, {33, 48}, {1025, 1152}, {32768, 32768},
		{32769, 32768 + PageSize}, {3 * PageSize * 5, 3 * PageSize * 5},
	} {
		if got := Round(tc.in); got != tc.want {
			t.Errorf("Round(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
