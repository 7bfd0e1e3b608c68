package interp

import (
	"errors"
	"fmt"
	"testing"
)

func TestHarness(t *testing.T) {
	_, pkg := load(t, "bench")
	for _, tc := range []struct {
		bench          string
		sub            []string
		n              int
		work, setup    int // entries of work and setup reported
		resets         int
		wantErr        string // "unsupported", "panic", "benchmark:<call>", "error"
		checkGlobalStr string // the global names, printed
	}{
		{bench: "BenchmarkResetTimer", n: 7, work: 7, setup: 0, resets: 1},
		{bench: "BenchmarkNoReset", n: 7, work: 7, setup: 1},
		{bench: "BenchmarkLoop", n: 5, work: 5, setup: 0, resets: 1},
		{bench: "BenchmarkStopStart", n: 4, work: 4, setup: 0},
		{bench: "BenchmarkSub", sub: []string{"small_case"}, n: 3, work: 3, setup: 0},
		{bench: "BenchmarkSub", sub: []string{"big"}, n: 3, work: 3, setup: 0, resets: 1},
		{bench: "BenchmarkSub", n: 3, work: 0, setup: 1},
		{bench: "BenchmarkSub", sub: []string{"nope"}, n: 3, wantErr: "error"},
		{bench: "BenchmarkNested", sub: []string{"n=2", "inner"}, n: 6, work: 6, setup: 0, resets: 1},
		{bench: "BenchmarkSlashed", sub: []string{"n=2", "inner"}, n: 6, work: 6, setup: 0, resets: 1},
		{bench: "BenchmarkSlashed", sub: []string{"n=2"}, n: 6, wantErr: "error"},
		{bench: "BenchmarkName", sub: []string{"x_y"}, n: 2, checkGlobalStr: "[BenchmarkName BenchmarkName/x_y]"},
		{bench: "BenchmarkFatal", n: 1, wantErr: "benchmark:Fatalf"},
		{bench: "BenchmarkSkip", n: 1, wantErr: "benchmark:Skip"},
		{bench: "BenchmarkTB", n: 3, wantErr: "benchmark:Fatal", work: 3},
		{bench: "BenchmarkCleanup", n: 2, work: 2, setup: 0},
		{bench: "BenchmarkParallel", n: 5, work: 5, setup: 0, resets: 1},
		{bench: "BenchmarkParallelCopiesPB", n: 2, wantErr: "unsupported"},
		{bench: "BenchmarkPanics", n: 2, wantErr: "panic"},
	} {
		t.Run(fmt.Sprint(tc.bench, tc.sub), func(t *testing.T) {
			rec := newRecorder()
			in := New(pkg.Prog, Config{Observer: rec, Budget: 1_000_000})
			err := in.RunBenchmark(pkg.Func(tc.bench), tc.sub, tc.n)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.wantErr == "unsupported":
				var u *Unsupported
				if !errors.As(err, &u) {
					t.Fatalf("err %v, want *Unsupported", err)
				}
			case tc.wantErr == "panic":
				var p *PanicError
				if !errors.As(err, &p) {
					t.Fatalf("err %v, want *PanicError", err)
				}
			case tc.wantErr == "error":
				if err == nil {
					t.Fatal("no error")
				}
			case tc.wantErr != "":
				var be *BenchmarkError
				if !errors.As(err, &be) || "benchmark:"+be.Call != tc.wantErr {
					t.Fatalf("err %v, want %s", err, tc.wantErr)
				}
			}
			if got := rec.entries("work"); got != tc.work {
				t.Errorf("work entered %d times (reported), want %d", got, tc.work)
			}
			if got := rec.entries("setup"); got != tc.setup {
				t.Errorf("setup entered %d times (reported), want %d", got, tc.setup)
			}
			if rec.resets != tc.resets {
				t.Errorf("%d resets, want %d", rec.resets, tc.resets)
			}
			if tc.checkGlobalStr != "" {
				cell := in.globals[pkg.Var("names")]
				var names []string
				for _, v := range (*cell).([]Value) {
					names = append(names, v.(string))
				}
				if got := fmt.Sprint(names); got != tc.checkGlobalStr {
					t.Errorf("names %s, want %s", got, tc.checkGlobalStr)
				}
			}
			if tc.bench == "BenchmarkCleanup" {
				if c := *in.globals[pkg.Var("cleaned")]; c != 1 {
					t.Errorf("cleanup ran %v times, want 1", c)
				}
			}
		})
	}
}
