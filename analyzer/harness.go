package analyzer

import (
	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/internal/testharness"
)

// HarnessCall reports whether fn is a method of the benchmark harness
// (*testing.B, *testing.common promoted through it, *testing.PB): Loop, ResetTimer,
// StopTimer, StartTimer, SetBytes, ReportAllocs, Run and the like. Their
// cost is the harness's, not the benchmarked code's: go test does not count
// timer and memory-statistics bookkeeping in ns/op, B/op or allocs/op, the
// fast path of b.Loop is a few instructions, and what b.Run runs is measured
// as a sub-benchmark of its own. A call to one is counted as a call only;
// including their std summaries would charge a benchmark's loop with the
// harness's slow paths (b.Loop's launch of the whole run, memstats reads).
func HarnessCall(fn *ssa.Function) bool { return testharness.Method(fn) }

// timerOp is a call that switches the benchmark timer.
type timerOp int

const (
	timerNone  timerOp = iota
	timerStop          // b.StopTimer()
	timerStart         // b.StartTimer()
	timerReset         // b.ResetTimer()
)

// timerCall reports whether in stops or starts the benchmark timer.
func timerCall(in ssa.Instruction) timerOp {
	call, ok := in.(*ssa.Call)
	if !ok {
		return timerNone
	}
	fn := call.Call.StaticCallee()
	if fn == nil || !HarnessCall(fn) {
		return timerNone
	}
	switch fn.Name() {
	case "StopTimer":
		return timerStop
	case "StartTimer":
		return timerStart
	case "ResetTimer":
		return timerReset
	}
	return timerNone
}

// timerState computes, for each block of fn, whether the benchmark timer is
// stopped when the block starts: go test counts neither the time nor the
// allocations between b.StopTimer and b.StartTimer (setup inside the timed
// loop), so neither does the summary. The timer runs on entry; a block
// starts stopped if any predecessor ends stopped. It returns nil when fn
// never stops the timer.
func timerState(fn *ssa.Function) []bool {
	stops := false
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if timerCall(in) == timerStop {
				stops = true
			}
		}
	}
	if !stops {
		return nil
	}
	in := make([]bool, len(fn.Blocks))
	out := func(b *ssa.BasicBlock) bool {
		s := in[b.Index]
		for _, i := range b.Instrs {
			if t := timerCall(i); t == timerStop || t == timerStart {
				s = t == timerStop
			}
		}
		return s
	}
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			s := false
			for _, p := range b.Preds {
				s = s || out(p)
			}
			if b.Index != 0 && s != in[b.Index] {
				in[b.Index], changed = s, true
			}
		}
	}
	return in
}

// resetState computes, for each block of fn, whether every path from the
// block's end to the function's exit calls b.ResetTimer: ResetTimer zeroes
// the elapsed time and the memory statistics (allocations, bytes) that go
// test divides by b.N, so nothing done before it is measured. That holds for
// setup that scales with b.N as well — the common idiom fills a slice of
// b.N random keys, then resets the timer and times the loop over them —
// which the split of a summary into setup (constant) and per-operation
// (coefficient of b.N) parts cannot tell from the timed loop. An
// instruction is reset when a ResetTimer follows it in its block or its
// block's end is reset. A path that may skip the reset (a ResetTimer under
// a condition, a return or panic before it) leaves the instruction timed.
// It returns nil when fn never resets the timer.
func resetState(fn *ssa.Function) []bool {
	resets := make([]bool, len(fn.Blocks))
	any := false
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if timerCall(in) == timerReset {
				resets[b.Index], any = true, true
			}
		}
	}
	if !any {
		return nil
	}
	// Greatest fixed point: a block's end is reset when each successor
	// resets or is reset at its own end; exits are not.
	out := make([]bool, len(fn.Blocks))
	for _, b := range fn.Blocks {
		out[b.Index] = len(b.Succs) > 0
	}
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if !out[b.Index] {
				continue
			}
			for _, s := range b.Succs {
				if !resets[s.Index] && !out[s.Index] {
					out[b.Index], changed = false, true
					break
				}
			}
		}
	}
	return out
}
