package sizeclass

import "testing"

func TestRound(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{
		{0, 0}, {-3, 0}, {1, 8}, {8, 8}, {9, 16}, {24, 24}, {25, 32}, {33, 48}, {1025, 1152}, {32768, 32768},
		{32769, 32768 + PageSize}, {3 * PageSize * 5, 3 * PageSize * 5}, {1 << 20, 1 << 20},
	} {
		if got := Round(tc.in); got != tc.want {
			t.Errorf("Round(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestClassesIncrease(t *testing.T) {
	for i := 1; i < len(classSizes); i++ {
		if classSizes[i] <= classSizes[i-1] {
			t.Fatalf("size classes not increasing at %d: %d after %d", i, classSizes[i], classSizes[i-1])
		}
	}
}
