package benchfmt

import (
	"bytes"
	"strings"
	"testing"
)

const sample = `goos: linux
goarch: amd64
pkg: example.com/a
cpu: Intel(R) Xeon(R) Processor
BenchmarkGet100-2     	  500000	      2345 ns/op	      16 B/op	       1 allocs/op
BenchmarkGet100-2     	  500000	      2355 ns/op	      16 B/op	       1 allocs/op
BenchmarkGet100-2     	  500000	      9999 ns/op	      16 B/op	       1 allocs/op
BenchmarkHash/n=64-2  	 1000000	        12.5 ns/op	5120.00 MB/s
BenchmarkLogs is a line a benchmark printed
PASS
ok  	example.com/a	3.1s
pkg: example.com/b
BenchmarkX 	 10	 100 ns/op
`

func TestParse(t *testing.T) {
	rs, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 5 {
		t.Fatalf("got %d results, want 5: %+v", len(rs), rs)
	}
	h := rs[3]
	if h.Pkg != "example.com/a" || h.Name != "BenchmarkHash/n=64" || h.Procs != 2 || h.NsPerOp != 12.5 ||
		h.MBPerSec != 5120 || h.Has != HasMBPerSec {
		t.Errorf("hash line parsed as %+v", h)
	}
	x := rs[4]
	if x.Pkg != "example.com/b" || x.Name != "BenchmarkX" || x.Procs != 1 || x.Has != 0 {
		t.Errorf("X parsed as %+v", x)
	}
	m := Median(rs)
	if len(m) != 3 || m[0].Key() != "example.com/a.BenchmarkGet100" || m[0].NsPerOp != 2355 || m[0].AllocsOp != 1 {
		t.Errorf("median: %+v", m)
	}
}

func TestParseBadMetric(t *testing.T) {
	_, err := Parse(strings.NewReader("pkg: p\nBenchmarkA-2 10 1x ns/op\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("error %v, want one naming line 2", err)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	rs, err := Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	rs = Median(rs)
	var buf bytes.Buffer
	if err := Write(&buf, "linux", "amd64", "Intel(R) Xeon(R) Processor", rs); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(rs) {
		t.Fatalf("round trip: %d results, want %d\n%s", len(back), len(rs), buf.String())
	}
	for i := range rs {
		a, b := rs[i], back[i]
		a.Iterations, b.Iterations = 0, 0
		if a != b {
			t.Errorf("round trip %d: %+v != %+v", i, b, a)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sample)
	f.Add("BenchmarkA-8 1 1 ns/op 1 B/op 1 allocs/op\n")
	f.Add("pkg: x\nBenchmark 1 1e309 ns/op\n")
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, "linux", "amd64", "", rs); err != nil {
			t.Fatal(err)
		}
	})
}
