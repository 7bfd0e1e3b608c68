package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/perfcast/perfcast/examples/shop/deploy"
	"github.com/perfcast/perfcast/simulate"
)

// The scenario `perfcast simulate` runs when given none: the shop example's,
// embedded from examples/shop/deploy (go:embed cannot reach ../../examples
// from here, and a main package cannot be imported).
var (
	defaultScenarioName = "examples/shop/deploy/" + deploy.ScenarioFile // shown in messages
	defaultScenarioData = mustRead(deploy.FS, deploy.ScenarioFile)
	defaultSources      = simulate.FSSources(deploy.FS, ".") // how the default scenario finds its manifests
)

func mustRead(fsys fs.FS, name string) []byte {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		panic(err) // the file is embedded at build time
	}
	return b
}

func init() {
	register(&command{
		name:  "simulate",
		args:  "[flags] [SCENARIO.yaml]",
		short: "simulate a workload on a modeled cluster: latency, utilization, replicas, cost",
		long: `Simulate runs a scenario (docs/scenario.md): request classes arriving at
services whose costs come from their manifests, on hosts of given cloud
instance types or hardware profiles. It reports per class latency (mean and
p50/p90/p95/p99/p99.9 with 95% confidence intervals), throughput, drops and
timeouts; per service, station and host CPU and memory use; the cluster's
cost; and, if the scenario states an SLO, the replicas needed to meet it.

With -set or -compare it runs the scenario twice, as written and changed,
and prints a before/after table. -set PATH=VALUE overrides a field (VALUE,
*FACTOR or +DELTA); -compare MANIFEST replaces the manifest of the
scenario's manifest service (SERVICE=MANIFEST if it has several) with a
new version's.

Without a SCENARIO argument it runs the built-in default scenario, if this
build has one. The same scenario and seed give byte-identical output;
wall-clock timing goes to stderr only.

Example:

	perfcast simulate shop.yaml
	perfcast simulate -format json shop.yaml
	perfcast simulate -set class.checkout.rate=*1.1 shop.yaml
	perfcast simulate -set hosts.0.instance=c7i.large -set service.shop.replicas=3 shop.yaml
	perfcast simulate -set service.shop.function.main.handleCheckout.calls=*1.1 shop.yaml
	perfcast simulate -compare shop-v2.manifest.json shop.yaml`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			format := formatFlag(fs, "text", "json")
			var sets multiFlag
			fs.Var(&sets, "set", "override a scenario field, `PATH=VALUE` (also *FACTOR, +DELTA); repeatable")
			compare := fs.String("compare", "", "compare with a new manifest version: `MANIFEST` or SERVICE=MANIFEST")
			quiet := fs.Bool("quiet", false, "no progress or timing on stderr")
			noSLO := fs.Bool("no-slo", false, "skip the replica search for the scenario's SLO")
			return func(args []string) error {
				if len(args) > 1 {
					return usagef("simulate takes at most one scenario file")
				}
				sc, src, err := loadScenario(args)
				if err != nil {
					return err
				}
				opt := simulate.Options{NoSLO: *noSLO}
				if !*quiet {
					opt.Progress = progressPrinter()
				}
				if len(sets) == 0 && *compare == "" {
					rep, err := timed(*quiet, func() (*simulate.Report, error) { return simulate.Simulate(sc, src, opt) })
					if err != nil {
						return err
					}
					return writeData(stdoutW, *format, rep, func(w io.Writer) error {
						_, err := io.WriteString(w, rep.Text())
						return err
					})
				}
				after := sc.Clone()
				var labels []string
				for _, s := range sets {
					if err := simulate.ApplySet(after, s); err != nil {
						return usagef("%v", err)
					}
					labels = append(labels, s)
				}
				if *compare != "" {
					if err := setCompareManifest(after, *compare); err != nil {
						return err
					}
					labels = append(labels, "manifest "+*compare)
				}
				before, err := timed(*quiet, func() (*simulate.Report, error) { return simulate.Simulate(sc, src, opt) })
				if err != nil {
					return err
				}
				changed, err := timed(*quiet, func() (*simulate.Report, error) { return simulate.Simulate(after, src, opt) })
				if err != nil {
					return fmt.Errorf("after %s: %w", strings.Join(labels, ", "), err)
				}
				cmp := simulate.Compare(before, changed, "before", "after")
				out := struct {
					Changes    []string             `json:"changes"`
					Before     *simulate.Report     `json:"before"`
					After      *simulate.Report     `json:"after"`
					Comparison *simulate.Comparison `json:"comparison"`
				}{labels, before, changed, cmp}
				return writeData(stdoutW, *format, out, func(w io.Writer) error {
					fmt.Fprintf(w, "after: %s\n\n%s", strings.Join(labels, ", "), cmp.Text())
					for _, w2 := range changed.Warnings {
						fmt.Fprintf(w, "after: warning: %s\n", w2)
					}
					return nil
				})
			}
		},
	})
}

// loadScenario reads the scenario named by args, or the built-in default.
func loadScenario(args []string) (*simulate.Scenario, simulate.Sources, error) {
	src := simulate.Sources{ReadBinary: readBinaryManifest, ReadManifest: loadManifest}
	if len(args) == 0 {
		if defaultScenarioData == nil {
			return nil, src, usagef("no scenario given, and this build has no built-in default")
		}
		sc, err := simulate.ParseScenario(defaultScenarioName, defaultScenarioData)
		if defaultSources.ReadBinary == nil {
			defaultSources.ReadBinary = readBinaryManifest
		}
		return sc, defaultSources, err
	}
	path := args[0]
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, src, err
	}
	sc, err := simulate.ParseScenario(path, data)
	src.Dir = filepath.Dir(path)
	return sc, src, err
}

// setCompareManifest points the scenario's manifest service (or the one
// named in SERVICE=MANIFEST) at a new manifest file.
func setCompareManifest(sc *simulate.Scenario, arg string) error {
	svc, file, named := strings.Cut(arg, "=")
	if !named {
		file, svc = arg, ""
		var withManifest []string
		for _, s := range sc.Services {
			if s.Manifest != "" || s.Binary != "" {
				withManifest = append(withManifest, s.Name)
			}
		}
		if len(withManifest) != 1 {
			return usagef("-compare: the scenario has %d services with manifests (%s); write -compare SERVICE=MANIFEST", len(withManifest), strings.Join(withManifest, ", "))
		}
		svc = withManifest[0]
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if err := simulate.ApplySet(sc, "service."+svc+".manifest="+abs); err != nil {
		return usagef("-compare: %v", err)
	}
	return nil
}

// progressPrinter reports progress on stderr at most once a second.
func progressPrinter() func(simTime float64, events uint64, fraction float64) {
	last := time.Now()
	return func(simTime float64, events uint64, fraction float64) {
		if time.Since(last) < time.Second {
			return
		}
		last = time.Now()
		if fraction >= 0 {
			progressf("simulate: %3.0f%%, %s simulated, %d events", 100*min(fraction, 1), simulate.FormatSeconds(simTime), events)
		} else {
			progressf("simulate: %s simulated, %d events", simulate.FormatSeconds(simTime), events)
		}
	}
}

// timed runs fn and reports its wall time and event rate on stderr: these
// figures vary from run to run, so they stay out of the report.
func timed(quiet bool, fn func() (*simulate.Report, error)) (*simulate.Report, error) {
	start := time.Now()
	rep, err := fn()
	if err != nil || quiet {
		return rep, err
	}
	el := time.Since(start).Seconds()
	progressf("simulate: %d events in %.2fs of wall time (%.3g events/s)", rep.Result.Events, el, float64(rep.Result.Events)/el)
	return rep, nil
}
