package manifest

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/perfcast/perfcast/manifest/expr"
)

// synthetic builds a manifest of n functions shaped like the analyzer's
// output: two size variables, eight op classes, an allocation, an I/O kind
// and three callees each. Seeded, so every run measures the same manifest.
func synthetic(n int) *Manifest {
	r := rand.New(rand.NewPCG(7, 11))
	m := &Manifest{Schema: SchemaVersion, Generator: "perfcast bench", Module: Module{Path: "example.com/big"},
		Build: Build{GoVersion: "go1.26.8", GOOS: "linux", GOARCH: "amd64", GOAMD64: "v1"}}
	for i := range n {
		s, k := expr.Len("s"), expr.Var("loop_f"+fmt.Sprint(i)+"_12")
		f := Function{
			Name:       fmt.Sprintf("example.com/big/pkg%d.(*T%d).Method%d", i%97, i%13, i),
			Pos:        fmt.Sprintf("pkg%d/file%d.go:%d:1", i%97, i%7, 10+i%400),
			Vars:       []Var{{Name: "len(s)", Default: 64, Origin: "parameter"}, {Name: k.String(), Default: 8, Origin: "loop at file.go:12:2"}},
			CPU:        map[OpClass]expr.Expr{},
			Confidence: Confidences[i%3],
		}
		for _, c := range []OpClass{OpInt, OpLoad, OpStore, OpBranch, OpBoundsChk, OpCall, OpMapRead, OpMemBytes} {
			f.CPU[c] = expr.Add(expr.Const(float64(r.IntN(200))), expr.Scale(s, float64(r.IntN(9))), expr.Mul(expr.Const(float64(1+r.IntN(5))), k, expr.Log2(s)))
		}
		f.Alloc = Alloc{Count: expr.Add(expr.Const(1), k), Bytes: expr.Add(expr.Const(48), s)}
		f.IO = []IO{{Kind: IOKinds[i%len(IOKinds)], Count: expr.Const(1), Bytes: s}}
		for j := range 3 {
			f.Callees = append(f.Callees, fmt.Sprintf("example.com/big/pkg%d.helper%d", (i+j)%97, j))
		}
		if i%5 == 0 {
			f.Entry = []EntryKind{EntryExported}
		}
		m.Functions = append(m.Functions, f)
	}
	return m
}

func benchEncoded(b *testing.B, format string) []byte {
	var buf bytes.Buffer
	if err := Encode(&buf, synthetic(5000), format); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkDecode5000(b *testing.B) {
	for _, format := range Formats {
		data := benchEncoded(b, format)
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if _, err := Decode("bench", data); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

func BenchmarkEncode5000(b *testing.B) {
	m := synthetic(5000)
	for _, format := range Formats {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if err := Encode(io.Discard, m, format); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

func BenchmarkDiff5000(b *testing.B) {
	x, y := synthetic(5000), synthetic(5000)
	for i := range y.Functions {
		if i%10 == 0 {
			y.Functions[i].CPU[OpInt] = expr.Add(y.Functions[i].CPU[OpInt], expr.Const(1))
		}
	}
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		Diff(x, y, DiffOptions{})
	}
	reportCPU(b, cpu)
}

// reportCPU reports the CPU time per operation and per function since
// start (see cpuTime).
func reportCPU(b *testing.B, start int64) {
	ns := float64(cpuTime()-start) / float64(b.N)
	b.ReportMetric(ns, "cpu-ns/op")
	b.ReportMetric(ns/5000, "cpu-ns/function")
}
