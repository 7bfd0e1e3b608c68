//go:build linux

package calibrate

import (
	"runtime"
	"slices"
	"syscall"
)

// measurePageFault returns the time, in ns, of the first touch of a 4 KiB
// page of fresh anonymous memory: a mapping that, like the Go heap's (which
// does not ask for transparent huge pages), gets the kernel's default
// pages, touched one byte per page. The thread's CPU time, user and system,
// as for the rest of the calibration: the kernel's fault is system time,
// and a hypervisor's work on it stalls the vCPU within it, while on a
// shared machine wall time would add other processes' turns. The median of
// rounds of 16 MiB each, unmapped between rounds (a fresh mapping every
// time, as the heap's growth is); 0 when mapping fails.
func measurePageFault(o Options) float64 {
	const size, page = 16 << 20, 4096
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	rounds := max(o.Rounds, 3)
	var xs []float64
	for range rounds {
		mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
		if err != nil {
			return 0
		}
		t := threadCPU()
		for i := 0; i < size; i += page {
			mem[i] = 1
		}
		xs = append(xs, float64((threadCPU()-t).Nanoseconds())/(size/page))
		_ = syscall.Munmap(mem)
	}
	slices.Sort(xs)
	return xs[len(xs)/2]
}
