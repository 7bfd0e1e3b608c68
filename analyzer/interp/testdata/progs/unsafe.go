package progs

import "unsafe"

// Word reads from byte slices, as hashing code does them.

func UnsafeWord32() uint32 {
	p := []byte("abcdefgh")
	var h uint32
	for i := 0; i < len(p)/4; i++ {
		k := *(*uint32)(unsafe.Pointer(&p[i*4]))
		h = h*31 + k
	}
	return h
}

func UnsafeWords64() uint64 {
	p := []byte("0123456789abcdefXYZ")
	t := (*[2]uint64)(unsafe.Pointer(&p[1]))
	return t[0] ^ t[1]<<1
}

func UnsafeBlock() int {
	p := []byte("0123456789abcdef0123456789ABCDEF")
	b := (*[16]byte)(unsafe.Pointer(&p[16]))
	b[0] = 'z' // writes through to p
	return int(b[15]) + int(p[16])
}

// A walk by uintptr, as murmur3's Sum32 does it.
func UnsafeUintptrWalk() uint32 {
	data := []byte("the quick brown fox jumps")
	n := len(data) / 4
	p := uintptr(unsafe.Pointer(&data[0]))
	end := p + uintptr(4*n)
	var h uint32
	for ; p < end; p += 4 {
		h ^= *(*uint32)(unsafe.Pointer(p))
		h = h<<13 | h>>19
	}
	return h
}

func UnsafeStore() string {
	b := make([]byte, 8)
	*(*uint32)(unsafe.Pointer(&b[2])) = 0x44434241
	*(*uint16)(unsafe.Pointer(&b[6])) = 0x4645
	return string(b[2:])
}

func UnsafeAddRead() int {
	x := [3]int{10, 20, 30}
	p := unsafe.Add(unsafe.Pointer(&x[0]), 16)
	return *(*int)(p)
}

func UnsafeFloatBits() uint64 {
	f := 1.5
	return *(*uint64)(unsafe.Pointer(&f))
}

type halves struct{ lo, hi uint32 }

func UnsafeStructView() uint64 {
	v := halves{1, 2}
	w := *(*uint64)(unsafe.Pointer(&v))
	*(*uint64)(unsafe.Pointer(&v)) = w + 1<<32
	return w*10 + uint64(v.hi)
}

// Zero-copy conversions between []byte and string.

func UnsafeBytesToString() string {
	b := []byte("zero copy")
	return *(*string)(unsafe.Pointer(&b))
}

func UnsafeStringToBytes() int {
	s := "hello"
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	return len(b) + int(b[1])
}

func UnsafeStringOf() string {
	b := []byte("some bytes")
	return unsafe.String(unsafe.SliceData(b), 4) + unsafe.String(&b[5], 5)
}

func UnsafeSameData() bool {
	a := make([]int, 4)
	b := a[:2]
	return unsafe.SliceData(a) == unsafe.SliceData(b)
}

func UnsafeRoundTrip() int {
	s := []int{1, 2, 3}
	p := (*int)(unsafe.Pointer(&s[1]))
	*p = 7
	return s[1] + len(s)
}
