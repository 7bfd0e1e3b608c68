package analyzer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchSets are std package sets of increasing size, to show how analysis
// time grows with code size.
var benchSets = []struct {
	name string
	pkgs []string
}{
	{"1pkg", []string{"strings"}},
	{"4pkg", []string{"strings", "bytes", "strconv", "sort"}},
	{"9pkg", []string{"strings", "bytes", "strconv", "sort", "encoding/json", "fmt", "bufio", "net/url", "text/template"}},
	{"13pkg", []string{"strings", "bytes", "strconv", "sort", "encoding/json", "fmt", "bufio", "net/url", "text/template",
		"net/http", "go/types", "go/parser", "compress/flate"}},
}

// BenchmarkAnalyze runs the whole pipeline (load, SSA, summaries) on each
// set and reports the time per analyzed function and per SSA instruction.
func BenchmarkAnalyze(b *testing.B) {
	for _, set := range benchSets {
		b.Run(set.name, func(b *testing.B) {
			var funcs, instrs int
			var analysis time.Duration
			for b.Loop() {
				res, err := Analyze(context.Background(), Config{}, set.pkgs...)
				if err != nil {
					b.Fatal(err)
				}
				if len(res.Problems) > 0 {
					b.Fatalf("problems: %v", res.Problems)
				}
				funcs, instrs = len(res.Summaries), res.Instructions
				analysis += res.AnalyzeTime
			}
			b.ReportMetric(float64(funcs), "funcs")
			b.ReportMetric(float64(instrs), "instrs")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(funcs), "ns/func")
			b.ReportMetric(float64(analysis.Nanoseconds())/float64(b.N)/float64(instrs), "analysis-ns/instr")
		})
	}
}

// BenchmarkStdTableLookup measures a lookup in the shipped table after the
// first (which indexes it).
func BenchmarkStdTableLookup(b *testing.B) {
	tab := LoadStdTable()
	tab.Lookup("strings.Index")
	for b.Loop() {
		if tab.Lookup("strings.Index") == nil {
			b.Fatal("missing")
		}
	}
}

// BenchmarkAnalyzeVTA runs the whole pipeline over the evaluation suite's
// third-party packages (eval/suite.txt, modules pinned in eval/go.mod) with
// and without whole-program VTA, to price the call-graph construction. It
// is skipped when the suite's modules are not in the module cache.
func BenchmarkAnalyzeVTA(b *testing.B) {
	suite, err := os.ReadFile(filepath.Join("..", "eval", "suite.txt"))
	if err != nil {
		b.Skip(err)
	}
	var pkgs []string
	for _, l := range strings.Split(string(suite), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			pkgs = append(pkgs, l)
		}
	}
	for _, mode := range []struct {
		name  string
		noVTA bool
	}{{"vta", false}, {"novta", true}} {
		b.Run(mode.name, func(b *testing.B) {
			var funcs int
			for b.Loop() {
				res, err := Analyze(context.Background(), Config{Dir: filepath.Join("..", "eval"), NoVTA: mode.noVTA}, pkgs...)
				if err != nil {
					b.Skip(err)
				}
				if len(res.Problems) > 0 {
					b.Skipf("problems (modules not downloaded?): %v", res.Problems[0])
				}
				funcs = len(res.Summaries)
			}
			b.ReportMetric(float64(funcs), "funcs")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(funcs), "ns/func")
		})
	}
}
