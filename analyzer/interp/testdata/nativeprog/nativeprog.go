// Package nativeprog is run end to end by native_e2e_test.go: each
// exported function without parameters returns a string built with the
// standard library, and the interpreter's result must equal the compiled
// function's. (On the native branch alone, where core's instruction loop
// is a stub, the test skips.)
package nativeprog

import (
	"bufio"
	"container/heap"
	"container/list"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"math/rand"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

// ErrNotFound is a sentinel error.
var ErrNotFound = errors.New("not found")

type person struct {
	name string
	age  int
}

// Builder writes into a strings.Builder.
func Builder() string {
	var b strings.Builder
	for i := 0; i < 5; i++ {
		b.WriteString(strconv.Itoa(i * i))
		b.WriteByte(',')
	}
	return b.String() + fmt.Sprint(b.Len())
}

// SortStructs sorts structs with sort.Slice.
func SortStructs() string {
	people := []person{{"al", 30}, {"bo", 25}, {"cy", 35}, {"di", 25}}
	sort.SliceStable(people, func(i, j int) bool { return people[i].age < people[j].age })
	return fmt.Sprint(people)
}

type byLen []string

func (s byLen) Len() int           { return len(s) }
func (s byLen) Less(i, j int) bool { return len(s[i]) < len(s[j]) }
func (s byLen) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// SortInterface sorts with sort.Sort.
func SortInterface() string {
	s := []string{"ccc", "a", "bb", "dddd", ""}
	sort.Sort(byLen(s))
	sort.Strings(s[:2])
	return strings.Join(s, "|")
}

type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// HeapOrder pushes and pops a container/heap.
func HeapOrder() string {
	h := &intHeap{5, 2, 8}
	heap.Init(h)
	heap.Push(h, 3)
	heap.Push(h, 1)
	var out []int
	for h.Len() > 0 {
		out = append(out, heap.Pop(h).(int))
	}
	return fmt.Sprint(out)
}

type codeErr struct{ code int }

func (e *codeErr) Error() string { return "code " + strconv.Itoa(e.code) }

type wrapErr struct{ inner error }

func (w wrapErr) Error() string { return "wrap(" + w.inner.Error() + ")" }
func (w wrapErr) Unwrap() error { return w.inner }

// ErrorsChain wraps, unwraps and matches errors.
func ErrorsChain() string {
	err := fmt.Errorf("ctx: %w", &codeErr{7})
	var ce *codeErr
	ok := errors.As(err, &ce)
	w := wrapErr{fmt.Errorf("inner: %w", ErrNotFound)}
	_, perr := strconv.Atoi("x")
	var ne *strconv.NumError
	return fmt.Sprint(err, " ", ok, " ", ce.code, " ", errors.Unwrap(err) == error(ce), " ",
		errors.Is(w, ErrNotFound), " ", w, " ", errors.As(perr, &ne), " ", ne.Func, " ", errors.Is(err, ErrNotFound))
}

type temp float64

func (t temp) String() string { return strconv.FormatFloat(float64(t), 'f', 1, 64) + "C" }

// Stringers prints values with String methods.
func Stringers() string {
	return fmt.Sprintf("%v|%s|%d|%v|%5.1f", temp(36.6), []temp{1, 2}, 42, time.Duration(1500)*time.Millisecond, 3.14159)
}

// Bytes fills buffers natively.
func Bytes() string {
	dst := make([]byte, hex.EncodedLen(3))
	hex.Encode(dst, []byte{1, 2, 255})
	buf := make([]byte, 8)
	binary.LittleEndian.PutUint64(buf, 0x0102030405060708)
	n := strconv.AppendInt(buf[:0], 42, 10)
	n[0] = 'x'
	return string(dst) + fmt.Sprint(buf, len(n), cap(n))
}

// Readers reads with io and bufio.
func Readers() string {
	r := strings.NewReader("hello world\nsecond line here\nthird")
	buf := make([]byte, 5)
	n, err := io.ReadFull(r, buf)
	sc := bufio.NewScanner(r)
	sc.Split(bufio.ScanWords)
	words := 0
	for sc.Scan() {
		words++
	}
	return fmt.Sprint(string(buf), n, err, words)
}

type tagged struct {
	Name  string   `json:"name"`
	N     int      `json:"n,omitempty"`
	Tags  []string `json:"tags"`
	inner int
}

// JSON encodes and decodes.
func JSON() string {
	b, err := json.Marshal(tagged{Name: "z", N: 3, Tags: []string{"a", "b"}, inner: 9})
	var m map[string]any
	err2 := json.Unmarshal([]byte(`{"x":1.5,"y":[1,"two"],"z":{"k":true}}`), &m)
	var t tagged
	err3 := json.Unmarshal(b, &t)
	return fmt.Sprint(string(b), err, m, err2, t, err3)
}

// Regexp matches.
func Regexp() string {
	re := regexp.MustCompile(`(\w+)@(\w+)\.com`)
	return fmt.Sprint(re.FindAllStringSubmatch("al@x.com, bo@y.com; cy@z.org", -1), re.ReplaceAllString("al@x.com", "$2/$1"))
}

// Seeded draws from an explicitly seeded source (the same natively).
func Seeded() string {
	r := rand.New(rand.NewSource(42))
	return fmt.Sprint(r.Intn(100), r.Perm(5), r.Float64() < 1)
}

// BigInt computes 3^100.
func BigInt() string {
	x := new(big.Int).Exp(big.NewInt(3), big.NewInt(100), nil)
	var y big.Int
	y.Add(x, big.NewInt(1))
	return x.String() + " " + y.Text(16)
}

// List uses container/list.
func List() string {
	l := list.New()
	for i := 0; i < 4; i++ {
		l.PushBack(i * 10)
	}
	l.PushFront(-1)
	sum := 0
	for e := l.Front(); e != nil; e = e.Next() {
		sum += e.Value.(int)
	}
	return fmt.Sprint(l.Len(), sum)
}

// Maps ranges over a map in sorted key order.
func Maps() string {
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Sprint(keys, m)
}

// Callbacks passes closures and std functions as funcs.
func Callbacks() string {
	shift := 1
	s := strings.Map(func(r rune) rune {
		if r == 'l' {
			return -1
		}
		return r + rune(shift)
	}, "Hello")
	f := strings.FieldsFunc("a1b22c333", unicode.IsDigit)
	i := strings.IndexFunc("abcDef", unicode.IsUpper)
	return fmt.Sprint(s, f, i, strings.ToUpper(strings.Repeat("ab", 2)))
}

// Times uses durations and fixed dates (no clock).
func Times() string {
	t := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	d := 36*time.Hour + 90*time.Second
	return fmt.Sprint(t.Add(d).Format(time.RFC3339), " ", t.Weekday(), " ", d, " ", d.Minutes(), " ", t.Sub(t.AddDate(0, -1, 0)))
}

// URL parses a URL.
func URL() string {
	u, err := url.Parse("https://x.com/a/b?c=1&d=2&c=3")
	q := u.Query()
	return fmt.Sprint(u.Host, u.Path, q.Get("c"), q["c"], len(q), err, url.QueryEscape("a b&c"))
}

type counter struct{ n int }

func (c *counter) Write(p []byte) (int, error) {
	c.n += len(p)
	return len(p), nil
}

// Writer gives an interpreted io.Writer to fmt.
func Writer() string {
	c := &counter{}
	fmt.Fprintf(c, "%d-%s", 12345, "abc")
	fmt.Fprintln(c, "x")
	return strconv.Itoa(c.n)
}

// Sync uses a mutex and atomics.
func Sync() string {
	var mu sync.Mutex
	var n int64
	var c atomic.Int64
	for i := 0; i < 3; i++ {
		mu.Lock()
		atomic.AddInt64(&n, 5)
		c.Add(2)
		mu.Unlock()
	}
	var once sync.Once
	calls := 0
	for i := 0; i < 3; i++ {
		once.Do(func() { calls++ })
	}
	return fmt.Sprint(n, c.Load(), calls)
}
