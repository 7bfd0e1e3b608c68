// Package stdprogs holds programs that call the standard library (run
// natively): they check the core's side of the bridge (receivers, cells,
// callbacks, interfaces, errors) once the native side is merged.
package stdprogs

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

func Builder() string {
	var sb strings.Builder
	for i := 0; i < 5; i++ {
		sb.WriteString(strconv.Itoa(i))
		sb.WriteByte(',')
	}
	return sb.String() + strconv.Itoa(sb.Len())
}

type wrapper struct {
	sb    strings.Builder
	count int
}

func (w *wrapper) add(s string) {
	w.sb.WriteString(s)
	w.count++
}

func BuilderField() string {
	w := &wrapper{}
	w.add("a")
	w.add("bc")
	return w.sb.String() + strconv.Itoa(w.count)
}

func Sprintf() string {
	return fmt.Sprintf("%d-%s-%v-%.2f-%q", 42, "x", []int{1, 2}, 3.14159, "q")
}

type celsius float64

func (c celsius) String() string { return strconv.FormatFloat(float64(c), 'f', 1, 64) + "C" }

func Stringer() string {
	return fmt.Sprint(celsius(21.5)) + " " + fmt.Sprintf("%v", celsius(2))
}

func StringerSlice() string {
	return fmt.Sprintf("%v", []celsius{1, 2})
}

type notFound struct{ key string }

func (e *notFound) Error() string { return "not found: " + e.key }

var errBase = errors.New("base")

func find(k string) error {
	if k == "" {
		return fmt.Errorf("find: %w", errBase)
	}
	return &notFound{k}
}

func Errors() string {
	e1 := find("")
	e2 := find("k")
	r := e1.Error() + ";" + e2.Error()
	if errors.Is(e1, errBase) {
		r += ";is"
	}
	if errors.Unwrap(e1) == errBase {
		r += ";unwrap"
	}
	return r
}

func ErrorsAs() string {
	var nf *notFound
	if errors.As(find("k"), &nf) {
		return "as:" + nf.key
	}
	return "not as"
}

type byLen []string

func (s byLen) Len() int           { return len(s) }
func (s byLen) Less(i, j int) bool { return len(s[i]) < len(s[j]) }
func (s byLen) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

func Sorting() string {
	words := []string{"ccc", "a", "bb", "dddd", "ee"}
	sort.Sort(byLen(words))
	nums := []int{5, 2, 8, 1}
	sort.Ints(nums)
	people := []struct {
		name string
		age  int
	}{{"x", 30}, {"y", 20}, {"z", 25}}
	sort.Slice(people, func(i, j int) bool { return people[i].age < people[j].age })
	return strings.Join(words, ",") + fmt.Sprint(nums) + people[0].name + people[2].name
}

func Parse() string {
	var out []string
	for _, s := range []string{"12", "-7", "x1", "99999999999999999999"} {
		n, err := strconv.Atoi(s)
		if err != nil {
			out = append(out, "err")
			continue
		}
		out = append(out, strconv.Itoa(n*2))
	}
	return strings.Join(out, " ")
}

func Buffer() string {
	var b bytes.Buffer
	b.WriteString("hello ")
	fmt.Fprintf(&b, "%d", 7)
	b.Write([]byte("!"))
	return b.String()
}

func Fields() string {
	parts := strings.FieldsFunc("a1b22c333", func(r rune) bool { return r >= '0' && r <= '9' })
	up := strings.Map(func(r rune) rune {
		if r == 'a' {
			return 'A'
		}
		return r
	}, "banana")
	return strings.Join(parts, "|") + up + strings.Repeat("-", 3)
}

func Split() int {
	n := 0
	for _, line := range strings.Split("a,b;c,d;e", ";") {
		for _, f := range strings.Split(line, ",") {
			n = n*10 + len(f)
		}
	}
	return n
}

func RecoverStd() (r string) {
	defer func() {
		if e := recover(); e != nil {
			r = fmt.Sprint(e)
		}
	}()
	s := []int{1}
	i := 5
	return strconv.Itoa(s[i])
}

func RecoverNative() (r string) {
	defer func() {
		if e := recover(); e != nil {
			r = "recovered: " + fmt.Sprint(e)
		}
	}()
	return strings.Repeat("x", -1)
}

// semver is a small parser of the kind benchmarks run on constant inputs.
type semver struct {
	major, minor, patch int
	pre                 string
}

func parseSemver(s string) (semver, error) {
	var v semver
	s = strings.TrimPrefix(s, "v")
	if i := strings.IndexByte(s, '-'); i >= 0 {
		v.pre = s[i+1:]
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return v, fmt.Errorf("bad version %q", s)
	}
	nums := []*int{&v.major, &v.minor, &v.patch}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return v, err
		}
		*nums[i] = n
	}
	return v, nil
}

func Semver() string {
	var out []string
	for _, s := range []string{"v1.2.3", "2.0.0-rc.1", "1.2", "v1.x.3"} {
		v, err := parseSemver(s)
		if err != nil {
			out = append(out, "err:"+err.Error())
			continue
		}
		out = append(out, fmt.Sprintf("%d.%d.%d[%s]", v.major, v.minor, v.patch, v.pre))
	}
	return strings.Join(out, " ")
}

func MapKeysSorted() string {
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Sprint(keys, len(m))
}

type iface1 interface{ m1() }
type impl1 struct{}

func (impl1) m2() {}

func assertMsg(f func()) (msg string) {
	defer func() {
		if e, ok := recover().(error); ok {
			msg = e.Error()
		}
	}()
	f()
	return "no panic"
}

func AssertMessages() string {
	var x any = "s"
	var y any = impl1{}
	var e error
	return assertMsg(func() { _ = x.(int) }) + "|" +
		assertMsg(func() { _ = y.(iface1) }) + "|" +
		assertMsg(func() { _ = e.(interface{ Unwrap() error }) }) + "|" +
		assertMsg(func() { var s []int; _ = s[len(s)+2] })
}
