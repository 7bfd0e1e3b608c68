// Command perfcastvet runs perfcast's analyzer as a vet tool:
//
//	go vet -vettool=$(command -v perfcastvet) ./...
//
// It exports every function's cost summary as a fact and reports functions
// exceeding a //perfcast:budget directive (see package analyzer/vet).
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/perfcast/perfcast/analyzer/vet"
)

func main() { singlechecker.Main(vet.Analyzer) }
