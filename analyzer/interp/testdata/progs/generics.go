package progs

type number interface{ ~int | ~int64 | ~float64 }

func sum[T number](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func mapf[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

type stack[T any] struct{ items []T }

func (s *stack[T]) push(x T) { s.items = append(s.items, x) }
func (s *stack[T]) pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	x := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return x, true
}

type pair[K comparable, V any] struct {
	k K
	v V
}

func keys[K comparable, V any](ps []pair[K, V]) map[K]V {
	m := map[K]V{}
	for _, p := range ps {
		m[p.k] = p.v
	}
	return m
}

type myInt int

func Generics() string {
	a := sum([]int{1, 2, 3})
	b := sum([]float64{0.5, 0.25})
	c := sum([]myInt{4, 5})
	strs := mapf([]int{1, 2}, func(i int) string { return itoa(i * 10) })
	var st stack[string]
	st.push("x")
	st.push("y")
	top, _ := st.pop()
	_, ok := (&stack[int]{}).pop()
	m := keys([]pair[string, int]{{"a", 1}, {"b", 2}, {"a", 3}})
	r := itoa(a) + itoa(int(b*100)) + itoa(int(c)) + strs[0] + strs[1] + top + itoa(m["a"]) + itoa(len(m))
	if !ok {
		r += "empty"
	}
	return r
}

func index[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
func GenericsCompare() int {
	return index([]string{"a", "b"}, "b")*10 + index([]any{1, "x"}, any("x"))
}

type pusher interface{ push(int) }

type sizer interface{ size() int }

func (s *stack[T]) size() int { return len(s.items) }

func describeT[T any](x T) string {
	switch v := any(x).(type) {
	case int:
		return "int" + itoa(v)
	case string:
		return "string:" + v
	}
	return "other"
}

type tree[T interface{ ~int | ~string }] struct {
	left, right *tree[T]
	val         T
}

func (t *tree[T]) insert(v T) *tree[T] {
	if t == nil {
		return &tree[T]{val: v}
	}
	if v < t.val {
		t.left = t.left.insert(v)
	} else {
		t.right = t.right.insert(v)
	}
	return t
}

func (t *tree[T]) walk(f func(T)) {
	if t == nil {
		return
	}
	t.left.walk(f)
	f(t.val)
	t.right.walk(f)
}

func GenericsDynamic() string {
	var p pusher = &stack[int]{}
	p.push(1)
	p.push(2)
	n := p.(sizer).size()
	var root *tree[string]
	for _, w := range []string{"m", "c", "x", "a"} {
		root = root.insert(w)
	}
	out := ""
	root.walk(func(s string) { out += s })
	return itoa(n) + describeT(5) + describeT("s") + describeT(1.5) + out
}
