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
package costmodel
