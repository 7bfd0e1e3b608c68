package escape

import "testing"

func TestRoundSizeClass(t *testing.T) {
	tests := []struct{ n, want int64 }{
		{0, 0}, {-3, 0}, {1, 8}, {8, 8}, {9, 16}, {24, 24}, {25, 32}, {33, 48},
		{1025, 1152}, {32768, 32768}, {32769, 40960}, {1 << 20, 1 << 20},
	}
	for _, tt := range tests {
		if got := RoundSizeClass(tt.n); got != tt.want {
			t.Errorf("RoundSizeClass(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
	for i := 1; i < len(sizeClasses); i++ {
		if sizeClasses[i] <= sizeClasses[i-1] {
			t.Fatalf("size classes not increasing at %d", i)
		}
	}
}
