package manifest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// head is the start of a valid manifest; cases append functions to it. It
// is 4 lines long, so a function's "- name" is on line 5.
const head = "schema: 1\nmodule: {path: example.com/m}\nbuild: {go: go1.26.8}\nfunctions:\n"

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, file, in string
		want           string // the whole error text
	}{
		{"empty", "m.yaml", " \n", "m.yaml:1:1: empty manifest"},
		{"yaml syntax", "m.yaml", "schema: 1\nmodule: [\n", "m.yaml:2:1: invalid YAML: did not find expected node content"},
		{"json syntax", "m.json", "{\"schema\": 1,\n \"module\": }", `m.json:2:12: invalid JSON: invalid character '}' looking for beginning of value`},
		{"json trailing", "m.json", `{"schema": 1, "module": {"path": "x"}} {}`, "m.json:1:40: invalid JSON: data after the top-level value"},
		{"json truncated", "m.json", `{"schema": 1, "module": {"path": "x"`, "m.json:1:37: invalid JSON: unexpected end of JSON input"},
		{"not a mapping", "m.yaml", "- 1\n", "m.yaml:1:1: expected a mapping, found list"},
		{"no schema", "m.yaml", "module: {path: x}\n", `m.yaml:1:1: schema: missing required field "schema" (the schema version; this perfcast reads versions 1, 2, 3, 4)`},
		{"schema 5", "m.yaml", "schema: 5\nmodule: {path: x}\nfuture: yes\n", "m.yaml:1:9: schema: unsupported schema version 5; this perfcast reads versions 1, 2, 3, 4"},
		{"chase in version 1", "m.yaml", "schema: 1\nmodule: {path: x}\nfunctions:\n  - name: f\n    confidence: exact\n    cpu: {chase: 3}\n", `m.yaml:6:18: functions[0].cpu.chase: op class "chase" needs schema version 2 or later (this manifest is version 1)`},
		{"mispredict in version 2", "m.yaml", "schema: 2\nmodule: {path: x}\nfunctions:\n  - name: f\n    confidence: exact\n    cpu: {mispredict: 3}\n", `m.yaml:6:23: functions[0].cpu.mispredict: op class "mispredict" needs schema version 3 or later (this manifest is version 2)`},
		{"schema string", "m.json", "{\n  \"schema\": \"1\"\n}", `m.json:2:13: schema: expected a number, found string "1"`},
		{"schema fraction", "m.yaml", "schema: 1.5\n", "m.yaml:1:9: schema: unsupported schema version 1.5; this perfcast reads versions 1, 2, 3, 4"},
		{"unknown top field", "m.yaml", "schema: 1\nmodule: {path: x}\nfunctoins: []\n", `m.yaml:3:1: functoins: unknown field "functoins" (known fields: schema, generator, module, build, functions)`},
		{"duplicate field", "m.yaml", "schema: 1\nmodule: {path: x}\nmodule: {path: y}\n", `m.yaml:3:1: module: field "module" given twice`},
		{"missing module", "m.yaml", "schema: 1\n", `m.yaml:1:1: module: missing required field "module"`},
		{"missing module path", "m.yaml", "schema: 1\nmodule: {version: v1}\n", `m.yaml:2:9: module.path: missing required field "path"`},
		{"empty module path", "m.yaml", "schema: 1\nmodule: {path: \"\"}\n", `m.yaml:2:16: module.path: missing module path`},
		{"wrong type build", "m.yaml", "schema: 1\nmodule: {path: x}\nbuild: {go: 1.26}\n", `m.yaml:3:13: build.go: expected a string, found number 1.26`},
		{"functions not list", "m.yaml", "schema: 1\nmodule: {path: x}\nfunctions: {a: 1}\n", `m.yaml:3:12: functions: expected a list, found mapping`},
		{"bad expression", "shop.yaml", head + "  - name: f\n    confidence: exact\n    cpu:\n      int: 4 +\n",
			`shop.yaml:8:12: functions[0].cpu.int: bad expression "4 +" at offset 3: unexpected end of expression`},
		{"bad expression json", "m.json", "{\"schema\": 1, \"module\": {\"path\": \"x\"},\n\"functions\": [{\"name\": \"f\", \"confidence\": \"exact\",\n  \"alloc\": {\"count\": \"n*\"}}]}",
			`m.json:3:22: functions[0].alloc.count: bad expression "n*" at offset 2: unexpected end of expression`},
		{"expression wrong type", "m.yaml", head + "  - name: f\n    confidence: exact\n    alloc: {count: [1]}\n",
			`m.yaml:7:20: functions[0].alloc.count: expected an expression (a string or a number), found list`},
		{"unknown op class", "m.yaml", head + "  - name: f\n    confidence: exact\n    cpu: {intt: 3}\n",
			`m.yaml:7:17: functions[0].cpu.intt: unknown op class "intt" (known: append, atomic, boundscheck, branch, call, ccall, chanrecv, chansend, chase, concat, copy, defer, descent, div, fdiv, float, go, icall, ifaceconv, int, load, make, mapdelete, mapiter, mapread, mapwrite, membytes, mispredict, mul, nilcheck, select, store, strconv, typeassert)`},
		{"unknown io kind", "m.yaml", head + "  - name: f\n    confidence: exact\n    io:\n      - {kind: disk, count: 1}\n",
			`m.yaml:8:16: functions[0].io[0].kind: unknown I/O kind "disk" (known: clock, file.open, file.read, file.sync, file.write, http.client, net.dial, net.read, net.write, random, sleep, sql.exec, sql.query, syscall)`},
		{"io missing count", "m.yaml", head + "  - name: f\n    confidence: exact\n    io:\n      - {kind: sleep}\n",
			`m.yaml:8:9: functions[0].io[0].count: missing required field "count"`},
		{"duplicate io kind", "m.yaml", head + "  - name: f\n    confidence: exact\n    io:\n      - {kind: sleep, count: 1}\n      - {kind: sleep, count: 2}\n",
			`m.yaml:9:16: functions[0].io[1].kind: I/O kind "sleep" listed twice`},
		{"unknown entry kind", "m.yaml", head + "  - name: f\n    confidence: exact\n    entry: [grpc]\n",
			`m.yaml:7:13: functions[0].entry[0]: unknown entry kind "grpc" (known: benchmark, exported, http, main)`},
		{"unknown confidence", "m.yaml", head + "  - name: f\n    confidence: sure\n",
			`m.yaml:6:17: functions[0].confidence: unknown confidence "sure" (known: exact, bounded, estimated)`},
		{"missing confidence", "m.yaml", head + "  - name: f\n",
			`m.yaml:5:5: functions[0].confidence: missing required field "confidence"`},
		{"wrong type suppresses value errors", "m.yaml", head + "  - {name: f, confidence: [x]}\n",
			`m.yaml:5:27: functions[0].confidence: expected a string, found list`},
		{"errors in file order", "m.yaml", head + "  - {name: f, confidence: sure}\n  - {name: g, confidence: exact, cpu: {int: \"+\"}}\n",
			"m.yaml:5:27: functions[0].confidence: unknown confidence \"sure\" (known: exact, bounded, estimated)\n" +
				`m.yaml:6:45: functions[1].cpu.int: bad expression "+" at offset 0: unexpected "+"`},
		{"missing name", "m.yaml", head + "  - confidence: exact\n",
			`m.yaml:5:5: functions[0].name: missing required field "name"`},
		{"unknown function field", "m.yaml", head + "  - name: f\n    confidence: exact\n    cost: 1\n",
			`m.yaml:7:5: functions[0].cost: unknown field "cost" (known fields: name, pos, entry, vars, cpu, alloc, io, callees, confidence, notes)`},
		{"duplicate function", "m.yaml", head + "  - {name: f, confidence: exact}\n  - {name: g, confidence: exact}\n  - {name: f, confidence: exact}\n",
			`m.yaml:7:12: functions[2].name: duplicate function "f" (also functions[0])`},
		{"bad variable name", "m.yaml", head + "  - name: f\n    confidence: exact\n    vars: [{name: 2n, default: 1}]\n",
			`m.yaml:7:19: functions[0].vars[0].name: invalid variable name "2n"`},
		{"function name as variable", "m.yaml", head + "  - name: f\n    confidence: exact\n    vars: [{name: len(min), default: 1}]\n",
			`m.yaml:7:19: functions[0].vars[0].name: variable name "len(min)" uses the function name "min"`},
		{"negative default", "m.yaml", head + "  - name: f\n    confidence: exact\n    vars: [{name: n, default: -1}]\n",
			`m.yaml:7:31: functions[0].vars[0].default: default -1 of n must be a finite number >= 0`},
		{"infinite default", "m.yaml", head + "  - name: f\n    confidence: exact\n    vars: [{name: n, default: .inf}]\n",
			`m.yaml:7:31: functions[0].vars[0].default: number .inf is not finite`},
		{"missing default", "m.yaml", head + "  - name: f\n    confidence: exact\n    vars: [{name: n}]\n",
			`m.yaml:7:12: functions[0].vars[0].default: missing required field "default"`},
		{"duplicate variable", "m.yaml", head + "  - name: f\n    confidence: exact\n    vars: [{name: n, default: 1}, {name: n, default: 2}]\n",
			`m.yaml:7:42: functions[0].vars[1].name: variable "n" declared twice`},
		{"undeclared variable", "m.yaml", head + "  - name: f\n    confidence: exact\n    cpu: {int: 3*n}\n",
			`m.yaml:7:16: functions[0].cpu.int: variable n in "3*n" is not declared in functions[0].vars`},
		{"negative cost", "m.yaml", head + "  - name: f\n    confidence: exact\n    alloc: {bytes: -8}\n",
			`m.yaml:7:20: functions[0].alloc.bytes: negative cost -8`},
		{"bad pos", "m.yaml", head + "  - name: f\n    confidence: exact\n    pos: main.go\n",
			`m.yaml:7:10: functions[0].pos: position "main.go" is not file:line or file:line:col`},
		{"string list item", "m.yaml", head + "  - name: f\n    confidence: exact\n    callees: [g, 3]\n",
			`m.yaml:7:18: functions[0].callees[1]: expected a string, found number 3`},
		{"yaml alias", "m.yaml", "schema: 1\nmodule: &m {path: x}\ngenerator: *m\n", "m.yaml:3:12: YAML aliases are not allowed in a manifest"},
		{"billion laughs", "m.yaml", "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nschema: 1\n",
			"m.yaml:2:8: YAML aliases are not allowed in a manifest"},
		{"yaml tag", "m.yaml", "schema: 1\nmodule: {path: !!binary aGVsbG8=}\n", "m.yaml:2:16: YAML tag !!binary is not allowed in a manifest"},
		{"two documents", "m.yaml", "schema: 1\nmodule: {path: x}\n---\nschema: 1\n", "m.yaml:3:1: more than one YAML document"},
		{"deep nesting", "m.json", strings.Repeat("[", 40) + strings.Repeat("]", 40), "m.json:1:33: nested more than 32 levels deep"},
		{"null value", "m.yaml", "schema: 1\nmodule: {path: x}\ngenerator:\n", "m.yaml:3:11: generator: expected a string, found null"},
		{"non-string key", "m.yaml", "schema: 1\nmodule: {path: x}\n3: x\n", "m.yaml:3:1: field name must be a string, found number 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode(tt.file, []byte(tt.in))
			if err == nil {
				t.Fatalf("Decode succeeded, want error %q", tt.want)
			}
			if m != nil {
				t.Errorf("Decode returned a manifest with an error")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

func TestDecodeManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString(head)
	for range 20 {
		b.WriteString("  - {name: f, confidence: exact, bogus: 1}\n")
	}
	_, err := Decode("m.yaml", []byte(b.String()))
	es, ok := err.(Errors)
	if !ok {
		t.Fatalf("error %T %v, want Errors", err, err)
	}
	if len(es) != maxErrors+1 || es[maxErrors].Msg != "too many errors" {
		t.Errorf("got %d errors, last %v; want %d and a final \"too many errors\"", len(es), es[len(es)-1], maxErrors+1)
	}
	if es[0].Line != 5 || es[1].Line != 6 {
		t.Errorf("errors not in file order: %v", es)
	}
}

// TestYAMLAndJSONAgree decodes the same manifest in both encodings, with
// constants written as numbers and as strings.
func TestYAMLAndJSONAgree(t *testing.T) {
	y := head + "  - name: f\n    confidence: exact\n    vars: [{name: n, default: 0x10}]\n    cpu: {int: 3, load: \"2*n\"}\n"
	j := `{"schema": 1, "module": {"path": "example.com/m"}, "build": {"go": "go1.26.8"},
	  "functions": [{"name": "f", "confidence": "exact", "vars": [{"name": "n", "default": 16}], "cpu": {"int": "3", "load": "n*2"}}]}`
	my, err := Decode("m.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode("flow.yaml", []byte("{schema: 1, module: {path: x}}")); err != nil {
		t.Errorf("YAML flow mapping: %v", err)
	}
	if _, err := Decode("bom.json", []byte("\ufeff"+j)); err != nil {
		t.Errorf("JSON with a byte order mark: %v", err)
	}
	my, err = Decode("m.yaml", []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	mj, err := Decode("m.json", []byte(j))
	if err != nil {
		t.Fatal(err)
	}
	if a, b := encode(t, my, "json"), encode(t, mj, "json"); a != b {
		t.Errorf("YAML and JSON decode differently:\n%s\n%s", a, b)
	}
}

func encode(t testing.TB, m *Manifest, format string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, m, format); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestGolden decodes each example manifest, encodes it in both formats and
// compares with the golden files; then checks that both encodings decode to
// the same manifest again.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	if len(files) == 0 {
		t.Fatal("no example manifests in testdata")
	}
	for _, file := range files {
		if strings.Contains(file, ".golden.") {
			continue
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m, err := Decode(file, data)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(file, ".yaml")
		for _, format := range Formats {
			got := encode(t, m, format)
			golden := base + ".golden." + format
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s: encoding differs from %s (run go test -update and review the diff)", file, golden)
			}
			back, err := Decode(golden, []byte(got))
			if err != nil {
				t.Fatalf("decoding %s: %v", golden, err)
			}
			if again := encode(t, back, format); again != got {
				t.Errorf("%s does not round-trip:\n%s", golden, again)
			}
			if !equalManifests(t, back, m) {
				t.Errorf("%s decodes to a different manifest", golden)
			}
		}
	}
}

// equalManifests compares through the canonical JSON encoding, which holds
// every field.
func equalManifests(t testing.TB, a, b *Manifest) bool {
	return encode(t, a, "json") == encode(t, b, "json")
}

// TestYAMLStrings checks that strings YAML could misread are quoted and
// read back as written.
func TestYAMLStrings(t *testing.T) {
	odd := []string{"", " x", "x ", "a: b", "a #b", "a#b", "-", "- x", "-n", "---", "...", "~", "null", "Null", "y", "N", "yes", "off",
		"true", "1", "1.5", "0x1f", "1e3", ".inf", "-.inf", ".nan", "2024-01-01", "2001-12-14 21:59:43.10 -5", "12:30", "1_000",
		"*x", "&x", "!x", "%x", "@x", "`x", "|", ">", "'x'", "\"x\"", "[a]", "{a: 1}", "<<", "?", "a\nb", "tab\there",
		"\x00\x7f", "\ufeffbom", "é", "line\u2028sep", "\xff invalid", "40 + 6*n", "2*len(s)", "-2*n", "x.y:z", "(devel)", "a, b"}
	for _, s := range odd {
		m := &Manifest{Schema: 1, Generator: s, Module: Module{Path: "m"}}
		var buf bytes.Buffer
		if err := Encode(&buf, m, "yaml"); err != nil {
			t.Fatal(err)
		}
		back, err := Decode("s.yaml", buf.Bytes())
		if err != nil {
			t.Errorf("%q: %v\n%s", s, err, buf.Bytes())
			continue
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if back.Generator != want {
			t.Errorf("%q reads back as %q from\n%s", s, back.Generator, buf.Bytes())
		}
	}
}
