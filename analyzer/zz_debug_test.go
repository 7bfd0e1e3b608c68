package analyzer

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDebug(t *testing.T) {
	dir := os.Getenv("ZZDIR")
	if dir == "" {
		t.Skip()
	}
	res, err := Analyze(context.Background(), Config{Dir: dir, Tests: true, UseCompiler: os.Getenv("ZZGC") != ""}, strings.Fields(os.Getenv("ZZPKG"))...)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Summaries {
		if !strings.Contains(s.Name, os.Getenv("ZZFN")) {
			continue
		}
		fmt.Printf("== %s params=%v\n", s.Name, s.Params)
		for _, c := range s.CPU {
			fmt.Printf("  cpu %s: %s\n", c.Class, c.Count)
		}
		fmt.Printf("  alloc %s / %s\n", s.AllocCount, s.AllocBytes)
		if s.Result != nil {
			fmt.Printf("  result %s\n", *s.Result)
		}
		fmt.Printf("  funccalls %v walk %+v stops %v\n", s.FuncCalls, s.Walk, s.WalkStops)
		fmt.Printf("  shape %v\n  effects %v\n  clobbers %v sized=%v\n  captured %v\n  notes %q\n", s.Shape, s.Effects, s.Clobbers, s.Sized, s.Captured, s.Notes)
	}
}
