package predict

import (
	"reflect"
	"testing"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// TestObjectSizes checks the sizes an object discovery followed gets: its
// constructor's shape bound to the arguments, then each call's effects on
// it in order (add, set, grow-to, clobber), and none when a call cannot be
// bound; sizes the environment already has are kept.
func TestObjectSizes(t *testing.T) {
	num := func(v float64) Arg { return Arg{Num: v, HasNum: true} }
	sums := map[string]*analyzer.Summary{
		"p.New": {Name: "p.New", Params: []string{"n", "data"}, Shape: []analyzer.SizeFact{
			{Var: "length", Value: expr.MustParse("n")},
			{Var: "len(set)", Value: expr.MustParse("n/64 + len(data)")},
			{Var: "other", Value: expr.MustParse("unknownvar")},
		}},
		"(*p.S).Push": {Name: "(*p.S).Push", Params: []string{"s", "k"}, Sized: true, Effects: []analyzer.SizeFact{
			{Var: "s.length", Value: expr.MustParse("k")},
		}},
		"(*p.S).Grow": {Name: "(*p.S).Grow", Params: []string{"s", "i"}, Sized: true, Effects: []analyzer.SizeFact{
			{Var: "s.length", Value: expr.MustParse("i + 1"), Op: "max"},
			{Var: "len(s.set)", Value: expr.MustParse("s.length / 64"), Op: "set"},
		}},
		"(*p.S).Fit": {Name: "(*p.S).Fit", Params: []string{"s", "k"}, Sized: true, Clobbers: []string{"len(s.set)"}, Effects: []analyzer.SizeFact{
			{Var: "s.length", Value: expr.MustParse("k"), Op: "max"},
		}},
		"(*p.S).Reset":  {Name: "(*p.S).Reset", Params: []string{"s"}, Sized: true, Clobbers: []string{"len(s.set)"}},
		"(*p.S).Opaque": {Name: "(*p.S).Opaque", Params: []string{"s"}},
		"p.Fill": {Name: "p.Fill", Params: []string{"dst", "s"}, Sized: true, Effects: []analyzer.SizeFact{
			{Var: "s.length", Value: expr.MustParse("dst.length")},
		}},
	}
	built := ObjectCall{Func: "p.New", Args: []Arg{num(640), {Len: 3, HasLen: true}}, Self: -1}
	call := func(fn string, args ...Arg) ObjectCall { return ObjectCall{Func: fn, Args: args, Self: 0} }
	for _, tc := range []struct {
		name  string
		calls []ObjectCall
		env   map[string]float64
		want  map[string]float64
	}{
		{"built", nil, nil, map[string]float64{"s.length": 640, "len(s.set)": 13}},
		{"add", []ObjectCall{call("(*p.S).Push", Arg{}, num(5)), call("(*p.S).Push", Arg{}, num(2))}, nil,
			map[string]float64{"s.length": 647, "len(s.set)": 13}},
		// Grow's effects both see the sizes before the call.
		{"grow-to and set", []ObjectCall{call("(*p.S).Grow", Arg{}, num(1279))}, nil,
			map[string]float64{"s.length": 1280, "len(s.set)": 10}},
		{"grow-to below", []ObjectCall{call("(*p.S).Grow", Arg{}, num(10))}, nil,
			map[string]float64{"s.length": 640, "len(s.set)": 10}},
		{"clobber", []ObjectCall{call("(*p.S).Reset", Arg{})}, nil, map[string]float64{"s.length": 640}},
		{"unknown argument", []ObjectCall{call("(*p.S).Push", Arg{}, Arg{})}, nil, map[string]float64{"len(s.set)": 13}},
		{"not sized", []ObjectCall{call("(*p.S).Opaque", Arg{})}, nil, nil},
		{"no summary", []ObjectCall{call("q.F", Arg{})}, nil, nil},
		// Another object's size is not known here.
		{"as second argument", []ObjectCall{{Func: "p.Fill", Args: []Arg{{}, {}}, Self: 1}}, nil, map[string]float64{"len(s.set)": 13}},
		// An argument known by its range only: Grow(rand.Intn(640)) stays
		// within the length; Grow(rand.Intn(2000)) may not.
		{"grow-to within range", []ObjectCall{call("(*p.S).Grow", Arg{}, Arg{Max: 639, HasMax: true})}, nil,
			map[string]float64{"s.length": 640, "len(s.set)": 10}},
		{"grow-to beyond range", []ObjectCall{call("(*p.S).Grow", Arg{}, Arg{Max: 1999, HasMax: true})}, nil,
			map[string]float64{"len(s.set)": 10}},
		{"add with range", []ObjectCall{call("(*p.S).Push", Arg{}, Arg{Max: 3, HasMax: true})}, nil,
			map[string]float64{"len(s.set)": 13}},
		// A call repeated by a loop discovery replayed once.
		{"repeated", []ObjectCall{{Func: "(*p.S).Push", Args: []Arg{{}, num(2)}, Self: 0, Times: 1000}}, nil,
			map[string]float64{"s.length": 2640, "len(s.set)": 13}},
		// A call in a loop discovery cannot count (a sub-benchmark's b.N
		// loop) keeps the sizes that none, one and two runs leave alike:
		// a grow-to the object already fits, not a capacity it may
		// reallocate (a clobber) nor a size it adds to.
		{"any times grow-to", []ObjectCall{{Func: "(*p.S).Fit", Args: []Arg{{}, num(10)}, Self: 0, Times: -1}}, nil,
			map[string]float64{"s.length": 640}},
		{"any times grow-to beyond", []ObjectCall{{Func: "(*p.S).Fit", Args: []Arg{{}, num(1000)}, Self: 0, Times: -1}}, nil, nil},
		{"any times add", []ObjectCall{{Func: "(*p.S).Push", Args: []Arg{{}, num(2)}, Self: 0, Times: -1}}, nil,
			map[string]float64{"len(s.set)": 13}},
		{"any times no change", []ObjectCall{{Func: "(*p.S).Push", Args: []Arg{{}, num(0)}, Self: 0, Times: -1}}, nil,
			map[string]float64{"s.length": 640, "len(s.set)": 13}},
		{"env wins", nil, map[string]float64{"s.length": 7}, map[string]float64{"s.length": 7, "len(s.set)": 13}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Benchmark{Objects: []Object{{Var: "s", Built: built, Calls: tc.calls}}}
			got := objectSizes(b, tc.env, sums)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestDispatchSizes checks that a function value discovery knows sets the
// weights of the call's targets, and that an unknown target leaves them.
func TestDispatchSizes(t *testing.T) {
	sum := &analyzer.Summary{Vars: nil}
	for _, target := range []string{"p.B$1", "p.B$2", "p.B$3"} {
		sum.Vars = append(sum.Vars, manifestVar(analyzer.DispatchVar("f", target), 1.0/3))
	}
	for _, tc := range []struct {
		name  string
		funcs map[string]string
		want  map[string]float64
	}{
		{"bound", map[string]string{"f": "p.B$2", "g": "p.B$1"}, map[string]float64{
			analyzer.DispatchVar("f", "p.B$1"): 0, analyzer.DispatchVar("f", "p.B$2"): 1, analyzer.DispatchVar("f", "p.B$3"): 0}},
		{"not a target", map[string]string{"f": "p.Other"}, nil},
		{"none", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := dispatchSizes(Benchmark{Funcs: tc.funcs}, nil, sum)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func manifestVar(name string, def float64) manifest.Var {
	return manifest.Var{Name: name, Default: def, Origin: analyzer.DispatchOrigin}
}
