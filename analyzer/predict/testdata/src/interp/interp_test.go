package interp

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"testing"
)

var sink any

func BenchmarkBox(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = Box(300)
	}
}

func BenchmarkIndex(b *testing.B) {
	for _, n := range []int{5, 100} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sink = Index(n)
			}
		})
	}
}

func BenchmarkJoin(b *testing.B) {
	words := Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink = Join(words)
	}
}

func BenchmarkTree(b *testing.B) {
	keys := make([]int, 64)
	for i := range keys {
		keys[i] = (i * 37) % 64
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink = Tree(keys)
	}
}

func BenchmarkDescribe(b *testing.B) {
	v := &version{1, 300, 2}
	for i := 0; i < b.N; i++ {
		sink, _ = Describe(v, "release")
	}
}

func BenchmarkRunes(b *testing.B) {
	empty, word := []rune{}, []rune("héllo")
	for i := 0; i < b.N; i++ {
		sink = Runes(empty, word)
	}
}

func BenchmarkVersion(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = Version(1, 22, "alpha.preview")
	}
}

var long = strings.Repeat("zero-copy ", 20)

var sum uint32

func BenchmarkSum(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sum += Sum(long)
	}
}

func BenchmarkDigest(b *testing.B) {
	for i := 0; i < b.N; i++ {
		d := newDigest()
		sum += uint32(d.a + d.b)
	}
}

func BenchmarkCollect(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = Collect("google.com!")
	}
}

func BenchmarkCube(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sum += uint32(Cube(int64(i) + 1<<40))
	}
}

var sum256 []byte

// BenchmarkSum256 calls a method of a native value through an interface
// (hash.Hash's Sum on the digest sha256.New made natively): what it
// allocates is measured as a static call's is.
func BenchmarkSum256(b *testing.B) {
	h := sha256.New()
	for i := 0; i < b.N; i++ {
		sum256 = h.Sum(nil)
	}
}

var parallelMu sync.Mutex

// BenchmarkParallelBox boxes in a b.RunParallel body: one allocation per
// pb.Next, however the operations are split among goroutines (the
// interpreter pulls them all on one).
func BenchmarkParallelBox(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		var last any
		for pb.Next() {
			last = Box(300)
		}
		parallelMu.Lock()
		sink = last
		parallelMu.Unlock()
	})
}
