//go:build !linux

package calibrate

import "time"

var epoch = time.Now()

// threadCPU falls back to the wall clock where CPU time is not read.
func threadCPU() time.Duration { return time.Since(epoch) }

// processCPU falls back to the wall clock where CPU time is not read.
func processCPU() time.Duration { return time.Since(epoch) }

const cpuClock = false
