// Package moddeps builds on a package of its own module (work).
package moddeps

import "github.com/perfcast/perfcast/analyzer/predict/testdata/src/moddeps/work"

// List is a stack of ints.
type List struct{ head *work.Node }

// Add pushes v.
func (l *List) Add(v int) { l.head = work.Push(l.head, v) }
