package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/perfcast/perfcast/analyzer/benchfmt"
	"github.com/perfcast/perfcast/analyzer/predict"
)

func init() {
	register(&command{
		name:  "validate",
		args:  "[-profile NAME|FILE] [-bench REGEXP] [-count N] [-benchtime D] [-measured FILE] [-C DIR] [-format text|json] PACKAGES...",
		short: "compare perfcast's benchmark predictions with go test -bench on the same packages",
		long: `Validate predicts the packages' benchmarks (as perfcast predict does), runs them with
go test -run='^$' -bench=REGEXP -benchmem in the packages' module directory (-C), and
reports how close the predictions were: coverage (predicted / measured), allocs/op
exact-match rate overall and on benchmarks with nonzero allocations, B/op within 10%,
ns/op within 2x, the median |log2(predicted/measured)|, the Spearman rank correlation
of ns/op, a per-module breakdown and the ten worst predictions with reasons.

-measured reuses a saved go test output instead of running the benchmarks; -save
keeps the output of the run. The benchmarks' own progress goes to stderr. Validate
exits 3 only when asked to, through a -min-* threshold that is not met.

Example:

	perfcast validate -C eval $(grep -v '^#' eval/suite.txt)
	perfcast validate -C eval -measured eval/testdata/measured-2026-11-22.txt $(grep -v '^#' eval/suite.txt)
	perfcast validate -format json -min-coverage 0.9 ./...`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			profile := fs.String("profile", "", "hardware profile `NAME` or FILE (default: the calibrated host profile, else sapphirerapids)")
			bench := fs.String("bench", ".", "benchmarks to run and predict, `REGEXP` as go test -bench")
			count := fs.Int("count", 1, "run each benchmark `N` times (medians are compared)")
			benchtime := fs.String("benchtime", "", "go test -benchtime `D` (default go test's 1s)")
			measured := fs.String("measured", "", "compare with the saved go test output in `FILE` instead of running")
			save := fs.String("save", "", "save the go test output to `FILE`")
			dir := fs.String("C", "", "run in `DIR` (the packages' module)")
			format := formatFlag(fs, "text", "json")
			minCov := fs.Float64("min-coverage", 0, "exit 3 if coverage is below `FRACTION`")
			minNs := fs.Float64("min-ns-within-2x", 0, "exit 3 if the share of ns/op within 2x is below `FRACTION`")
			minAllocs := fs.Float64("min-allocs-exact", 0, "exit 3 if the allocs/op exact rate is below `FRACTION`")
			quiet := fs.Bool("q", false, "no progress on stderr")
			return func(args []string) error {
				if len(args) == 0 {
					return usagef("validate needs at least one package pattern")
				}
				if *format != "text" && *format != "json" {
					return usagef("unknown -format %q", *format)
				}
				re, err := regexp.Compile(*bench)
				if err != nil {
					return usagef("bad -bench: %v", err)
				}
				if *count < 1 {
					return usagef("-count must be at least 1")
				}
				pred, err := runPredict(*profile, *dir, re, *quiet, args...)
				if err != nil {
					return err
				}
				var meas []benchfmt.Result
				if *measured != "" {
					f, err := os.Open(*measured)
					if err != nil {
						return err
					}
					meas, err = benchfmt.Parse(f)
					f.Close()
					if err != nil {
						return fmt.Errorf("%s: %w", *measured, err)
					}
				} else {
					out, err := runBenchmarks(*dir, *bench, *count, *benchtime, args)
					if *save != "" {
						if werr := os.WriteFile(*save, out, 0o644); werr != nil {
							return werr
						}
					}
					if err != nil {
						return err
					}
					if meas, err = benchfmt.Parse(bytes.NewReader(out)); err != nil {
						return fmt.Errorf("go test output: %w", err)
					}
				}
				v := predict.Validate(pred, meas)
				if err := writeData(stdoutW, *format, v, v.WriteText); err != nil {
					return err
				}
				r := v.Overall
				var fail []string
				if r.Coverage < *minCov {
					fail = append(fail, fmt.Sprintf("coverage %.3f < %.3f", r.Coverage, *minCov))
				}
				if r.NsWithin2x < *minNs {
					fail = append(fail, fmt.Sprintf("ns/op within 2x %.3f < %.3f", r.NsWithin2x, *minNs))
				}
				if r.AllocsExact < *minAllocs {
					fail = append(fail, fmt.Sprintf("allocs/op exact %.3f < %.3f", r.AllocsExact, *minAllocs))
				}
				if len(fail) > 0 {
					return findingsError{strings.Join(fail, "; ")}
				}
				return nil
			}
		},
	})
}

// runBenchmarks runs go test on the packages and returns its standard
// output; every benchmark line is echoed to stderr as progress.
func runBenchmarks(dir, bench string, count int, benchtime string, pkgs []string) ([]byte, error) {
	args := []string{"test", "-run=^$", "-bench=" + bench, "-benchmem", "-count=" + strconv.Itoa(count)}
	if benchtime != "" {
		args = append(args, "-benchtime="+benchtime)
	}
	args = append(args, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Stderr = stderrW
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	progressf("validate: go %s", strings.Join(args, " "))
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	sc := bufio.NewScanner(io.TeeReader(pipe, &out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "Benchmark") {
			n++
			progressf("validate: [%d, %.0fs] %s", n, time.Since(start).Seconds(), sc.Text())
		}
	}
	_, _ = io.Copy(io.Discard, pipe)
	if err := cmd.Wait(); err != nil {
		// A failing package still leaves the others' results: report and go on.
		fmt.Fprintf(stderrW, "perfcast validate: go test: %v (results of the packages that ran are used)\n", err)
	}
	return out.Bytes(), nil
}
