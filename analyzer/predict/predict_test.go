package predict

import (
	"bytes"
	"context"
	"flag"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/analyzer/accuracy"
	"github.com/perfcast/perfcast/analyzer/benchfmt"
	"github.com/perfcast/perfcast/analyzer/interp"
	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const benchPkg = "github.com/perfcast/perfcast/analyzer/predict/testdata/src/bench"

var (
	runOnce sync.Once
	runRes  *Result
	runErr  error
)

// benchResult predicts testdata/src/bench once for all tests, on the
// built-in profile (never a host profile: the output must not depend on the
// machine).
func benchResult(t *testing.T) *Result {
	t.Helper()
	runOnce.Do(func() {
		p, err := costmodel.LoadProfile(DefaultProfileName)
		if err != nil {
			runErr = err
			return
		}
		runRes, runErr = Run(context.Background(), Config{Dir: filepath.Join("testdata", "src", "bench"), Profile: p, Procs: 2}, ".")
	})
	if runErr != nil {
		t.Fatal(runErr)
	}
	return runRes
}

// TestGolden pins the predicted output of the test benchmarks and the list
// of those that cannot be predicted (go test -run TestGolden -update
// rewrites it; review the diff).
func TestGolden(t *testing.T) {
	res := benchResult(t)
	var buf bytes.Buffer
	res.CPU = "golden" // the host's processor name varies
	if err := res.WriteBench(&buf, 2); err != nil {
		t.Fatal(err)
	}
	buf.WriteString("--- skipped\n")
	if err := res.WriteSkipped(&buf); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "bench.txt")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs; got:\n%s", golden, buf.String())
	}
}

// TestDiscovery checks what discovery finds in the test benchmarks: names
// as go test prints them, the sizes bound into sub-benchmarks, SetBytes,
// and the reason for the one it cannot predict.
func TestDiscovery(t *testing.T) {
	res := benchResult(t)
	got := map[string]Prediction{}
	for _, p := range res.Predictions {
		got[p.Name] = p
	}
	for _, tc := range []struct {
		name     string
		env      map[string]float64
		setBytes float64
	}{
		// A benchmark's own locals are known too (they serve closures it
		// calls directly).
		{name: "BenchmarkSum100", env: map[string]float64{"len(s)": 100, "cap(s)": 100}},
		{name: "BenchmarkBoxLoop"},
		{name: "BenchmarkMakeHelper", env: map[string]float64{"size": 64}},
		{name: "BenchmarkSumSizes/n=10", env: map[string]float64{"n": 10, "len(s)": 10, "cap(s)": 10}, setBytes: 80},
		{name: "BenchmarkSumSizes/n=1000", env: map[string]float64{"n": 1000, "len(s)": 1000, "cap(s)": 1000}, setBytes: 8000},
		// Reslicing keeps the capacity that bounds the table loop.
		{name: "BenchmarkPrefix/16", env: map[string]float64{"length": 16, "len(buf)": 16, "cap(buf)": 64}},
		{name: "BenchmarkPrefix/32", env: map[string]float64{"length": 32, "len(buf)": 32, "cap(buf)": 64}},
		{name: "BenchmarkPrefix/64", env: map[string]float64{"length": 64, "len(buf)": 64, "cap(buf)": 64}},
		{name: "BenchmarkFill/small", env: map[string]float64{"c.n": 4, "len(c.name)": 5}},
		{name: "BenchmarkFill/large", env: map[string]float64{"c.n": 256, "len(c.name)": 5}},
		{name: "BenchmarkNested/outer/inner"},
		{name: "BenchmarkNested/outer/inner#01"},
		// package bench_test: reported under the package it tests.
		{name: "BenchmarkExternalSum", env: map[string]float64{"len(s)": 50, "cap(s)": 50}},
		// b.RunParallel: the pb.Next loop of its body is timed.
		{name: "BenchmarkParallelSum", env: map[string]float64{"len(s)": 100, "cap(s)": 100}},
		// A helper given b runs the RunParallel body; its parameter s is
		// bound, and its SetBytes counts.
		{name: "BenchmarkParallelHelper/10", env: map[string]float64{"n": 10, "len(s)": 10, "cap(s)": 10}, setBytes: 80},
		{name: "BenchmarkParallelHelper/1000", env: map[string]float64{"n": 1000, "len(s)": 1000, "cap(s)": 1000}, setBytes: 8000},
		// Sub-benchmarks over slices.Sorted(maps.Keys(m)) of a map literal.
		{name: "BenchmarkSortedKeys/large", env: map[string]float64{"n": 1000, "len(s)": 1000, "cap(s)": 1000, "len(key)": 5, "len(inputs)": 2, "cap(inputs)": 2}},
		{name: "BenchmarkSortedKeys/small", env: map[string]float64{"n": 10, "len(s)": 10, "cap(s)": 10, "len(key)": 5, "len(inputs)": 2, "cap(inputs)": 2}},
		// An if on a row's flag takes one arm: two names, no #01.
		{name: "BenchmarkFlagged/narrow-10", env: map[string]float64{"r.n": 10, "len(part)": 6, "len(s)": 10, "cap(s)": 10}},
		{name: "BenchmarkFlagged/wide-10", env: map[string]float64{"r.n": 10, "len(part)": 4, "len(s)": 10, "cap(s)": 10}},
		{name: "BenchmarkRangeN", env: map[string]float64{"len(s)": 10, "cap(s)": 10}},
		{name: "BenchmarkStopInLoop"},
		{name: "BenchmarkBatched", env: map[string]float64{"i": 0}},
		{name: "BenchmarkSumOnce", env: map[string]float64{"len(s)": 1000, "cap(s)": 1000}},
		{name: "BenchmarkDrain100"},
		{name: "BenchmarkDrain200000"},
		{name: "BenchmarkPopEmpty", env: map[string]float64{"q.size": 0}},
		{name: "BenchmarkEmpty"},
	} {
		p, ok := got[tc.name]
		if !ok {
			t.Errorf("%s: not predicted", tc.name)
			continue
		}
		if !reflect.DeepEqual(p.Env, tc.env) {
			t.Errorf("%s: env %v, want %v", tc.name, p.Env, tc.env)
		}
		if p.Pkg != benchPkg {
			t.Errorf("%s: package %q, want %q", tc.name, p.Pkg, benchPkg)
		}
		if p.SetBytes != tc.setBytes {
			t.Errorf("%s: SetBytes %v, want %v", tc.name, p.SetBytes, tc.setBytes)
		}
		delete(got, tc.name)
	}
	for n := range got {
		t.Errorf("unexpected benchmark %s", n)
	}
	if len(res.Skipped) != 1 || res.Skipped[0].Key != benchPkg+".BenchmarkOdd" || !strings.Contains(res.Skipped[0].Reason, "no canonical timed loop") {
		t.Errorf("skipped = %v, want BenchmarkOdd with its reason", res.Skipped)
	}
}

// TestScaling checks the model's arithmetic on benchmarks of known shape:
// the per-op cost follows the size bound into the sub-benchmark, setup is
// excluded, and SetBytes turns into MB/s.
func TestScaling(t *testing.T) {
	res := benchResult(t)
	by := map[string]Prediction{}
	for _, p := range res.Predictions {
		by[p.Name] = p
	}
	small, large := by["BenchmarkSumSizes/n=10"], by["BenchmarkSumSizes/n=1000"]
	// Sum is linear in len(s): 100× the elements, between 50× and 100× the
	// time (the fixed call cost is shared).
	if r := large.NsPerOp / small.NsPerOp; r < 50 || r > 100 {
		t.Errorf("n=1000 / n=10 time ratio %.1f, want 50..100", r)
	}
	if want := 8000 / large.NsPerOp * 1e3; math.Abs(large.MBPerSec-want) > 1e-6*want {
		t.Errorf("MB/s %.2f, want %.2f", large.MBPerSec, want)
	}
	// The helper's RunParallel body sums len(s) ints, 100 times more in
	// /1000 than in /10.
	if r := by["BenchmarkParallelHelper/1000"].NsPerOp / by["BenchmarkParallelHelper/10"].NsPerOp; r < 50 || r > 100 {
		t.Errorf("ParallelHelper /1000 / /10 time ratio %.1f, want 50..100", r)
	}
	// Sum(buf[2:]) runs over length−2 ints: 62 against 14.
	if r := by["BenchmarkPrefix/64"].NsPerOp / by["BenchmarkPrefix/16"].NsPerOp; r < 2.5 || r > 62.0/14 {
		t.Errorf("Prefix/64 / Prefix/16 time ratio %.2f, want 2.5..4.4 (the resliced length bound)", r)
	}
	// BenchmarkSum100 allocates its 100-element slice in setup only.
	if p := by["BenchmarkSum100"]; p.AllocsPerOp != 0 || p.BytesPerOp != 0 {
		t.Errorf("BenchmarkSum100: %v allocs/op %v B/op, want setup excluded", p.AllocsPerOp, p.BytesPerOp)
	}
	// The helper's size (64 ints) is bound through the call; the 1<<16
	// warm-up slice before StartTimer is not counted.
	if p := by["BenchmarkMakeHelper"]; p.BytesPerOp > 1024 {
		t.Errorf("BenchmarkMakeHelper: %v B/op, want the 64-int slice only", p.BytesPerOp)
	}
	// A b.Loop loop is predicted like a b.N loop: the harness's own cost
	// (b.Loop's slow path) is not charged.
	if p := by["BenchmarkNested/outer/inner"]; p.NsPerOp > 100 {
		t.Errorf("b.Loop benchmark: %.1f ns/op, harness cost leaked in", p.NsPerOp)
	}
	// A RunParallel body summing 100 ints per pb.Next, over 2 goroutines:
	// half the per-op time of the same loop in BenchmarkSum100.
	if r := by["BenchmarkParallelSum"].NsPerOp / by["BenchmarkSum100"].NsPerOp; r < 0.4 || r > 0.6 {
		t.Errorf("RunParallel / serial time ratio %.2f, want about 0.5", r)
	}
	// Setup between StopTimer and StartTimer inside the loop is excluded:
	// the 1000-int slice is not counted, the time is that of Sum over 100.
	if p := by["BenchmarkStopInLoop"]; p.AllocsPerOp != 0 || math.Abs(p.NsPerOp/by["BenchmarkSum100"].NsPerOp-1) > 0.2 {
		t.Errorf("BenchmarkStopInLoop: %.1f ns/op %v allocs/op, want Sum100's time and no allocation", p.NsPerOp, p.AllocsPerOp)
	}
	// A queue emptied in the first iteration: per op, 100 pops from an
	// empty queue (plus the first iteration over go test's large b.N).
	if r := by["BenchmarkDrain100"].NsPerOp / by["BenchmarkPopEmpty"].NsPerOp; r < 0.9 || r > 1.5 {
		t.Errorf("BenchmarkDrain100 / BenchmarkPopEmpty time ratio %.2f, want about 1", r)
	}
	// The first iteration of Drain200000 walks 2·10^10 nodes, longer than
	// the bench time: b.N = 1, and all of it is the one op.
	if p := by["BenchmarkDrain200000"]; p.N != 1 || p.NsPerOp < 1e9 {
		t.Errorf("BenchmarkDrain200000: b.N %d, %.3g ns/op, want b.N 1 and the whole first iteration (> 1 s)", p.N, p.NsPerOp)
	}
	if p := by["BenchmarkFill/large"]; p.NsPerOp < 10*by["BenchmarkFill/small"].NsPerOp {
		t.Errorf("Fill large %.1f ns/op not well above small %.1f: captured field not bound", p.NsPerOp, by["BenchmarkFill/small"].NsPerOp)
	}
}

// TestOutputParses checks that the predicted output reads back with
// benchfmt (as benchstat would read it) with the same values.
func TestOutputParses(t *testing.T) {
	res := benchResult(t)
	var buf bytes.Buffer
	if err := res.WriteBench(&buf, 2); err != nil {
		t.Fatal(err)
	}
	parsed, err := benchfmt.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := res.Results(2)
	if len(parsed) != len(want) {
		t.Fatalf("parsed %d results, wrote %d", len(parsed), len(want))
	}
	for i, p := range parsed {
		w := want[i]
		if p.Key() != w.Key() || p.Procs != 2 || p.BytesPerOp != w.BytesPerOp || p.AllocsOp != w.AllocsOp {
			t.Errorf("result %d: parsed %+v, wrote %+v", i, p, w)
		}
		if math.Abs(p.NsPerOp-w.NsPerOp) > 0.01*w.NsPerOp+0.01 {
			t.Errorf("%s: parsed %v ns/op, wrote %v", p.Key(), p.NsPerOp, w.NsPerOp)
		}
	}
}

// TestValidateMatchesCompare checks that validate's report is
// accuracy.Compare on the same files, and that the per-module breakdown
// covers every measured benchmark once.
func TestValidateMatchesCompare(t *testing.T) {
	res := benchResult(t)
	f, err := os.Open(filepath.Join("testdata", "measured.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	meas, err := benchfmt.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	v := Validate(res, meas)
	want := accuracy.Compare(res.Results(0), meas, nil)
	g := v.Overall
	if g.Measured != want.Measured || g.Predicted != want.Predicted || g.AllocsExact != want.AllocsExact ||
		g.BytesWithin10 != want.BytesWithin10 || g.NsWithin2x != want.NsWithin2x || g.Spearman != want.Spearman ||
		g.MedianAbsLog2 != want.MedianAbsLog2 || !reflect.DeepEqual(g.Missing, want.Missing) {
		t.Errorf("Validate overall = %+v\nCompare = %+v", g, want)
	}
	if g.Measured != 15 || g.Predicted != 14 || len(g.Missing) != 1 {
		t.Errorf("measured %d predicted %d missing %v; want 15, 14, [BenchmarkOdd]", g.Measured, g.Predicted, g.Missing)
	}
	n := 0
	for _, m := range v.ByModule {
		n += m.Report.Measured
	}
	if n != g.Measured {
		t.Errorf("modules cover %d benchmarks, want %d", n, g.Measured)
	}
	var text bytes.Buffer
	if err := v.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"coverage", "Spearman", "ten worst", "BenchmarkOdd: no canonical timed loop"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, text.String())
		}
	}
}

// TestMatchBench checks go test's -bench matching, level by level.
func TestMatchBench(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		want      bool
	}{
		{".", "BenchmarkX/a", true},
		{"Sum", "BenchmarkSumSizes/n=10", true},
		{"Sum/n=10$", "BenchmarkSumSizes/n=10", true},
		{"Sum/n=10$", "BenchmarkSumSizes/n=1000", false},
		{"Fill", "BenchmarkSumSizes/n=10", false},
		{"[/]x", "BenchmarkA/x", false},
	} {
		if got := matchBench(regexp.MustCompile(tc.pat), tc.name); got != tc.want {
			t.Errorf("matchBench(%q, %q) = %v, want %v", tc.pat, tc.name, got, tc.want)
		}
	}
}

// TestRewriteName checks testing's rewrite of sub-benchmark names.
func TestRewriteName(t *testing.T) {
	for in, want := range map[string]string{"a b": "a_b", "x\ty": "x_y", "n=1": "n=1", "\x01": `\x01`} {
		if got := interp.RewriteName(in); got != want {
			t.Errorf("RewriteName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGCDecidedAllocations predicts testdata/src/gcdecided, whose
// allocations in the timed loops only gc's escape analysis of the test
// files decides (measured with go test -benchmem on go1.26.8: 0, 0, 1 and 0
// allocs/op). By default predict compiles the test variants and uses gc's
// decisions; NoEscape guesses from SSA and gets the inlined constructor
// wrong, which is what the default is for.
func TestGCDecidedAllocations(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "src", "gcdecided")
	allocs := func(cfg Config) map[string]float64 {
		t.Helper()
		cfg.Dir, cfg.Profile, cfg.Procs = dir, p, 2
		res, err := Run(context.Background(), cfg, ".")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Problems) > 0 || len(res.Skipped) > 0 {
			t.Fatalf("problems %v, skipped %v", res.Problems, res.Skipped)
		}
		out := map[string]float64{}
		for _, pr := range res.Predictions {
			out[pr.Name] = pr.AllocsPerOp
		}
		return out
	}
	got := allocs(Config{})
	want := map[string]float64{
		"BenchmarkContains": 0, // boxed key, parameter does not escape
		"BenchmarkNew":      0, // New inlined, its Digest kept local
		"BenchmarkXNew":     0, // the same from the external test package
		"BenchmarkEscBox":   1, // boxed into a global
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("allocs/op with gc's decisions = %v, want %v", got, want)
	}
	if guess := allocs(Config{NoEscape: true}); guess["BenchmarkNew"] == 0 {
		t.Errorf("NoEscape: BenchmarkNew %v allocs/op: the SSA guess should not see gc's inlining", guess["BenchmarkNew"])
	}
}

// TestWorkingSet checks that a benchmark's map operations pay the misses of
// the heap its untimed setup built, or its timed loop's first iteration
// built and keeps, and nothing else does: not the garbage of a first
// iteration.
func TestWorkingSet(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	b := Benchmark{Name: "BenchmarkGet", Func: "p.BenchmarkGet", Pos: "p_test.go:1:1", B: "b"}
	summary := func(class manifest.OpClass, untimed string, first ...string) *analyzer.Summary {
		s := &analyzer.Summary{
			Name:       "p.BenchmarkGet",
			CPU:        []analyzer.OpCount{{Class: class, Count: expr.MustParse("b.N")}},
			AllocCount: expr.Const(0), AllocBytes: expr.Const(0), RetainOut: expr.Const(0), RetainHeld: expr.Const(0),
		}
		// first: the bytes the first iteration allocates, and what of
		// them it keeps.
		if len(first) == 2 {
			s.AllocBytes, s.RetainHeld = expr.MustParse(first[0]), expr.MustParse(first[1])
		}
		if untimed != "" {
			u := expr.MustParse(untimed)
			s.UntimedBytes = &u
		}
		return s
	}
	ns := func(s *analyzer.Summary) float64 {
		t.Helper()
		pr, err := Evaluate(p, b, s, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		return pr.NsPerOp
	}
	const ws = 64 << 20
	// A map operation pays the misses of a random access, overlapped
	// with those of the next independent ones (memory.random_overlap).
	miss := p.MissCycles(ws) * p.NSPerCycle() / p.Memory.RandomOverlap
	if miss <= 0 {
		t.Fatalf("MissCycles(64 MiB) = %g on %s", miss, p.Name)
	}
	for _, tc := range []struct {
		name  string
		class manifest.OpClass
		setup string
		extra float64  // ns/op beyond the in-cache cost
		first []string // bytes allocated and kept by the first iteration
	}{
		{"map read, no setup", manifest.OpMapRead, "", 0, nil},
		{"map read, 64 MiB built before the loop", manifest.OpMapRead, "67108864", miss, nil},
		// Rebuilt at every iteration: one iteration's worth is live.
		{"map read, 64 MiB rebuilt per iteration", manifest.OpMapRead, "67108864*b.N", miss, nil},
		{"map write, 64 MiB", manifest.OpMapWrite, "67108864", miss, nil},
		{"plain loads, 64 MiB", manifest.OpLoad, "67108864", 0, nil},
		// A first iteration that builds a structure it keeps (inserts
		// replayed by the later iterations) makes it live; one that
		// only makes garbage (a drain copying what remains) does not.
		{"map read, 64 MiB kept by the first iteration", manifest.OpMapRead, "", miss, []string{"67108864*min(1, b.N)", "67108864*min(1, b.N)"}},
		{"map read, 64 MiB of garbage in the first iteration", manifest.OpMapRead, "", 0, []string{"67108864*min(1, b.N)", "0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inCache := ns(summary(tc.class, ""))
			got := ns(summary(tc.class, tc.setup, tc.first...))
			// GC is not involved: nothing is allocated per operation
			// (but what a first iteration allocates, collected over
			// the run with the heap it keeps live, costs a little:
			// within 10% of a miss).
			tol := 1e-9 * max(1, tc.extra)
			if tc.first != nil {
				tol = 0.1 * miss
			}
			if d := got - inCache; math.Abs(d-tc.extra) > tol {
				t.Errorf("extra ns/op = %g, want %g", d, tc.extra)
			}
		})
	}
}

// TestOnce checks a benchmark whose timed code ignores b.N: go test ends at
// b.N = 1e9 with the one call's cost spread over it, and one that only
// passes b on is not taken for it.
func TestOnce(t *testing.T) {
	res := benchResult(t)
	var once *Prediction
	for i := range res.Predictions {
		if res.Predictions[i].Name == "BenchmarkSumOnce" {
			once = &res.Predictions[i]
		}
	}
	if once == nil {
		t.Fatal("BenchmarkSumOnce not predicted")
	}
	if !once.Once || once.N != 1e9 {
		t.Errorf("BenchmarkSumOnce: Once %v, b.N %d; want true, 1e9", once.Once, once.N)
	}
	if once.NsPerOp <= 0 || once.NsPerOp > 1e-3 {
		t.Errorf("BenchmarkSumOnce: %g ns/op, want a 1000-element sum (~µs) over 1e9", once.NsPerOp)
	}
	for _, p := range res.Predictions {
		if p.Once && p.Name != "BenchmarkSumOnce" {
			t.Errorf("%s: taken as running once per call", p.Name)
		}
	}
}

// TestPerOpInt checks that expected counts print as go test prints
// measured ones: the run's totals divided by b.N in integers (truncated),
// with whole numbers kept whole through floating-point error.
func TestPerOpInt(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{0.99744, 0}, // a key boxed unless below 256: go test prints 0
		{7.98, 7},
		{2.9999999999, 3},
		{199488.00000001, 199488},
		{199487.9999999, 199488},
		{1.5, 1},
		{0, 0},
	} {
		if got := perOpInt(tc.in); got != tc.want {
			t.Errorf("perOpInt(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestFreshMemory checks that a benchmark whose operations leave memory
// reachable pays the page faults of the heap growing into fresh pages —
// what it retains plus the garbage the pacer lets pile up on top (GOGC/100
// of it), at most what it allocates — and one that allocates garbage only
// pays none.
func TestFreshMemory(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	b := Benchmark{Name: "BenchmarkAdd", Func: "p.BenchmarkAdd", Pos: "p_test.go:1:1", B: "b"}
	for _, tc := range []struct {
		name          string
		bytes, retain string
		fresh         float64 // bytes per op faulted in
	}{
		// A node linked into a list per operation: all of it.
		{"list node", "32*b.N", "32*b.N", 32},
		// A growing slice: 2/ln 2 element sizes allocated, 1/ln 2
		// live; the old arrays are the garbage on top.
		{"growing slice", "46.166*b.N", "23.083*b.N", 46.166},
		// Mostly garbage: twice what stays.
		{"scratch and a little kept", "1000*b.N", "8*b.N", 16},
		{"garbage", "1000*b.N", "0", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &analyzer.Summary{
				Name:       b.Func,
				CPU:        []analyzer.OpCount{{Class: manifest.OpInt, Count: expr.MustParse("b.N")}},
				AllocCount: expr.MustParse("b.N"), AllocBytes: expr.MustParse(tc.bytes),
				RetainOut: expr.Const(0), RetainHeld: expr.MustParse(tc.retain),
			}
			pr, err := Evaluate(p, b, s, 1, 1)
			if err != nil {
				t.Fatal(err)
			}
			want := p.FreshMemoryNS(tc.fresh)
			if got := pr.ByClass["pagefault"]; math.Abs(got-want) > 1e-6*max(1, want) {
				t.Errorf("page faults %g ns/op, want %g (%g bytes)", got, want, tc.fresh)
			}
		})
	}
}

// TestModuleDeps checks that the packages a benchmarked package imports from
// its own module are analyzed (their work priced, not counted as calls
// only), and that their own benchmarks are not predicted unasked.
func TestModuleDeps(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{Dir: filepath.Join("testdata", "src", "moddeps"), Profile: p, Procs: 2}, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pr := range res.Predictions {
		names = append(names, pr.Name)
		// The setup, timed (no ResetTimer), adds its few allocations
		// over go test's b.N of millions.
		if pr.Name == "BenchmarkAdd" && math.Abs(pr.AllocsPerOp-1) > 1e-6 {
			t.Errorf("BenchmarkAdd: %v allocs/op, want 1 (work.Push's node)", pr.AllocsPerOp)
		}
	}
	if !reflect.DeepEqual(names, []string{"BenchmarkAdd"}) {
		t.Errorf("predicted %v, want [BenchmarkAdd] only", names)
	}
}

// TestLoopFloor checks that an iteration of the timed loop costs at least
// a cycle of the profile's clock, what its counter's increment takes.
func TestLoopFloor(t *testing.T) {
	res := benchResult(t)
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range res.Predictions {
		if pr.Name != "BenchmarkEmpty" {
			continue
		}
		if math.Abs(pr.NsPerOp-p.NSPerCycle()) > 1e-9 {
			t.Errorf("BenchmarkEmpty: %g ns/op, want one cycle, %g ns", pr.NsPerOp, p.NSPerCycle())
		}
		if pr.ByClass["loop"] <= 0 {
			t.Errorf("BenchmarkEmpty: no time under loop in %v", pr.ByClass)
		}
		return
	}
	t.Fatal("BenchmarkEmpty not predicted")
}

// TestOtherModuleDeps predicts a benchmark whose work is in a package of
// another module (testdata/mods: example.com/app's BenchmarkTotal sums a
// thousand ints in example.com/dep): the dependency is analyzed, so the
// loop is priced, not the call alone. A dependency whose tests need a
// module the build list lacks (example.com/untested) is left out without
// failing the load.
func TestOtherModuleDeps(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{Dir: filepath.Join("testdata", "mods", "app"), Profile: p, Procs: 2, Interp: true}, ".")
	if err != nil {
		t.Fatal(err)
	}
	ns := map[string]float64{}
	for _, pr := range res.Predictions {
		ns[pr.Name] = pr.NsPerOp
	}
	if len(ns) != 2 {
		t.Fatalf("predicted %v, want BenchmarkTotal and BenchmarkTwice", ns)
	}
	// A thousand additions take at least a thousand integer operations
	// at the profile's best throughput; the call alone is a few ns.
	floor := 1000 * p.OpNS(manifest.OpInt)
	if ns["BenchmarkTotal"] < floor {
		t.Errorf("BenchmarkTotal: %.4g ns/op, want at least %.4g (dep.Sum's loop)", ns["BenchmarkTotal"], floor)
	}
	if ns["BenchmarkTwice"] <= 0 {
		t.Errorf("BenchmarkTwice: %v ns/op", ns["BenchmarkTwice"])
	}
}

// TestTestOnlyModuleDeps predicts a comparison benchmark of another module
// (example.com/compare, required by testdata/mods/app) whose rival
// implementation is in a module only compare's tests import
// (example.com/rival: app's go.mod does not require it, so go will not
// list it by name): the rival is analyzed all the same, so its copy of the
// table is counted, and app's go.mod is left as it was.
func TestTestOnlyModuleDeps(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "mods", "app")
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for _, interp := range []bool{false, true} {
		res, err := Run(context.Background(), Config{Dir: dir, Profile: p, Procs: 2, Interp: interp}, "example.com/compare")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]Prediction{}
		for _, pr := range res.Predictions {
			got[pr.Name] = pr
		}
		if len(got) != 2 {
			t.Fatalf("interp %v: predicted %v, want BenchmarkSum/own and BenchmarkSum/rival", interp, slices.Collect(maps.Keys(got)))
		}
		own, rival := got["BenchmarkSum/own"], got["BenchmarkSum/rival"]
		if floor := 1000 * p.OpNS(manifest.OpInt); rival.NsPerOp < floor {
			t.Errorf("interp %v: BenchmarkSum/rival: %.4g ns/op, want at least %.4g (rival.Sum's loop)", interp, rival.NsPerOp, floor)
		}
		if !interp {
			// From summaries, the call through the table's field is
			// weighted over both implementations; the rival's copy
			// must reach it.
			if rival.AllocsPerOp <= 0 {
				t.Errorf("static: BenchmarkSum/rival: %v allocs/op, want rival.Sum's copy counted", rival.AllocsPerOp)
			}
			continue
		}
		if own.AllocsPerOp != 0 {
			t.Errorf("BenchmarkSum/own: %v allocs/op, want 0", own.AllocsPerOp)
		}
		if math.Abs(rival.AllocsPerOp-1) > 1e-6 || math.Abs(rival.BytesPerOp-8192) > 1e-6 {
			t.Errorf("BenchmarkSum/rival: %v allocs/op, %v B/op, want 1 and 8192 (rival.Sum's copy of 1000 ints)", rival.AllocsPerOp, rival.BytesPerOp)
		}
	}
	after, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after, gomod) {
		t.Errorf("go.mod changed:\n%s", after)
	}
}
