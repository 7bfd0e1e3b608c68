// Package stdsummary ships perfcast's cost summaries of standard-library
// functions, computed once by `go generate` (gen.go runs the analyzer over
// the packages listed there) so that analyzing a module, or vetting one
// package, does not re-analyze std. The table is versioned by the Go
// toolchain that generated it; package analyzer decodes it (LoadStdTable).
package stdsummary

import _ "embed"

//go:generate go run gen.go

// Data is the gzip-compressed JSON-lines table written by
// analyzer.WriteStdTable.
//
//go:embed std.json.gz
var Data []byte
