package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/perfcast/perfcast/analyzer/benchfmt"
	"github.com/perfcast/perfcast/analyzer/predict"
)

func init() {
	register(&command{
		name:  "validate",
		args:  "[-profile NAME|FILE] [-bench REGEXP] [-count N] [-benchtime D] [-p N] [-measured FILE] [-C DIR] [-format text|json] PACKAGES...",
		short: "compare perfcast's benchmark predictions with go test -bench on the same packages",
		long: `Validate predicts the packages' benchmarks (as perfcast predict does, with gc's escape
and inlining decisions unless -escape=false), runs them with
go test -run='^$' -bench=REGEXP -benchmem in the packages' module directory (-C), and
reports how close the predictions were: coverage (predicted / measured), allocs/op
exact-match rate overall and on benchmarks with nonzero allocations, B/op within 10%,
ns/op within 2x, the median |log2(predicted/measured)|, the Spearman rank correlation
of ns/op, a per-module breakdown and the ten worst predictions with reasons.

The benchmarks run as go test runs them: one test binary per package, all built first,
then run one at a time, so that each binary's CPU time can be set against its wall time:
on a shared machine the report adds a comparison with measured ns/op scaled by that CPU
share, an estimate of the CPU time perfcast predicts. -measured reuses a saved output instead of running the
benchmarks (with its FILE.load CPU shares if present); -save keeps the output of the
run and FILE.load. The benchmarks' own progress goes to stderr. Validate
exits 3 only when asked to, through a -min-* threshold that is not met.

Example:

	perfcast validate -C eval $(grep -v '^#' eval/suite.txt)
	perfcast validate -C eval -measured eval/testdata/measured-2026-11-22.txt $(grep -v '^#' eval/suite.txt)
	perfcast validate -format json -min-coverage 0.9 ./...`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			profile := fs.String("profile", "", "hardware profile `NAME` or FILE (default: the calibrated host profile, else sapphirerapids)")
			bench := fs.String("bench", ".", "benchmarks to run and predict, `REGEXP` as go test -bench")
			count := fs.Int("count", 1, "run each benchmark `N` times (medians are compared)")
			benchtime := fs.String("benchtime", "", "go test -benchtime `D`, a duration, which the predictions assume too (default go test's 1s); give it with -measured as the saved run used it")
			par := fs.Int("p", 0, "test binaries to build at once, as go test -p (default GOMAXPROCS); the benchmarks always run one binary at a time, as go test runs them")
			measured := fs.String("measured", "", "compare with the saved go test output in `FILE` instead of running")
			save := fs.String("save", "", "save the go test output to `FILE`")
			dir := fs.String("C", "", "run in `DIR` (the packages' module)")
			format := formatFlag(fs, "text", "json")
			minCov := fs.Float64("min-coverage", 0, "exit 3 if coverage is below `FRACTION`")
			minNs := fs.Float64("min-ns-within-2x", 0, "exit 3 if the share of ns/op within 2x is below `FRACTION`")
			minAllocs := fs.Float64("min-allocs-exact", 0, "exit 3 if the allocs/op exact rate is below `FRACTION`")
			quiet := fs.Bool("q", false, "no progress on stderr")
			gcEscape := fs.Bool("escape", true, "use gc's escape and inlining decisions, test files included (compiles the packages and their tests with -m logs; false: guess from SSA)")
			interpret := fs.Bool("interp", true, "run each benchmark's code on its inputs in an SSA interpreter and price what it executed (false: static predictions for all, as predict -interp=false)")
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
				if *par < 0 {
					return usagef("-p must be at least 1")
				}
				bt, err := parseBenchTime(*benchtime)
				if err != nil {
					return usagef("%v", err)
				}
				pred, err := runPredict(*profile, *dir, re, bt, *quiet, *gcEscape, *interpret, args...)
				if err != nil {
					return err
				}
				var meas []benchfmt.Result
				var loads []predict.PackageLoad
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
					if _, err := os.Stat(*measured + ".load"); err == nil {
						if loads, err = predict.ReadLoads(*measured + ".load"); err != nil {
							return err
						}
					}
				} else {
					opts := predict.MeasureOptions{Dir: *dir, Bench: *bench, Count: *count, BenchTime: *benchtime, Parallel: *par}
					if !*quiet {
						opts.Progress = progressf
					}
					out, l, err := predict.Measure(context.Background(), opts, args)
					if err != nil {
						fmt.Fprintf(stderrW, "perfcast validate: %v\n", err)
					}
					loads = l
					if *save != "" {
						if err := os.WriteFile(*save, out, 0o644); err != nil {
							return err
						}
						if err := predict.WriteLoads(*save+".load", loads); err != nil {
							return err
						}
					}
					if meas, err = benchfmt.Parse(bytes.NewReader(out)); err != nil {
						return fmt.Errorf("benchmark output: %w", err)
					}
				}
				v := predict.Validate(pred, meas)
				v.AddLoads(pred, meas, loads)
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
