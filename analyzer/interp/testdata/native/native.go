// Package native is the program of native_test.go: its types and
// functions give the go/types types and SSA functions that the tests of
// the native bridge call callNative with.
package native

import (
	"bytes"
	"container/heap"
	"container/list"
	crand "crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"math/big"
	"math/bits"
	"math/rand"
	randv2 "math/rand/v2"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// Point has no methods: it crosses to native code as a structurally built
// struct.
type Point struct {
	X, Y int
	name string
}

// Tagged is encoded by encoding/json.
type Tagged struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

// Celsius has no methods.
type Celsius float64

// Temp is a fmt.Stringer.
type Temp float64

func (t Temp) String() string { return strconv.FormatFloat(float64(t), 'f', 1, 64) + "°" }

// MyErr is an error.
type MyErr struct{ Code int }

func (e *MyErr) Error() string { return "code " + strconv.Itoa(e.Code) }

// WrapErr wraps an error.
type WrapErr struct{ Inner error }

func (w WrapErr) Error() string { return "wrap: " + w.Inner.Error() }
func (w WrapErr) Unwrap() error { return w.Inner }

// ByLen sorts strings by length.
type ByLen []string

func (s ByLen) Len() int           { return len(s) }
func (s ByLen) Less(i, j int) bool { return len(s[i]) < len(s[j]) }
func (s ByLen) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// IntHeap is a heap.Interface.
type IntHeap []int

func (h IntHeap) Len() int           { return len(h) }
func (h IntHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h IntHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *IntHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *IntHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// WithMethod has a method that no adapter covers.
type WithMethod struct{ A int }

// M is a method.
func (WithMethod) M() {}

// Ones is an io.Reader of 1 bytes.
type Ones struct{}

func (Ones) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 1
	}
	return len(p), nil
}

// SortByLen sorts with a closure.
func SortByLen(s []string) {
	sort.Slice(s, func(i, j int) bool { return len(s[i]) < len(s[j]) })
}

// Use references the functions the tests call, so that the program has
// them.
func Use() {
	var b strings.Builder
	b.WriteString("x")
	_ = b.Len() + strings.Index("a", "b") + bytes.Index(nil, nil) + len(strconv.Itoa(1))
	_, _ = strconv.Atoi("1")
	_ = fmt.Sprintf("%v", 1)
	_ = errors.New("x")
	_ = hex.Encode(nil, nil)
	binary.BigEndian.PutUint32(make([]byte, 4), 1)
	_ = rand.Intn(3) + randv2.IntN(3)
	_ = time.Now()
	_ = time.Since(time.Time{})
	_ = math.Sqrt(2) + float64(bits.OnesCount(1))
	_ = unicode.IsUpper('x')
	_ = utf8.RuneLen('x')
	_, _ = io.ReadFull(strings.NewReader(""), nil)
	_, _ = url.ParseQuery("a=1")
	_ = os.Getenv("HOME")
	_ = flag.Int("n", 1, "")
	_ = testing.Short()
	var mu sync.Mutex
	mu.Lock()
	var wg sync.WaitGroup
	wg.Wait()
	_, _ = json.Marshal(nil)
	var tg Tagged
	_ = json.Unmarshal(nil, &tg)
	h := &IntHeap{}
	heap.Push(h, 1)
	_, _ = crand.Read(nil)
	_ = time.Duration(1).String()
	_ = regexp.MustCompile("a+").FindAllString("aa", -1)
	_ = new(big.Int).SetInt64(1).String()
	_ = list.New().PushBack(1)
	_ = maphash.String(maphash.MakeSeed(), "x")
	_ = strings.Map(unicode.ToUpper, "x") + strings.NewReplacer("a", "b").Replace("a")
	_ = strings.FieldsFunc("a b", unicode.IsSpace)
}
