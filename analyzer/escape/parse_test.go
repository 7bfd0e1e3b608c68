package escape

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

const sampleLog = `{"version":0,"package":"ex","goos":"linux","goarch":"amd64","gc_version":"go1.26.8","file":"/tmp/ex/a.go"}
{"range":{"start":{"line":7,"character":6},"end":{"line":7,"character":6}},"severity":3,"code":"canInlineFunction","source":"go compiler","message":"cost: 7"}
{"range":{"start":{"line":25,"character":30},"end":{"line":25,"character":30}},"severity":3,"code":"escape","source":"go compiler","message":"\u0026T{...} escapes to heap","relatedInformation":[{"location":{"uri":"file:///tmp/ex/b.go","range":{"start":{"line":7,"character":25},"end":{"line":7,"character":25}}},"message":"inlineLoc"},{"location":{"uri":"file:///tmp/ex/a.go","range":{"start":{"line":25,"character":30},"end":{"line":25,"character":30}}},"message":"escflow:    flow: ~r0 ← \u0026{storage for \u0026T{...}}:"},{"location":{"uri":"file:///tmp/ex/c.go","range":{"start":{"line":1,"character":1},"end":{"line":1,"character":1}}},"message":"inlineLoc"}]}
{"range":{"start":{"line":25,"character":30},"end":{"line":25,"character":30}},"severity":3,"code":"escape","source":"go compiler","message":""}
`

func TestParseLog(t *testing.T) {
	lf, err := ParseLog(strings.NewReader(sampleLog), "a.json")
	if err != nil {
		t.Fatal(err)
	}
	if lf.Package != "ex" || lf.File != "/tmp/ex/a.go" || lf.GcVersion != "go1.26.8" || len(lf.Records) != 3 {
		t.Fatalf("header or records wrong: %+v", lf)
	}
	r := lf.Records[1]
	want := Position{"/tmp/ex/a.go", 25, 30}
	if r.Pos != want || r.Code != "escape" || r.Message != "&T{...} escapes to heap" {
		t.Errorf("record 1 = %+v", r)
	}
	// Only the leading inlineLoc entries are the stack; the one after the
	// explanation belongs to the explanation.
	if len(r.Inlined) != 1 || r.Inlined[0] != (Position{"/tmp/ex/b.go", 7, 25}) {
		t.Errorf("inlined = %v", r.Inlined)
	}
}

func TestParseLogErrors(t *testing.T) {
	header := `{"version":0,"package":"p","file":"/x.go"}` + "\n"
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "l.json: empty log file"},
		{"bad header", "{", "l.json:1: header"},
		{"no version", `{"package":"p","file":"/x.go"}`, "l.json:1: header: missing field version"},
		{"version 1", `{"version":1,"file":"/x.go"}`, "l.json:1: header: version 1, want 0"},
		{"no file", `{"version":0}`, "l.json:1: header: missing field file"},
		{"bad record", header + "[1]", "l.json:2:"},
		{"no range", header + `{"code":"escape"}`, "l.json:2: missing field range"},
		{"no code", header + `{"range":{"start":{"line":1,"character":1}}}`, "l.json:2: missing field code"},
		{"no line", header + `{"range":{"start":{"character":1}},"code":"x"}`, "l.json:2: range.start: missing line or character"},
		{"negative", header + `{"range":{"start":{"line":-1,"character":1}},"code":"x"}`, "l.json:2: range.start: negative"},
		{"bad uri", header + `{"range":{"start":{"line":1,"character":1}},"code":"x","relatedInformation":[{"location":{"uri":"http://x","range":{"start":{"line":1,"character":1}}},"message":"inlineLoc"}]}`, "l.json:2: relatedInformation[0].location.uri"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLog(strings.NewReader(tt.in), "l.json")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %v, want prefix %q", err, tt.want)
			}
		})
	}
}

func TestParseDiagnostics(t *testing.T) {
	in := `# example.com/p
./a.go:7:6: can inline NewT
/abs/b.go:9:25: &T{...} escapes to heap
c:/weird:name.go:3:4: moved to heap: x
	continuation line
not a diagnostic
./a.go:12: error without column
# example.com/q [example.com/q.test]
q.go:1:2: make([]byte, n) does not escape
# example.com/q_test [example.com/q.test]
x_test.go:3:4: i does not escape
# example.com/q.test
`
	got, err := ParseDiagnostics(strings.NewReader(in), "/mod")
	if err != nil {
		t.Fatal(err)
	}
	want := []Diagnostic{
		{"example.com/p", "", Position{"/mod/a.go", 7, 6}, "can inline NewT"},
		{"example.com/p", "", Position{"/abs/b.go", 9, 25}, "&T{...} escapes to heap"},
		{"example.com/p", "", Position{"/mod/c:/weird:name.go", 3, 4}, "moved to heap: x"},
		{"example.com/q", "example.com/q", Position{"/mod/q.go", 1, 2}, "make([]byte, n) does not escape"},
		{"example.com/q_test", "example.com/q", Position{"/mod/x_test.go", 3, 4}, "i does not escape"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestKindOfExpr(t *testing.T) {
	tests := []struct {
		expr string
		want Kind
	}{
		{"append", KindAppend},
		{"func literal", KindClosure},
		{"... argument", KindVarargs},
		{"new(T)", KindNew},
		{"make(map[string]int, n)", KindMakeMap},
		{"make(chan int)", KindMakeChan},
		{"make([]byte, n)", KindMakeSlice},
		{"make(Values)", KindMakeSlice},
		{"&T{...}", KindCompositeLit},
		{"([]byte)(s)", KindStringToBytes},
		{"([]rune)(s)", KindStringToRunes},
		{"string(b)", KindToString},
		{"[]int{...}", KindSliceLit},
		{"[]byte{}", KindSliceLit},
		{"map[string]int{...}", KindMapLit},
		{"FuncMap{...}", KindCompositeLit},
		{`"a" + b + "c"`, KindConcat},
		{`string(buf) + s[i:]`, KindConcat},
		{`string(a + b)`, KindToString},
		{`f("a + b")`, KindInterface},
		{"x", KindInterface},
		{"strings.ToUpper(s)", KindInterface},
	}
	for _, tt := range tests {
		if got := kindOfExpr(tt.expr); got != tt.want {
			t.Errorf("kindOfExpr(%q) = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

func TestBuildPackage(t *testing.T) {
	lf, err := ParseLog(strings.NewReader(sampleLog), "a.json")
	if err != nil {
		t.Fatal(err)
	}
	diags := []Diagnostic{
		{"ex", "", Position{"/tmp/ex/a.go", 7, 6}, "can inline NewT"},
		{"ex", "", Position{"/tmp/ex/a.go", 25, 30}, "inlining call to NewT"},
		{"ex", "", Position{"/tmp/ex/a.go", 25, 30}, "&T{...} escapes to heap"},
		{"ex", "", Position{"/tmp/ex/a.go", 30, 2}, "([]byte)(s) does not escape"},
		{"ex", "", Position{"/tmp/ex/a.go", 30, 2}, "zero-copy string->[]byte conversion"},
		{"ex", "", Position{"/tmp/ex/a.go", 31, 2}, "leaking param: s"},
	}
	p := buildPackage("ex", diags, []*LogFile{lf})
	var b bytes.Buffer
	for _, s := range p.Sites {
		fmt.Fprintln(&b, s)
	}
	want := `/tmp/ex/a.go:25:30 heap complit "&T{...}" <- /tmp/ex/b.go:7:25
/tmp/ex/a.go:30:2 zerocopy str2bytes "([]byte)(s)"
`
	if b.String() != want {
		t.Errorf("sites:\n%s\nwant:\n%s", b.String(), want)
	}
	if len(p.Inlinable) != 1 || p.Inlinable[0].Name != "ex.NewT" || p.Inlinable[0].Cost != 7 {
		t.Errorf("inlinable = %+v", p.Inlinable)
	}
	if p.Sites[1].Allocates() {
		t.Errorf("zero-copy conversion counted as an allocation")
	}
}

func FuzzParseLog(f *testing.F) {
	f.Add([]byte(sampleLog))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The filtered parse Compile uses must agree on success.
		_, err2 := parseLog(bytes.NewReader(data), "fuzz.json", neededCodes)
		lf, err := ParseLog(bytes.NewReader(data), "fuzz.json")
		if err == nil && err2 != nil {
			t.Fatalf("filtered parse failed where the full parse succeeded: %v", err2)
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, r := range lf.Records {
			if r.Pos.Line < 0 || r.Pos.Col < 0 || r.Code == "" || r.Pos.File != lf.File {
				t.Fatalf("bad record %+v", r)
			}
		}
		// Joining with -m output must not panic either.
		buildPackage(lf.Package, nil, []*LogFile{lf})
	})
}

func FuzzParseDiagnostics(f *testing.F) {
	f.Add("# p\n./a.go:7:6: can inline F\n./a.go:9:2: moved to heap: x\n")
	f.Add("# p [p.test]\na_test.go:3:4: i does not escape\n# p_test [p.test]\nx_test.go:5:6: moved to heap: d\n# p.test\n")
	f.Fuzz(func(t *testing.T, in string) {
		ds, err := ParseDiagnostics(strings.NewReader(in), "/d")
		if err != nil {
			return
		}
		for _, d := range ds {
			if d.Pos.Line < 0 || d.Pos.Col < 0 || d.Pos.File == "" {
				t.Fatalf("bad diagnostic %+v", d)
			}
			if strings.ContainsAny(d.ForTest, "[]") {
				t.Fatalf("ForTest %q keeps the header's brackets", d.ForTest)
			}
		}
		// A test variant minus what the package's own compile decided
		// keeps no position the package has.
		own := buildPackage("p", ds[:len(ds)/2], nil)
		v := buildPackage("p", ds, nil)
		v.dropDecided(own)
		have := map[Position]bool{}
		for _, s := range own.Sites {
			have[s.Pos] = true
		}
		for _, s := range v.Sites {
			if have[s.Pos] {
				t.Fatalf("site %v kept though the package decided its position", s)
			}
		}
	})
}
