package bench

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"testing"
)

var sink int

// Classic b.N loop with setup before it.
func BenchmarkSum100(b *testing.B) {
	s := make([]int, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += Sum(s)
	}
}

// b.Loop with an allocation per iteration.
func BenchmarkBoxLoop(b *testing.B) {
	for b.Loop() {
		sink += *Box(3)
	}
}

// Setup excluded by StopTimer/StartTimer, size passed to a helper.
func BenchmarkMakeHelper(b *testing.B) {
	b.StopTimer()
	size := 64
	warm := Make(1 << 16)
	sink += len(warm)
	b.StartTimer()
	benchmarkMake(b, size)
}

func benchmarkMake(b *testing.B, size int) {
	for i := 0; i < b.N; i++ {
		sink += len(Make(size))
	}
}

// Sub-benchmarks from a table of sizes, names from fmt.Sprintf, and SetBytes.
func BenchmarkSumSizes(b *testing.B) {
	for _, n := range []int{10, 1000} {
		s := make([]int, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.SetBytes(int64(8 * n))
			for i := 0; i < b.N; i++ {
				sink += Sum(s)
			}
		})
	}
}

// BenchmarkPrefix doubles its length up to the buffer's capacity and
// reslices the buffer in each sub-benchmark: cap(buf) stays 64 while
// len(buf) follows length.
func BenchmarkPrefix(b *testing.B) {
	buf := make([]int, 4, 64)
	for length := 16; length <= cap(buf); length *= 2 {
		b.Run(strconv.Itoa(length), func(b *testing.B) {
			buf = buf[:length]
			for i := 0; i < b.N; i++ {
				sink += Sum(buf[2:])
			}
		})
	}
}

var cases = []struct {
	name string
	n    int
}{
	{"small", 4},
	{"large", 256},
}

// Sub-benchmarks from a package-level table of structs, a captured field.
func BenchmarkFill(b *testing.B) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink += len(Fill(c.n))
			}
		})
	}
}

// Nested b.Run and constant names; a duplicate name gets #01.
func BenchmarkNested(b *testing.B) {
	b.Run("outer", func(b *testing.B) {
		b.Run("inner", func(b *testing.B) {
			for b.Loop() {
				sink += Sum(nil)
			}
		})
		b.Run("inner", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink++
			}
		})
	})
}

// A loop over b.N that is not canonical cannot be predicted: reported.
func BenchmarkOdd(b *testing.B) {
	i := 0
	for i < b.N {
		i += step(i)
	}
}

// step is 1 or 2: how far BenchmarkOdd's counter moves is data-dependent.
func step(i int) int { return 1 + i&1 }

// The counter advances in an inner loop: b.N inner iterations in all.
func BenchmarkBatched(b *testing.B) {
	i := 0
	for i < b.N {
		for j := 0; j < 10 && i < b.N; j++ {
			i++
		}
	}
}

// b.RunParallel: the body's pb.Next loop is timed, over GOMAXPROCS goroutines.
func BenchmarkParallelSum(b *testing.B) {
	s := make([]int, 100)
	b.RunParallel(func(pb *testing.PB) {
		t := 0
		for pb.Next() {
			t += Sum(s)
		}
		_ = t
	})
}

// BenchmarkParallelHelper's sub-benchmarks time a RunParallel body that a
// helper given b runs, over the helper's own parameter.
func BenchmarkParallelHelper(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			parallelSum(b, make([]int, n))
		})
	}
}

func parallelSum(b *testing.B, s []int) {
	b.SetBytes(int64(8 * len(s)))
	b.RunParallel(func(pb *testing.PB) {
		t := 0
		for pb.Next() {
			t += Sum(s)
		}
		_ = t
	})
}

// BenchmarkSortedKeys names its sub-benchmarks by a map literal's keys,
// sorted, and sizes them by the values.
func BenchmarkSortedKeys(b *testing.B) {
	inputs := map[string]int{"small": 10, "large": 1000}
	for _, key := range slices.Sorted(maps.Keys(inputs)) {
		n := inputs[key]
		b.Run(key, func(b *testing.B) {
			s := make([]int, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sink += Sum(s)
			}
		})
	}
}

// BenchmarkFlagged names each sub-benchmark by an if on its row's flag.
func BenchmarkFlagged(b *testing.B) {
	for _, r := range []struct {
		n    int
		wide bool
	}{{10, false}, {10, true}} {
		part := "narrow"
		if r.wide {
			part = "wide"
		}
		b.Run(fmt.Sprintf("%s-%d", part, r.n), func(b *testing.B) {
			s := make([]int, r.n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sink += Sum(s)
			}
		})
	}
}

// Range over b.N (Go 1.22) and b.N copied to a local are canonical too.
func BenchmarkRangeN(b *testing.B) {
	s := make([]int, 10)
	n := b.N
	for range n {
		sink += Sum(s)
	}
}

// Setup inside the timed loop, between StopTimer and StartTimer, is not
// measured: only Sum is.
func BenchmarkStopInLoop(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := Make(1000)
		b.StartTimer()
		sink += Sum(s[:100])
	}
}

// drain pops size values in every iteration: the queue setup filled is
// empty after the first.
func drain(b *testing.B, size int) {
	b.StopTimer()
	q := &Queue{}
	for i := 0; i < size; i++ {
		q.Push(i)
	}
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < size; j++ {
			sink += q.PopWalk()
		}
	}
}

// A queue of 100 emptied in the first iteration: later ones pop from an
// empty queue, which is what go test's large b.N averages.
func BenchmarkDrain100(b *testing.B) { drain(b, 100) }

// A queue of 200 000: the first iteration walks 2·10^10 nodes, more than
// the bench time, so go test stops at b.N = 1 and reports all of it.
func BenchmarkDrain200000(b *testing.B) { drain(b, 200000) }

// 100 pops from an empty queue per iteration.
func BenchmarkPopEmpty(b *testing.B) {
	q := &Queue{}
	for i := 0; i < b.N; i++ {
		for j := 0; j < 100; j++ {
			sink += q.PopWalk()
		}
	}
}

// The timed code runs once per call whatever b.N is: go test's b.N climbs
// to its cap of 1e9 and the call's time is spread over it.
func BenchmarkSumOnce(b *testing.B) {
	b.StopTimer()
	s := make([]int, 1000)
	b.StartTimer()
	Sum(s)
}

// BenchmarkEmpty times a loop with nothing in it: a cycle per iteration.
func BenchmarkEmpty(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}
