// Package vet is perfcast's go/analysis pass: it computes the cost summary
// of every function of a package, exports it as an object Fact (an
// *analyzer.Summary) so that dependent packages can use it, and reports
// functions that exceed a budget declared in their doc comment.
//
// Callee summaries come from Facts of imported packages, and for the
// standard library from the shipped table (package analyzer/stdsummary),
// since under `go vet` or Bazel nogo std facts may be missing; std packages
// themselves are not analyzed.
//
// A pass sees one package, so interface and function-value calls are
// resolved by the visible-type rule (the package doc of analyzer, Calls):
// summaries equal those of analyzer.Analyze with Config.NoVTA, and may
// differ from its default whole-program run, which narrows such calls with
// VTA to what callers in the program pass.
//
// # Budgets
//
// A function's doc comment may declare limits per call:
//
//	//perfcast:budget allocs<=0 ops<=2000 len(s)=100
//
// Each `metric<=number` is a limit; each `variable=number` fixes a size
// variable for the check (the others take their defaults). Metrics:
//
//	allocs      heap allocations
//	allocbytes  heap bytes
//	ops         operations of every CPU class except membytes
//	membytes    bytes moved in bulk
//	io          I/O operations of every kind
//
// A limit exceeded is reported at the function's name.
package vet
