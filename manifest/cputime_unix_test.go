//go:build unix

package manifest

import "syscall"

// cpuTime returns the process's user plus system CPU time in nanoseconds.
// Benchmarks report it next to wall time because the machines they run on
// are shared: CPU time per operation is what the code costs, wall time is
// that plus waiting for a core.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
