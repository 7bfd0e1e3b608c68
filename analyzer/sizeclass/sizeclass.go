// Package sizeclass rounds allocation sizes the way the Go runtime's
// allocator does: small objects up to their size class, large objects up to
// whole pages. The table is generated from the runtime's own sizeclasses.go.
package sizeclass

//go:generate go run gen.go

import "sort"

// Round returns the number of bytes the runtime allocates for an object of
// n bytes. Zero-size objects take no memory.
func Round(n int64) int64 {
	switch {
	case n <= 0:
		return 0
	case n > MaxSmallSize:
		return (n + PageSize - 1) / PageSize * PageSize
	}
	i := sort.Search(len(classSizes), func(i int) bool { return classSizes[i] >= n })
	return classSizes[i]
}
