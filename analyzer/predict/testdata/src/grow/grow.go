// Package grow fills a map with a key per operation, and rewrites the same
// few keys, for perfcast predict's working set of a map that grows with
// b.N.
package grow

// Index maps keys to their positions.
type Index struct{ m map[int]int }

// New returns an empty index.
func New() *Index { return &Index{m: map[int]int{}} }

// Put records key at position pos.
func (x *Index) Put(key, pos int) { x.m[key] = pos }
