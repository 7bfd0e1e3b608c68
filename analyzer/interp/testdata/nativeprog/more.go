package nativeprog

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

type logger struct {
	strings.Builder
	lines int
}

func (l *logger) line(s string) {
	l.WriteString(s)
	l.WriteByte('\n')
	l.lines++
}

// Embedded uses the promoted methods of an embedded std struct.
func Embedded() string {
	var l logger
	l.line("a")
	l.line("bc")
	return fmt.Sprint(l.String(), l.Len(), l.lines)
}

type guarded struct {
	mu sync.Mutex
	m  map[string]int
}

func (g *guarded) inc(k string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.m[k]++
}

// FieldMutex locks a mutex that is a field of an interpreted struct.
func FieldMutex() string {
	g := &guarded{m: map[string]int{}}
	for _, k := range []string{"a", "b", "a"} {
		g.inc(k)
	}
	return fmt.Sprint(g.m)
}

// Buffer uses bytes.Buffer and bufio.Writer.
func Buffer() string {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	for i := 0; i < 3; i++ {
		fmt.Fprintf(w, "%02d;", i)
	}
	before := buf.Len()
	w.Flush()
	buf.WriteString("end")
	line, err := buf.ReadString(';')
	return fmt.Sprint(before, line, err, buf.String())
}

// Hashes hashes bytes.
func Hashes() string {
	data := []byte("hello, world")
	sum := sha256.Sum256(data)
	h := fnv.New64a()
	h.Write(data)
	h.Write([]byte{1})
	return fmt.Sprintf("%x %d %d %s", sum[:4], crc32.ChecksumIEEE(data), h.Sum64(), base64.StdEncoding.EncodeToString(data[:5]))
}

// Scan parses with fmt.Sscanf into interpreted variables.
func Scan() string {
	var a, b int
	var s string
	n, err := fmt.Sscanf("12 34 xyz", "%d %d %s", &a, &b, &s)
	return fmt.Sprint(n, err, a+b, s)
}

// Search uses sort.Search with a closure.
func Search() string {
	xs := []int{1, 3, 5, 7, 9, 11}
	i := sort.Search(len(xs), func(i int) bool { return xs[i] >= 7 })
	j := sort.SearchInts(xs, 4)
	return fmt.Sprint(i, j, sort.IntsAreSorted(xs))
}

type item struct {
	ID    int      `json:"id"`
	Name  string   `json:"name"`
	Attrs []string `json:"attrs,omitempty"`
	Sub   *sub     `json:"sub,omitempty"`
}

type sub struct {
	N float64 `json:"n"`
}

// JSONNested decodes a slice of structs with pointers.
func JSONNested() string {
	var items []item
	err := json.Unmarshal([]byte(`[{"id":1,"name":"a","attrs":["x"]},{"id":2,"name":"b","sub":{"n":2.5}}]`), &items)
	out, err2 := json.MarshalIndent(items[1], "", " ")
	return fmt.Sprint(len(items), items[0].Attrs, items[1].Sub.N, items[0].Sub == nil, err, string(out), err2)
}

type node struct {
	V    int   `json:"v"`
	Next *node `json:"next,omitempty"`
}

// Recursive decodes a recursive type: reflect cannot build one, so the
// interpreter refuses it.
func Recursive() string {
	var n node
	err := json.Unmarshal([]byte(`{"v":1,"next":{"v":2}}`), &n)
	return fmt.Sprint(n.V, n.Next.V, err)
}

// Runes decodes UTF-8.
func Runes() string {
	s := "héllo, 世界"
	var rs []rune
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		rs = append(rs, r)
		i += size
	}
	return fmt.Sprint(len(rs), utf8.RuneCountInString(s), string(rs[1]), strings.ToUpper(s), utf8.ValidString(s))
}

// Verbs formats with many verbs.
func Verbs() string {
	type pt struct{ X, Y int }
	p := pt{1, -2}
	return fmt.Sprintf("%q %x %08b %+d %e %g %v %+v %t %c %U %s %6.2f|%-4d|%5s %v %v", "a\tb", "hi", 5, 3, 1234.5678, math.Inf(1), p, &p, true, 'é', 'é', []string{"a"}, math.Pi, 7, "ab", math.NaN(), []any{1, "x", nil})
}

type ptrStringer struct{ n int }

func (p *ptrStringer) String() string { return "ptr" + strconv.Itoa(p.n) }

// PtrStringer prints a value whose String has a pointer receiver: the
// pointer prints through it, the value as a plain struct.
func PtrStringer() string {
	v := ptrStringer{4}
	return fmt.Sprint(&v, " ", v)
}

// Errors formats strconv errors.
func Errors() string {
	_, err := strconv.ParseInt("99999999999999999999", 10, 64)
	_, err2 := strconv.ParseBool("maybe")
	return fmt.Sprint(err, "|", err2, "|", err == nil)
}

// Retained sorts through a native wrapper that keeps the slice.
func Retained() string {
	xs := []int{3, 1, 4, 1, 5}
	r := sort.Reverse(sort.IntSlice(xs))
	xs[0] = 9
	sort.Sort(r)
	buf := make([]byte, 0, 16)
	b := bytes.NewBuffer(buf)
	b.WriteString("abc")
	fmt.Fprintf(b, "%d", 42)
	return fmt.Sprint(xs, string(buf[:5]), b.String())
}

// Pool reuses buffers through a sync.Pool.
func Pool() string {
	news := 0
	p := sync.Pool{New: func() any { news++; return new(bytes.Buffer) }}
	total := 0
	for i := 0; i < 5; i++ {
		b := p.Get().(*bytes.Buffer)
		b.Reset()
		fmt.Fprintf(b, "item %d", i)
		total += b.Len()
		p.Put(b)
	}
	return fmt.Sprint(news, total)
}
