package analyzer

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestShapes checks sizes of structures built before use, worked out by
// hand (testdata/src/shapes): constructor shapes, effects of calls
// (through callees and helpers), integer call results, and the cases where
// a change must not count.
func TestShapes(t *testing.T) {
	sh := analyzeTestPkg(t, "shapes")
	mul := op(manifest.OpMul)
	for _, tc := range []struct {
		fn   string
		vars map[string]float64
		want float64
	}{
		{"shapes.BuildThenWalk", map[string]float64{"n": 100, "m": 3}, 300},
		// The closure counts a copy of the set it captured: one multiply
		// per word of the captured set, named after the variable.
		{"shapes.CloneLater$1", map[string]float64{"len(s.set)": 40, "s.length": 2560}, 40},
		// Growth inside the loop of the use: the walks see the mean size
		// over the loop, n/2 (1, 2, ..., n: 5050 in truth).
		{"shapes.WalkWhileGrowing", map[string]float64{"n": 100}, 5000},
		// Emptied in the first iteration of the outer loop: k²/2 in all
		// (k(k+1)/2 = 210 in truth), whatever n.
		{"shapes.DrainInLoop", map[string]float64{"n": 1, "k": 20}, 200},
		{"shapes.DrainInLoop", map[string]float64{"n": 10, "k": 20}, 200},
		{"shapes.DrainInLoop", map[string]float64{"n": 1000, "k": 20}, 200},
		// A list of 10 values drained at 20 per iteration: empty halfway
		// through the first, 10²/2/20·20 = 50 (55 in truth).
		{"shapes.DrainInLoop", map[string]float64{"n": 4, "k": 20}, 200},
		{"shapes.drain", map[string]float64{"n": 4, "k": 20, "l.size": 10}, 50},
		// Half a list drained per iteration: 40 then 20 then 0, mean
		// size over two iterations 20 (40, 39, ..., 1: 820 in truth).
		{"shapes.drain", map[string]float64{"n": 2, "k": 20, "l.size": 40}, 800},
		// Grown by k per iteration: k·n²/2 (165 in truth).
		{"shapes.GrowInLoop", map[string]float64{"n": 10, "k": 3}, 150},
		// Through a wrapper: the queue's list, two structures deep.
		{"shapes.QueueDrain", map[string]float64{"n": 10, "k": 20}, 200},
		{"(*shapes.Queue).Dequeue", map[string]float64{"q.list.size": 7}, 7},
		// Two wrappers: three fields deep.
		{"shapes.DequeDrain", map[string]float64{"n": 10, "k": 20}, 200},
		{"(*shapes.Deque).PopFront", map[string]float64{"d.q.list.size": 7}, 7},
		// Grown on demand: at least the k slots the last Append needed.
		{"shapes.VecFill", map[string]float64{"k": 40}, 40},
		// A fresh list per outer iteration, k values each.
		{"shapes.Rebuild", map[string]float64{"n": 10, "k": 5}, 50},
		// Reset sets the size to 0.
		{"shapes.ResetThenWalk", map[string]float64{"n": 100}, 0},
		// Set grows the set on demand: max(words(n), words(k)).
		{"shapes.SetThenCount", map[string]float64{"n": 6400, "k": 64}, 100.98438},
		{"shapes.SetThenCount", map[string]float64{"n": 64, "k": 6400}, 100.98438},
		{"shapes.Variadic", nil, 3},
		// An interface call may change anything it is passed.
		{"shapes.Escaped", map[string]float64{"n": 100}, DefaultSize},
		// (n+63)/64 words.
		{"shapes.CountNew", map[string]float64{"n": 6400}, 100.98438},
		// The closure names the sizes of what it captures; predict binds them.
		{"shapes.CountLater$1", map[string]float64{"len(s.set)": 100}, 100},
		{"shapes.IndexSum", map[string]float64{"n": 50}, 50},
		{"shapes.MapSum", map[string]float64{"n": 50}, 50},
		{"shapes.FillThenWalk", map[string]float64{"n": 40}, 40},
		// Loops of the building function bounded by the sizes it built.
		{"shapes.MapRange", map[string]float64{"n": 30}, 30},
		{"shapes.LenBound", map[string]float64{"n": 30}, 30},
		// Sizes two fields deep: the set's ordering list.
		{"shapes.BuildSetThenScan", map[string]float64{"n": 25}, 25},
		{"(*shapes.OrderedSet).Scan", map[string]float64{"s.ordering.size": 9}, 9},
		// A range over a call's slice result, of known length.
		{"(*shapes.List).Product", map[string]float64{"l.size": 12}, 12},
		// A slice grown by append in a loop: n elements after it.
		{"shapes.AppendBuilt", map[string]float64{"n": 21}, 21},
		{"shapes.AppendRange", map[string]float64{"n": 21}, 21},
		// walkN's bound is Len()'s result, the list's size.
		{"shapes.LenLoop", map[string]float64{"n": 40}, 40},
	} {
		s := sh[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if got := eval(t, mul(s), tc.vars); got != tc.want {
			t.Errorf("%s: mul = %s = %g at %v, want %g", tc.fn, mul(s), got, tc.vars, tc.want)
		}
	}
	for _, tc := range []struct {
		fn, what, want string
	}{
		{"(*shapes.List).insert", "effects", "[l.size: 1]"},
		{"(*shapes.List).Add", "effects", "[l.size: 1]"},
		{"(*shapes.List).AddAll", "effects", "[l.size: len(vs)]"},
		{"shapes.Fill", "effects", "[l.size: n]"},
		{"(*shapes.Index).Put", "effects", "[len(x.m): 1]"},
		{"(*shapes.Index).PutNew", "effects", "[len(x.m): 1]"},
		{"(*shapes.List).Reset", "effects", "[l.size: 0 (set)]"},
		{"(*shapes.List).Drop", "effects", "[l.size: -1]"},
		// -1 on both non-empty paths (the Clear at size 1 too), and
		// removals hit: -1 per call, not weighted by the probability the
		// list is non-empty (0.7941 from the pointer and return
		// heuristics).
		{"(*shapes.List).Pop", "effects", "[l.size: -1]"},
		{"(*shapes.Queue).Enqueue", "effects", "[q.list.size: 1]"},
		{"(*shapes.Queue).Dequeue", "effects", "[q.list.size: -1]"},
		{"(*shapes.Deque).PushBack", "effects", "[d.q.list.size: 1]"},
		{"(*shapes.Deque).PopFront", "effects", "[d.q.list.size: -1]"},
		{"shapes.NewDeque", "shape", "[q.list.size: 0]"},
		{"(*shapes.Vec).Reserve", "effects", "[cap(v.items): k + v.n (max) len(v.items): k + v.n (max)]"},
		{"(*shapes.Vec).Append", "effects", "[cap(v.items): 1 + v.n (max) len(v.items): 1 + v.n (max) v.n: 1]"},
		{"(*shapes.Vec).resize", "effects", "[cap(v.items): cap_ (set) len(v.items): cap_ (set)]"},
		{"(*shapes.Vec).grow", "effects", "[cap(v.items): 1.5*k + 1.5*len(v.items) (set) len(v.items): 1.5*k + 1.5*len(v.items) (set)]"},
		{"(*shapes.Bits).extend", "effects", "[b.length: 1 + i (set) len(b.set): 1 + 0.015625*i (set)]"},
		{"(*shapes.Bits).Set", "effects", "[b.length: 1 + i (max) len(b.set): 1 + 0.015625*i (max)]"},
		{"shapes.wordsNeeded", "result", "0.98438 + 0.015625*i"},
		{"(*shapes.List).Len", "result", "l.size"},
		{"(*shapes.List).Values", "resultlen", "l.size"},
		{"shapes.NewList", "shape", "[first.v: 0 size: 0]"},
		{"shapes.NewBits", "shape", "[cap(set): 0.98438 + 0.015625*length len(set): 0.98438 + 0.015625*length length: length]"},
		{"shapes.NewIndex", "shape", "[len(m): 0]"},
		{"shapes.NewOrderedSet", "shape", "[len(table): 0 ordering.first.v: 0 ordering.size: 0]"},
		{"(*shapes.OrderedSet).Put", "effects", "[len(s.table): 1 s.ordering.size: 1]"},
		// The closure sees the set its creator built.
		{"shapes.CountLater", "captured", "[shapes.CountLater$1 cap(s.set): 0.98438 + 0.015625*n shapes.CountLater$1 len(s.set): 0.98438 + 0.015625*n shapes.CountLater$1 s.length: n]"},
	} {
		s := sh[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		var got string
		switch tc.what {
		case "effects":
			got = factsText(s.Effects)
		case "shape":
			got = factsText(s.Shape)
		case "captured":
			var parts []string
			for _, c := range s.Captured {
				parts = append(parts, strings.TrimPrefix(c.Closure, testPrefix)+" "+c.Var+": "+c.Value.String())
			}
			got = "[" + strings.Join(parts, " ") + "]"
		case "clobbers":
			got = fmt.Sprint(s.Clobbers)
		case "resultlen":
			if s.ResultLen != nil {
				got = s.ResultLen.String()
			}
		case "result":
			if s.Result != nil {
				got = s.Result.String()
			}
		}
		if got != tc.want {
			t.Errorf("%s: %s = %s, want %s", tc.fn, tc.what, got, tc.want)
		}
	}
}

func factsText(fs []SizeFact) string {
	var parts []string
	for _, f := range fs {
		p := f.Var + ": " + f.Value.String()
		if f.Op != "" {
			p += " (" + f.Op + ")"
		}
		parts = append(parts, p)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// TestShapesGob checks that the sizes survive the Fact encoding.
func TestShapesGob(t *testing.T) {
	for name, s := range analyzeTestPkg(t, "shapes") {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(s); err != nil {
			t.Fatal(err)
		}
		got := new(Summary)
		if err := gob.NewDecoder(&buf).Decode(got); err != nil {
			t.Fatal(err)
		}
		if summaryText(got) != summaryText(s) {
			t.Errorf("%s: round trip changed it:\n%s\n%s", name, summaryText(got), summaryText(s))
		}
	}
}

// TestAmortizedArms checks the arms that run O(log n) times or once over
// the calls on one object: they get probability 0, the other arm all.
func TestAmortizedArms(t *testing.T) {
	sh := analyzeTestPkg(t, "shapes")
	for _, tc := range []struct {
		fn    string
		class manifest.OpClass
		want  float64
	}{
		{"shapes.Reuse", manifest.OpMake, 0},
		{"shapes.Reuse", manifest.OpBoundsChk, 1}, // s[:n] on the reuse arm, every call
		{"shapes.Shrink", manifest.OpMake, 0},
		{"(*shapes.Cache).Get", manifest.OpMake, 0},
		{"(*shapes.Cache).Get", manifest.OpMapRead, 1},
	} {
		s := sh[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		// Sizes at their defaults (a lookup counts on a non-empty map).
		if got := eval(t, s.Op(tc.class), defaults(s)); got != tc.want {
			t.Errorf("%s: %s = %g, want %g", tc.fn, tc.class, got, tc.want)
		}
	}
}

// TestShapesDeterministic analyzes the shapes package twice: sizes,
// effects and everything they feed must not depend on map order.
func TestShapesDeterministic(t *testing.T) {
	a, b := analyzeTestPkg(t, "shapes"), analyzeTestPkg(t, "shapes")
	for k, s := range a {
		if got, want := summaryText(s), summaryText(b[k]); got != want {
			t.Errorf("%s differs between runs:\n%s\n%s", k, got, want)
		}
	}
}

// TestNestedAppendLen checks the length of a slice appended to in nested
// loops: the appends of the innermost body times every loop's trip count,
// the slice passing through the inner loops' header phis (phiLen).
func TestNestedAppendLen(t *testing.T) {
	sums := analyzeTestPkg(t, "nestedappend")
	for _, tc := range []struct {
		fn   string
		vars map[string]float64
		want float64 // 0: no length
		most float64 // the largest length accepted, 0: want (1% off)
	}{
		{"nestedappend.Grid", map[string]float64{"n": 10}, 30, 0},
		{"nestedappend.Cases", map[string]float64{"n": 5, "len(vals)": 14}, 2 * 11 * 11 * 14 * 14, 0},
		// Two elements per cell, a third on the cells the branch
		// heuristics give it.
		{"nestedappend.Pairs", map[string]float64{"n": 10, "m": 4}, 80, 120},
		{"nestedappend.Reset", map[string]float64{"n": 10, "m": 4}, 0, 0},
	} {
		s := sums[tc.fn]
		if s == nil {
			t.Errorf("%s: no summary", tc.fn)
			continue
		}
		if s.ResultLen == nil {
			if tc.want != 0 {
				t.Errorf("%s: no result length, want %g", tc.fn, tc.want)
			}
			continue
		}
		got := eval(t, *s.ResultLen, withDefaults(s, tc.vars))
		most := tc.most
		if most == 0 {
			most = 1.01 * tc.want
		}
		if tc.want == 0 || got < 0.99*tc.want || got > most {
			t.Errorf("%s: result length %s = %g, want %g", tc.fn, s.ResultLen, got, tc.want)
		}
	}
}
