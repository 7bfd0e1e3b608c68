package escape

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// stdSet is the evaluation set of docs/escape.md.
var stdSet = []string{"strings", "bytes", "strconv", "encoding/json", "net/url", "sort", "bufio", "text/template"}

// BenchmarkCompileStd measures Compile (go list -export with -m and -json,
// then parsing and joining) on the eight std packages. The compiles run in
// child processes: their peak RSS is reported as child-maxrss-MiB.
func BenchmarkCompileStd(b *testing.B) {
	sites := 0
	for b.Loop() {
		d, err := Compile(context.Background(), ".", stdSet, Options{})
		if err != nil {
			b.Fatal(err)
		}
		sites = 0
		for _, p := range d.Packages {
			sites += len(p.Sites)
		}
	}
	b.ReportMetric(float64(sites), "sites/op")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "child-maxrss-MiB")
	}
}

// BenchmarkCompileTests measures what Options.Tests adds to Compile: the
// second go list run compiling the internal test variants (the package's
// files again, with its _test.go files) and external test packages, with
// -m and -json, on three std packages.
func BenchmarkCompileTests(b *testing.B) {
	pkgs := []string{"strings", "strconv", "net/url"}
	for _, tests := range []bool{false, true} {
		name := "own"
		if tests {
			name = "tests"
		}
		b.Run(name, func(b *testing.B) {
			sites := 0
			for b.Loop() {
				d, err := Compile(context.Background(), ".", pkgs, Options{Tests: tests})
				if err != nil {
					b.Fatal(err)
				}
				sites = 0
				for _, p := range d.Packages {
					sites += len(p.Sites)
				}
			}
			b.ReportMetric(float64(sites), "sites/op")
		})
	}
}

// BenchmarkParseStd measures parsing and joining the saved -m output and
// -json logs of the eight std packages, without the compile.
func BenchmarkParseStd(b *testing.B) {
	logDir := b.TempDir()
	d, err := Compile(context.Background(), ".", stdSet, Options{LogDir: logDir})
	if err != nil {
		b.Fatal(err)
	}
	runs, err := filepath.Glob(filepath.Join(logDir, "perfcast-escape-*"))
	if err != nil || len(runs) != 1 {
		b.Fatalf("log dirs: %v %v", runs, err)
	}
	run := runs[0]
	index, err := os.ReadFile(filepath.Join(run, "packages.txt"))
	if err != nil {
		b.Fatal(err)
	}
	dirOf := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(index)), "\n") {
		n, path, _ := strings.Cut(line, "\t")
		dirOf[path] = filepath.Join(run, n)
	}
	abs, _ := filepath.Abs(".")
	b.ResetTimer()
	sites := 0
	for b.Loop() {
		f, err := os.Open(filepath.Join(run, "diagnostics.txt"))
		if err != nil {
			b.Fatal(err)
		}
		diags, err := ParseDiagnostics(f, abs)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		byPkg := map[string][]Diagnostic{}
		for _, dg := range diags {
			byPkg[dg.Package] = append(byPkg[dg.Package], dg)
		}
		sites = 0
		for _, p := range d.Packages {
			logs, err := readLogs(dirOf[p.Path], nil)
			if err != nil {
				b.Fatal(err)
			}
			sites += len(buildPackage(p.Path, byPkg[p.Path], logs).Sites)
		}
	}
	b.ReportMetric(float64(sites), "sites/op")
}
