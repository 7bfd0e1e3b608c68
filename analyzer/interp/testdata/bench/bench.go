// Package bench holds benchmark functions (in an ordinary file) that the
// harness tests run with the fake *testing.B.
package bench

import "testing"

func setup(n int) []int {
	s := make([]int, 0, n)
	for i := 0; i < n; i++ {
		s = append(s, i)
	}
	return s
}

func work(s []int) int {
	t := 0
	for _, x := range s {
		t += x
	}
	return t
}

var sink int

func BenchmarkResetTimer(b *testing.B) {
	s := setup(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += work(s)
	}
}

func BenchmarkNoReset(b *testing.B) {
	s := setup(100)
	for i := 0; i < b.N; i++ {
		sink += work(s)
	}
}

func BenchmarkLoop(b *testing.B) {
	s := setup(10)
	for b.Loop() {
		sink += work(s)
	}
	setup(5) // after the loop: untimed
}

func BenchmarkStopStart(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := setup(3)
		b.StartTimer()
		sink += work(s)
	}
}

func BenchmarkSub(b *testing.B) {
	s := setup(4)
	b.Run("small case", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink += work(s[:2])
		}
	})
	b.Run("big", func(b *testing.B) {
		t := setup(50)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sink += work(t)
		}
	})
}

func BenchmarkNested(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run("n="+string(rune('0'+n)), func(b *testing.B) {
			b.Run("inner", func(b *testing.B) {
				s := setup(n)
				for b.Loop() {
					sink += work(s)
				}
			})
		})
	}
}

// BenchmarkSlashed names two levels of go test's path in one b.Run.
func BenchmarkSlashed(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run("n="+string(rune('0'+n))+"/inner", func(b *testing.B) {
			s := setup(n)
			for b.Loop() {
				sink += work(s)
			}
		})
	}
}

var names []string

func BenchmarkName(b *testing.B) {
	names = append(names, b.Name())
	b.Run("x y", func(b *testing.B) {
		names = append(names, b.Name())
		b.ReportAllocs()
		b.SetBytes(10)
		b.Log("ignored")
		b.ReportMetric(1, "x/op")
	})
}

func BenchmarkFatal(b *testing.B) {
	b.Fatalf("broken %d", 3)
}

func BenchmarkSkip(b *testing.B) {
	b.Skip("not today")
}

func helper(tb testing.TB, ok bool) {
	tb.Helper()
	if !ok {
		tb.Fatal("helper failed")
	}
}

func BenchmarkTB(b *testing.B) {
	helper(b, true)
	for i := 0; i < b.N; i++ {
		sink += work(nil)
	}
	helper(b, false)
}

var cleaned int

func BenchmarkCleanup(b *testing.B) {
	b.Cleanup(func() { cleaned++; setup(2) })
	for i := 0; i < b.N; i++ {
		sink += work(nil)
	}
}

// BenchmarkParallel's body pulls every operation on one goroutine in the
// interpreter: work runs b.N times in all.
func BenchmarkParallel(b *testing.B) {
	s := setup(100)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		t := 0
		for pb.Next() {
			t += work(s)
		}
		sink += t
	})
}

// BenchmarkParallelCopiesPB copies the *testing.PB's value, which the fake
// cannot give.
func BenchmarkParallelCopiesPB(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		c := *pb
		for c.Next() {
		}
	})
}

func BenchmarkPanics(b *testing.B) {
	var m map[int]int
	m[1] = 1
}
