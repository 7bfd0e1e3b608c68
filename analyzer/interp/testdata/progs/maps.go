package progs

func MapBasic() string {
	m := map[string]int{}
	m["a"] = 1
	m["b"] = 2
	m["a"] += 10
	delete(m, "b")
	delete(m, "zz")
	v, ok := m["b"]
	w, ok2 := m["a"]
	r := itoa(len(m)) + itoa(v) + itoa(w)
	if !ok && ok2 {
		r += "ok"
	}
	return r
}
func MapIterSum() int {
	m := make(map[int]int, 10)
	for i := 0; i < 100; i++ {
		m[i%37] += i
	}
	sum := 0
	for k, v := range m {
		sum += k*1000 + v
	}
	return sum + len(m)
}

type pt struct{ x, y int }

func MapStructKey() string {
	m := map[pt]string{}
	m[pt{1, 2}] = "a"
	m[pt{2, 1}] = "b"
	m[pt{1, 2}] += "c"
	return m[pt{1, 2}] + m[pt{2, 1}] + m[pt{0, 0}] + itoa(len(m))
}
func MapIfaceKey() int {
	m := map[any]int{}
	m[1] = 1
	m[int64(1)] = 2
	m["1"] = 3
	m[pt{1, 1}] = 4
	m[pt{1, 1}] += 10
	m[nil] = 5
	return len(m)*100 + m[pt{1, 1}] + m[1]
}
func MapArrayKey() int {
	m := map[[2]int]int{}
	for i := 0; i < 10; i++ {
		m[[2]int{i % 3, i % 2}]++
	}
	return len(m)*100 + m[[2]int{0, 0}]
}
func MapNaN() int {
	m := map[float64]int{}
	nan := 0.0
	nan = nan / nan
	m[nan] = 1
	m[nan] = 2
	m[0.0] = 3
	z := 0.0
	m[-z] = 4
	_, ok := m[nan]
	r := len(m) * 10
	if ok {
		r++
	}
	return r
}
func MapDeleteDuringRange() int {
	m := map[int]int{}
	for i := 0; i < 50; i++ {
		m[i] = i
	}
	n := 0
	for k := range m {
		delete(m, k)
		n++
	}
	return n*100 + len(m)
}
func MapClear() int {
	m := map[int]bool{1: true, 2: true}
	clear(m)
	m[3] = true
	return len(m)
}
func MapOfSlices() string {
	m := map[string][]int{}
	for i := 0; i < 6; i++ {
		k := "odd"
		if i%2 == 0 {
			k = "even"
		}
		m[k] = append(m[k], i)
	}
	return join(m["even"]) + ";" + join(m["odd"])
}
func NilMap() string {
	var m map[string]int
	r := itoa(m["x"]) + itoa(len(m))
	for range m {
		r += "!"
	}
	defer func() {
		if recover() != nil {
			keepS = append(keepS, "recovered")
		}
	}()
	return r
}
func NilMapWrite() (r string) {
	defer func() {
		if recover() != nil {
			r = "panicked"
		}
	}()
	var m map[string]int
	m["a"] = 1
	return "no"
}
func MapChurn() int {
	m := map[int]int{}
	for i := 0; i < 5000; i++ {
		m[i] = i
		if i >= 10 {
			delete(m, i-10)
		}
	}
	s := 0
	for k := range m {
		s += k
	}
	return s*100 + len(m)
}
