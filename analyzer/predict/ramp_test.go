package predict

import "testing"

// TestRampN checks go test's b.N ramp as rampN replays it, on runs whose
// duration is a first iteration's cost plus a per-iteration one.
func TestRampN(t *testing.T) {
	for _, tc := range []struct {
		name        string
		goal        float64 // bench time, ns
		first, rest float64 // ns of the first iteration beyond the others, and per iteration
		want        int64
	}{
		// 1 ms per op at -benchtime 100ms: b.N = 1 takes 1 ms, go test
		// predicts 120 but grows at most 100×, and 100 ops last 100 ms.
		{"1ms", 1e8, 0, 1e6, 100},
		// 0.3 ms per op: 1 → 100 (capped), 100 ops take 30 ms, then
		// ⌊100 · 100/30⌋ = 333, plus a fifth: 399.
		{"0.3ms", 1e8, 0, 3e5, 399},
		// A first iteration longer than the bench time: b.N = 1.
		{"first outlasts", 1e8, 2e8, 10, 1},
		// A first iteration of 60 ms and 1 µs per op after it: go test
		// grows b.N by about 2× a round (the first iteration keeps each
		// run near 60 ms) until the cheap iterations fill the rest:
		// 1, 2, 3, 4, 7, 13, 25, 49, ..., 27 109, 37 344, 46 010
		// (the old rule, (goal − first)/rest, gave 40 000).
		{"first 60%", 1e8, 6e7, 1e3, 46010},
		// Fast ops reach the cap.
		{"cap", 1e9, 0, 0.25, 1e9},
	} {
		got, ok := rampN(tc.goal, func(n int64) (float64, bool) { return tc.first + tc.rest*float64(n), true })
		if !ok || got != tc.want {
			t.Errorf("%s: b.N %d (ok %v), want %d", tc.name, got, ok, tc.want)
		}
	}
}
