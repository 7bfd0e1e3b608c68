// Package unsup holds programs the interpreter refuses or that fail.
package unsup

import "unsafe"

func GoStmt() int { go func() {}(); return 1 }

func Select() int {
	c := make(chan int, 1)
	select {
	case c <- 1:
	default:
	}
	return 1
}

func BlockingSend() int {
	c := make(chan int)
	c <- 1
	return 1
}

func BlockingRecv() int {
	c := make(chan int, 1)
	return <-c
}

func Forever() int {
	i := 0
	for {
		i++
		if i < 0 {
			return i
		}
	}
}

func rec(n int) int { return rec(n+1) + 1 }

func Recurse() int { return rec(0) }

func UnsafePointer() uintptr {
	x := 1
	return uintptr(unsafe.Pointer(&x))
}

func Panics() int { panic("boom") }

func IndexPanics() int {
	s := []int{1, 2, 3}
	i := 3
	return s[i]
}

func Add(a, b int) int { return a + b }

func Swap(a string, b int) (int, string) { return b, a }

func UnsafeAdd() int {
	x := [2]int{1, 2}
	p := unsafe.Add(unsafe.Pointer(&x[0]), 8)
	return *(*int)(p)
}

func UnsafeString() string {
	b := []byte("hi")
	return unsafe.String(&b[0], 2)
}
