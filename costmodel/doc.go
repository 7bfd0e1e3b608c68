// Package costmodel turns hardware-neutral cost summaries into time and
// money. It owns the x86 hardware profiles (one per microarchitecture, plus
// profiles calibrated on a host), the cost of each operation class on a
// profile, the Go runtime's costs (allocation, GC, system calls), disk and
// network characteristics, and the cloud instance catalog with prices.
//
// All figures are data: YAML files embedded from data/, each number citing
// its source. The model itself is explained in docs/costmodel.md; in short,
// a function's CPU time is the sum over operation classes of count × cycles
// per operation at the profile's all-core turbo clock, plus malloc cost by
// object size; GC cost is a separate function of allocation rate and live
// heap (GCCPU); I/O is waiting time per kind, derived from the profile's disk
// and network figures.
//
// Operation costs are in-cache figures. A caller that knows the working set
// its code touches (perfcast predict: a benchmark's live heap) uses
// EvaluateWorkingSet, which charges every random access (a map operation,
// RandomAccessClasses) the expected miss latency of that working set under
// uniformly random references: Σ over cache levels of max(0, 1 − C/W) ×
// the next level's extra latency (MissCycles; Hennessy and Patterson's
// average memory access time with the independent-reference miss ratio).
// Evaluate, for callers without a working set (the simulator), charges no
// misses.
//
// Dependent loads. A step of a pointer chase (manifest.OpChase: a list
// walk, e = e.next; manifest.OpDescent: a tree descent, node = node.Left)
// waits for the previous load, so it costs the L1 load-to-use latency
// (ops.chase and ops.descent, the L1d level's latency; calibrate measures
// it with the same pointer chase as the caches, and a profile written
// before these classes existed takes them from its L1d level), where the
// fitted load class assumes loads overlap. A descent also pays, in
// EvaluateWorkingSet, DescentMissCycles: every descent visits the top
// levels of the tree, so a cache keeps those and only the levels below it
// miss — Σ over levels of max(0, 1 − log2(C/line)/log2(W/line)) × the next
// level's extra latency. A list walk pays no misses: nodes linked in the
// order they were allocated stream through the hardware prefetchers, and a
// walk measures at the L1 latency per step whatever the list's size (gods'
// singly linked list: 4.4–5.4 cycles per step from 24 KiB to 2.4 MiB).
package costmodel
