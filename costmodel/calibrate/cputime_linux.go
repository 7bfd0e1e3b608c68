//go:build linux

package calibrate

import (
	"syscall"
	"time"
	"unsafe"
)

// Samples are timed in CPU time rather than wall time: that leaves out the
// time the process sat descheduled while other work ran on the machine,
// which is most of the noise on a shared 2-core host.
//
// threadCPU is the calling thread's CPU time (the measuring goroutine is
// locked to its thread). It leaves out the runtime's other threads too:
// background sweeping, and idle threads spinning for work after a benchmark
// that started goroutines. processCPU includes every thread, for the
// benchmarks whose work runs on other threads.
func threadCPU() time.Duration { return clock(3) } // CLOCK_THREAD_CPUTIME_ID

func processCPU() time.Duration { return clock(2) } // CLOCK_PROCESS_CPUTIME_ID

func clock(id uintptr) time.Duration {
	var ts syscall.Timespec
	_, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, id, uintptr(unsafe.Pointer(&ts)), 0)
	if e != 0 {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ts.Nano())
}

const cpuClock = true
