// Package benchfmt reads and writes results in the Go benchmark format that
// `go test -bench -benchmem` prints and benchstat reads, so that perfcast's
// predictions and real measurements can be compared line for line.
package benchfmt

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Result is one benchmark line: its metrics per operation.
type Result struct {
	Pkg        string  // import path from the preceding "pkg:" line
	Name       string  // full name without the "-GOMAXPROCS" suffix, e.g. "BenchmarkSort/n=100"
	Procs      int     // the GOMAXPROCS suffix, 1 when absent
	Iterations int64   // b.N of the final run
	NsPerOp    float64 // ns/op
	BytesPerOp float64 // B/op (NaN-free: see Has)
	AllocsOp   float64 // allocs/op
	MBPerSec   float64 // MB/s, from b.SetBytes
	Has        Metrics // which of the optional metrics the line carried
}

// Metrics is a set of optional benchmark metrics.
type Metrics uint8

// The optional metrics a benchmark line may carry.
const (
	HasBytes Metrics = 1 << iota
	HasAllocs
	HasMBPerSec
)

// Key identifies a benchmark across files: package and name.
func (r Result) Key() string { return r.Pkg + "." + r.Name }

// Header is the configuration block printed before a package's results.
type Header struct {
	GOOS, GOARCH, Pkg, CPU string
}

// Parse reads benchmark results from r. Lines that are not results or
// configuration ("PASS", "ok ...", test log output) are skipped, as benchstat
// does; a result line with a malformed metric is an error naming the line.
func Parse(r io.Reader) ([]Result, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out []Result
	pkg := ""
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if v, ok := strings.CutPrefix(text, "pkg: "); ok {
			pkg = strings.TrimSpace(v)
			continue
		}
		if !strings.HasPrefix(text, "Benchmark") {
			continue
		}
		f := strings.Fields(text)
		if len(f) < 4 || len(f)%2 != 0 {
			continue // a benchmark's own log output, e.g. "BenchmarkX is slow"
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		res := Result{Pkg: pkg, Iterations: n, Procs: 1}
		res.Name = f[0]
		if i := strings.LastIndexByte(f[0], '-'); i > 0 {
			if p, err := strconv.Atoi(f[0][i+1:]); err == nil {
				res.Name, res.Procs = f[0][:i], p
			}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: %s: bad value %q for %s", line, res.Name, f[i], f[i+1])
			}
			switch f[i+1] {
			case "ns/op":
				res.NsPerOp = v
			case "B/op":
				res.BytesPerOp, res.Has = v, res.Has|HasBytes
			case "allocs/op":
				res.AllocsOp, res.Has = v, res.Has|HasAllocs
			case "MB/s":
				res.MBPerSec, res.Has = v, res.Has|HasMBPerSec
			}
		}
		out = append(out, res)
	}
	return out, sc.Err()
}

// Write prints results in Go benchmark format: a header block per package
// (goos, goarch, pkg, cpu) followed by its result lines, in the order given.
func Write(w io.Writer, goos, goarch, cpu string, results []Result) error {
	bw := bufio.NewWriter(w)
	pkg := "\x00"
	for _, r := range results {
		if r.Pkg != pkg {
			pkg = r.Pkg
			fmt.Fprintf(bw, "goos: %s\ngoarch: %s\npkg: %s\n", goos, goarch, pkg)
			if cpu != "" {
				fmt.Fprintf(bw, "cpu: %s\n", cpu)
			}
		}
		name := r.Name
		if r.Procs > 1 {
			name += "-" + strconv.Itoa(r.Procs)
		}
		fmt.Fprintf(bw, "%s\t%d\t%s ns/op", name, max(r.Iterations, 1), formatMetric(r.NsPerOp))
		if r.Has&HasMBPerSec != 0 {
			fmt.Fprintf(bw, "\t%.2f MB/s", r.MBPerSec)
		}
		if r.Has&HasBytes != 0 {
			fmt.Fprintf(bw, "\t%.0f B/op", r.BytesPerOp)
		}
		if r.Has&HasAllocs != 0 {
			fmt.Fprintf(bw, "\t%.0f allocs/op", r.AllocsOp)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// formatMetric prints ns/op as go test does (testing's prettyPrint): about
// four significant digits, more decimals for smaller values, so a
// sub-nanosecond time is not printed as 0.
func formatMetric(v float64) string {
	decimals := 7
	switch y := math.Abs(v); {
	case y == 0 || y >= 999.95:
		decimals = 0
	case y >= 99.995:
		decimals = 1
	case y >= 9.9995:
		decimals = 2
	case y >= 0.99995:
		decimals = 3
	case y >= 0.099995:
		decimals = 4
	case y >= 0.0099995:
		decimals = 5
	case y >= 0.00099995:
		decimals = 6
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// Median merges repeated runs of the same benchmark (go test -count N) into
// one result per key holding the median of each metric. The output is sorted
// by key.
func Median(results []Result) []Result {
	groups := map[string][]Result{}
	var keys []string
	for _, r := range results {
		k := r.Key()
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	sort.Strings(keys)
	out := make([]Result, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		m := g[0]
		m.NsPerOp = median(g, func(r Result) float64 { return r.NsPerOp })
		m.BytesPerOp = median(g, func(r Result) float64 { return r.BytesPerOp })
		m.AllocsOp = median(g, func(r Result) float64 { return r.AllocsOp })
		m.MBPerSec = median(g, func(r Result) float64 { return r.MBPerSec })
		out = append(out, m)
	}
	return out
}

func median(g []Result, f func(Result) float64) float64 {
	vs := make([]float64, len(g))
	for i, r := range g {
		vs[i] = f(r)
	}
	sort.Float64s(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}
