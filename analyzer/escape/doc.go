// Package escape owns perfcast's view of the Go compiler's allocation decisions.
//
// DESIGN.md contract 3 makes gc the authority on allocation: whether a new(T), a
// make, a composite literal, a closure, an interface conversion, a string
// conversion or an append reaches the heap is decided by gc's escape analysis
// after inlining, and by walk-time rules that escape analysis never prints
// (variable-size makes of at most 32 bytes get a stack buffer since Go 1.25).
// This package does not guess those decisions; it reads them.
//
// The model, in three steps:
//
//  1. Compile runs gc over the requested packages through `go list -export`
//     (compile only: nothing is linked and nothing is written into the user's
//     tree) with two diagnostics switched on for exactly those packages: -m,
//     whose text is the only place where stack decisions ("does not escape")
//     and the node's own spelling ("make([]byte, n) escapes to heap") appear,
//     and -json=0,DIR, the LSP-style optimization log whose records carry the
//     inlining stack of a heap site and the inliner's cost of every inlinable
//     function. Each package gets a fresh log directory, which also changes
//     the go command's action key so a cached compile can never silently skip
//     the log (see docs/escape.md for the measurement that chose this).
//     With Options.Tests, a second `go list -test -export` run compiles the
//     packages' test variants (the _test.go files and external test
//     packages, where benchmarks live) the same way.
//
//  2. ParseLog and ParseDiagnostics turn the two outputs into Sites: an
//     allocation node at gc's position (file:line:col of the outermost
//     position, i.e. the call site when the node was inlined), its kind, its
//     verdict and the inlined-from positions.
//
//  3. Decisions.Classify maps a go/ssa instruction onto those sites. go/ssa and
//     gc disagree on positions (the '&' of &T{} versus its '{', the '(' of a
//     conversion versus its operand, the '.' of a method value versus its
//     name, implicit interface conversions that have no position at all in
//     go/ssa); the rules are in classify.go and docs/escape.md. Instructions
//     gc never reports (a constant or pointer-shaped value boxed into an
//     interface, the left part of a string concatenation chain, make(chan))
//     are decided by the same rules gc's walk phase applies. AtInlinedCall
//     decides a callee's instructions as gc did in the copy it inlined into
//     one caller, where they may escape differently.
//
// FallbackClassify decides from go/ssa alone, for when no compiler log is
// available. It is an estimate and is marked as such in its Verdict.
package escape
