// Package analyzer estimates what every function of a Go program costs per
// call — operations by class, heap allocations and I/O — as symbolic
// expressions over the function's input sizes, and writes them into a
// manifest (package manifest).
//
// # Model
//
// The unit is the Summary of one function: inclusive costs per call,
// expressed over the function's own parameters ("n", "len(s)", "cap(b)",
// field sizes such as "len(r.Items)") and the variables it introduces for
// what the code does not tell (unknown loop bounds "loop_<pkg>_<file>_<line>",
// recursion "recurse_<fn>", default 8 each, confidence "estimated"). A
// summary depends only on the function's SSA body (golang.org/x/tools/go/ssa)
// and its callees' summaries, so the same code runs over a whole program
// (Analyze) or one package at a time with summaries passed as go/analysis
// Facts (package analyzer/vet); the standard library's summaries are shipped
// precomputed (package analyzer/stdsummary).
//
// Counting. Each SSA instruction adds to an operation class
// (manifest.OpClass): arithmetic by type, loads and stores, bounds and nil
// checks, calls by kind, map, channel, interface and string operations;
// bulk bytes go to "membytes". An integer division or remainder by a
// constant is what gc compiles it to, not a divide: a shift or mask for a
// power of two, else a multiply by the reciprocal and shifts (divide.go).
// A range loop whose whole body stores the zero value at the range index
// (`for i := range a { a[i] = 0 }`) is what gc compiles it to: one call of
// the runtime's memclr and the bytes cleared in bulk, not a loop
// (memclr.go). A call of a function gc replaces by instructions on amd64
// (math/bits' OnesCount, TrailingZeros, Len, RotateLeft, Mul64, Add64;
// math.Sqrt, Floor, FMA; atomic loads) costs those instructions, with the
// CPU-feature check GOAMD64=v1 keeps, not a call and its portable Go body
// (intrinsic.go). A call gc reports inlined at its site ("inlining call
// to") costs no call even where the callee's own "can inline" is not in the
// logs (std functions called from the packages analyzed). A conversion
// between a string and a slice whose result gc keeps on the stack still
// allocates when it is longer than the runtime's 32-element frame buffer.
// Bounds checks are the ones gc keeps
// after its prove pass when the compiler's decisions are in use
// (-d=ssa/check_bce reports them per index and slice expression; a loop
// index below the length it tests needs none), else one per index or slice
// expression the SSA cannot show in range. A block's counts are multiplied by its
// execution frequency per call.
//
// Regular expressions. A call of a matching method of *regexp.Regexp
// (MatchString, Find*, FindAll*, ReplaceAll*, Split and their []byte
// forms) is priced by a model of regexp's machines instead of its std
// summary, whose unbounded matcher loops made it a constant of some 20,000
// operations: an overhead per execution plus a cost per input byte, both
// by machine — one-pass, backtracking (programs of up to 500 instructions
// on inputs below 256K bits of visited set) or the NFA — and growing with
// the program's size; fitted to measured times, in visits of one
// instruction step. The program is compiled at analysis time from the
// pattern when the receiver comes from regexp.MustCompile or Compile of a
// constant (or a concatenation or fmt.Sprintf of constants), directly or
// through an unexported package variable set once by the package's
// initialization, a declared init function included. Allocations are the
// steady state's (the machines are pooled): none for Match and Find,
// the index and capture slices of Find*Index and Find*Submatch, a slice
// per match for FindAll* (one match per 8 bytes of input unless anchored
// or limited; their result's length is that count, for callers ranging
// over it), and for ReplaceAll* the closure, the output buffer's growth
// and the output string (regexp.go). ReplaceAllString and
// ReplaceAllLiteralString of a constant input and replacement (without
// $) run the pattern at analysis time: their match buffer, the output
// buffer's growth by the runtime's rule as the pieces are appended, and
// the output string unless it is empty or one byte, exactly.
//
// Package variables. An unexported package variable that only the package
// initializer stores (and whose address nothing takes) has the sizes of the
// value stored: a benchmark's `var input = "…"` is as known as a constant
// (global.go).
//
// Map growth (mapgrowth.go). A map write in a loop that fills a map the
// function made before the loop without a size hint (`m :=
// make(map[K]V); for ... { m[k] = v }`, a non-constant key taken as new)
// allocates its share of the map's growth, as Go's swiss tables grow:
// one group of 8 slots for a small map; a directory and tables of 16 to
// 1024 slots, each doubling allocating a table struct and its groups and
// rehashing the entries (one more write per key); beyond 896 keys, a
// split of a full table into two of 1024 slots every 610 keys, with the
// directory doubling as they are added; arrays rounded to size classes.
// The keys per map are the writes' frequency per run of the make,
// computed exactly when constant (a set of 1000 int keys: 21 allocations,
// 74 KB; 10M: 65.6K allocations, 605 MB, as measured) and approximated
// over a symbolic count (0.42 groups per key). A map made with a hint, or
// received from elsewhere, is charged nothing: its table may hold the
// keys already.
//
// Benchmark factories. A call through a function value that a static
// call returned (`benchmarkGet(1)(b)`: benchmarkGet fills a map and returns
// the closure timing lookups in it) binds the sizes the closure's summary
// leaves as its own variables ("len(m)" of a captured map) to those the
// factory recorded for that closure (Summary.Captured), over the factory
// call's arguments (shape.go, factoryCaptured).
//
// Tables of constants. A string loaded from a composite literal the
// function builds and only reads (`cases := [][]string{{"testCase",
// "test_case"}, ...}; for _, c := range cases { f(c[0]) }`, a range over
// a []struct{ in, want string } literal) has the mean length of the
// constants stored at that position: over the loop, a cost linear in
// the length adds up to what the literal's strings cost (tablelen.go).
//
// Captured variables and conversions. A closure's load of a variable it
// captured by reference and assigned once before the load is that store's
// value (`buf = buf[:length]` at the top of a b.Run body: storedOnce). A
// rune converted to a string, string(r), is its UTF-8 encoding: exact for
// a constant, 2 bytes otherwise; only strings, slices, maps and channels
// get a len(x) size variable (sym.go).
//
// Frequencies. Natural loops are found from dominators. A canonical loop's
// trip count is an expression: range over slices, arrays, strings (bytes,
// an upper bound on runes, "bounded"), maps and ints; `for i := a; i < n;
// i += k` and its variants (<=, >, >=, !=, decreasing, bottom-tested), and
// geometric steps (i *= k, i <<= 1, i /= k, i >>= 1 → log_k; a division
// loop counts whole iterations, ⌊log_k(x/c)⌋ + 1 for `for x >= c`, and
// reads `x>>s != 0` as x >= 1<<s). The test may sit behind a constant
// condition's arm (`for (host64bit && u>>29 != 0) || …`). A division loop
// whose start the analysis cannot express runs half the iterations its
// integer type's width allows (strconv's last chunk of digits: 2 of at
// most 4). Any other loop gets a named variable whose default is its expected trip count
// under the static heuristics below: 8 without early exits (Wu and
// Larus's loop-branch probability 0.88, about 8/9, continues a geometric
// number of iterations with mean 8), less when an early exit runs on every
// iteration (it stays in the loop with the loop-exit heuristic's 0.8
// combined with the other heuristics of its branch, or with 0.9 alone for
// `err != nil`: `for ... { if err := read(); err != nil { return err } }`
// runs 4 times). A retry loop — a top-tested loop whose only work
// is to recompute, by the same call as before the loop, the value its
// condition tests (rejection sampling, `v := r.Int31(); for v > max { v =
// r.Int31() }`), or a loop tested by a sync/atomic compare-and-swap — fails
// an attempt with probability RetryFailProb (1/2, the bound rejection
// samplers are built to: math/rand rejects fewer than half of the draws):
// one retry, two attempts. A loop without a stated bound that stores in
// every iteration into element i, counting from 0 by one, of a slice the
// function made with make([]T, n), n a size (a linked list's Values walk
// into a slice of list.size), runs n times: one more would index past the
// end (fill.go). Loops nest by multiplication.
//
// Without profile data, branches are predicted statically. Go-specific
// evidence decides alone: a constant condition (`if race.Enabled`, a debug
// flag) is decided at compile time, and a test of the CPU's features
// (cpu.X86.HasAVX2, crc32's archAvailableIEEE, crypto's supportsAES) as the
// profiles' x86 CPUs have them, every feature present (cpufeature.go; an
// implementation stored to a function variable on the arm of a missing
// feature is not among its targets either); a path on which every way ends in a panic (or a
// call that never returns) is cold (never run) and its sibling keeps the
// full weight, and so is a block that fails or skips the running test or
// benchmark (t.Errorf, b.Fatal, tb.Error through testing.TB: a benchmark
// that fails prints no result, so a measured run never took it — the
// check of a table-driven helper called in the timed loop); the rare arm of a capacity check (`len+n > cap`, growth, in
// either orientation; `len < cap/4`, shrinking; or a branch on a helper's
// report of one, a boolean result that is the constant true where the
// helper's check finds room and false on its rare arm: bytes.Buffer's
// `if m, ok := b.tryGrowByReslice(n); !ok { m = b.grow(n) }`) is amortized to never,
// since capacity changes geometrically — but when the check adds n elements
// to a length kept in memory (`if l.size+n >= cap(l.items) { grow }`, a
// structure that grows with every call) its reallocations are charged as
// bytes, g/ln g element sizes per element added for growth by g = 2 (the
// sum of the arrays allocated, averaged over where the final length falls
// between two capacities) — and so is initializing a
// parameter's field on first use (`if p.f == nil { p.f = ... }`, once over
// the calls on one object; both are certain on an object the caller has
// just made — `var sb strings.Builder; sb.WriteString(s)`, strings.Join's
// own Builder — and so is the first append to a parameter's slice field,
// which the appends' amortized growth otherwise leaves out. A summary keeps
// what those allocate, their callees' own first-use allocations included,
// by parameter (Summary.FreshAllocs) — not a growth arm on the other side
// of a lazy initialization of the same parameter's field (`if b.set == nil
// { make } else if cap < n { grow }`: a new object's nil test is true) —
// passes it on
// through the caller's own parameters, and charges it once per new object
// at the first call receiving an object the caller allocates, its sizes 0.
// A capacity check on a slice parameter itself (`if n <= cap(z) { return
// z[:n] }; return make(nat, n)`, math/big's nat.make) is listed the same
// way, by the slice: amortized for a caller reusing its slice (`z =
// z.make(n)`), passed on as the first use of a pointer parameter whose
// slice field the caller passes (`z.abs = z.abs.add(x, y)`: a new Int's
// abs is nil), and charged on every call for a nil slice
// (`nat(nil).make(n)`). An arm that branches (`if n == 1 { make(nat, 1) }
// else { make(nat, n, n+4) }`) allocates along one path, the larger
// successor's, not the sum of both; likewise calls on different paths
// that can each come first are charged once, the largest (`if neg {
// b.WriteByte('-') }; b.WriteString(s)`; fresh.go). The empty arm of a
// pop from a free list (`i := len(f.free) - 1; if i < 0 { return new(T)
// }` on a slice field of a
// parameter that the other arm reslices and a method of the same type
// appends to) is amortized to never too, since what a miss makes comes
// back to the list when freed (the steady state; a list that drops what it
// cannot hold, or a run that only takes, misses more: freelist.go); the
// arm of `err != nil` (a value of
// type error against nil) is taken with probability ErrorArmProb (0.1), and
// an arm that returns an error of the function's own making where the other
// does not (`if !ok { return 0, errors.New("bad input") }`) with
// ErrorReturnProb (0.001): Go's exceptional path, which a benchmark above
// all takes rarely — a loop exit through either arm runs as rarely as the
// arm, not once per loop entry like a search's exit; a residue test
// (`i%k == c`, `h&(k-1) == c` for a power of two k, c in [0, k)) takes its
// == arm with probability 1/k, each residue equally often, whether a
// counter steps through them (an even/odd split) or a hash or random
// value draws them;
// the test guarding a bottom-tested loop enters it; a method's test of
// its pointer receiver against nil takes the non-nil arm (a method is
// called on the object its caller holds; outside a recursion, where a nil
// receiver ends the walk down a list or tree); and an arm leaving a
// loop is taken once per loop entry while the arm staying in the loop keeps
// full weight, the loop's full trip count then being an upper bound
// ("bounded"), except an exceptional exit (the arm of `err != nil`, or one
// that returns an error of its own making, on either arm of the test:
// `if !ok { return ..., errors.New(...) }` is the false arm in SSA), taken
// as rarely as that arm — an arm that ends the loop by setting its flag (`for loop {
// ...; loop = false }`, `for !done`) counts as leaving it. Every other two-way branch combines, by the Dempster–Shafer
// rule of Wu and Larus (p·q / (p·q + (1-p)(1-q)), from even odds), the
// Ball–Larus heuristics that apply, each at the hit rate Wu and Larus
// measured: pointer (a pointer, map, channel, function, slice or
// non-error interface compared with nil or another pointer is unequal:
// 0.60), opcode (x < 0 and x <= 0 fail, x == constant fails — constant
// strings included, a Go adaptation for switches on strings — and so does
// float equality: 0.84), call (a successor with a call that does not
// post-dominate the branch is not taken: 0.78; a call whose boolean result
// only decides the successor's own branch, `if math.IsInf(v, 1)` after
// `if math.IsNaN(v) { return "NaN" }`, is the next test of a chain of
// guard clauses, not the work the heuristic predicts against), return (a successor that
// returns early is not taken: 0.72; a post-dominating successor, the
// fall-through every path takes, is not an early return in Go SSA), store
// (0.55), loop header (a successor entering a loop is taken: 0.75) and
// guard (a successor using a compared value is taken: 0.62). A heuristic
// that would pick both arms does not apply. References: T. Ball and J. R.
// Larus, "Branch prediction for free", PLDI 1993; Y. Wu and J. R. Larus,
// "Static branch frequency and program profile analysis", MICRO 27, 1994
// (Table 1 for the rates).
//
// Dependent loads (chase.go). A loop that carries a pointer and replaces
// it by a value loaded through itself (`for e := l.first; e != nil; e =
// e.next`, `node = node.Left`) makes each step's load wait for the last:
// the core cannot issue it before the previous load returns its address.
// In SSA that is a pointer φ one of whose incoming values is a load whose
// address is computed from the φ (field and constant-index addresses, and
// loads of slice fields: p.next, n.Children[1], n.children[i]), directly or
// through the φs of the branches that pick the next node. Each such load
// also counts a step of a chain: manifest.OpChase when the chain follows
// one link (a list), manifest.OpDescent when it chooses among links (a
// tree). The cost model prices both at the L1 load-to-use latency, and
// descents also at the cache misses of the working set
// (costmodel.Profile.DescentMissCycles). A loop descending a binary tree
// (two links) from a root field of a container that counts its nodes —
// its one integer field, or one named size, length, len, count or n — runs
// log2(size+1) times, the levels of a balanced tree, instead of an unknown
// bound: callers bind the size from what they inserted (shapes). A
// recursive call passing a node loaded through a pointer parameter
// (`return n.left.find(k)`, `n.children[i].get(k)`) is a step too, per
// call, unless it sits in a loop (a traversal visiting every child: the
// siblings are independent loads). Not recognized: chains through
// interfaces, maps or calls that return the next node (n.Next()), and the
// depth of descents among many children (B-trees), which keep an unknown
// bound.
//
// Binary searches (bisect.go). A loop that runs while lo < hi (or lo <=
// hi), two values it carries, and feeds back to them only the midpoint
// ((lo+hi)/2, int(uint(lo+hi)>>1), lo+(hi-lo)/2) plus or minus a
// constant, or the bound unchanged, halves its range on every pass:
// log2(hi0−lo0+1) passes for the initial bounds, an upper bound when it
// returns at a match. sort.Search, sort.Find and slices.BinarySearch*
// call their callback that many times for the n their callers pass.
//
// Mispredictions (mispredict.go). Each test of a binary search's loop
// counts half a mispredicted branch (manifest.OpMispredict, priced at the
// profile's branch.mispredict_cycles): for a key unrelated to the last
// search's, the side of each midpoint is a fair coin to the predictor, and
// gc keeps the branch (two values change on its arms, more than its branch
// elimination turns into conditional moves). A caller in a loop whose
// call passes its loop's induction variable (i, i%size, Key(i)) and
// otherwise only values that do not change in the loop searches for
// consecutive keys, whose paths the predictor learns: the callee's
// mispredictions are dropped there. Keys loaded from memory (`for _, k :=
// range perm`) or drawn at random keep them, and so do calls whose
// arguments never change (the callee may draw its keys). Not charged:
// descents of binary trees over random keys, sorts' comparisons, and
// hash-table probes.
//
// Successor walks (succwalk.go). A loop enumerating a structure through a
// successor function — `for i, ok := s.NextSet(0); ok; i, ok =
// s.NextSet(i+1)`: calls on one object returning the next element at or
// after a position and whether there is one, the loop's condition that
// bool and its call resuming after the last element found — runs its body
// once per element, and the elements are what the function put into the
// object before the loop: the calls on it, outside the loop and the loops
// around it, whose Effects can grow it (Set raising b.length, Add adding
// to a count), each counted as often as it runs. A walk over a structure
// the function did not fill keeps its unknown bound. The successor's
// size-dependent work is its search forward from the position (its cost
// falls as the position grows); each call resumes where the last
// stopped, so the searches together cover the structure once: the call
// before the loop is charged whole, the one in the loop at its cost on an
// empty structure (every parameter size 0) plus one dependent-load step
// (OpChase), since the position it searches from is computed from the
// word the last call loaded. Not modelled: duplicate or removed keys
// (each insertion counts as an element), batch successors filling a
// buffer (NextSetMany), and iterators over functions (iter.Seq).
//
// Size guards. A branch whose condition compares a size with a constant
// (`if len(b) < 32`, `if d.n+n >= 32`, `if l.size == 0`: integers the
// analysis expresses — constants, parameters, their lengths and fields,
// results of calls with a known Result, arithmetic on those), and that no
// Go-specific evidence above decides, is weighted by the indicator of its
// condition over the size instead of a static probability: [x >= k] =
// min(1, max(0, x-k+1)) for an integer x (a fractional x, a mean over
// calls, splits the arms in proportion), so once a caller or a benchmark
// binds the size the arm the code takes is the one counted; at a size
// nobody binds, its default (8) decides, as it does for trip counts. The
// cases of a switch on a size are disjoint ([n == c] alone on a case's arm,
// 1 − Σ[n == c'] on the default). A slice's test against nil is the guard
// len(s) == 0 (a slice with elements is not nil; an empty one is taken for
// nil), so `b.set != nil` on a set the caller built with n words is taken.
// A comparison of the length of an array with a constant is decided. A
// count's equality with a slice's length (`if q.count == len(q.buf) {
// q.resize() }`, a ring buffer's full or quarter-full test) holds once in
// max(count, len)+1 calls: the count steps through the values up to the
// length, so a doubling's cost is spread over the calls between doublings
// (fillGuard). Not guards: two other sizes compared with each
// other (both would take the same default), operands that change in the
// branch's loop, an arm leaving the loop, and branches of recursive
// functions (the size changes down the recursion tree, whose expected size
// still uses the static split). At most four guards per function (nested
// arms multiply their indicators), and a function whose costs with them
// print longer than 1024 characters keeps the static split (callers
// multiply them again). A removal's found check on a map, `if _, ok :=
// m[key]; ok { delete(m, key); ... }`, is a guard too: the found arm runs
// with [len(m) >= 1], as removals hit (one size decrease per call), so a
// loop removing what its setup inserted pays the found arm while the map
// drains and not after (removalGuard; kept in summaries too long for
// size guards, as it is a single factor). So is a removal's own
// precondition returned by a call — a position in range (`if
// !l.withinRange(i) { return }` before `l.size--`), a found flag (`v, ok
// := q.list.Get(0); if ok { q.list.Remove(0) }`, the callee's Effects
// decreasing q.list.size): the removing arm runs with [size >= 1]
// (removalArmGuard); comparisons (an eviction when over capacity) and
// recursive functions keep the static split. Sizes masked by `x & (2^k-1)` are
// min(x, 2^k-1), so a slice of a fixed array cut at a masked index
// (`d.mem[:d.n&31]`) has a bounded length and its loops a bounded trip
// count; a loop over a slice cut from an array of N at an index the code
// does not tell runs at most N times (its default trip count is capped).
// The effects of a block on sizes (shapes, below) keep its static
// frequency, as the removal-hit and new-key factors do: a size does not
// carry an indicator. A value receiver's integer field is a size too
// where go/ssa spills the receiver into a local (`if d.exp >= 0` on a
// `d Decimal`), and a struct a constructor returns by value carries the
// constructor's field sizes (Shape) to the methods called on it
// (`New(200, -2).Floor()` binds d.exp to -2).
//
// Constant arguments (constargs.go). A branch on a parameter's value
// rather than its size (`if s[0] == 'v'`, `switch kind`, a switch on a
// length whose default returns an error, which the error rule makes rare)
// keeps its static odds in the summary; but a benchmark calls the code
// with constants, and the CPU then takes one way on every call. A static
// call passing constants — literals, package variables only their
// initializer sets, values folded from those — to a function of its own
// package is costed by the callee summarized again under them: each
// branch whose condition folds to a constant (constants, len of and
// bytes of constant strings, slices of them, integer arithmetic that does
// not overflow its type, conversions, comparisons, φs whose incoming
// values agree along the edges still possible, to a fixed point) takes
// its arm alone (math.IsNaN, IsInf and Signbit of a constant fold too:
// a formatter's guard clauses), and the callee's own calls pass the constants on, at
// most three specialized calls deep, for callees outside call cycles and
// of at most 1500 instructions, cached per callee and constants. A loop's
// test and an arm leaving a loop keep the loop rules. Conditions constant
// in a function itself (on such package variables) are decided in every
// summary. Boxing a struct of one integer field of two bytes or more is
// gc's convT16/32/64, like boxing the integer: a known value below 256
// allocates nothing (an error holding a constant length), and so does a
// value that interval arithmetic keeps in [0, 256) (intrange.go: a number
// of decimal places max(want-digits, 0) under a constant want, a mask, a
// remainder; the difference p - q on the arm where p > q is at least 1).
//
// Concrete types of interface arguments (concrete.go). A call that passes
// an interface argument whose concrete type it knows — converted at the
// call, or returned by a constructor (generic ones included, their type
// arguments substituted) every return of which converts that one type,
// at most three calls deep — specializes the callee as for constants: a
// method call on that parameter is costed by the concrete type's method
// instead of the average over the visible or VTA targets, and the
// parameter passed on to a call of the callee's package stays known.
//
// Calls evaluated at analysis time (conststd.go). The folder also runs
// calls on constant arguments: strings functions with string, integer or
// boolean results and the splitters (Split, SplitN, SplitAfter, Fields),
// the matching methods of a *regexp.Regexp of known pattern (MatchString,
// FindString, ReplaceAllString, FindAllString, FindStringSubmatch,
// FindAllStringSubmatch, Split), and functions of the caller's package
// whose reachable returns all fold to one constant (at most three calls
// deep). A slice such a call returns is known by its length, its nilness
// and its elements — at a constant index, or at any index when they are
// all equal — as long as nothing can write them (only element loads, len,
// cap, comparisons, appends and copies from it use it). So a loop over the
// pieces of a benchmark's constant string (`for _, g := range
// strings.Split(c, "||")`) runs as many times as there are pieces instead
// of DefaultTrip. The sizes a call's constant arguments decide are the
// callee's specialized summary's: its result, result length and Shape, so
// a constructor's field made with len(pieces) binds the methods the caller
// calls on the object. `x, err := New(...)` is a local object like
// `x := New(...)`, and a struct passed by value as a copy of a local
// object or of what a pointer parameter points to (a value-receiver method
// called on it) has that object's sizes.
//
// A make([]T, n) of run-time size that gc keeps local gets a 32-byte stack
// buffer (Go 1.25): it allocates only when n*sizeof(T) is known and above
// 32 bytes (strconv.FormatFloat's make([]byte, 0, max(prec+4, 24)) stays on
// the stack for prec up to 28); a size the analysis does not express is the
// default size, 8 elements, as for the bytes counted (8 bytes stay on the
// stack, 8 words do not). Integer
// min and max are followed symbolically. fmt.Sprintf, Sprint, Sprintln and
// Errorf whose arguments are all booleans, numbers, strings or []byte of
// types without String, Error, Format or GoString methods, with no %q and
// no width or precision of 60 or more in a known format, allocate exactly
// the result string (Errorf: and its error; errors.New(format) alone
// without arguments or '%') besides the boxing at the call (fmtcall.go):
// the printer and its buffer come from a sync.Pool, and such verbs write
// into the buffer.
//
// Calls. A static call adds the callee's summary with its parameter
// variables bound to what the arguments are known to be (a constant, a
// parameter of the caller, len of a caller's slice or of a slice
// expression); the callee's own unknown-bound and recursion variables, and
// arguments of unknown size, take their defaults.
//
// A struct parameter that go/ssa spills into a local because a field's
// address is taken (a value receiver: `*t0 = cs`) keeps the parameter's
// sizes: a loop over `cs.items` runs len(cs.items) times, not the zero
// value's 0. Every loop with an unknown bound gets its own variable, even
// where nested loops' headers share a position.
//
// Shapes. Callees' costs are over sizes of their inputs ("l.size",
// "len(b.set)"); a caller binds them when it built the object itself, from
// what the summaries record about sizes (shape.go):
//
//   - Result and ResultLen: an integer result, or the length of a slice or
//     string result, as an expression over the parameters (a words-needed
//     helper: (i+63)/64; a Values method: l.size). When some returns give
//     constants (guards, caps) the one general formula is taken; a value
//     merged from several paths is not expressed, but a slice a loop grows
//     by append is (what the iterations appended: perm(n) built from
//     rand.Perm(n) has length n). A variable captured by a closure lives
//     in a cell; stored once before it is read, it has the stored value's
//     length.
//   - Shape: the sizes a constructor leaves in the struct or map it returns
//     (integer fields, len and cap of slice and map fields, and those of
//     the structs its pointer fields hold, up to three fields deep: "length: n",
//     "len(set): (n+63)/64", "ordering.size: 0"), following constructor
//     chains, named results and variables captured by closures.
//   - Effects: the change per call of a pointer or map parameter's sizes:
//     a delta weighted by the frequency of the blocks that apply it
//     (p.size++ in a range over values: += len(values); p.items =
//     append(p.items, x): += 1; a map write: += 1, taken as a new key, the
//     way maps are built; delete: -1), a value set on every path ("set"),
//     or a lower bound for sizes assigned on some paths only ("max": growth
//     on demand, `if i >= b.length { b.extend(i) }`, which after a counted
//     loop of such calls takes the induction variable's last value). A
//     slice's length or capacity set in the growth arm of a capacity check
//     (`if l.size+n >= cap(l.elements) { l.resize(2*(cap+n)) }`) is raised
//     to at least what the check needs (l.size+n), whatever the growth
//     formula; a caller binds such a bound over the object's own sizes at
//     the call, with the sizes a loop of such calls has when its last
//     iteration starts.
//     Effects compose through calls, also to a struct held by value in a
//     field whose address a method is given (m.forwardMap.Remove(k): Go
//     passes &m.forwardMap): its sizes are the holder's one field deeper
//     (len(m.forwardMap.m)), as a pointer field's object's are. A value
//     set where a test has shown the size equal to k (`if l.size == 1 { l.Clear() }`) is a delta of
//     value − k. Removals hit: the decreases of a size are scaled so that
//     one happens per call (per iteration of their loop), the chance of
//     the first decreases on a path being the chance one happens at all —
//     the counterpart of keys taken as new; the guards they sit behind (in
//     range, found, non-empty) are what static prediction splits evenly,
//     while a benchmark removes what it put in, and the structure running
//     empty is what drift clamps. A size changed any other way (to an
//     unknown value, in a loop, by both deltas and assignments) is listed
//     in Clobbers and becomes unknown; so does every size of an object
//     passed to a call whose effects are unknown (dynamic calls, callees
//     without a summary from this analysis) or stored anywhere but a local
//     variable or a followed object's field. A call within the function's
//     own call cycle may change the fields the cycle's bodies write.
//
// At a call (or a loop whose bound is a size: `for i < l.Len()`, a range
// over a map filled before), a local object's size is its allocation's
// (zero), its constructor's shape bound to the constructor's arguments,
// or the last value set before, plus the effects of the calls and stores
// that complete before the call: each weighted by how often it runs per
// run of the call — per function call, or per iteration of the innermost
// loop holding both, when that loop creates the object afresh.
//
// Drift. Changes in a loop that holds the call but not the object's
// creation (or, for a parameter's sizes, any loop holding the call) are
// growth or shrinking while the call repeats. Within the outermost such
// loop, of trip count T, the deltas applied per iteration sum to D (each
// weighted by how often it runs per iteration, removals hitting), and the
// size is taken as moving evenly from its value s0 on entry over the
// iterations, clamped at zero: the call sees the mean of max(0, s0 + D·t)
// for t in [0, T] — s0 + D·T/2 when D ≥ 0, and (s0·m + D·m²/2)/T with
// m = min(T, s0/−D) when D < 0. A cost linear in the size then sums to
// what the calls' sizes sum to (k²/2 for k removals from a list of k,
// against k(k+1)/2 exactly; a walk after each of n additions, n²/2
// against n(n+1)/2), whatever the loop: a benchmark removing every element
// in its first b.N iteration is charged the removals once, and the empty
// structure per later iteration; one adding per iteration grows with b.N,
// as go test's measurement does. Approximations: the change is spread
// evenly over the loop (a call before the changes in its iteration and one
// after them see the same mean; removals that stop at a size other than 0
// are clamped at 0), and D's sign must be the same with every variable at
// 1 and at 1000, or the size is left at s0; a size also assigned, or
// changed by an unknown amount, in that loop is left at s0 too. A size
// that drains (D < 0) is 0 for the last T − m iterations, so the mean
// size does not stand for it in a cost that is not linear in it — log2 of
// the mean over all iterations, log2(s0/2T), against log2 taken while it
// drains; a guard `if l.size == 0` at the mean size let s0/2T of the
// calls through in every iteration — and a call given draining sizes
// costs the mixture of the two phases (drain.go): (m/T)·C(sizes while
// they drain, s0 + D·m/2) + (1 − m/T)·C(0), equal to C at the mean where
// C is linear, so a removal from a tree its loop empties descends in the
// first iteration only and a Pop's non-empty arm runs while there is
// something to pop. A replayed removal's Found part (steady state, below),
// which runs in the first iteration, is taken at the draining sizes.
// Sizes of one call draining at different paces keep their means. A map
// lookup or delete on a map whose length is a size is weighted by
// [len(m) >= 1], the rest of the calls costing the runtime's empty path
// (its entry, Map.Delete's call, and mapKeyError2 twice for a key of
// interface type): the runtime returns before hashing on an empty map, so
// a loop deleting keys it deleted before from a map it emptied pays the
// lookups once. A lookup, assignment or delete on a non-empty map also
// counts what its key's path through the runtime does beyond gc's fast
// variants, which the profile's map classes are calibrated on
// (mapKeyWork): nothing for keys of 32 or 64 bits of plain memory, a
// memequal call for strings, the type's equal (indirect) and hash calls
// for other keys, and for interface keys the nilinterhash/typehash and
// nilinterequal/efaceeq chains (two indirect calls, three calls, ten
// integer tests); a generic assignment copies its key with typedmemmove. A closure's captured objects, and the
// lengths of the slices and strings it captures (a variable stored once
// before the closure is made: "len(items)"), are
// recorded at its creation (Summary.Captured) for perfcast predict; a
// closure's own sizes of them are variables named after the captured
// variable ("s.length"), also where the closure assigns the variable but
// loads it in its entry block before its own store (`s = s.Clone()`). Keys are taken as new throughout: the arm of a
// membership test for an absent key (`if _, ok := m[k]; !ok { m[k] = v;
// l.Append(k) }`, or the comma-ok bool of a static call returning (v T, ok
// bool): `if _, found := t.root.insert(x); !found { t.length++ }`) counts
// as always taken in the effects it guards (its cost keeps the even split). A slice a loop grows by append (`s =
// append(s, x)`) has, after the loop, its length on entry plus what each
// iteration appends times the trip count, and inside it the mean over the
// iterations; the appends may sit in inner loops or conditional arms (the
// slice passing through their phis back to the header: a helper that
// builds test cases in nested loops), each weighted by its executions per
// iteration, so the length is the product of the loops' trips. Integer sizes are followed through conversions to and from
// floating point (int(growthFactor * float32(cap+n)), the truncation
// ignored), and a parameter named like a function of the expression
// grammar (cap, len, min, max) is the variable "cap_". Not tracked: sizes
// four or more fields deep (a store to a pointer field below the first
// level makes the sizes under it unknown), mutations through aliases,
// capacities beyond the needed size (a slice grown on demand is raised to
// what its capacity check needs, not to what the growth formula gives),
// and other branch outcomes that correlate with a size (the cost of a
// removal, unlike its effect, keeps the static split of its guards).
//
// Dynamic calls. In the whole-program run (Analyze), interface method calls
// and calls through function values in the packages outside the standard
// library are resolved with VTA (golang.org/x/tools/go/callgraph/vta, seeded
// by a CHA call graph of the whole program, so methods of std types such as
// (*net/http.ServeMux).ServeHTTP are targets): the types and functions that
// flow to the receiver or function value from code in the program. The call
// costs the average of the targets' summaries, noted "averaged over N
// targets resolved by VTA"; function values (closures passed as arguments,
// method values, functions stored in fields) are costed this way too. VTA
// is flow-insensitive: a parameter reached by two callers' types averages
// both. It is also closed-world: callers outside the analyzed packages are
// not seen, so an exported function's interface parameter is narrowed to
// what the analyzed code passes (analyze a library together with its
// users, or set Config.NoVTA, for the open-world average). A site VTA leaves unresolved (nothing in the program reaches it,
// e.g. a parameter of an exported function no analyzed code calls) falls
// back to the visible-type rule: an interface call is costed over the
// methods of every concrete type declared in the calling package or the
// packages it imports (directly or not) that implements the interface (a
// generic type counts instantiated with the type arguments of a generic
// interface it is called through: *LRU[K, V] for LRUCache[K, V]) —
// as the median of them by cost when there are more than two (the
// estimate that minimizes the expected |log(predicted/actual)| when any
// may run; the mean is dominated by rare heavyweight implementations in
// scope), else their average — and a function-value call is counted but
// not costed ("estimated"). A call through a function-typed parameter or
// captured variable that VTA resolves to several targets weights each by a
// variable of its own (DispatchVar, origin "dispatch", default 1/n): a
// caller passing a known function or closure binds it to 1 for that
// function and 0 for the others, and a caller passing its own function
// parameter along renames it, so a helper taking an operation costs the
// operation each benchmark gives it. Standard
// library packages (and so the shipped std table) always use the
// visible-type rule: their bodies are analyzed one package at a time to
// bound memory, and VTA needs the bodies at once; values passed from user
// code into std (a sort.Slice less function, a handler registered on a
// ServeMux) therefore do not narrow std's own dynamic calls. Vet mode
// (analyzer/vet) sees one package and its Facts, so it always uses the
// visible-type rule: its summaries equal the whole-program ones with
// Config.NoVTA, and may differ from the default whole-program run at
// dynamic call sites that VTA resolves (DESIGN.md contract 1 holds for
// everything else). Without VTA (std, vet mode, Config.NoVTA), a call
// through an unexported package variable of function type whose every
// store in its package (init functions, sync.Once'd setups, closures of the
// package initializer) stores a known function, at most four of them, costs
// their average (storedFuncs in global.go): crc32's updateIEEE. A function declared without a Go body
// (assembly, linkname) is assumed to touch each element of its slice and
// string arguments once. Recursive cycles (strongly connected
// components of the package's direct-call graph) are summarized with calls
// inside the cycle costing only the call, then scaled by the expected
// number of calls in the recursion tree. Recursion that walks its input —
// a recursive call passes a smaller part of a parameter of the same type
// (n-1, n/2, p.next, node.Children[i], s[1:]: the size-change shape of
// terminating recursion) — goes as deep as the data: a recursion variable
// (default 8). Other recursion re-enters with fresh arguments on some
// paths only (a printer printing what a String method returned); a call
// making r < 1 recursive calls on average (the sum of the recursive call
// sites' frequencies) starts a branching process of 1 + r + r² + … =
// 1/(1−r) calls in expectation: min(1/(1−r), the variable). Cycles that close only through interface dispatch are not
// scaled: the dispatched call inside the cycle costs the call alone.
//
// Callbacks. A call through a function-typed parameter that VTA leaves
// unresolved (an iterator's callback, a comparator; always in generic
// code, whose bodies VTA does not follow, and in vet mode) is recorded
// with its count per call (Summary.FuncCalls) and costed by each caller
// for the function it passes: a function or closure by its summary, that
// many times; the caller's own callback parameter passes the count on.
// Conversions (ItemIterator(f), a generic wrapper's ChangeType) are seen
// through. The call itself is counted once, in the callee where it is
// made; the caller adds the body of the function it passes.
//
// Sorts (callbacks.go). The standard library's sorts (sort.Sort, Stable,
// Slice, SliceStable, Ints, Strings, Float64s; slices.Sort, SortFunc,
// SortStableFunc) are costed at their callers, which know the length n
// and the concrete type or function they pass: the Less and Swap methods
// of a sort.Interface made there from a concrete value (n from its Len
// method's result, bound to the value, or to the field of a struct
// literal it returns the length of), or the less or cmp function, by
// their summaries. Counts on random input, fitted to Go's algorithms over
// n = 10 … 10⁶: pdqsort 1.05·n·log2(n) comparisons and 0.3·n·log2(n)
// swaps; the stable sort 1.27·n·log2(n) comparisons and 0.21·n·log2(n)²
// swaps; each comparison also pays the loop around it (2 int, 2 branch)
// and, for element sorts, the loads of the two elements. A sort inside a
// loop whose slice comes from outside the loop and which nothing else in
// the loop uses sorts, on every pass but the first, what it sorted
// before: n−1 comparisons (1.2·n stable), no swaps. A sort.Interface of
// unknown concrete type keeps the shipped summary. Not modelled: the
// branch mispredictions of comparisons on random data (about half of
// them, ~24 cycles each on Zen 5), which only binary searches charge
// (manifest.OpMispredict, Mispredictions above).
//
// Walks. A recursion that descends into its parameter from inside a loop
// (a tree node visiting its children and items in turn) walks the whole
// structure below it (Summary.Walk). Started at a field of a container
// (t.root) whose Len() int returns a size of the container (t.length),
// it visits Len elements in all: the recursion variable is bound to
// max(1, Len / the loops' iterations per call), so the loops run Len
// times over the walk whatever their arms' static weights. A callback
// that returns the constant false on every path (the stop answer of
// iteration callbacks: iter.Seq's yield, sync.Map.Range) ends the walk at
// its first element, after the path down to it: Len is taken as
// log2(Len)+1, the depth of a balanced binary tree (Summary.WalkStops
// carries the walk up to the caller that passes the callback). Not
// modelled: a walk whose callback stops after some elements (it is
// charged the whole structure), and recursion over two children without a
// loop (binary trees keep the recursion variable).
//
// Calls from other packages into the runtime (runtime, internal/runtime/...)
// cost the call only: the runtime's work is what the operation classes
// price (make, append, mapwrite, chansend, go...), and its slow paths (GC
// assists, span refills, heap growth), weighted like any other branch,
// made every caller look millions of operations heavy. sync.Pool's slow
// paths (pinSlow, getSlow, poolChain.pushHead: shards made once per pool,
// steals after a collection, ring growth) are costed as the call alike: in
// the steady state a pool serves, Get hits its P's shard.
//
// Known weakness: default trip counts multiply along deep call chains,
// and static prediction makes the long path of a branch likely where the
// code tests for a special case first on something other than a size (a
// size's special cases are size guards), so deep library code (reflection-driven decoding,
// importers, net/http request parsing) is still overestimated, by an
// order of magnitude or more. Profile data would fix both.
//
// Allocations. A HeapOracle decides which allocating instructions reach the
// heap (gc's own escape decisions with Config.UseCompiler, test files
// included with Config.Tests; SSAOracle is the fallback). A callee gc
// inlines is costed with gc's decisions for the inlined copy when the
// oracle knows them (InlinedCallOracle): a returned allocation may stay on
// the stack in a caller that keeps it local. A callee whose body is not at
// hand (the standard library, from the std table) carries the heap nodes
// of its inlinable body by gc's position (Summary.InlineSites), and a node
// gc keeps on the stack in the copy at a call is dropped there:
// strings.NewReader allocates nothing in a caller that reads and drops the
// reader.
// Constant sizes are rounded to the runtime's size classes (package
// analyzer/sizeclass, generated from the runtime); append is amortized over
// capacity doubling: min(1, total) + log2(total·size/class) allocations
// (the first array holds a size class's worth, 8 bytes of a []byte) and
// 2·total·size bytes for total elements appended per call — to a slice
// the call starts — but no more allocations than the append runs (one
// append of a whole slice grows once; one that never runs allocates
// nothing). The appends to one slice — through the φs of loops and the
// results of earlier appends, from one start of known capacity: a slice
// of a fixed-size array, a make with a capacity, nil — grow it together
// (appendcap.go): a chain that adds, per execution of its start, no more
// elements than that capacity (the quotient digits of a base conversion
// into bq[:0], one element per element of s into make([]T, 0, len(s)))
// never calls growslice, and one adding a constant number of elements
// reallocates as growslice grows the slice from that capacity (doubling,
// size classes), each append charged its share, not once per statement.
// append(s, make([]T, n)...) extends s in place: the make
// allocates nothing of its own. A slice that outlives the call (a
// parameter's, a field reached from one, a global's: an append-style
// API's dst, a printer's reused buffer — through chains of appends, φs and
// reslices of any length) keeps its capacity from call to call; its growth
// is amortized over the calls like a capacity check's, no allocation per
// call. A comparison with a capacity whose "growth" side is where both
// sides meet (`if c < 2*cap(b) { c = 2*cap(b) }` before the allocation)
// computes a size: what follows it allocates on every path, not as a
// growth arm's first-use or amortized allocation (the branch keeps the
// capacity check's odds). So does a slice of an
// object a call returns when the call navigates a structure the function
// was given: it returns a pointer of a parameter's own type from arguments
// rooted in a parameter (child := n.mutableChild(i), a neighbour, a
// copy-on-write clone linked in place), which is part of that structure.
//
// Steady state (steady.go). A search structure allocates for a key only
// when its search misses: Summary.NewKey is the part of a call's
// allocations made in the miss region of a key test — the absent arm of
// a comma-ok map lookup on a parameter-dependent key, the unequal arm of
// a three-way comparison's `c == 0`, or the false arm of a found flag
// (`i, found := t.search(n, key); if found`) returned by a function that itself searches (Summary.Searches; a range
// check of a position is not a search), where the found arm only updates
// and returns — and, in a function with such a test, the arm that fills
// a slot it found nil (`if n.Left == nil { n.Left = &Node{} }`), plus
// the whole of a call made there, and its callees' NewKey where the same
// parameters give the same arguments. Summary.Found is the dual: the costs
// of what the found arm of a key test dominates (a removal's unlinking and
// rebalancing). A loop that repeats a call with arguments taking the same
// values in every iteration (built from values defined before the loop,
// constants, the counters of inner loops and elements of a slice the loop
// does not write: a benchmark's `for n := 0; n < size; n++ { t.Put(n, v)
// }` inside the b.N loop) on a structure made before the loop finds in
// every later iteration the keys its first one inserted, and misses in
// every later iteration the keys its first one removed: the NewKey part
// of an insert (with no other call in the loop removing from the
// structure or setting its sizes), or the Found part of a removal (with
// no other call changing the structure), runs in the first iteration only
// — min(1, trip) times per entry, which perfcast predict spreads over go
// test's b.N like any first-iteration cost. When the function put the
// same keys into the same structure before (KeySeq: the same callee, and
// per argument the same constant or a counter range covering the
// replayed one — a benchmark's setup filling the structure it then
// updates), the first iteration finds them too and the NewKey part is
// dropped. Allocations before the search (a B-tree's entry wrapper),
// lists (no key test), removals by position (a position names another
// element after each removal) and keys that change with the iteration
// keep their full count. Keys drawn from a finite set of d values (a key
// domain: `x % d`, `x & (d-1)`, rand.Intn(d) and its kin, keys[i%len(keys)],
// or the elements of a slice the function filled with such values only —
// a benchmark's trace of `rand.Int63() % 32768` made before its timed loop)
// by a loop at the top of the function, on a structure made before it
// that nothing else in the loop removes from, insert at most d of them
// per entry of the loop (min(d, the loop's calls)): the number of
// distinct keys inserted so far, the structure's steady-state content,
// stops growing at d and every later draw finds its key. An insert that
// removes itself (evicting past a capacity) is excluded: a key it
// evicted misses again, about 1 − C/d of the draws for a capacity C < d,
// which is not modelled (the capacity, a constructor's argument stored in
// a field and tested against a length, does not reach the caller). Not
// modelled either: removals without a key (Pop, Dequeue) whose guards are not size guards
// (`if !l.withinRange(i)`, a call's boolean, and a position compared with
// a size, two sizes), which keep their static split rather than hitting
// while the structure holds elements and missing once it is empty (size
// guards follow the drain: Drift, above), and the found arm of a replayed
// removal, which keeps its static odds in the first iteration where the
// setup put the keys it removes.
//
// Retention. The collector marks what is reachable, so bytes that stay
// reachable cost GC time at every later cycle while garbage does not
// (costmodel.GCRun). Summary.RetainOut is the part of a call's allocation
// stored into memory its parameters, free variables or globals reach (a
// node linked into a list, an element appended to a slice field: for
// append, the elements added, not the regrown arrays; for the growth arm
// of a capacity check on a length in memory, the array the structure
// holds, (g-1)/ln g element sizes per element added — its capacity over
// its length, averaged over where the length falls between two
// capacities — while the g/ln g the arm allocates include the arrays left
// behind, which are garbage); RetainHeld adds
// what the function's own objects made before a loop keep across the
// loop's iterations (a benchmark's structure across b.N, a slice carried
// through a loop). A callee's RetainOut counts in the caller where one of
// the arguments it could store into is rooted the same way. Map updates
// are not followed (a rewritten key replaces what it held). A heap that
// grows is also fresh memory: perfcast predict charges a page fault
// (costmodel.Profile.FreshMemoryNS) per 4 KiB of what a benchmark's
// operations retain plus the garbage the pacer lets pile up on top of
// the live heap before it collects (GOGC/100 of it: a growing slice's old
// arrays), at most what they allocate, since Go's heap grows into pages
// the process never touched, each faulted in (cleared by the kernel) on
// first use; a heap that does not grow reuses its pages.
//
// A benchmark's setup between b.StopTimer and b.StartTimer is not in the
// costs (go test measures neither its time nor its allocations), but the
// structure it builds is live while the timed code runs:
// Summary.UntimedBytes counts its heap bytes (the allocations, plus
// mapEntryBytes, 50, per map write of a key taken as new, for the table a
// filled map holds, since map growth is modelled only for maps a function
// makes and fills itself), the live
// heap and working set by which perfcast predict charges GC and cache
// misses. So is what runs before a b.ResetTimer that every path to the
// function's exit passes through (resetState): ResetTimer zeroes the time
// and the memory statistics go test divides by b.N, so setup that scales
// with b.N (a slice of b.N random keys made before the reset) is not per
// operation.
//
// I/O. Calls of standard functions that reach the OS (os.File methods,
// net dials and conn reads and writes, net/http client requests,
// database/sql queries and execs, syscall entry points, time.Sleep) record
// an I/O operation of their manifest.IOKind with bytes where a parameter
// gives them, in place of the syscalls beneath them. Reads of the clock and
// of the kernel's randomness, which std does in assembly through the vDSO
// (time.now and the runtime's time_now: two clock reads; runtimeNano and
// nanotime1: one; crypto/rand and unix.GetRandom: one random read of
// len(b) bytes), record clock and random I/O that the profile prices, not
// the one integer operation of a body the analyzer cannot see (io.go).
//
// Dead inlined calls. A call gc inlines whose results are dropped, of a
// body that only computes, reads, and writes its own variables or, through
// pointer parameters, caller locals nothing else reads (Summary.Pure), and
// that cannot panic on a run-time value, is removed by gc's dead-code
// passes: it costs nothing (deadcall.go). A copy whose length gc knows at
// compile time (arrays sliced by constants, makes of constant length,
// slices a dominating branch tested against a constant) of at most 16
// bytes costs one or two inline moves, not a memmove call (copyconst.go).
package analyzer
