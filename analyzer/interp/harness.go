package interp

import (
	"fmt"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ssa"
)

// fakeB is the interpreter's *testing.B: the benchmark's b. The real
// testing.B cannot run here (it times, forks sub-benchmarks on goroutines
// and reads memstats); the fake gives b.N, b.Loop, b.RunParallel (on one
// goroutine) and the timer switches the meaning go test gives them for one
// run with b.N = n, and turns them into what the observer is told.
type fakeB struct {
	in      *Interp
	name    string
	n       Value    // the cell of b.N
	sub     []string // sub-benchmark path still to select below this b
	active  bool     // this b's timed code is what is measured
	timerOn bool
	loops   int // b.Loop calls that returned true
	looped  bool
	found   bool // a b.Run call matched sub[0]
	cleanup []Value
}

// BenchmarkError reports that the benchmark failed or skipped itself
// (b.Fatal, b.Error, b.Skip, …): go test would print no result for it.
type BenchmarkError struct {
	Call string // the testing method, e.g. "Fatalf"
	Msg  string // its arguments, as far as they print simply
	Pos  token.Position
}

// Error names the call and its position.
func (e *BenchmarkError) Error() string {
	return fmt.Sprintf("%s: interp: benchmark called b.%s(%s)", e.Pos, e.Call, e.Msg)
}

// RunBenchmark runs fn, a func(*testing.B), as go test -bench would with
// b.N = n, reporting to the observer what the benchmark times: all of fn
// (less what precedes b.ResetTimer or the first b.Loop, and what runs
// between b.StopTimer and b.StartTimer). With sub non-empty, only the
// sub-benchmark b.Run(sub[0], …) → b.Run(sub[1], …) … is measured; the
// code around it runs untimed (the parent runs with b.N = 1, as in go
// test). Package initialization runs first, untimed.
func (in *Interp) RunBenchmark(fn *ssa.Function, sub []string, n int) error {
	if fn == nil {
		return fmt.Errorf("interp: RunBenchmark of a nil function")
	}
	return in.boundary(func() {
		in.obs = nil
		in.initPackage(fn.Pkg)
		in.benchN = n
		b := &fakeB{in: in, name: fn.Name(), n: n, sub: sub, active: len(sub) == 0, timerOn: true}
		if len(sub) > 0 {
			b.n = 1
		}
		in.runB(nil, b, &Closure{Fn: fn})
		if len(sub) > 0 && !b.found {
			in.fail(nil, fmt.Errorf("interp: %s has no sub-benchmark %q", fn.Name(), sub[0]))
		}
	})
}

// runB runs benchmark function f with b, then b's cleanups untimed.
func (in *Interp) runB(at ssa.CallInstruction, b *fakeB, f Value) {
	prev := in.curB
	in.curB = b
	b.sync()
	c := f.(*Closure)
	if c == nil {
		in.panicRuntime(at, "invalid memory address or nil pointer dereference")
	}
	in.callFunction(c.Fn, c.Env, []Value{b}, at, nil, false)
	in.obs = nil
	for i := len(b.cleanup) - 1; i >= 0; i-- {
		if cl, ok := b.cleanup[i].(*Closure); ok && cl != nil {
			in.callFunction(cl.Fn, cl.Env, nil, at, nil, false)
		}
	}
	in.curB = prev
	if prev != nil {
		prev.sync()
	}
}

// sync sets what the interpreter reports: everything to the observer
// while this b is the measured one and its timer runs, to the setup
// observer otherwise.
func (b *fakeB) sync() {
	switch {
	case b.active && b.timerOn:
		b.in.obs = b.in.cfg.Observer
	case b.in.cfg.Setup != nil:
		b.in.obs = b.in.cfg.Setup
	default:
		b.in.obs = nil
	}
}

// harnessCall runs a method of *testing.B (or of testing.common, promoted)
// on the fake b.
func (in *Interp) harnessCall(at ssa.CallInstruction, b *fakeB, fn *ssa.Function, args []Value) Value {
	name := fn.Name()
	switch name {
	case "Loop":
		if !b.looped {
			b.looped = true
			b.timerOn = true
			if b.active && in.cfg.Observer != nil {
				in.cfg.Observer.Reset()
			}
			b.sync()
		}
		if b.loops < b.n.(int) {
			b.loops++
			return true
		}
		b.timerOn = false
		b.sync()
		return false
	case "ResetTimer":
		if b.active && in.cfg.Observer != nil {
			in.cfg.Observer.Reset()
		}
		return nil
	case "StartTimer":
		b.timerOn = true
		b.sync()
		return nil
	case "StopTimer":
		b.timerOn = false
		b.sync()
		return nil
	case "Run":
		return in.benchRun(at, b, args[1].(string), args[2])
	case "Fatal", "Fatalf", "FailNow", "Error", "Errorf", "Fail", "Skip", "Skipf", "SkipNow":
		in.fail(at, &BenchmarkError{Call: name, Msg: printArgs(args[1:]), Pos: in.position(at)})
	case "Log", "Logf", "SetBytes", "ReportAllocs", "ReportMetric", "Helper", "SetParallelism":
		return nil
	case "Cleanup":
		b.cleanup = append(b.cleanup, args[1])
		return nil
	case "RunParallel":
		// go test splits b.N among GOMAXPROCS goroutines, each pulling
		// operations from a shared counter through pb.Next; here one
		// goroutine pulls them all: the same operations, counted once
		// each (predict spreads their time over the processors).
		body, ok := args[1].(*Closure)
		if !ok || body == nil {
			in.panicRuntime(at, "invalid memory address or nil pointer dereference")
		}
		in.callFunction(body.Fn, body.Env, []Value{&fakePB{left: b.n.(int)}}, at, nil, false)
		return nil
	case "Name":
		return b.name
	case "Failed", "Skipped":
		return false
	}
	in.unsupported(at, "testing method "+fn.String())
	return nil
}

// fakePB is the *testing.PB a b.RunParallel body is given: Next reports
// true as many times as the benchmark's b.N.
type fakePB struct {
	left int
}

// pbCall runs a method of *testing.PB on the fake pb.
func (in *Interp) pbCall(at ssa.CallInstruction, pb *fakePB, fn *ssa.Function) Value {
	if fn.Name() != "Next" {
		in.unsupported(at, "testing method "+fn.String())
	}
	if pb.left > 0 {
		pb.left--
		return true
	}
	return false
}

// benchRun is b.Run(name, f): only the sub-benchmark on the selected path
// runs (go test -bench=Parent/name), with a fresh b of the same n.
//
// A name with slashes ("size=64/density=0.1") names as many levels of
// go test's path as it has parts.
func (in *Interp) benchRun(at ssa.CallInstruction, b *fakeB, name string, f Value) Value {
	name = RewriteName(name)
	k := strings.Count(name, "/") + 1
	if len(b.sub) < k || name != strings.Join(b.sub[:k], "/") {
		return true
	}
	b.found = true
	child := &fakeB{
		in:      in,
		name:    b.name + "/" + name,
		n:       b.n,
		sub:     b.sub[k:],
		active:  len(b.sub) == k,
		timerOn: true,
	}
	if len(child.sub) > 0 {
		child.n = 1 // an untimed parent: go test runs it once
	} else {
		child.n = in.benchN
	}
	in.runB(at, child, f)
	if len(child.sub) > 0 && !child.found {
		in.fail(at, fmt.Errorf("interp: %s has no sub-benchmark %q", child.name, child.sub[0]))
	}
	return true
}

// fakeBField is &b.f: b.N's cell, and b itself for the embedded
// testing.common (whose methods the harness runs).
func (in *Interp) fakeBField(o *op, b *fakeB) Value {
	st, _ := o.t.Underlying().(*types.Struct)
	if st == nil {
		in.unsupported(o.in, "field of *testing.B")
	}
	switch f := st.Field(o.n).Name(); f {
	case "N":
		return &b.n
	case "common":
		return b
	default:
		in.unsupported(o.in, "field testing.B."+f)
	}
	return nil
}

// RewriteName is go test's rewrite of a sub-benchmark name: spaces become
// underscores and unprintable runes are escaped. perfcast predict names
// the benchmarks it discovers with it too.
func RewriteName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			b.WriteByte('_')
		case !strconv.IsPrint(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// printArgs renders the arguments of a b.Fatal-like call (a []any) as far
// as they are plain values.
func printArgs(args []Value) string {
	var parts []string
	for _, a := range args {
		switch x := a.(type) {
		case string:
			parts = append(parts, strconv.Quote(x))
		case []Value:
			for _, e := range x {
				parts = append(parts, describe(e))
			}
		default:
			parts = append(parts, describe(x))
		}
	}
	return strings.Join(parts, ", ")
}
