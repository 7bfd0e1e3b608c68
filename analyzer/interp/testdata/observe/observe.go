// Package observe holds programs whose observer events the tests check.
package observe

import "strings"

func body(i int) int { return i * 2 }

// Loop10 calls body 10 times.
func Loop10() int {
	s := 0
	for i := 0; i < 10; i++ {
		s += body(i)
	}
	return s
}

// Inserts adds three keys and overwrites one.
func Inserts() int {
	m := map[string]int{}
	m["a"] = 1
	m["b"] = 2
	m["a"] = 3
	m["c"] = 4
	return len(m)
}

type T struct{ a, b, c int64 }

var (
	sinkP   *T
	sinkS   []int
	sinkM   map[int]int
	sinkI   any
	sinkF   func() int64
	sinkStr = "abc"
	sinkB   []byte
)

// Allocs allocates one object of each kind.
func Allocs() int {
	p := &T{}
	sinkP = p
	sinkS = make([]int, 10)
	sinkM = make(map[int]int)
	sinkI = *p
	sinkF = func() int64 { return sinkP.a }
	sinkF = p.geta
	sinkStr = sinkStr + "def"
	sinkB = []byte(sinkStr)
	return 0
}

func (t *T) geta() int64 { return t.a }

// CallsStd calls the standard library.
func CallsStd() string { return strings.ToUpper("x") }

func mk() *T { return &T{} }

// AllocInCallee allocates in a callee: the observer is told the call.
func AllocInCallee() int {
	sinkP = mk()
	return 0
}

// Hinted makes a map with a size hint and fills it.
func Hinted() int {
	m := make(map[int]bool, 100)
	for i := 0; i < 3; i++ {
		m[i] = true
	}
	return len(m)
}

// initTable is made by the package initializer, which runs untimed: the
// observer must not see it.
var initTable = make([]int, 100)
