package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
)

func init() {
	register(&command{
		name:  "diff",
		args:  "[-format text|json] [-threshold PCT] [-profile NAME|FILE] [-size NAME=VALUE]... OLD NEW",
		short: "compare two manifests: functions added, removed and changed in cost",
		long: `Diff compares the manifest OLD with NEW and lists the functions added, removed
and changed, largest impact first. Each is a manifest file (YAML or JSON) or a
binary built with an embedded manifest (see perfcast embed). A function changed when the operation count
of a CPU class, its heap allocations, an I/O kind, its confidence or a size
variable's default differs (positions, callees and notes are not compared).

Costs are evaluated per call at each function's size-variable defaults, which
-size overrides by name in every function that declares the variable. Impact is
the change in weighted cost per call. With -profile, operations and heap
allocations are weighed in the cycles of that hardware profile (a built-in
name such as sapphirerapids, or a profile file); without it, in neutral units:
one per operation, 1/8 per byte of bulk memory work, and 20 plus 1/8 per byte
per heap allocation. I/O is compared but does not weigh into the impact.

With -threshold, diff is a CI gate: it exits 3 when a changed function's
weighted cycles, allocation count or bytes, or any I/O count or bytes rose by
more than PCT percent at the evaluated sizes, or rose from zero. Added and
removed functions never trip it.

Exit status: 0 no regression beyond the threshold (or no -threshold), 1 error
(a manifest missing or invalid: the message names file:line:col and the
field), 2 usage, 3 regression.

Example:

	perfcast diff old.yaml new.yaml
	perfcast diff -format json old.json new.json
	perfcast diff -threshold 10 -size 'len(body)=65536' main.yaml pr.yaml
	perfcast diff -profile sapphirerapids old.yaml new.yaml
	perfcast diff ./server-v1 ./server-v2`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			format := formatFlag(fs, "text", "json")
			threshold := fs.Float64("threshold", 0, "exit 3 when a changed function's cost rises by more than `PCT` percent")
			profile := fs.String("profile", "", "weigh costs in the cycles of hardware profile `NAME|FILE` (default: neutral units)")
			sizes := sizeFlag{}
			fs.Var(sizes, "size", "set the size variable `NAME=VALUE` in every function (repeatable)")
			return func(args []string) error {
				if len(args) != 2 {
					return usagef("diff takes two manifests, OLD and NEW")
				}
				if *format != "text" && *format != "json" {
					return usagef("unknown -format %q (want text or json)", *format)
				}
				gate := false
				fs.Visit(func(f *flag.Flag) { gate = gate || f.Name == "threshold" })
				if gate && !(*threshold >= 0) {
					return usagef("-threshold must be a percentage >= 0")
				}
				a, err := loadManifest(args[0])
				if err != nil {
					return err
				}
				b, err := loadManifest(args[1])
				if err != nil {
					return err
				}
				opts := manifest.DiffOptions{Sizes: sizes}
				if *profile != "" {
					p, err := costmodel.LoadProfile(*profile)
					if err != nil {
						return err
					}
					opts.Weigh = func(c manifest.OpClass) float64 { return p.Ops[c].Charged(c) }
					opts.AllocWeigh = p.MallocCycles
					opts.Units = "cycles on " + p.Name
				}
				r := manifest.Diff(a, b, opts)
				var regs []manifest.Regression
				if gate {
					regs = r.Regressions(*threshold)
				}
				out := struct {
					*manifest.Report
					Threshold   *float64              `json:"threshold,omitempty"`
					Regressions []manifest.Regression `json:"regressions,omitempty"`
				}{Report: r, Regressions: regs}
				if gate {
					out.Threshold = threshold
				}
				err = writeData(stdoutW, *format, out, func(w io.Writer) error {
					if err := r.WriteText(w); err != nil {
						return err
					}
					if len(regs) > 0 {
						fmt.Fprintf(w, "\nRegressions beyond %s%%:\n", strconv.FormatFloat(*threshold, 'f', -1, 64))
						for _, reg := range regs {
							fmt.Fprintf(w, "  %s: %s %s\n", reg.Name, reg.Measure, regressionText(reg))
						}
					}
					return nil
				})
				if err != nil {
					return err
				}
				if len(regs) > 0 {
					return findingsError{fmt.Sprintf("%d measure(s) regressed by more than %s%%", len(regs), strconv.FormatFloat(*threshold, 'f', -1, 64))}
				}
				return nil
			}
		},
	})
}

func regressionText(r manifest.Regression) string {
	s := strconv.FormatFloat(r.Before, 'g', 6, 64) + " -> " + strconv.FormatFloat(r.After, 'g', 6, 64)
	if r.Percent != nil {
		return s + fmt.Sprintf(" (%+.1f%%)", *r.Percent)
	}
	return s + " (from zero)"
}

// sizeFlag collects -size NAME=VALUE flags.
type sizeFlag map[string]float64

func (s sizeFlag) String() string {
	var kv []string
	for k, v := range s {
		kv = append(kv, k+"="+strconv.FormatFloat(v, 'g', -1, 64))
	}
	return strings.Join(kv, ",")
}

func (s sizeFlag) Set(v string) error {
	name, val, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("want NAME=VALUE, got %q", v)
	}
	f, err := strconv.ParseFloat(val, 64)
	if err != nil || f < 0 || f != f || f > 1e300 {
		return fmt.Errorf("value of %s must be a number >= 0, got %q", name, val)
	}
	s[name] = f
	return nil
}
