// Package badinit has an initializer that panics.
package badinit

var table = build()

func build() []int {
	var s []int
	return s[:1]
}

func Get() int { return len(table) }
