// Package veta is a dependency whose summaries reach vetb as facts.
package veta

// Sum adds the elements.
func Sum(s []int) int { // want Sum:`cost\(exact, allocs=0\)`
	t := 0
	for _, x := range s {
		t += x
	}
	return t
}

// Item is stored by pointer.
type Item struct{ Name string }

// New allocates.
func New(name string) *Item { // want New:`cost\(exact, allocs=1\)`
	return &Item{Name: name}
}

// Walker is implemented in this package.
type Walker interface{ Walk(n int) int }

// Slow walks n steps.
type Slow struct{}

// Walk loops n times.
func (Slow) Walk(n int) int { // want Walk:`cost\(exact, allocs=0\)`
	c := 0
	for i := 0; i < n; i++ {
		c += i
	}
	return c
}
