// Package predict owns perfcast's benchmark predictions: it finds every Go
// benchmark of a set of packages, as `go test -bench` would name and run it,
// and predicts its per-operation results (ns/op on a hardware profile, B/op
// and allocs/op) from the analyzer's summaries, before anything runs.
//
// The model. The analyzer gives the b.N loop of a benchmark a trip-count
// variable of its own: a classic `for i := 0; i < b.N; i++` is bounded by
// the field b.N of the *testing.B parameter, and `for b.Loop()` is given the
// same variable. The inclusive summary of the function holding the timed loop
// is then linear in b.N: its constant part is setup and the coefficient of
// b.N is the cost of one operation. testing starts the timer before it
// calls the benchmark function, so setup is measured unless the benchmark
// resets or stops the timer (ResetTimer, a StopTimer/StartTimer pair, or
// b.Loop, whose first call resets it): a benchmark whose code, with the
// functions and closures it calls statically (a factory's returned
// closure, `benchmarkGet(1)(b)`), never does (Benchmark.SetupTimed) has
// its setup counted, in the ramp of b.N (a setup outlasting the bench
// time ends it at 1) and divided by b.N in ns/op, B/op and allocs/op, as
// go test reports them; for the others it is left out. Sizes flow into that
// coefficient through the analyzer's argument binding (a helper called as
// benchmarkGet(b, list, 100)) and, for sub-benchmarks, from the enclosing
// benchmark's variables captured by the b.Run closure, which discovery
// evaluates: constants, table loops over composite literals, fmt.Sprintf
// names (discover.go).
//
// Interpreted runs (Config.Interp, perfcast predict -interp; interpret.go).
// A benchmark's inputs are usually constants, and what it does depends on
// them: the pattern a compiler parses, the keys a set is filled with, the
// error path a validation takes. Where the summary can only weigh branches
// by static odds and take unknown lengths at a default, the benchmark is
// run in analyzer/interp — go test's harness faked, b.N = 1, 2, 4, … until
// a few hundred thousand instructions are timed — and what ran is priced
// by analyzer.Pricer with the summaries' own rules: each block's
// operations, each allocation by gc's escape decisions and size classes,
// map growth, std calls by their summaries bound to the call's actual
// sizes (their allocations measured by the runtime's counters where the
// summary may allocate), mispredictions from a TAGE-like model of the
// branch predictor fed the run's outcomes. The difference between the last
// two runs is one operation's cost; the result is a summary linear in b.N
// that the rest of this package evaluates as any other. A timed loop that
// keeps a map key per operation is doubled on past those few hundred
// operations (up to 65536) while the map grows, and once more when it stops
// (a cache that fills: golang-lru's 8192 entries), so that the cost is the
// full structure's, evictions and all; a map still growing at the last
// run is live heap that grows with b.N (Benchmark.LiveGrowth: half of what
// its growth allocated), its accesses missing in a working set that grows
// over go test's run, its pages fresh memory. A native call's tiny objects
// count the bytes they fill of the tiny allocator's blocks, as they share
// blocks in go test's loop (interp's allocsBetween). A cost per operation
// that grows in proportion to b.N over five doublings (setup sized by b.N,
// an operation over all of it: a set of b.N keys copied out) is fitted as
// a run costing a·b.N + q·b.N² (quadFit), and go test's ramp over that
// settles b.N. A benchmark whose cost per operation otherwise changes with
// b.N (a structure the loop keeps growing), whose setup exceeds the interpreter's budget, or whose code it
// cannot run faithfully (goroutines, unsafe, reflection, std functions
// outside its registry) keeps the static prediction; Result.Interpreted
// says which and why (-explain prints it).
//
// Costs are evaluated with costmodel.Profile.EvaluateWorkingSet at two values of b.N
// and differenced, so amortized terms (a slice grown across iterations) are
// spread over a realistic iteration count, as testing spreads them. The
// difference cancels setup, and with it what only the first iteration
// does beyond the others: a loop that empties a structure setup filled
// (every later iteration finds it empty, the analyzer's drift); and it
// takes a cost that grows with the iterations (a structure the loop
// grows) at 1.5 times b.N rather than at its mean. go test reports what
// the n iterations cost over n, so where the setup alone, C(0), is known —
// the limit of the cost as b.N goes to 0, extrapolated from b.N = 1e-6 and
// 2e-6, and skipped where the cost has no clear limit there (a division by
// b.N, a log of it) — the per-op figure is (C(n) − C(0))/n, and b.N is the
// one go test's ramp ends with (rampN: testing's predictN replayed over
// the model's time for a run of b.N iterations, C(b.N) − C(0) plus the
// per-op GC and page faults): b.N = 1 when the first iteration alone
// outlasts the bench time, and a first iteration taking part of it
// leaves go test fewer cheap iterations to average it over (timedLoop).
// The garbage a run allocates beyond its steady operations (a drain's
// first pass copying the rest of a list at each removal) is collected
// within the run, with the setup's heap live. Garbage
// collection is charged per operation from the benchmark's allocation rate,
// with its setup allocations as the live heap — of what the timed loop's
// first iteration allocates beyond the others, only the part it keeps
// reachable (analyzer.Summary.RetainHeld: the nodes of keys it inserts
// and the later iterations find), not the garbage of a first pass over
// a structure it drains. That live heap is also the
// working set of the timed operations' random accesses (map operations:
// costmodel.RandomAccessClasses), which pay the cache misses of a working
// set that size (costmodel.Profile.MissCycles), and of their tree descents
// (costmodel.Profile.DescentMissCycles).
//
// Time and allocations between b.StopTimer and b.StartTimer are not in the
// measured costs (the analyzer tracks the timer state through the blocks),
// so setup inside the timed loop is excluded too; the heap that untimed
// setup builds (analyzer.Summary.UntimedBytes: before the loop, and one
// iteration's worth of what is rebuilt in it) counts in the live heap. A b.RunParallel body's
// `for pb.Next()` loop is bounded by "pb.N" and its time spread over
// GOMAXPROCS goroutines; interpreted, the body runs on one goroutine that
// takes every pb.Next, and the time is spread the same way (a lock the
// goroutines contend for is not priced).
//
// A benchmark that never reads b.N (nor calls b.Loop or b.RunParallel,
// nor passes b on) runs its timed code once per call: go test's b.N climbs
// to its cap of 1e9, and the call's cost is spread over it (b.N = 1 when the
// call alone outlasts the bench time), as go test reports it.
//
// Sub-benchmarks created through helpers. The common idiom builds the
// structures a sub-benchmark times in a helper — a closure `bench :=
// func(name string, n int, f func(a, b *Set) bool)` or a function taking b
// — called from table loops, with the operation passed as a function
// value. Two rules give each such sub-benchmark its own sizes and callee.
// (1) Objects: discovery records, per variable in scope, the call that
// built a structure (a package function, a method such as Clone, or a
// local constructor closure, with what it knows of the arguments: values,
// lengths, the range [0, n) of rand.Intn(n), other objects) and the calls
// it is passed to afterwards, in the order go test runs them — loops
// without b.Run replayed iteration by iteration, or once with their calls
// counted when too long, branches and unknown calls making the object
// unknown; what a sub-benchmark leaves in the variables it shares with
// later ones is what they see. Predict sizes each object from the
// constructor's Shape bound to the arguments, then applies the calls'
// Effects and Clobbers (objects.go); a size any step cannot bind stays
// unknown, and the analyzer's own Captured sizes take precedence. A call
// in a loop discovery cannot count (a sub-benchmark's b.N loop runs it any
// number of times) keeps the sizes that none, one and two runs of it
// leave alike — a grow-to the object already fits, a value set that does
// not depend on the object — and makes the others unknown (a capacity it
// may reallocate, a count it adds to).
// (2) Function values: a call through a function-typed parameter or
// captured variable weights each of its VTA targets by a variable of its
// own (analyzer.DispatchVar, default 1/n: the average); a caller passing a
// known function binds it in the analyzer, and predict sets it to 1 for
// the function discovery saw bound to the variable (Benchmark.Funcs) and
// 0 for the others.
//
// The packages analyzed are those the patterns match plus what they import,
// directly or not, outside std (withModuleDeps): a call into a package left
// out has no summary and would count as a call only. A package only another
// module's tests import (the rival implementations a comparison benchmark
// runs) is in the build but go will not list it by name, its module not
// being in the main module's go.mod: it is loaded through a temporary copy
// of go.mod that requires that module at the version the build already
// selected (go -modfile), never by writing the project's go.mod. Only the
// matched packages' benchmarks are predicted.
//
// Known limits: loops over b.N the analyzer cannot count (a counter
// advanced by a data-dependent amount; an outer loop whose counter an inner
// loop advances is counted) cannot be predicted and are reported with that
// reason, never dropped. Sizes of data structures built during setup come
// from the analyzer's shapes (package analyzer doc, Shapes): a structure
// built in the benchmark and passed to a helper, or captured by a b.Run
// closure (Summary.Captured, bound here when it evaluates to a number in the
// closure's environment); a structure that changes size inside the timed
// loop is taken at its mean size over the loop, clamped at empty.
package predict
