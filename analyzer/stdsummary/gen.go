//go:build ignore

// gen regenerates std.json.gz: it analyzes the standard library with the
// toolchain that runs it (without the old table) and writes every summary.
//
// Run with: go generate ./analyzer/stdsummary   (about 5–8 minutes: gc compiles
// std with escape diagnostics first; ~1.3 GB)
package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"runtime"
	"strings"

	"github.com/perfcast/perfcast/analyzer"
)

func main() {
	cfg := analyzer.Config{
		NoStdTable:  true,
		UseCompiler: true, // gc's escape and inlining decisions for std
		Progress: func(format string, args ...any) {
			if !strings.HasPrefix(format, "[") {
				fmt.Fprintf(os.Stderr, format+"\n", args...)
			}
		},
	}
	res, err := analyzer.Analyze(context.Background(), cfg, "std")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res.Problems {
		log.Printf("problem: %s", p)
	}
	pkgs := map[string]bool{}
	var names []string
	for _, p := range res.Packages {
		if !pkgs[p] {
			pkgs[p] = true
			names = append(names, p)
		}
	}
	var buf bytes.Buffer
	if err := analyzer.WriteStdTable(&buf, runtime.Version(), names, res.Summaries); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("std.json.gz", buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote std.json.gz: %d functions, %d packages, %d bytes", len(res.Summaries), len(names), buf.Len())
}
