// Package manifest defines perfcast's manifest: the versioned record of what
// every function of a program costs, which the analyzer writes, the binary
// carries, and the simulator reads. It is the only interface between analysis
// and simulation (see docs/manifest.md for every field).
//
// The package owns the schema (this file and classes.go), strict decoding of
// YAML and JSON with errors that name file:line:col and the field (Decode),
// validation and the normal form that makes encoding deterministic (Validate,
// Normalize, Encode), and comparison of two manifests (Diff, Report).
// Cost expressions live in the subpackage expr.
package manifest

import "github.com/perfcast/perfcast/manifest/expr"

// SchemaVersion is the manifest schema this package writes (it reads every
// version in SupportedSchemas). Version 2 added the op classes chase and
// descent (dependent-load chains), version 3 the op class mispredict
// (branches predicted wrong), version 4 the op class atomic (locked
// read-modify-writes: mutexes, reference counts); older manifests are read
// as they were.
const SchemaVersion = 4

// Manifest is the performance record of one program or set of packages.
type Manifest struct {
	Schema    int        `json:"schema" yaml:"schema"`
	Generator string     `json:"generator" yaml:"generator"` // e.g. "perfcast v0.1.0"
	Module    Module     `json:"module" yaml:"module"`
	Build     Build      `json:"build" yaml:"build"`
	Functions []Function `json:"functions" yaml:"functions"` // sorted by Name
}

// Module identifies the Go module the functions belong to.
type Module struct {
	Path    string `json:"path" yaml:"path"`
	Version string `json:"version,omitempty" yaml:"version,omitempty"` // "(devel)" or a semantic version
}

// Build records the toolchain and target the costs were computed for.
type Build struct {
	GoVersion string `json:"go" yaml:"go"`                               // e.g. "go1.26.8"
	GOOS      string `json:"goos" yaml:"goos"`                           // e.g. "linux"
	GOARCH    string `json:"goarch" yaml:"goarch"`                       // e.g. "amd64"
	GOAMD64   string `json:"goamd64,omitempty" yaml:"goamd64,omitempty"` // e.g. "v1"; empty for other GOARCH
}

// Function is the cost summary of one function. Costs are inclusive: they
// contain the costs of the callees, substituted at the call sites.
type Function struct {
	Name       string                `json:"name" yaml:"name"` // full name as go/ssa prints it: "example.com/p.(*T).M"
	Pos        string                `json:"pos" yaml:"pos"`   // "dir/file.go:line:col", relative to the module root
	Entry      []EntryKind           `json:"entry,omitempty" yaml:"entry,omitempty"`
	Vars       []Var                 `json:"vars,omitempty" yaml:"vars,omitempty"`  // size variables the costs use, sorted by Name
	CPU        map[OpClass]expr.Expr `json:"cpu,omitempty" yaml:"cpu,omitempty"`    // operation counts per call, by class
	Alloc      Alloc                 `json:"alloc,omitzero" yaml:"alloc,omitempty"` // omitted when no allocation
	IO         []IO                  `json:"io,omitempty" yaml:"io,omitempty"`      // sorted by Kind
	Callees    []string              `json:"callees,omitempty" yaml:"callees,omitempty"`
	Confidence Confidence            `json:"confidence" yaml:"confidence"`
	Notes      []string              `json:"notes,omitempty" yaml:"notes,omitempty"` // why the confidence is what it is: "recursive", "dynamic call averaged over 3 targets"
}

// Var is a size variable that a function's costs are expressed in.
type Var struct {
	Name    string  `json:"name" yaml:"name"`                         // e.g. "len(s)", "n", "loop_main_go_14"
	Default float64 `json:"default" yaml:"default"`                   // value used when a workload gives none
	Origin  string  `json:"origin,omitempty" yaml:"origin,omitempty"` // "parameter", or where an unknown bound came from
}

// Alloc is the heap allocation per call: objects and bytes (rounded up to
// the runtime's size classes).
type Alloc struct {
	Count expr.Expr `json:"count,omitzero" yaml:"count,omitempty"`
	Bytes expr.Expr `json:"bytes,omitzero" yaml:"bytes,omitempty"`
}

// IO is one kind of operation that reaches the operating system, per call.
type IO struct {
	Kind  IOKind    `json:"kind" yaml:"kind"`
	Count expr.Expr `json:"count" yaml:"count"`
	Bytes expr.Expr `json:"bytes,omitzero" yaml:"bytes,omitempty"` // omitted when 0 or unknown
}

// EntryKind says why a function is an entry point a workload can call.
type EntryKind string

// Entry point kinds.
const (
	EntryMain      EntryKind = "main"      // func main of a main package
	EntryExported  EntryKind = "exported"  // exported function or method of a non-main package
	EntryHTTP      EntryKind = "http"      // an HTTP handler (http.HandlerFunc shape or ServeHTTP)
	EntryBenchmark EntryKind = "benchmark" // func BenchmarkX(b *testing.B)
)

// Confidence says how far a cost can be trusted.
type Confidence string

// Confidence levels, from most to least certain.
const (
	Exact     Confidence = "exact"     // every count is known from the code
	Bounded   Confidence = "bounded"   // costs are upper bounds (early exits, branches taken at their worst)
	Estimated Confidence = "estimated" // some bound is unknown and uses a variable's default
)
