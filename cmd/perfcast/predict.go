package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/perfcast/perfcast/analyzer/predict"
)

func init() {
	register(&command{
		name:  "predict",
		args:  "[-profile NAME|FILE] [-bench REGEXP] [-C DIR] [-o FILE] PACKAGES...",
		short: "predict the packages' Go benchmark results before running them",
		long: `Predict finds every benchmark of the packages (go list patterns, test files
included): Benchmark functions with a classic b.N loop or a b.Loop loop, and the
sub-benchmarks they run through b.Run, with names and sizes taken from constants,
fmt.Sprintf and table loops. For each it predicts ns/op on the hardware profile,
B/op and allocs/op (and MB/s when the benchmark calls b.SetBytes), and prints them
in Go benchmark format with go test's goos/goarch/pkg/cpu header lines, so
benchstat compares them with a measured run. Names carry this host's GOMAXPROCS
suffix, as go test prints it here.

Heap allocations and inlining are gc's own decisions: predict first compiles the
packages and their test variants (the _test.go files, where benchmark loops live,
and external test packages) with gc's escape and inlining diagnostics, through
go list -export (nothing is written into the source tree). -escape=false skips
that compile and guesses allocations from SSA instead: faster, less exact.

The packages the benchmarked ones and their tests import outside the standard
library, from their own module or others, are analyzed with them, so that a
call into them is priced by what it does; a package of another module whose own
tests need modules missing from the build list is left out (its calls cost the
call). The standard library is priced by perfcast's table of its summaries.

Setup before the timed loop (or between StopTimer and StartTimer before it) is
excluded. A benchmark that cannot be predicted is listed on stderr with the
reason. The default profile is the calibrated host profile if there is one
($PERFCAST_PROFILE, else host.yaml in perfcast's user config directory, as
written by 'perfcast calibrate -o'), else the built-in sapphirerapids.

Example:

	perfcast predict ./... > predicted.txt
	go test -run='^$' -bench=. -benchmem ./... > measured.txt
	benchstat predicted.txt measured.txt

	perfcast predict -profile host.yaml -bench 'Get/size=100$' ./lists/...
	perfcast predict -explain -bench 'Get/size=100$' ./lists/... >/dev/null   # where the time goes`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			profile := fs.String("profile", "", "hardware profile `NAME` or FILE (default: the calibrated host profile, else sapphirerapids)")
			bench := fs.String("bench", ".", "predict only benchmarks matching `REGEXP`, as go test -bench")
			dir := fs.String("C", "", "run in `DIR` (the packages' module)")
			out := fs.String("o", "", "write the predictions to `FILE` instead of stdout")
			_ = fs.Bool("tests", true, "include test files (always on: benchmarks live there)")
			quiet := fs.Bool("q", false, "no progress on stderr")
			explain := fs.Bool("explain", false, "also write to stderr where each benchmark's predicted time goes (by operation class, malloc, gc) and the notes behind it")
			gcEscape := fs.Bool("escape", true, "use gc's escape and inlining decisions, test files included (compiles the packages and their tests with -m logs; false: guess from SSA)")
			interpret := fs.Bool("interp", true, "run each benchmark's code on its inputs in an SSA interpreter and price what it executed; benchmarks it cannot run (goroutines, unsupported std calls, setups beyond its budget) keep their static prediction (false: static for all)")
			benchtime := fs.String("benchtime", "", "predict for go test -benchtime `D`, a duration (default go test's 1s): first-iteration costs are spread over the b.N it reaches")
			return func(args []string) error {
				if len(args) == 0 {
					return usagef("predict needs at least one package pattern")
				}
				re, err := regexp.Compile(*bench)
				if err != nil {
					return usagef("bad -bench: %v", err)
				}
				bt, err := parseBenchTime(*benchtime)
				if err != nil {
					return usagef("%v", err)
				}
				res, err := runPredict(*profile, *dir, re, bt, *quiet, *gcEscape, *interpret, args...)
				if err != nil {
					return err
				}
				if *explain {
					if err := res.WriteExplain(stderrW); err != nil {
						return err
					}
				}
				return writeOutput(*out, func(w io.Writer) error { return res.WriteBench(w, 0) })
			}
		},
	})
}

// runPredict is shared by predict and validate.
// parseBenchTime reads a -benchtime duration in seconds; "" is go test's
// default (0 here). go test's iteration form ("100x") fixes b.N instead,
// which predict does not model.
func parseBenchTime(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("-benchtime %q: want a positive duration such as 100ms (predict does not model a fixed iteration count)", s)
	}
	return d.Seconds(), nil
}

func runPredict(profile, dir string, bench *regexp.Regexp, benchTime float64, quiet, gcEscape, interpret bool, patterns ...string) (*predict.Result, error) {
	p, err := predict.LoadProfile(profile)
	if err != nil {
		return nil, err
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(analyzeMemLimit)
	}
	cfg := predict.Config{Dir: dir, Profile: p, Bench: bench, NoEscape: !gcEscape, BenchTime: benchTime, Interp: interpret}
	if !quiet {
		cfg.Progress = progressf
		progressf("predict: profile %s", p.Name)
	}
	res, err := predict.Run(context.Background(), cfg, patterns...)
	if err != nil {
		return nil, err
	}
	for _, pr := range res.Problems {
		fmt.Fprintf(stderrW, "perfcast: %s\n", pr)
	}
	if err := res.WriteSkipped(stderrW); err != nil {
		return nil, err
	}
	return res, nil
}
