//go:build linux

package calibrate

import (
	"syscall"
	"unsafe"
)

// hugeUint32s returns a zeroed slice of n uint32s in memory that the kernel
// is asked to back with transparent huge pages, so that the cache-latency
// probes measure caches rather than TLB misses (which, under a hypervisor,
// cost a two-dimensional page walk). The memory is never freed: the probes
// run once per process.
func hugeUint32s(n int) []uint32 {
	const huge = 2 << 20
	size := (n*4 + huge - 1) / huge * huge
	mem, err := syscall.Mmap(-1, 0, size+huge, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return make([]uint32, n)
	}
	off := 0
	if a := uintptr(unsafe.Pointer(&mem[0])) % huge; a != 0 {
		off = int(huge - a)
	}
	mem = mem[off : off+size]
	_ = syscall.Madvise(mem, 14) // MADV_HUGEPAGE; best effort
	return unsafe.Slice((*uint32)(unsafe.Pointer(&mem[0])), n)
}
