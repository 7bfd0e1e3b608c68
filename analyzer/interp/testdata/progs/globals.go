package progs

var table = buildTable()
var derivedG = len(table) * 2
var initLog []string
var tableMap = map[string]int{"one": 1, "two": 2}

func buildTable() []int {
	initLog = append(initLog, "table")
	t := make([]int, 5)
	for i := range t {
		t[i] = i * i
	}
	return t
}

func init() {
	initLog = append(initLog, "init1")
	table[0] = 100
}

func init() {
	initLog = append(initLog, "init2")
}

func Globals() string {
	s := ""
	for _, x := range initLog {
		s += x + ","
	}
	return s + join(table) + " " + itoa(derivedG) + itoa(tableMap["two"])
}

var counterG int

func bump() int { counterG++; return counterG }

func GlobalsMutate() int {
	bump()
	bump()
	return bump()
}

// GlobalsMutateOnce bumps a global once: its result counts the calls.
func GlobalsMutateOnce() int { return bump2() }

var counter2 int

func bump2() int { counter2++; return counter2 }
