package predict

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/perfcast/perfcast/analyzer/benchfmt"
)

// MeasureOptions controls Measure.
type MeasureOptions struct {
	Dir       string // the packages' module directory
	Bench     string // -bench regexp
	Count     int    // -count
	BenchTime string // -benchtime, "" for go test's default
	Parallel  int    // test binaries built at once; 0 for GOMAXPROCS (go test's -p). They always run one at a time.
	Progress  func(format string, args ...any)
}

// PackageLoad is how much of the wall time a package's benchmark binary
// actually ran on a CPU: on a shared machine go test's ns/op (wall time)
// is inflated by the time the benchmark waited for a core, and CPU / Wall
// estimates the share it got.
type PackageLoad struct {
	Pkg       string
	CPU, Wall time.Duration
}

// Share is CPU / Wall, capped at 1 (a benchmark whose garbage collector
// runs on the other core uses more CPU than wall time).
func (l PackageLoad) Share() float64 {
	if l.Wall <= 0 {
		return 1
	}
	return min(1, l.CPU.Seconds()/l.Wall.Seconds())
}

// Measure runs the benchmarks of pkgs as `go test -run='^$' -bench -benchmem`
// does: every test binary is built first (opts.Parallel at once), then the
// binaries run one at a time, so that no benchmark shares the machine with
// another package's (go test serializes benchmark runs for that reason; on
// a 2-vCPU guest whose vCPUs are SMT siblings two concurrent benchmarks each
// ran up to twice as slow). Running each binary itself, rather than through
// go test, lets its CPU time (rusage) be set against its wall time. It
// returns the concatenated benchmark output, in package order, and the load
// of each package.
func Measure(ctx context.Context, opts MeasureOptions, pkgs []string) ([]byte, []PackageLoad, error) {
	progress := opts.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	list := exec.CommandContext(ctx, "go", append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{len .TestGoFiles}}\t{{len .XTestGoFiles}}"}, pkgs...)...)
	list.Dir = opts.Dir
	list.Stderr = os.Stderr
	out, err := list.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list: %w", err)
	}
	type pkg struct{ path, dir string }
	var todo []pkg
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 || (f[2] == "0" && f[3] == "0") {
			continue
		}
		todo = append(todo, pkg{f[0], f[1]})
	}
	tmp, err := os.MkdirTemp("", "perfcast-measure-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	par := opts.Parallel
	if par <= 0 {
		par = runtime.GOMAXPROCS(0)
	}
	count := max(opts.Count, 1)
	outputs := make([][]byte, len(todo))
	loads := make([]PackageLoad, len(todo))
	errs := make([]error, len(todo))
	bins := make([]string, len(todo))

	// Build every binary before any benchmark runs: a compiler at work
	// on the other core would slow the benchmarks down.
	progress("measure: building %d test binaries", len(todo))
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, p := range todo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			bin := filepath.Join(tmp, strconv.Itoa(i)+".test")
			// -vet=off: a test file that go vet objects to (say, an
			// example with two output comments) still builds and its
			// benchmarks still run; measuring is not vetting.
			build := exec.CommandContext(ctx, "go", "test", "-c", "-vet=off", "-o", bin, p.path)
			build.Dir = opts.Dir
			if msg, err := build.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("%s: go test -c: %v: %s", p.path, err, bytes.TrimSpace(msg))
				return
			}
			bins[i] = bin
		}()
	}
	wg.Wait()

	for i, p := range todo {
		if bins[i] == "" {
			continue
		}
		args := []string{"-test.run=^$", "-test.bench=" + opts.Bench, "-test.benchmem", "-test.count=" + strconv.Itoa(count)}
		if opts.BenchTime != "" {
			args = append(args, "-test.benchtime="+opts.BenchTime)
		}
		run := exec.CommandContext(ctx, bins[i], args...)
		run.Dir = p.dir // as go test runs it: testdata paths are relative to the package
		var buf bytes.Buffer
		run.Stdout = &buf
		run.Stderr = &buf
		start := time.Now()
		err := run.Run()
		wall := time.Since(start)
		var cpu time.Duration
		if ru, ok := run.ProcessState.SysUsage().(*syscall.Rusage); ok && ru != nil {
			cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		if err != nil {
			errs[i] = fmt.Errorf("%s: %v (its results so far are kept)", p.path, err)
		}
		outputs[i] = buf.Bytes()
		loads[i] = PackageLoad{Pkg: p.path, CPU: cpu, Wall: wall}
		progress("measure: [%d/%d] %s: %.1fs wall, %.1fs CPU (share %.2f)", i+1, len(todo), p.path, wall.Seconds(), cpu.Seconds(), loads[i].Share())
	}
	var all bytes.Buffer
	for _, o := range outputs {
		all.Write(o)
	}
	var firstErr error
	for _, e := range errs {
		if e != nil {
			progress("measure: %v", e)
			if firstErr == nil {
				firstErr = e
			}
		}
	}
	var kept []PackageLoad
	for _, l := range loads {
		if l.Pkg != "" {
			kept = append(kept, l)
		}
	}
	return all.Bytes(), kept, firstErr
}

// WriteLoads writes package loads one per line: "pkg cpu-seconds wall-seconds".
func WriteLoads(path string, loads []PackageLoad) error {
	var b strings.Builder
	b.WriteString("# perfcast measure: CPU and wall seconds of each package's benchmark binary\n")
	for _, l := range loads {
		fmt.Fprintf(&b, "%s %.3f %.3f\n", l.Pkg, l.CPU.Seconds(), l.Wall.Seconds())
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// ReadLoads reads a file written by WriteLoads.
func ReadLoads(path string) ([]PackageLoad, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseLoads(path, data)
}

// ParseLoads decodes the package loads of WriteLoads' format; errors name
// file:line.
func ParseLoads(file string, data []byte) ([]PackageLoad, error) {
	var out []PackageLoad
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: want \"pkg cpu-seconds wall-seconds\"", file, n)
		}
		cpu, err1 := strconv.ParseFloat(f[1], 64)
		wall, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil || !(cpu >= 0 && wall >= 0) || cpu > 1e9 || wall > 1e9 {
			return nil, fmt.Errorf("%s:%d: bad seconds %q %q", file, n, f[1], f[2])
		}
		out = append(out, PackageLoad{Pkg: f[0], CPU: time.Duration(cpu * 1e9), Wall: time.Duration(wall * 1e9)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pkg < out[j].Pkg })
	return out, nil
}

// CPUAdjusted returns the measured results with ns/op scaled by their
// package's CPU share: an estimate of the CPU time per operation, which is
// what perfcast predicts. Packages without a load are left as measured.
func CPUAdjusted(measured []benchfmt.Result, loads []PackageLoad) []benchfmt.Result {
	share := map[string]float64{}
	for _, l := range loads {
		share[l.Pkg] = l.Share()
	}
	out := make([]benchfmt.Result, len(measured))
	for i, r := range measured {
		if s, ok := share[r.Pkg]; ok {
			r.NsPerOp *= s
			if r.Has&benchfmt.HasMBPerSec != 0 && s > 0 {
				r.MBPerSec /= s
			}
		}
		out[i] = r
	}
	return out
}
