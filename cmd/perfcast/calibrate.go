package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/perfcast/perfcast/analyzer/predict"
	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/costmodel/calibrate"
)

func init() {
	register(&command{
		name:  "calibrate",
		args:  "[-o host.yaml] [-base PROFILE] [flags]",
		short: "measure this host and write a calibrated hardware profile",
		long: `Calibrate runs perfcast's microbenchmarks (one or more per operation class,
allocation sizes, a system call) and probes (core clock, branch mispredict,
cache and memory latency, copy bandwidth, GC mark cost) on this host, fits
the cost model's constants by non-negative least squares, and reports the
fit: R² of log time, residuals per benchmark, and a two-fold cross-validation
(fit on half of the benchmarks, predict the other half, both ways).

It writes a host profile that -profile flags accept as a file, by default
to $PERFCAST_PROFILE or the user's config directory
(~/.config/perfcast/host.yaml on Linux), where perfcast predict and validate
find it when no -profile is given.

The base profile (detected from /proc/cpuinfo unless -base is given)
supplies the priors, the instruction tables and everything not measured.

Samples are timed in CPU time and interleaved round by round, and the fit
uses a low quantile of each benchmark's samples (-quantile; 0.5 for the
median), so that other load on the machine adds noise rather than bias. It
takes about 12 s of CPU time (under a minute of wall time on a busy 2-core
machine); progress goes to stderr. See docs/costmodel.md.

Example:

	perfcast calibrate -o host.yaml
	perfcast calibrate -base zen4 -rounds 15 -o host.yaml`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			out := fs.String("o", predict.HostProfilePath(), "write the host profile to `file` (\"\" for none); the default is where predict and validate look for it")
			base := fs.String("base", "", "base `profile` (default: detected from the processor)")
			name := fs.String("name", "host", "`name` of the written profile")
			rounds := fs.Int("rounds", calibrate.DefaultOptions.Rounds, "samples per benchmark (`n`)")
			sampleTime := fs.Duration("sample", calibrate.DefaultOptions.SampleTime, "target `duration` of one sample")
			memMiB := fs.Int("memory", calibrate.DefaultOptions.MemoryMiB, "working set of the main-memory latency probe, `MiB` (0: four times the L3, within 64-512)")
			quantile := fs.Float64("quantile", calibrate.DefaultOptions.Quantile, "`quantile` of each benchmark's samples the fit uses (0.5 = median)")
			return func(args []string) error {
				if len(args) > 0 {
					return usagef("calibrate takes no arguments")
				}
				if *rounds < 3 {
					return usagef("-rounds must be at least 3")
				}
				var bp *costmodel.Profile
				var err error
				if *base != "" {
					bp, err = costmodel.LoadProfile(*base)
				} else {
					bp, err = calibrate.DetectBase()
				}
				if err != nil {
					return err
				}
				if !(*quantile > 0 && *quantile < 1) {
					return usagef("-quantile must be between 0 and 1")
				}
				opts := calibrate.Options{Rounds: *rounds, SampleTime: *sampleTime, MemoryMiB: *memMiB, Quantile: *quantile, Progress: progressf}
				res, err := calibrate.Run(bp, opts)
				if err != nil {
					return err
				}
				if err := res.WriteReport(stdoutW); err != nil {
					return err
				}
				if *out == "" {
					return nil
				}
				hp := res.HostProfile(bp, *name)
				var buf bytes.Buffer
				header := fmt.Sprintf("Host profile written by perfcast calibrate on %s.\nValues cited \"calib\" were measured or fitted on this host; the rest come from %s.",
					time.Now().UTC().Format(time.RFC3339), bp.Name)
				if err := costmodel.WriteProfile(&buf, hp, header); err != nil {
					return err
				}
				if _, err := costmodel.ParseProfile(*out, buf.Bytes()); err != nil {
					return fmt.Errorf("internal error: the host profile does not read back: %w", err)
				}
				if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
					return err
				}
				progressf("calibrate: wrote %s", *out)
				return nil
			}
		},
	})
}
