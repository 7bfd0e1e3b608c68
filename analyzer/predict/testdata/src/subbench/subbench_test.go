package subbench

import (
	"fmt"
	"math/rand"
	"os"
	"testing"
)

// BenchmarkClosureHelper builds its sets through a local constructor
// closure inside a helper closure that runs the sub-benchmark, and passes
// the operation as a function value: each sub-benchmark's sets have the
// size of its row, and it calls its own operation.
func BenchmarkClosureHelper(b *testing.B) {
	build := func(n int) *Bits {
		s := New(uint(n))
		for i := 0; i < n; i++ {
			s.Set(uint(i))
		}
		return s
	}
	bench := func(name string, n int, extra map[int]bool, f func(a, b *Bits) bool) {
		s := build(n)
		t := build(n)
		for i := range extra {
			t.Set(uint(i))
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_ = f(s, t)
			}
		})
	}
	subset := func(a, b *Bits) bool { return a.Subset(b) }
	sameLen := func(a, b *Bits) bool { return a.Len() == b.Len() }
	for _, n := range []int{64, 640, 6400} {
		bench(fmt.Sprintf("subset/n=%d", n), n, nil, subset)
		bench(fmt.Sprintf("len/n=%d", n), n, nil, sameLen)
	}
	// t grows to 12801 bits: Set's effect replayed on it.
	bench("grown", 6400, map[int]bool{12800: true}, subset)
}

// benchCount is a named helper taking b, a size and a function: the
// sub-benchmark's set has the size the caller passes.
func benchCount(b *testing.B, n int, op func(*Bits) int) {
	s := New(uint(n))
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			op(s)
		}
	})
}

func count(s *Bits) int  { return s.Count() }
func length(s *Bits) int { return int(s.Len()) }

// BenchmarkFuncHelper calls the named helper with named functions.
func BenchmarkFuncHelper(b *testing.B) {
	for _, n := range []int{128, 12800} {
		benchCount(b, n, count)
	}
	benchCount(b, 12800, length)
}

// timeOp is a helper holding the timed loop, with a function-valued
// parameter: the benchmark calling it passes a closure.
func timeOp(b *testing.B, s *Bits, op func(*Bits) int) {
	for i := 0; i < b.N; i++ {
		op(s)
	}
}

// BenchmarkParamCount and BenchmarkParamLen pass different closures to
// timeOp: each costs its own.
func BenchmarkParamCount(b *testing.B) {
	timeOp(b, New(64000), func(s *Bits) int { return s.Count() })
}

func BenchmarkParamLen(b *testing.B) {
	timeOp(b, New(64000), func(s *Bits) int { return int(s.Len()) })
}

// BenchmarkUnknown builds its sets where discovery cannot follow them:
// their sizes stay unknown.
func BenchmarkUnknown(b *testing.B) {
	s := New(uint(os.Getpagesize())) // a size only known at run time
	mk := func(n uint) *Bits { return New(n) }
	t := mk(100)
	u := New(100)
	if len(os.Args) > 5 {
		t.Set(100000) // a change on one path only
		u = New(100000)
	}
	b.Run("runtime", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = s.Count()
		}
	})
	b.Run("branch", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = t.Count()
			_ = u.Count()
		}
	})
}

// BenchmarkRandomFill sets random bits below the length, in a loop too
// long to replay bit by bit: the length stays; bits set at random up to
// twice the length may grow it, which leaves it unknown.
func BenchmarkRandomFill(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	for _, n := range []int{6400, 64000} {
		s := New(uint(n))
		for i := 0; i < n/2; i++ {
			s.Set(uint(rng.Intn(n)))
		}
		t := New(uint(n))
		for i := 0; i < n/2; i++ {
			t.Set(uint(rng.Intn(2 * n)))
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_ = s.Count()
				_ = t.Count()
			}
		})
	}
}

// BenchmarkShared runs sub-benchmarks one after the other on a set they
// share and replace: each sees the set the previous ones left.
func BenchmarkShared(b *testing.B) {
	s := New(6400)
	other := New(6400)
	b.Run("count", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = s.Count()
		}
	})
	b.Run("clone", func(b *testing.B) {
		s = s.Clone() // the set count left, 6400 bits
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_ = s.Subset(other)
		}
	})
	b.Run("replace", func(b *testing.B) {
		s = New(64000)
		for i := 0; i < b.N; i++ {
			_ = s.Count()
		}
	})
	b.Run("after", func(b *testing.B) { // the set replace left, 64000 bits
		for i := 0; i < b.N; i++ {
			_ = s.Count()
		}
	})
	b.Run("grow", func(b *testing.B) { // grows s by an unknown amount
		for i := 0; i < b.N; i++ {
			s.Set(uint(64000 + i))
		}
	})
	b.Run("unknown", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			_ = s.Count()
		}
	})
}
