// Package alloc has new, composite literals and make, escaping or not.
// Functions named Esc* allocate on the heap, Stack* do not.
package alloc

type T struct{ a, b int }

var sinkT *T

func EscNew() *T { return new(T) }

func StackNew() int { p := new(T); p.a = 1; return p.a + p.b }

func EscLit() { sinkT = &T{1, 2} }

func StackLit() int { p := &T{1, 2}; return p.a }

func EscMoved() *int {
	x := 3
	return &x
}

func EscMake(n int) []byte { return make([]byte, n) }

func StackMakeConst() int {
	b := make([]byte, 64)
	b[0] = 1
	return int(b[0])
}

// SmallMake's buffer stays on the stack when n <= 32 (Go 1.25+).
func SmallMake(n int) int {
	b := make([]byte, n)
	return len(b)
}

// EscMakeHuge is too large for the stack even though it does not escape.
func EscMakeHuge() int {
	b := make([]byte, 1<<20)
	return len(b)
}

func EscMap(n int) map[string]int { return make(map[string]int, n) }

func EscMapLit() map[string]int { return map[string]int{"a": 1} }

func EscSliceLit(n int) []int { return []int{1, 2, n} }

func EscChan() chan int { return make(chan int, 4) }

type Buf struct{ b []byte }

func (b *Buf) EscGrow(n int) { b.b = make([]byte, n) }

func (b Buf) StackLen() int { c := make([]byte, 8); return len(c) + len(b.b) }

// EscGeneric's element size depends on the type argument.
func EscGeneric[T any](n int) []T { return make([]T, n) }

// StackGeneric keeps its new(T) on the stack.
func StackGeneric[T any]() bool { p := new(T); return p != nil }

// Instances makes gc compile the generic functions (it compiles instances,
// reported at the generic source positions).
func Instances() ([]string, bool) { return EscGeneric[string](3), StackGeneric[int]() }
