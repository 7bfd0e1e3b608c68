package calibrate

// addChain runs n iterations of 8 dependent one-cycle ADDs (freq_amd64.s).
//
//go:noescape
func addChain(n int) int

// addsPerIteration is the dependent ADDs per iteration of addChain.
const addsPerIteration = 8

const haveAddChain = true
