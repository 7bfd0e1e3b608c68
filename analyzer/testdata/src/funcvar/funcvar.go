// Package funcvar calls through package variables of function type.
package funcvar

import "sync"

// impl is set once, by setup under a sync.Once.
var (
	impl func([]int) int
	once sync.Once
)

func setup() { impl = squares }

func squares(s []int) int {
	t := 0
	for _, x := range s {
		t += x * x
	}
	return t
}

// Call calls squares through impl.
func Call(s []int) int {
	once.Do(setup)
	return impl(s)
}

// Exported may be set by an importer: not resolved.
var Exported = squares

// CallExported calls through Exported.
func CallExported(s []int) int { return Exported(s) }

// taken has its address taken: it may hold anything.
var taken = squares

func set(p *func([]int) int) { *p = nil }

// CallTaken calls through taken.
func CallTaken(s []int) int {
	set(&taken)
	return taken(s)
}
