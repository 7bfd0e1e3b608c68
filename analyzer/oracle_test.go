package analyzer

import (
	"context"
	"go/token"
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
		if !s.AllocCount.IsZero() {
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
