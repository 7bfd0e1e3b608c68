package predict

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/costmodel"
)

// BenchmarkRun measures a whole prediction of the test benchmarks: loading
// with go/packages, SSA, summaries, discovery and evaluation.
func BenchmarkRun(b *testing.B) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		b.Fatal(err)
	}
	cfg := Config{Dir: filepath.Join("testdata", "src", "bench"), Profile: p}
	for b.Loop() {
		res, err := Run(context.Background(), cfg, ".")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Predictions)), "benchmarks/op")
	}
}

// BenchmarkEvaluate measures the cost-model evaluation of one benchmark,
// the part repeated per benchmark and per profile.
func BenchmarkEvaluate(b *testing.B) {
	res := benchResultB(b)
	p, _ := costmodel.LoadProfile(DefaultProfileName)
	var bm Benchmark
	var sum *analyzer.Summary
	for _, pr := range res.Predictions {
		if pr.Name == "BenchmarkFill/large" {
			bm = pr.Benchmark
		}
	}
	sum = evalSummaries[bm.Func]
	if sum == nil {
		b.Fatal("no summary for BenchmarkFill/large")
	}
	for b.Loop() {
		if _, err := Evaluate(p, bm, sum, 1, 2); err != nil {
			b.Fatal(err)
		}
	}
}

var evalSummaries = map[string]*analyzer.Summary{}

func benchResultB(b *testing.B) *Result {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		b.Fatal(err)
	}
	res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: filepath.Join("testdata", "src", "bench"), Tests: true}, ".")
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range res.Summaries {
		evalSummaries[s.Name] = s
	}
	r, err := Run(context.Background(), Config{Dir: filepath.Join("testdata", "src", "bench"), Profile: p}, ".")
	if err != nil {
		b.Fatal(err)
	}
	return r
}
