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

type inner struct{ next *inner }

type outer struct {
	in   inner
	name string
}

// UnsafeOuter reaches a struct from its first field, which holds pointers.
func UnsafeOuter() string {
	o := &outer{name: "x"}
	return (*outer)(unsafe.Pointer(&o.in)).name
}

// UnsafeForged makes a pointer of an integer.
func UnsafeForged() int {
	return *(*int)(unsafe.Pointer(uintptr(4096)))
}

func Panics() int { panic("boom") }

func IndexPanics() int {
	s := []int{1, 2, 3}
	i := 3
	return s[i]
}

func Add(a, b int) int { return a + b }

func Swap(a string, b int) (int, string) { return b, a }

type twoBytes struct{ a, b byte }

// UnsafeString makes a string of a pointer to a struct's field, not into
// a run of elements.
func UnsafeString() string {
	r := &twoBytes{'h', 'i'}
	return unsafe.String(&r.a, 2)
}
