package analyzer

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/perfcast/perfcast/manifest/expr"
)

// FuzzReadStdTable feeds arbitrary bytes to the table reader: it must
// return an error or a table, never panic.
func FuzzReadStdTable(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteStdTable(&buf, "go1.26.8", []string{"a"}, analyzeFuzzSeed()); err == nil {
		f.Add(buf.Bytes())
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadStdTable(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, n := range tab.Packages {
			_ = tab.HasPackage(n)
		}
		tab.Lookup("a.F")
	})
}

// FuzzSummaryGob decodes arbitrary bytes as a Fact; decoded summaries must
// re-encode.
func FuzzSummaryGob(f *testing.F) {
	for _, s := range analyzeFuzzSeed() {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(s); err == nil {
			f.Add(buf.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := new(Summary)
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(s); err != nil {
			return
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(s); err != nil {
			t.Fatalf("decoded summary does not re-encode: %v", err)
		}
	})
}

func analyzeFuzzSeed() []*Summary {
	r, n := expr.MustParse("0.98438 + 0.015625*n"), expr.MustParse("l.size")
	u := expr.MustParse("64 + 66*n")
	return []*Summary{
		{Name: "a.F", Params: []string{"s"}, Confidence: "exact"},
		{Name: "a.BenchmarkF", Params: []string{"b"}, Confidence: "exact", UntimedBytes: &u},
		{Name: "a.G", Params: []string{"l", "n"}, Confidence: "exact", Sized: true, Result: &r, ResultLen: &n,
			Shape:    []SizeFact{{Var: "len(set)", Value: r}},
			Effects:  []SizeFact{{Var: "l.size", Value: expr.MustParse("n")}, {Var: "len(l.set)", Value: r, Op: "max"}},
			Clobbers: []string{"l.first.*"},
			Captured: []CapturedSize{{Closure: "a.G$1", Var: "len(s.set)", Value: r}}},
		{Name: "(*a.node).walk", Params: []string{"n", "visit"}, Confidence: "estimated",
			FuncCalls: []FuncCall{{Param: "visit", Count: expr.MustParse("len(n.items)*recurse_walk")}},
			Walk:      &Walk{Var: "recurse_walk", Param: "n", PerCall: expr.MustParse("len(n.items)")}},
		{Name: "(*a.Tree).Ascend", Params: []string{"t", "visit"}, Confidence: "estimated",
			FuncCalls: []FuncCall{{Param: "visit", Count: expr.MustParse("t.length")}},
			WalkStops: []SizeFact{{Var: "visit", Value: expr.MustParse("t.length")}}},
		{Name: "a.Put", Params: []string{"t", "k"}, Confidence: "exact", Searches: true,
			NewKey: &KeyedCost{AllocCount: n, AllocBytes: u, RetainOut: u,
				Inserts: &KeySeq{Callee: "(*a.T).Put", Args: []KeyArg{{Holder: true}, {Lo: expr.Const(0), Hi: n}, {Opaque: "{}:struct{}"}}}},
			Found: &KeyedCost{CPU: []OpCount{{Class: "store", Count: r}}, AllocCount: expr.Const(1), AllocBytes: expr.Const(16)}},
	}
}
