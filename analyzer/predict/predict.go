package predict

import (
	"bufio"
	"context"
	"fmt"
	"go/token"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/analyzer/benchfmt"
	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Config controls a prediction run.
type Config struct {
	Dir     string              // directory of the packages' module; "" for the current one
	Profile *costmodel.Profile  // hardware to predict for (required)
	Bench   *regexp.Regexp      // benchmarks to predict, matched as go test -bench does; nil for all
	Oracle  analyzer.HeapOracle // heap decisions; nil for gc's (see NoEscape)
	// NoEscape skips compiling the packages with gc's escape and inlining
	// logs (analyzer/escape) and guesses allocations from SSA alone. By
	// default, when Oracle is nil, the packages and their test variants
	// (the _test.go files, where benchmark loops live, and external test
	// packages) are compiled and gc's decisions are used.
	NoEscape bool
	// Procs is the GOMAXPROCS the benchmarks run with (a RunParallel body
	// is spread over that many goroutines); 0 means runtime.GOMAXPROCS(0)
	// of this process, as go test on this host would use.
	Procs int
	// BenchTime is the target duration of the run whose b.N the predicted
	// per-operation figures are averaged over (go test's -benchtime);
	// 0 means one second.
	BenchTime float64
	// Interp runs each benchmark's code on its inputs (analyzer/interp)
	// and prices what it executed; a benchmark it cannot run keeps the
	// prediction from its summary (interpret.go).
	Interp bool
	// Progress, if set, receives progress lines.
	Progress func(format string, args ...any)
}

// Prediction is the predicted result of one benchmark.
type Prediction struct {
	Benchmark
	N           int64   // the b.N go test would settle on, from the predicted time
	NsPerOp     float64 // CPU time per operation on the profile, GC included
	BytesPerOp  float64 // heap bytes per operation
	AllocsPerOp float64 // heap objects per operation
	MBPerSec    float64 // from SetBytes; 0 when the benchmark does not set bytes
	// ByClass is NsPerOp split by where the time goes: operation classes,
	// "malloc", "io" (CPU side), "cachemiss" (the map operations' misses
	// in the setup's working set) and "gc".
	ByClass    map[string]float64
	Confidence manifest.Confidence
	Notes      []string // why the prediction may be off
}

// Skipped is a benchmark that could not be predicted, with the reason.
type Skipped struct {
	Key    string
	Reason string
}

// Result is the outcome of Run.
type Result struct {
	GOOS, GOARCH, CPU string
	Predictions       []Prediction // sorted by package, then source order
	Skipped           []Skipped    // sorted by Key
	Problems          []analyzer.Problem
	Modules           map[string]string // module path of each package with benchmarks
	// Interpreted gives, with Config.Interp, for each benchmark key
	// whether its prediction comes from running it ("") or why not.
	Interpreted map[string]string
}

// Run analyzes the packages matching patterns with their tests and predicts
// every benchmark in them.
func Run(ctx context.Context, cfg Config, patterns ...string) (*Result, error) {
	if cfg.Profile == nil {
		return nil, fmt.Errorf("predict: no hardware profile")
	}
	var benches []Benchmark
	modules := map[string]string{}
	dl, err := withModuleDeps(ctx, cfg.Dir, patterns)
	if err != nil {
		return nil, err
	}
	defer dl.cleanup()
	patterns, roots := dl.patterns, dl.roots
	inspect := func(p *packages.Package, fns []*ssa.Function) {
		if !strings.Contains(p.ID, " [") && !hasTestFiles(p) {
			return
		}
		if !roots[strings.TrimSuffix(p.PkgPath, "_test")] {
			return // a dependency analyzed for its costs: its benchmarks were not asked for
		}
		root := ""
		if p.Module != nil {
			root = p.Module.Dir
		}
		if p.Module != nil {
			modules[strings.TrimSuffix(p.PkgPath, "_test")] = p.Module.Path
		}
		rel := func(pos token.Position) string {
			name := pos.Filename
			if r, err := filepath.Rel(root, name); err == nil && root != "" && !strings.HasPrefix(r, "..") {
				name = filepath.ToSlash(r)
			}
			return fmt.Sprintf("%s:%d:%d", name, pos.Line, pos.Column)
		}
		for _, b := range Discover(p, fns, rel) {
			if cfg.Bench == nil || matchBench(cfg.Bench, b.Name) {
				benches = append(benches, b)
			}
		}
	}
	res, err := analyzer.Analyze(ctx, analyzer.Config{
		Dir: cfg.Dir, BuildFlags: dl.flags, Tests: true, Oracle: cfg.Oracle, UseCompiler: cfg.Oracle == nil && !cfg.NoEscape,
		Progress: cfg.Progress, Inspect: inspect, Generator: "perfcast predict", Interp: cfg.Interp,
	}, patterns...)
	if err != nil {
		return nil, err
	}
	sums := map[string]*analyzer.Summary{}
	for _, s := range res.Summaries {
		sums[s.Name] = s
	}
	out := &Result{GOOS: res.Manifest.Build.GOOS, GOARCH: res.Manifest.Build.GOARCH, CPU: cpuLine(cfg.Profile), Problems: res.Problems, Modules: modules}
	if out.GOOS == "" {
		out.GOOS, out.GOARCH = runtime.GOOS, runtime.GOARCH
	}
	var it *interpreter
	if cfg.Interp && res.Program != nil {
		it = &interpreter{res: res, sizes: res.Sizes, runs: map[*ssa.Package]*interpRun{}, procs: cfg.Procs}
		out.Interpreted = map[string]string{}
		defer it.start()()
	}
	for _, b := range benches {
		if b.Reason != "" {
			out.Skipped = append(out.Skipped, Skipped{b.Key(), b.Reason})
			continue
		}
		sum := sums[b.Func]
		if sum == nil {
			out.Skipped = append(out.Skipped, Skipped{b.Key(), "no summary for " + b.Func})
			continue
		}
		b.Env = capturedSizes(b, sums)
		b.Env = objectSizes(b, b.Env, sums)
		b.Env = dispatchSizes(b, b.Env, sum)
		if it != nil {
			ib := b
			var isum *analyzer.Summary
			var err error
			if isum, ib.LiveGrowth, err = it.run(b, sum); err != nil {
				out.Interpreted[b.Key()] = err.Error()
			} else if p, err := Evaluate(cfg.Profile, ib, isum, cfg.BenchTime, cfg.Procs); err != nil {
				out.Interpreted[b.Key()] = err.Error()
			} else {
				out.Interpreted[b.Key()] = ""
				out.Predictions = append(out.Predictions, p)
				continue
			}
		}
		p, err := Evaluate(cfg.Profile, b, sum, cfg.BenchTime, cfg.Procs)
		if err != nil {
			out.Skipped = append(out.Skipped, Skipped{b.Key(), err.Error()})
			continue
		}
		out.Predictions = append(out.Predictions, p)
	}
	if it != nil && cfg.Progress != nil {
		cfg.Progress("interpreted %d of %d benchmarks (the others predicted from their summaries)", interpretedCount(out.Interpreted), len(out.Interpreted))
	}
	// Benchmarks of packages that failed to load are not silently lost.
	for _, pr := range res.Problems {
		if pr.Function == "" && strings.HasPrefix(pr.Err, "skipped") && roots[strings.TrimSuffix(pr.Package, "_test")] {
			out.Skipped = append(out.Skipped, Skipped{pr.Package + ".*", pr.Err})
		}
	}
	sort.SliceStable(out.Predictions, func(i, j int) bool { return out.Predictions[i].Pkg < out.Predictions[j].Pkg })
	sort.Slice(out.Skipped, func(i, j int) bool { return out.Skipped[i].Key < out.Skipped[j].Key })
	return out, nil
}

// interpretedCount is how many benchmarks' predictions came from a run.
func interpretedCount(m map[string]string) int {
	n := 0
	for _, why := range m {
		if why == "" {
			n++
		}
	}
	return n
}

// capturedSizes adds to b.Env the sizes of the objects a b.Run closure
// captures from the function that creates it (a set the benchmark built
// before its sub-benchmarks time operations on it), as the analyzer
// recorded them in that function's summary (Summary.Captured), where they
// evaluate to numbers in b.Env. Sizes discovery already knows are kept.
func capturedSizes(b Benchmark, sums map[string]*analyzer.Summary) map[string]float64 {
	i := strings.LastIndex(b.Func, "$")
	if i < 0 {
		return b.Env
	}
	parent := sums[b.Func[:i]]
	if parent == nil {
		return b.Env
	}
	var env map[string]float64
	for _, c := range parent.Captured {
		if c.Closure != b.Func {
			continue
		}
		if _, ok := b.Env[c.Var]; ok {
			continue
		}
		v, err := c.Value.Eval(func(name string) (float64, bool) {
			v, ok := b.Env[name]
			return v, ok
		})
		if err != nil {
			continue
		}
		if env == nil {
			env = make(map[string]float64, len(b.Env)+1)
			for k, x := range b.Env {
				env[k] = x
			}
		}
		env[c.Var] = v
	}
	if env == nil {
		return b.Env
	}
	return env
}

func hasTestFiles(p *packages.Package) bool {
	for _, f := range p.GoFiles {
		if strings.HasSuffix(f, "_test.go") {
			return true
		}
	}
	return false
}

// matchBench matches a benchmark name against a -bench pattern the way go
// test does for the common case: the pattern is split at slashes and each
// part matches the corresponding level of the name.
func matchBench(re *regexp.Regexp, name string) bool {
	pats := splitRegexp(re.String())
	parts := strings.Split(name, "/")
	for i, p := range pats {
		if i >= len(parts) {
			return true
		}
		r, err := regexp.Compile(p)
		if err != nil {
			return re.MatchString(name)
		}
		if !r.MatchString(parts[i]) {
			return false
		}
	}
	return true
}

// splitRegexp splits a -bench pattern at slashes outside brackets and
// parentheses, as testing does.
func splitRegexp(s string) []string {
	var out []string
	depth, cs := 0, 0
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			cs++
		case ']':
			if cs > 0 {
				cs--
			}
		case '(':
			if cs == 0 {
				depth++
			}
		case ')':
			if cs == 0 && depth > 0 {
				depth--
			}
		case '\\':
			i++
		case '/':
			if depth == 0 && cs == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// gogc is the GOGC go test runs benchmarks with: the default.
const gogc = 100

// probeN is the b.N at which the per-operation time is first estimated.
const probeN = 1000

// Evaluate predicts one benchmark from the summary of the function holding
// its timed loop. The cost per operation is the change of the summary's
// cost per unit of b.N, taken between the b.N go test would run for
// benchTime seconds (1 if 0) and twice that.
func Evaluate(p *costmodel.Profile, b Benchmark, sum *analyzer.Summary, benchTime float64, procs int) (Prediction, error) {
	if benchTime <= 0 {
		benchTime = 1
	}
	nVar := b.B + ".N"
	f := sum.Function(b.Pos, nil)
	if !usesVar(f, nVar) {
		if b.Once {
			return evaluateOnce(p, b, sum, &f, benchTime)
		}
		return Prediction{}, fmt.Errorf("no canonical timed loop (`for i := 0; i < %s; i++` or `for %s.Loop()`) in %s", nVar, b.B, b.Func)
	}
	// at evaluates the summary at b.N = n with random accesses into a
	// working set of ws bytes (0: in cache).
	at := func(n, ws float64) (costmodel.Cost, error) {
		return p.EvaluateWorkingSet(&f, func(name string) (float64, bool) {
			if name == nVar {
				return n, true
			}
			v, ok := b.Env[name]
			return v, ok
		}, ws)
	}
	// bytesAt evaluates a byte count of the summary at b.N = n.
	bytesAt := func(e expr.Expr, what string, n float64) (float64, error) {
		x, err := e.Eval(func(name string) (float64, bool) {
			if name == nVar {
				return n, true
			}
			if v, ok := b.Env[name]; ok {
				return v, true
			}
			for _, v := range f.Vars {
				if v.Name == name {
					return v.Default, true
				}
			}
			return 0, false
		})
		if err != nil {
			return 0, fmt.Errorf("%s: %s: %w", f.Name, what, err)
		}
		return x, nil
	}
	// retained is the heap the function holding the timed loop keeps
	// reachable while it runs, at b.N = n.
	retained := func(n float64) (float64, error) { return bytesAt(sum.RetainHeld, "retained bytes", n) }
	// untimed is the heap the benchmark builds with its timer stopped
	// (setup between b.StopTimer and b.StartTimer) that is live while
	// the timed operations run: all of what it allocates before the
	// timed loop, and one iteration's worth of what it allocates inside
	// (rebuilt at each iteration, the previous one garbage).
	untimed := func(n float64) (float64, error) {
		if sum.UntimedBytes == nil {
			return 0, nil
		}
		u1, err := bytesAt(*sum.UntimedBytes, "untimed bytes", n)
		if err != nil {
			return 0, err
		}
		u2, err := bytesAt(*sum.UntimedBytes, "untimed bytes", 2*n)
		if err != nil {
			return 0, err
		}
		perIter := max(u2-u1, 0) / n
		return max(u1-perIter*n, 0) + perIter, nil
	}
	// The difference between two runs, b.N = n and 2n, is n operations:
	// setup cancels out (and b.N = 0 is avoided, where expressions such as
	// a division by a loop count are undefined).
	var byClass map[string]float64
	// ws is the working set the last perOp charged misses for; the
	// setup extrapolation and go test's per-op figure below use the same.
	var ws float64
	// wsBase is the live heap setup leaves (perOp sets it); wsAt adds
	// what a map the timed loop fills holds halfway through a run of n
	// operations (Benchmark.LiveGrowth): its accesses land in a table
	// that grows from nothing to n keys.
	var wsBase float64
	wsAt := func(n float64) float64 { return wsBase + b.LiveGrowth*n/2 }
	atWS := func(n float64) (costmodel.Cost, error) { return at(n, wsAt(n)) }
	// cn and c2n are the costs at b.N = n and 2n the last perOp took,
	// with misses in the working set ws.
	var cn, c2n costmodel.Cost
	perOp := func(n float64) (ns, bytes, allocs, setupBytes float64, err error) {
		c1, err := at(n, 0)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		c2, err := at(2*n, 0)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		bytes = (c2.AllocBytes - c1.AllocBytes) / n
		allocs = (c2.AllocCount - c1.AllocCount) / n
		setupBytes = max(c1.AllocBytes-n*bytes, 0)
		r1, err := retained(n)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		r2, err := retained(2 * n)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		// A map the interpreted run saw grow by a key per operation
		// keeps what it holds: at least that is left reachable.
		keep := max((r2-r1)/n, 0, b.LiveGrowth)
		// Of what the timed loop's first iteration allocates beyond
		// the others (c1 − n·bytes − the setup alone), only what it
		// keeps reachable is live heap: a structure it builds, not the
		// garbage of a drain's first pass (a removal copying the rest
		// of a list each time). The setup alone is the limit of the
		// allocations as b.N goes to 0; where it has none, all counts.
		if s0, ok := setupAlone(func(x float64) (float64, error) {
			c, err := at(x, 0)
			return c.AllocBytes, err
		}, c1.AllocBytes); ok && setupBytes > s0 {
			setupBytes = s0 + min(setupBytes-s0, max(r1-n*keep, 0))
		}
		u, err := untimed(n)
		if err != nil {
			return 0, 0, 0, 0, err
		}
		setupBytes += u
		// The timed operations' random accesses land in the live heap
		// at the start of the timed loop: what setup allocated (taken
		// as live, as the GC model does), including the untimed setup
		// go test does not measure. It changes only the operations'
		// cost, not the allocations. What the loop itself retains is
		// left out (the analyzer's retention takes every key as new:
		// an upper bound for a loop rewriting the same keys) unless
		// the interpreted run saw a map grow by a key per operation
		// (LiveGrowth); then the working set grows with b.N, which go
		// test's ramp and this function's follow.
		wsBase = setupBytes
		ws = wsAt(n)
		if c1, err = at(n, ws); err != nil {
			return 0, 0, 0, 0, err
		}
		if c2, err = at(2*n, ws); err != nil {
			return 0, 0, 0, 0, err
		}
		ns = (c2.CPU.NS - c1.CPU.NS) / n
		// Garbage collection over the run of n operations: paced by
		// this benchmark's allocation rate, with what setup allocated
		// live from the start and what each operation leaves reachable
		// (a structure the timed loop grows) added as it goes.
		gc := p.GCRun(n, allocs, bytes, keep, setupBytes, gogc) / n
		ns += gc
		// A heap that grows over the run grows into memory the process
		// has never touched, a page fault per page: what the operations
		// leave reachable, plus the garbage the pacer lets pile up on
		// top of the live heap before it collects (up to GOGC/100 of
		// it: a growing slice's old arrays), at most what they
		// allocate. A heap that does not grow recycles its pages once
		// the first collections have run, in go test's earlier rounds.
		fault := p.FreshMemoryNS(min(bytes, keep*(1+gogc/100)))
		ns += fault
		byClass = map[string]float64{"gc": gc}
		if fault > 0 {
			byClass["pagefault"] = fault
		}
		for c, v := range c2.ByClass {
			byClass[c] = (v - c1.ByClass[c]) / n
		}
		cn, c2n = c1, c2
		return ns, bytes, allocs, setupBytes, nil
	}
	ns, _, _, _, err := perOp(probeN)
	if err != nil {
		return Prediction{}, err
	}
	tl, err := newTimedLoop(atWS, b.SetupTimed)
	if err != nil {
		return Prediction{}, err
	}
	// extraGC is the garbage collection the allocations of a run of n
	// iterations cost beyond those of n steady operations (diffBytes
	// each, which perOp's GC covers): the first iteration's garbage (a
	// drain's first pass copying the rest of a list at each removal),
	// with the setup's heap live (ws). c is the cost at b.N = n.
	diffBytes := (c2n.AllocBytes - cn.AllocBytes) / probeN
	extraGC := func(c costmodel.Cost, n float64) float64 {
		if !tl.ok[1] {
			return 0
		}
		x := c.AllocBytes - tl.setup[1] - n*diffBytes
		if math.IsNaN(x) || math.IsInf(x, 0) || x <= 0 {
			return 0
		}
		return p.GCCPU(x, ws, gogc)
	}
	first := tl.first(0)
	n := testingN(benchTime*1e9-first, ns)
	if first >= benchTime*1e9 {
		n = 1
	}
	if tl.ok[0] {
		// Where the setup is known, go test's own ramp over the time a
		// run of b.N iterations takes, C(b.N) − C(0): the first
		// iteration's extra and any cost that changes with b.N (a
		// structure drained over several iterations, or grown) decide
		// b.N as they do for go test, and b.N decides how much of the
		// first iteration the figure carries. Garbage collection and
		// page faults, per op at the probe, are added per iteration.
		diff := (c2n.CPU.NS - cn.CPU.NS) / probeN
		extra := max(0, ns-diff)
		scale := 1.0
		if b.Parallel {
			scale = 1 / float64(parallelProcs(procs))
		}
		if rn, ok := rampN(benchTime*1e9, func(n int64) (float64, bool) {
			c, err := atWS(float64(n))
			if err != nil || math.IsNaN(c.CPU.NS) || math.IsInf(c.CPU.NS, 0) {
				return 0, false
			}
			return scale * (max(0, c.CPU.NS-tl.setup[0]) + extra*float64(n) + extraGC(c, float64(n))), true
		}); ok {
			n = rn
		}
	}
	probeWS := ws
	ns, bytes, allocs, _, err := perOp(float64(n))
	if err != nil {
		return Prediction{}, err
	}
	if ws != probeWS {
		// The live heap at go test's b.N differs from the probe's
		// (setup rebuilt per iteration): the setup again, with it.
		if tl, err = newTimedLoop(atWS, b.SetupTimed); err != nil {
			return Prediction{}, err
		}
	}
	// Where the setup is known, go test's own figure, what the n
	// iterations cost over n: the first iteration's extra, and the mean
	// of a cost that grows with the iterations (a structure the loop
	// grows), which the difference between n and 2n takes at 1.5·n.
	ns = tl.perOp(0, ns, cn.CPU.NS, c2n.CPU.NS, float64(n))
	if tl.ok[0] {
		// The classes the same way, so that -explain shows where a
		// first iteration that go test divides by a small b.N goes.
		if err := tl.classes(atWS, byClass, cn, c2n, float64(n)); err != nil {
			return Prediction{}, err
		}
	}
	if gc := extraGC(cn, float64(n)) / float64(n); gc > 0 && tl.ok[0] {
		ns += gc
		byClass["gc"] += gc
	}
	bytes = tl.perOp(1, bytes, cn.AllocBytes, c2n.AllocBytes, float64(n))
	allocs = tl.perOp(2, allocs, cn.AllocCount, c2n.AllocCount, float64(n))
	if floor := p.NSPerCycle(); ns < floor && ns > 0 {
		// An iteration of the timed loop takes at least a cycle: its
		// counter's increment is a dependency chain from one iteration
		// to the next, one cycle of latency each, however little the
		// body left by gc's inlining and dead-code elimination does.
		byClass["loop"] += floor - ns
		ns = floor
	}
	if b.Parallel {
		// pb.N is one goroutine's share; go test reports wall time over
		// the b.N iterations of all GOMAXPROCS goroutines.
		ns /= float64(parallelProcs(procs))
	}
	pr := Prediction{
		Benchmark: b, N: n,
		NsPerOp: ns, BytesPerOp: math.Max(bytes, 0), AllocsPerOp: math.Max(allocs, 0), ByClass: byClass,
		Confidence: sum.Confidence, Notes: sum.Notes,
	}
	if b.SetBytes > 0 && ns > 0 {
		pr.MBPerSec = b.SetBytes / ns * 1e3
	}
	return pr, nil
}

// timedLoop is what the timed loop costs beyond the difference between
// runs of n and 2n iterations, per component (0: CPU ns, 1: heap bytes,
// 2: allocations). That difference cancels setup, and with it what only
// the first iteration does (a loop emptying a structure setup built:
// later iterations find it empty), and it takes a cost that grows with
// the iterations (a structure the loop grows) at 1.5·n rather than its
// mean over n. go test reports what the n iterations cost over n: the
// first iteration divided by the b.N it ends with (all of it at b.N = 1),
// the growth at its mean. Both follow from C(0), the setup alone: the
// limit of the cost as b.N goes to 0, extrapolated from 1e-6 and 2e-6; a
// cost that moves by more than 1e-3 of the first iteration's between
// them (a division by b.N, a log of it) has no usable limit, and keeps
// the difference.
type timedLoop struct {
	setup [3]float64
	ok    [3]bool
	timed bool       // the setup is measured: C(0) counts as 0 (newTimedLoop)
	c1    [3]float64 // C(1)
	c2    [3]float64 // C(2)
}

// newTimedLoop evaluates the costs at at. timed is set for a benchmark
// that never resets or stops its timer (Benchmark.SetupTimed): testing
// times the whole call of the benchmark function, so a run of b.N
// iterations costs C(b.N) with the setup, which then weighs on the ramp
// (a setup outlasting the bench time ends it at b.N = 1) and is divided by
// b.N in ns/op, B/op and allocs/op, as go test reports them; the setup
// then counts as 0, only where it is known (ok): elsewhere the difference
// stays.
func newTimedLoop(at func(float64) (costmodel.Cost, error), timed bool) (timedLoop, error) {
	tl := timedLoop{timed: timed}
	var v [4][3]float64
	for i, n := range []float64{1e-6, 2e-6, 1, 2} {
		c, err := at(n)
		if err != nil {
			return tl, err
		}
		v[i] = [3]float64{c.CPU.NS, c.AllocBytes, c.AllocCount}
	}
	for k := range 3 {
		tl.c1[k], tl.c2[k] = v[2][k], v[3][k]
		finite := true
		for i := range v {
			if math.IsNaN(v[i][k]) || math.IsInf(v[i][k], 0) {
				finite = false
			}
		}
		if !finite {
			continue
		}
		tl.setup[k], tl.ok[k] = zeroLimit(v[0][k], v[1][k], v[2][k])
		if timed {
			tl.setup[k] = 0
		}
	}
	return tl, nil
}

// setupAlone is the limit as b.N goes to 0 of a cost f of b.N (at is
// its value at the b.N of interest), extrapolated from 1e-6 and 2e-6 as
// newTimedLoop does; ok false where it has no usable limit there.
func setupAlone(f func(float64) (float64, error), at float64) (float64, bool) {
	a, err1 := f(1e-6)
	b, err2 := f(2e-6)
	if err1 != nil || err2 != nil || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return 0, false
	}
	return zeroLimit(a, b, at)
}

// zeroLimit extrapolates a cost to b.N = 0 from its values a at 1e-6 and b
// at 2e-6; at is its value at the b.N of interest. ok is false where the
// cost moves by more than 1e-3 of at − a between the two (a division by
// b.N, a log of it) or the limit falls outside [0, at].
func zeroLimit(a, b, at float64) (float64, bool) {
	s := 2*a - b
	if s < 0 && -s <= 1e-6*math.Abs(at-a) {
		s = 0 // rounding: a cost quadratic in b.N from nothing (a copy of what setup sized by b.N)
	}
	if math.Abs(b-a) > 1e-3*math.Abs(at-a) || s < 0 || s > at {
		return 0, false
	}
	return s, true
}

// classes replaces, in byClass, each operation class's difference part
// (from cn and c2n, the costs at b.N = n and 2n) with (C(n) − C(0))/n, as
// perOp does for the total, C(0) extrapolated per class; a class without
// a usable limit keeps its difference.
func (tl timedLoop) classes(at func(float64) (costmodel.Cost, error), byClass map[string]float64, cn, c2n costmodel.Cost, n float64) error {
	a, err := at(1e-6)
	if err != nil {
		return err
	}
	b, err := at(2e-6)
	if err != nil {
		return err
	}
	for c, v := range cn.ByClass {
		setup, ok := zeroLimit(a.ByClass[c], b.ByClass[c], v)
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		if tl.timed {
			setup = 0
		}
		byClass[c] += -(c2n.ByClass[c]-v)/n + math.Max(0, v-setup)/n
	}
	return nil
}

// first is what the first iteration costs beyond the second, for
// component k: C(1) − C(0) − (C(2) − C(1)); 0 where the setup is unknown.
func (tl timedLoop) first(k int) float64 {
	if !tl.ok[k] {
		return 0
	}
	return math.Max(0, (tl.c1[k]-tl.setup[k])-(tl.c2[k]-tl.c1[k]))
}

// perOp is component k per operation at b.N = n, as go test reports it:
// diff, the per-op figure from the difference between n and 2n (cn and
// c2n are the costs there; diff may add what the difference does not
// see, garbage collection), with its difference part replaced by
// (C(n) − C(0))/n where the setup is known.
func (tl timedLoop) perOp(k int, diff, cn, c2n, n float64) float64 {
	if !tl.ok[k] || n <= 0 {
		return diff
	}
	return diff - (c2n-cn)/n + math.Max(0, cn-tl.setup[k])/n
}

// evaluateOnce predicts a benchmark whose timed code runs once per call
// whatever b.N is (Benchmark.Once): go test multiplies b.N by up to 100 per
// round while the run lasts less than the bench time, so it ends at its cap
// of 1e9 with the one call's time spread over it — or at b.N = 1 when that
// call alone outlasts the bench time.
func evaluateOnce(p *costmodel.Profile, b Benchmark, sum *analyzer.Summary, f *manifest.Function, benchTime float64) (Prediction, error) {
	c, err := p.Evaluate(f, func(name string) (float64, bool) {
		v, ok := b.Env[name]
		return v, ok
	})
	if err != nil {
		return Prediction{}, err
	}
	n := int64(1e9)
	if c.CPU.NS >= benchTime*1e9 {
		n = 1
	}
	pr := Prediction{
		Benchmark: b, N: n,
		NsPerOp: c.CPU.NS / float64(n), BytesPerOp: c.AllocBytes / float64(n), AllocsPerOp: c.AllocCount / float64(n),
		ByClass:    map[string]float64{},
		Confidence: sum.Confidence,
		Notes:      append([]string{"no timed loop: the timed code runs once per call, over go test's final b.N"}, sum.Notes...),
	}
	for k, v := range c.ByClass {
		pr.ByClass[k] = v / float64(n)
	}
	if b.SetBytes > 0 && pr.NsPerOp > 0 {
		pr.MBPerSec = b.SetBytes / pr.NsPerOp * 1e3
	}
	return pr, nil
}

// parallelProcs is the number of goroutines b.RunParallel runs its body
// on: GOMAXPROCS, procs when given.
func parallelProcs(procs int) int {
	if procs <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return procs
}

// rampN is the b.N go test ends with (testing.B.launch, -benchtime a
// duration; b.Loop's stopOrScaleBLoop applies the same predictN to the
// iterations so far, within one call) for a benchmark whose run of n
// iterations takes run(n) ns:
// a first run at b.N = 1, then runs at the b.N predictN derives from the
// last one's b.N and duration, until a run lasts goalNS or b.N reaches
// 1e9. A first iteration that alone outlasts goalNS ends it at 1; one
// that takes part of it leaves the rest to the others, which go test
// then runs in numbers the first iteration's share makes smaller. ok is
// false when run fails.
func rampN(goalNS float64, run func(n int64) (float64, bool)) (n int64, ok bool) {
	n = 1
	d, ok := run(1)
	for ok && d < goalNS && n < 1e9 {
		n = predictN(goalNS, n, d)
		d, ok = run(n)
	}
	return n, ok
}

// predictN is testing's predictN: the next b.N from the last run's b.N
// prev and its duration prevNS (whole nanoseconds, at least 1), 1.2 times
// what would fill goalNS at the same rate, at most 100 times prev, at
// least prev+1, at most 1e9.
func predictN(goalNS float64, prev int64, prevNS float64) int64 {
	prevNS = max(1, math.Floor(prevNS))
	x := math.Floor(math.Floor(goalNS) * float64(prev) / prevNS)
	x += math.Floor(x / 5)
	x = min(x, 100*float64(prev))
	x = max(x, float64(prev+1))
	return int64(min(x, 1e9))
}

// testingN is the b.N go test ends with for a benchmark taking nsPerOp,
// run for targetNS: testing grows N until the run lasts the target time,
// capped at 1e9.
func testingN(targetNS, nsPerOp float64) int64 {
	if nsPerOp <= 0 {
		return 1e9
	}
	n := targetNS / nsPerOp
	return int64(math.Max(1, math.Min(n, 1e9)))
}

func usesVar(f manifest.Function, name string) bool {
	for _, e := range f.CPU {
		for _, v := range e.Vars() {
			if v == name {
				return true
			}
		}
	}
	for _, v := range append(f.Alloc.Count.Vars(), f.Alloc.Bytes.Vars()...) {
		if v == name {
			return true
		}
	}
	return false
}

// WriteExplain writes, for each prediction, where its time per operation
// goes: the operation classes (and malloc, gc) by predicted ns/op, largest
// first, with the notes that say why the prediction may be off.
func (r *Result) WriteExplain(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, p := range r.Predictions {
		fmt.Fprintf(bw, "%s: %.4g ns/op, %.4g B/op, %.4g allocs/op (%s)\n", p.Key(), p.NsPerOp, p.BytesPerOp, p.AllocsPerOp, p.Confidence)
		classes := make([]string, 0, len(p.ByClass))
		for c, v := range p.ByClass {
			if v > 0 {
				classes = append(classes, c)
			}
		}
		sort.Slice(classes, func(i, j int) bool {
			if a, b := p.ByClass[classes[i]], p.ByClass[classes[j]]; a != b {
				return a > b
			}
			return classes[i] < classes[j]
		})
		for _, c := range classes {
			v := p.ByClass[c]
			share := 0.0
			if p.NsPerOp > 0 {
				share = v / p.NsPerOp
			}
			fmt.Fprintf(bw, "  %-12s %12.4g ns/op  %5.1f%%\n", c, v, 100*share)
		}
		for _, n := range p.Notes {
			fmt.Fprintf(bw, "  note: %s\n", n)
		}
		if why := r.Interpreted[p.Key()]; why != "" {
			fmt.Fprintf(bw, "  note: not interpreted: %s\n", why)
		}
	}
	return bw.Flush()
}

// perOpInt is an expected count per operation as go test prints it:
// testing.BenchmarkResult divides the run's total allocations and bytes by
// b.N in integers, so 0.997 allocations per operation (a key boxed unless
// it is below 256) prints as 0. The tolerance keeps a whole number that
// floating-point arithmetic left just below itself (2.9999999) whole.
func perOpInt(x float64) float64 {
	return math.Floor(x + 1e-6*math.Max(1, math.Abs(x)))
}

// Results converts the predictions to benchmark results with the given
// GOMAXPROCS suffix (0 for runtime.GOMAXPROCS(0)); allocs/op and B/op are
// truncated to integers as go test prints them (perOpInt).
func (r *Result) Results(procs int) []benchfmt.Result {
	if procs <= 0 {
		procs = runtime.GOMAXPROCS(0)
	}
	out := make([]benchfmt.Result, 0, len(r.Predictions))
	for _, p := range r.Predictions {
		br := benchfmt.Result{
			Pkg: p.Pkg, Name: p.Name, Procs: procs, Iterations: p.N,
			NsPerOp: p.NsPerOp, BytesPerOp: perOpInt(p.BytesPerOp), AllocsOp: perOpInt(p.AllocsPerOp),
			Has: benchfmt.HasBytes | benchfmt.HasAllocs,
		}
		if p.MBPerSec > 0 {
			br.MBPerSec = p.MBPerSec
			br.Has |= benchfmt.HasMBPerSec
		}
		out = append(out, br)
	}
	return out
}

// WriteBench prints the predictions in Go benchmark format, with go test's
// header lines, so benchstat compares them with a measured run.
func (r *Result) WriteBench(w io.Writer, procs int) error {
	return benchfmt.Write(w, r.GOOS, r.GOARCH, r.CPU, r.Results(procs))
}

// WriteSkipped lists the benchmarks that could not be predicted, one per
// line with the reason.
func (r *Result) WriteSkipped(w io.Writer) error {
	for _, s := range r.Skipped {
		if _, err := fmt.Fprintf(w, "perfcast predict: cannot predict %s: %s\n", s.Key, s.Reason); err != nil {
			return err
		}
	}
	return nil
}

// Reasons maps each predicted benchmark's key to why it may be off (its
// summary's confidence and first notes), for accuracy reports.
func (r *Result) Reasons() map[string]string {
	out := map[string]string{}
	for _, p := range r.Predictions {
		if p.Confidence == manifest.Exact || p.Confidence == "" {
			continue
		}
		why := string(p.Confidence)
		if len(p.Notes) > 0 {
			why += ": " + p.Notes[0]
			if len(p.Notes) > 1 {
				why += fmt.Sprintf(" (+%d more)", len(p.Notes)-1)
			}
		}
		out[p.Pkg+"."+p.Name] = why
	}
	return out
}

// DefaultProfileName is the built-in profile used when no host profile has
// been calibrated.
const DefaultProfileName = "sapphirerapids"

// HostProfilePath is where a calibrated host profile is looked for:
// $PERFCAST_PROFILE if set, else <user config dir>/perfcast/host.yaml
// (write it there with `perfcast calibrate -o`).
func HostProfilePath() string {
	if p := os.Getenv("PERFCAST_PROFILE"); p != "" {
		return p
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "perfcast", "host.yaml")
}

// LoadProfile loads the profile named or stored in nameOrFile; "" selects
// the calibrated host profile if there is one (HostProfilePath), else the
// built-in DefaultProfileName.
func LoadProfile(nameOrFile string) (*costmodel.Profile, error) {
	if nameOrFile == "" {
		if hp := HostProfilePath(); hp != "" {
			if _, err := os.Stat(hp); err == nil {
				return costmodel.LoadProfile(hp)
			}
		}
		nameOrFile = DefaultProfileName
	}
	return costmodel.LoadProfile(nameOrFile)
}
