// Package iface converts values to interfaces.
package iface

import "fmt"

var sink any

type Big struct{ a, b, c int }

func EscBox(n int) { sink = n }

func EscBoxStruct(b Big) { sink = b }

// StackPointer stores a pointer in the interface word: no allocation.
func StackPointer(p *Big) { sink = p }

// EscConstant is reported as escaping by gc but points at read-only data.
func EscConstant() { sink = "constant" }

func StackBox(n int) string {
	var x any = n
	_, ok := x.(string)
	if ok {
		return "s"
	}
	return "n"
}

func EscPrint(n int, s string) { fmt.Println(n, s) }

func EscError(code int) error { return fmt.Errorf("code %d", code) }
