package vet_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/analyzer/vet"
)

// TestBudgets checks the //perfcast:budget reports.
func TestBudgets(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), vet.Analyzer, "vetb")
}

// TestModular analyzes veta and vetb separately, vetb receiving veta's
// summaries as Facts, and compares every summary with the whole-program
// run over both packages (DESIGN.md contract 1). The whole-program run has
// VTA off: with it, a dynamic call a caller in the program resolves is
// averaged over VTA's targets, which a vet pass cannot see (TestVTAFromCaller
// in package analyzer pins that difference); every other cost must agree.
func TestModular(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), vet.Analyzer, "veta", "vetb")
	modular := map[string]*analyzer.Summary{}
	for _, r := range results {
		for obj, facts := range r.Facts {
			if obj == nil {
				continue
			}
			for _, f := range facts {
				s := f.(*analyzer.Summary)
				modular[s.Name] = s
			}
		}
	}
	if len(modular) < 6 {
		t.Fatalf("only %d summaries exported as facts", len(modular))
	}

	dir, err := filepath.Abs(analysistest.TestData())
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOFLAGS=")
	res, err := analyzer.Analyze(context.Background(), analyzer.Config{Dir: filepath.Join(dir, "src"), Env: env, NoVTA: true}, "veta", "vetb")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	whole := map[string]*analyzer.Summary{}
	for _, s := range res.Summaries {
		whole[s.Name] = s
	}
	for name, m := range modular {
		w, ok := whole[name]
		if !ok {
			t.Errorf("%s: fact without a whole-program summary", name)
			continue
		}
		if a, b := jsonText(t, m), jsonText(t, w); a != b {
			t.Errorf("%s differs:\nmodular %s\nwhole   %s", name, a, b)
		}
	}
	if whole["vetb.Total"] == nil || len(whole["vetb.Total"].Callees) == 0 {
		t.Errorf("vetb.Total: no callees resolved")
	}
}

func jsonText(t *testing.T, s *analyzer.Summary) string {
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseBudget(t *testing.T) {
	for _, tc := range []struct {
		in      string
		wantErr bool
	}{
		{" allocs<=0", false},
		{" ops<=10 len(s)=5 n=3", false},
		{" ", true},
		{" speed<=3", true},
		{" allocs<=-1", true},
		{" allocs<=x", true},
		{" len(s)=5", true},
		{" 3=4 allocs<=1", true},
		{" whatever", true},
	} {
		_, err := vet.ParseBudget(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParseBudget(%q): err = %v, want error %v", tc.in, err, tc.wantErr)
		}
	}
}

// FuzzParseBudget: directives come from user source; any text must parse
// or fail cleanly, and a parsed budget must check any summary.
func FuzzParseBudget(f *testing.F) {
	for _, s := range []string{" allocs<=0", " ops<=10 len(s)=5", " speed<=1", " io<=1 n=2 membytes<=1e9", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		b, err := vet.ParseBudget(text)
		if err != nil {
			return
		}
		b.Check(&analyzer.Summary{Name: "x"})
	})
}
