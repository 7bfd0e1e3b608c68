// Command escapecheck prints the precision and recall of perfcast's
// allocation classifiers against gc's own heap sites, per package:
//
//	go run ./analyzer/escape/internal/escapecheck [-debug] [-v] [PATTERNS]
//
// Without patterns it measures the eight std packages of docs/escape.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/perfcast/perfcast/analyzer/escape"

	"github.com/perfcast/perfcast/analyzer/escape/internal/measure"
)

// StdSet is the evaluation set of docs/escape.md.
var stdSet = []string{"strings", "bytes", "strconv", "encoding/json", "net/url", "sort", "bufio", "text/template"}

func main() {
	debug := flag.Bool("debug", false, "build SSA with debug information (DebugRef)")
	verbose := flag.Bool("v", false, "list gc heap sites missed and heap verdicts without a gc site")
	dir := flag.String("C", ".", "run the go command in this directory")
	trace := flag.String("trace", "", "print instructions and sites on lines FILE:LINE[,FILE:LINE] (FILE a suffix)")
	compileOnly := flag.Bool("compile-only", false, "only run escape.Compile and print site counts per package")
	flag.Parse()
	patterns := flag.Args()
	if len(patterns) == 0 {
		patterns = stdSet
	}
	if *compileOnly {
		start := time.Now()
		dec, err := escape.Compile(context.Background(), *dir, patterns, escape.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, "escapecheck:", err)
			os.Exit(1)
		}
		sites, heap := 0, 0
		for _, p := range dec.Packages {
			for _, s := range p.Sites {
				sites++
				if s.Allocates() {
					heap++
				}
			}
		}
		for _, f := range dec.Failures {
			fmt.Printf("FAILED %s: %.200s\n", f.Path, f.Err)
		}
		fmt.Printf("%d packages, %d failures, %d sites, %d heap, %s\n", len(dec.Packages), len(dec.Failures), sites, heap, time.Since(start).Round(time.Millisecond))
		return
	}
	opts := measure.Options{Debug: *debug, TraceOut: os.Stdout}
	if *trace != "" {
		opts.Trace = func(file string, line int) bool {
			for _, t := range strings.Split(*trace, ",") {
				if f, l, ok := strings.Cut(t, ":"); ok && strings.HasSuffix(file, f) && l == strconv.Itoa(line) {
					return true
				}
			}
			return false
		}
	}
	rows, dec, err := measure.Run(context.Background(), *dir, patterns, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "escapecheck:", err)
		os.Exit(1)
	}
	for _, f := range dec.Failures {
		fmt.Fprintf(os.Stderr, "escapecheck: %s failed: %s\n", f.Path, f.Err)
	}
	measure.Print(os.Stdout, rows)
	if *verbose {
		for _, r := range rows {
			for _, m := range r.Misses {
				fmt.Printf("MISS %s %s\n", r.Package, m)
			}
			for _, m := range r.FalseHeap {
				fmt.Printf("FALSE %s %s\n", r.Package, m)
			}
			for _, m := range r.FallbackFalse {
				fmt.Printf("FBFALSE %s %s\n", r.Package, m)
			}
		}
	}
}
