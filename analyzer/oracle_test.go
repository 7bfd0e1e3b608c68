package analyzer

import (
	"context"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest"
)

// noHeap says nothing escapes; allInline that everything inlines.
type noHeap struct{}

func (noHeap) Classify(*token.FileSet, ssa.Instruction) (bool, bool) { return false, true }

type allInline struct{}

func (allInline) CanInlineFunc(*token.FileSet, *ssa.Function) (int, bool) { return 10, true }

// TestOracle checks that the oracle's decisions are what the summaries use.
func TestOracle(t *testing.T) {
	res, err := Analyze(context.Background(), Config{Dir: "testdata/src/alloc", Oracle: noHeap{}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Summaries {
		// A conversion kept on the stack still allocates beyond the
		// runtime's 32-byte buffer: none at 32 bytes or less.
		if n := eval(t, s.AllocCount, withDefaults(s, map[string]float64{"len(s)": 32})); n != 0 {
			t.Errorf("%s: %s allocations though the oracle says none escape", s.Name, s.AllocCount)
		}
	}
	res, err = Analyze(context.Background(), Config{Dir: "testdata/src/loops", Oracle: WithInlining(noHeap{}, allInline{})}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Summaries {
		if s.Name == testPrefix+"loops.Total" && !s.Op(manifest.OpCall).IsZero() {
			t.Errorf("Total: %s calls though Sum inlines", s.Op(manifest.OpCall))
		}
	}
}

// TestCompilerOracle uses gc's own decisions: Sum is small enough for gc to
// inline, so Total makes no call.
func TestCompilerOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package")
	}
	res, err := Analyze(context.Background(), Config{Dir: "testdata/src/loops", UseCompiler: true}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	var found bool
	for _, s := range res.Summaries {
		if s.Name == testPrefix+"loops.Total" {
			found = true
			if !s.Op(manifest.OpCall).IsZero() {
				t.Errorf("Total: %s calls, want 0 (gc inlines Sum)", s.Op(manifest.OpCall))
			}
		}
	}
	if !found {
		t.Fatal("no summary for Total")
	}
}

// TestCompilerInlinedCopy: gc escape-analyses an inlined constructor again
// in each caller, and the summaries follow: NewPoint allocates on its own,
// not where Sum keeps its result local, and does where Keep returns it; so
// does strings.NewReader, from the std table.
func TestCompilerInlinedCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package")
	}
	res, err := Analyze(context.Background(), Config{Dir: "testdata/src/inlined", UseCompiler: true}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", res.Problems)
	}
	want := map[string]string{
		"NewPoint": "1",
		"Sum":      "0",
		"SumN":     "0",
		"Keep":     "1",
		"KeepN":    "1 + n", // the slice and n points
		// The same for standard library constructors, whose bodies are
		// not at hand: their summaries list the sites (InlineSites).
		"FirstByte": "0",
		"Remaining": "0",
		"Reader":    "1",
	}
	got := map[string]string{}
	for _, s := range res.Summaries {
		if name, ok := strings.CutPrefix(s.Name, testPrefix+"inlined."); ok {
			got[name] = s.AllocCount.String()
		}
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %s allocations, want %s", name, got[name], w)
		}
	}
	// Guessing from SSA, Sum allocates (the escape it sees is NewPoint's).
	res, err = Analyze(context.Background(), Config{Dir: "testdata/src/inlined"}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Summaries {
		if s.Name == testPrefix+"inlined.Sum" && s.AllocCount.IsZero() {
			t.Errorf("Sum without gc's decisions: no allocation; the test no longer shows what gc's inlined copy changes")
		}
	}
}
