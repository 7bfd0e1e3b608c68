package manifest_test

import (
	"fmt"
	"os"

	"github.com/perfcast/perfcast/manifest"
)

func ExampleDecode() {
	data := []byte(`schema: 1
module: {path: example.com/greet}
functions:
  - name: example.com/greet.Hello
    vars: [{name: len(name), default: 16}]
    cpu: {int: 12 + 2*len(name), call: 1}
    alloc: {count: 1, bytes: 16 + len(name)}
    confidence: sure
  - name: example.com/greet.Bye
    cpu: {int: 4 +}
    confidence: exact
`)
	_, err := manifest.Decode("greet.yaml", data)
	fmt.Println(err)
	// Output:
	// greet.yaml:8:17: functions[0].confidence: unknown confidence "sure" (known: exact, bounded, estimated)
	// greet.yaml:10:16: functions[1].cpu.int: bad expression "4 +" at offset 3: unexpected end of expression
}

func ExampleEncode() {
	m := &manifest.Manifest{
		Schema:    manifest.SchemaVersion,
		Module:    manifest.Module{Path: "example.com/greet"},
		Functions: []manifest.Function{{Name: "example.com/greet.Hello", Confidence: manifest.Exact}},
	}
	if err := manifest.Encode(os.Stdout, m, "yaml"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// schema: 4
	// generator: ""
	// module:
	//   path: example.com/greet
	// build:
	//   go: ""
	//   goos: ""
	//   goarch: ""
	// functions:
	//   - name: example.com/greet.Hello
	//     pos: ""
	//     confidence: exact
}

func ExampleDiff() {
	read := func(text string) *manifest.Manifest {
		m, err := manifest.Decode("m.yaml", []byte(text))
		if err != nil {
			panic(err)
		}
		return m
	}
	before := read(`{schema: 1, module: {path: m}, functions: [
	  {name: m.Sum, vars: [{name: n, default: 100}], cpu: {int: 2*n, load: n}, confidence: exact}]}`)
	after := read(`{schema: 1, module: {path: m}, functions: [
	  {name: m.Sum, vars: [{name: n, default: 100}], cpu: {int: 3*n, load: n}, alloc: {count: 1, bytes: 8*n}, confidence: exact}]}`)
	r := manifest.Diff(before, after, manifest.DiffOptions{})
	for _, reg := range r.Regressions(10) {
		fmt.Printf("%s %s: %v -> %v\n", reg.Name, reg.Measure, reg.Before, reg.After)
	}
	// Output:
	// m.Sum cycles: 300 -> 520
	// m.Sum alloc.count: 0 -> 1
	// m.Sum alloc.bytes: 0 -> 800
}
