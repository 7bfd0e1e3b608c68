//go:build !amd64

package calibrate

// addChain is the portable fallback: a dependent chain the compiler cannot
// shorten. Its cycles per step are not known exactly on every core, so the
// clock measured with it is an estimate.
func addChain(n int) int {
	x := 0
	for i := 0; i < n; i++ {
		x = x*1 + 1
		x += sinkSmall
	}
	return x
}

const addsPerIteration = 2

const haveAddChain = false
