package analyzer

import (
	"bytes"
	"encoding/gob"
	"fmt"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Summaries travel between vet runs as gob-encoded Facts. Expressions are
// carried as their canonical text; every list is already sorted, so the
// encoding is deterministic.

type wireSummary struct {
	Name       string
	Params     []string
	CPU        []wireOp
	AllocCount string
	AllocBytes string
	RetainOut  string
	RetainHeld string
	Untimed    string // "" when nil
	IO         []wireIO
	Vars       []manifest.Var
	Callees    []string
	Confidence manifest.Confidence
	Notes      []string
	NoReturn   bool
	Pure       bool
	PureWrites []int
	Result     string // "" when unknown
	ResultLen  string
	Shape      []wireFact
	Effects    []wireFact
	Clobbers   []string
	Sized      bool
	Captured   []wireCaptured
	FuncCalls  []wireFact // Var: the parameter, Value: the count
	Walk       *wireFact  // Var: the recursion variable, Value: PerCall, Op: the parameter
	WalkStops  []wireFact
	NewKey     *wireKeyed // nil when none
	Found      *wireKeyed
	Searches   bool
	Sites      []wireSite
	Fresh      []wireFact // Var: the parameter, Value: the count, Op: the bytes
}

type wireSite struct {
	Pos, Kind    string
	Variable     bool
	Count, Bytes string
}

type wireKeyed struct {
	CPU                     []wireOp
	Count, Bytes, RetainOut string
	Callee                  string // Inserts; "" when nil
	Args                    []wireKeyArg
}

type wireKeyArg struct {
	Holder         bool
	Opaque, Lo, Hi string
}

func toWireKeyed(k *KeyedCost) *wireKeyed {
	if k == nil {
		return nil
	}
	w := &wireKeyed{Count: k.AllocCount.String(), Bytes: k.AllocBytes.String(), RetainOut: k.RetainOut.String()}
	for _, oc := range k.CPU {
		w.CPU = append(w.CPU, wireOp{oc.Class, oc.Count.String()})
	}
	if k.Inserts != nil {
		w.Callee = k.Inserts.Callee
		for _, a := range k.Inserts.Args {
			w.Args = append(w.Args, wireKeyArg{a.Holder, a.Opaque, a.Lo.String(), a.Hi.String()})
		}
	}
	return w
}

func fromWireKeyed(w *wireKeyed, what string, parse func(field, text string) (expr.Expr, error)) (*KeyedCost, error) {
	if w == nil {
		return nil, nil
	}
	var k KeyedCost
	var err error
	if k.AllocCount, err = parse(what+" alloc count", w.Count); err != nil {
		return nil, err
	}
	if k.AllocBytes, err = parse(what+" alloc bytes", w.Bytes); err != nil {
		return nil, err
	}
	if k.RetainOut, err = parse(what+" retained bytes", w.RetainOut); err != nil {
		return nil, err
	}
	for _, oc := range w.CPU {
		e, err := parse(what+" "+string(oc.Class), oc.Count)
		if err != nil {
			return nil, err
		}
		k.CPU = append(k.CPU, OpCount{oc.Class, e})
	}
	if w.Callee != "" {
		k.Inserts = &KeySeq{Callee: w.Callee}
		for _, a := range w.Args {
			lo, err := parse(what+" inserted keys", a.Lo)
			if err != nil {
				return nil, err
			}
			hi, err := parse(what+" inserted keys", a.Hi)
			if err != nil {
				return nil, err
			}
			k.Inserts.Args = append(k.Inserts.Args, KeyArg{a.Holder, a.Opaque, lo, hi})
		}
	}
	return &k, nil
}

type wireCaptured struct {
	Closure, Var, Value string
}

type wireFact struct {
	Var, Value, Op string
}

type wireOp struct {
	Class manifest.OpClass
	Count string
}

type wireIO struct {
	Kind         manifest.IOKind
	Count, Bytes string
}

// GobEncode implements gob.GobEncoder.
func (s *Summary) GobEncode() ([]byte, error) {
	w := wireSummary{
		Name: s.Name, Params: s.Params, AllocCount: s.AllocCount.String(), AllocBytes: s.AllocBytes.String(),
		RetainOut: s.RetainOut.String(), RetainHeld: s.RetainHeld.String(),
		Vars: s.Vars, Callees: s.Callees, Confidence: s.Confidence, Notes: s.Notes,
		NoReturn: s.NoReturn, Pure: s.Pure, PureWrites: s.PureWrites, Clobbers: s.Clobbers, Sized: s.Sized,
	}
	if s.Result != nil {
		w.Result = s.Result.String()
	}
	w.NewKey, w.Found, w.Searches = toWireKeyed(s.NewKey), toWireKeyed(s.Found), s.Searches
	if s.UntimedBytes != nil {
		w.Untimed = s.UntimedBytes.String()
	}
	if s.ResultLen != nil {
		w.ResultLen = s.ResultLen.String()
	}
	for _, f := range s.Shape {
		w.Shape = append(w.Shape, wireFact{f.Var, f.Value.String(), ""})
	}
	for _, f := range s.Effects {
		w.Effects = append(w.Effects, wireFact{f.Var, f.Value.String(), f.Op})
	}
	for _, c := range s.Captured {
		w.Captured = append(w.Captured, wireCaptured{c.Closure, c.Var, c.Value.String()})
	}
	for _, c := range s.FuncCalls {
		w.FuncCalls = append(w.FuncCalls, wireFact{c.Param, c.Count.String(), ""})
	}
	if s.Walk != nil {
		w.Walk = &wireFact{s.Walk.Var, s.Walk.PerCall.String(), s.Walk.Param}
	}
	for _, f := range s.WalkStops {
		w.WalkStops = append(w.WalkStops, wireFact{f.Var, f.Value.String(), ""})
	}
	for _, a := range s.FreshAllocs {
		w.Fresh = append(w.Fresh, wireFact{a.Param, a.Count.String(), a.Bytes.String()})
	}
	for _, a := range s.InlineSites {
		w.Sites = append(w.Sites, wireSite{a.Pos, a.Kind, a.Variable, a.Count.String(), a.Bytes.String()})
	}
	for _, oc := range s.CPU {
		w.CPU = append(w.CPU, wireOp{oc.Class, oc.Count.String()})
	}
	for _, io := range s.IO {
		w.IO = append(w.IO, wireIO{io.Kind, io.Count.String(), io.Bytes.String()})
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&w); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// GobDecode implements gob.GobDecoder.
func (s *Summary) GobDecode(b []byte) error {
	var w wireSummary
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&w); err != nil {
		return err
	}
	parse := func(field, text string) (expr.Expr, error) {
		e, err := expr.Parse(text)
		if err != nil {
			return expr.Expr{}, fmt.Errorf("summary %s: %s: %w", w.Name, field, err)
		}
		return e, nil
	}
	out := Summary{Name: w.Name, Params: w.Params, Vars: w.Vars, Callees: w.Callees, Confidence: w.Confidence, Notes: w.Notes, NoReturn: w.NoReturn,
		Pure: w.Pure, PureWrites: w.PureWrites, Clobbers: w.Clobbers, Sized: w.Sized}
	var err error
	if w.Result != "" {
		r, err := parse("result", w.Result)
		if err != nil {
			return err
		}
		out.Result = &r
	}
	if w.ResultLen != "" {
		r, err := parse("result length", w.ResultLen)
		if err != nil {
			return err
		}
		out.ResultLen = &r
	}
	for _, f := range w.Shape {
		e, err := parse("shape "+f.Var, f.Value)
		if err != nil {
			return err
		}
		out.Shape = append(out.Shape, SizeFact{Var: f.Var, Value: e})
	}
	for _, f := range w.Effects {
		e, err := parse("effect "+f.Var, f.Value)
		if err != nil {
			return err
		}
		out.Effects = append(out.Effects, SizeFact{f.Var, e, f.Op})
	}
	for _, c := range w.Captured {
		e, err := parse("captured "+c.Var, c.Value)
		if err != nil {
			return err
		}
		out.Captured = append(out.Captured, CapturedSize{c.Closure, c.Var, e})
	}
	for _, c := range w.FuncCalls {
		e, err := parse("calls through "+c.Var, c.Value)
		if err != nil {
			return err
		}
		out.FuncCalls = append(out.FuncCalls, FuncCall{c.Var, e})
	}
	for _, f := range w.WalkStops {
		e, err := parse("walk stop "+f.Var, f.Value)
		if err != nil {
			return err
		}
		out.WalkStops = append(out.WalkStops, SizeFact{Var: f.Var, Value: e})
	}
	if w.Walk != nil {
		e, err := parse("walk "+w.Walk.Var, w.Walk.Value)
		if err != nil {
			return err
		}
		out.Walk = &Walk{Var: w.Walk.Var, Param: w.Walk.Op, PerCall: e}
	}
	for _, a := range w.Fresh {
		c, err := parse("fresh "+a.Var+" count", a.Value)
		if err != nil {
			return err
		}
		by, err := parse("fresh "+a.Var+" bytes", a.Op)
		if err != nil {
			return err
		}
		out.FreshAllocs = append(out.FreshAllocs, FreshAlloc{a.Var, c, by})
	}
	for _, a := range w.Sites {
		c, err := parse("site "+a.Pos+" count", a.Count)
		if err != nil {
			return err
		}
		by, err := parse("site "+a.Pos+" bytes", a.Bytes)
		if err != nil {
			return err
		}
		out.InlineSites = append(out.InlineSites, AllocSite{a.Pos, a.Kind, a.Variable, c, by})
	}
	if out.AllocCount, err = parse("alloc count", w.AllocCount); err != nil {
		return err
	}
	if out.AllocBytes, err = parse("alloc bytes", w.AllocBytes); err != nil {
		return err
	}
	if out.RetainOut, err = parse("retain out", w.RetainOut); err != nil {
		return err
	}
	if out.RetainHeld, err = parse("retain held", w.RetainHeld); err != nil {
		return err
	}
	out.Searches = w.Searches
	if out.NewKey, err = fromWireKeyed(w.NewKey, "new-key", parse); err != nil {
		return err
	}
	if out.Found, err = fromWireKeyed(w.Found, "found", parse); err != nil {
		return err
	}
	if w.Untimed != "" {
		e, err := parse("untimed bytes", w.Untimed)
		if err != nil {
			return err
		}
		out.UntimedBytes = &e
	}
	for _, oc := range w.CPU {
		e, err := parse(string(oc.Class), oc.Count)
		if err != nil {
			return err
		}
		out.CPU = append(out.CPU, OpCount{oc.Class, e})
	}
	for _, io := range w.IO {
		c, err := parse(string(io.Kind)+" count", io.Count)
		if err != nil {
			return err
		}
		by, err := parse(string(io.Kind)+" bytes", io.Bytes)
		if err != nil {
			return err
		}
		out.IO = append(out.IO, IOCost{io.Kind, c, by})
	}
	*s = out
	return nil
}
