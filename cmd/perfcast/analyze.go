package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/manifest"
)

// analyzeMemLimit is the soft memory limit of perfcast analyze unless
// GOMEMLIMIT is set.
const analyzeMemLimit = 1280 << 20

func init() {
	register(&command{
		name:  "analyze",
		args:  "[-tests] [-o FILE] [-format yaml|json] PACKAGES...",
		short: "estimate every function's CPU, allocations and I/O into a manifest",
		long: `Analyze loads the packages (go list patterns), builds their SSA form and writes a
manifest (schema 1) with a cost summary for every function: operation counts per
class, heap allocations and I/O per call, as expressions over the function's input
sizes (len(s), n) and named variables for unknown loop bounds.

Which allocations reach the heap, and which calls are inlined, is gc's decision:
analyze compiles the packages with escape diagnostics first (-gc=false skips
that and guesses from SSA). Interface and function-value calls in packages
outside the standard library are resolved over the whole program with VTA
(-vta=false uses the visible-type rule of vet mode instead). Packages that do not type-check are reported on
stderr and skipped; so is any function whose analysis fails. Progress goes to
stderr.

Example:

	perfcast analyze ./...
	perfcast analyze -tests -format json -o perf.json ./cmd/server ./internal/...`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			tests := fs.Bool("tests", false, "include test files and test packages")
			out := fs.String("o", "", "write the manifest to `FILE` instead of stdout")
			format := formatFlag(fs, "yaml", "json")
			quiet := fs.Bool("q", false, "no progress on stderr")
			gc := fs.Bool("gc", true, "compile the packages and use gc's escape and inlining decisions (false: guess from SSA)")
			useVTA := fs.Bool("vta", true, "resolve dynamic calls of non-std packages with whole-program VTA (false: visible types, as vet mode)")
			return func(args []string) error {
				if len(args) == 0 {
					return usagef("analyze needs at least one package pattern")
				}
				if *format != "yaml" && *format != "json" {
					return usagef("unknown -format %q", *format)
				}
				if os.Getenv("GOMEMLIMIT") == "" {
					// Whole-std runs peak near 1.5 GB with the default GC
					// pacing; a soft limit trades some CPU for memory.
					debug.SetMemoryLimit(analyzeMemLimit)
				}
				cfg := analyzer.Config{Tests: *tests, UseCompiler: *gc, NoVTA: !*useVTA, Generator: "perfcast " + version}
				if !*quiet {
					cfg.Progress = progressf
				}
				res, err := analyzer.Analyze(context.Background(), cfg, args...)
				if err != nil {
					return err
				}
				for _, p := range res.Problems {
					fmt.Fprintf(stderrW, "perfcast analyze: %s\n", p)
				}
				return writeOutput(*out, func(w io.Writer) error { return manifest.Encode(w, &res.Manifest, *format) })
			}
		},
	})
}
