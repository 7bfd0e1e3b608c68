package funcvar

import "sync"

// fast is set by a closure of the package initializer, run once.
var fast func([]int) int

var fastOnce = sync.OnceFunc(func() { fast = squares })

// CallOnce calls squares through fast.
func CallOnce(s []int) int {
	fastOnce()
	return fast(s)
}
