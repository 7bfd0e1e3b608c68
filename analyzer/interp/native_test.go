package interp

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"go/types"
	"io"
	"math"
	"math/big"
	"math/bits"
	"math/rand"
	randv2 "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

var (
	progsMu sync.Mutex
	progs   = map[string]*loadedProg{}
)

type loadedProg struct {
	prog *ssa.Program
	pkg  *ssa.Package
	err  error
}

// loadTestProg builds the SSA program of the package in dir (once per
// test binary). Its dependencies (the standard library) come from export
// data, so their functions have no bodies: exactly what callNative is
// for.
func loadTestProg(t *testing.T, dir string) (*ssa.Program, *ssa.Package) {
	t.Helper()
	progsMu.Lock()
	defer progsMu.Unlock()
	lp, ok := progs[dir]
	if !ok {
		lp = &loadedProg{}
		progs[dir] = lp
		pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax}, dir)
		switch {
		case err != nil:
			lp.err = err
		case packages.PrintErrors(pkgs) > 0:
			lp.err = fmt.Errorf("errors loading %s", dir)
		default:
			prog, spkgs := ssautil.Packages(pkgs, ssa.InstantiateGenerics)
			// Create the packages of the whole import graph from their
			// types, as the builder needs them.
			seen := map[*types.Package]bool{}
			var create func(ps []*types.Package)
			create = func(ps []*types.Package) {
				for _, p := range ps {
					if seen[p] {
						continue
					}
					seen[p] = true
					if prog.Package(p) == nil {
						prog.CreatePackage(p, nil, nil, true)
					}
					create(p.Imports())
				}
			}
			create(pkgs[0].Types.Imports())
			prog.Build()
			lp.prog, lp.pkg = prog, spkgs[0]
		}
	}
	if lp.err != nil {
		t.Fatal(lp.err)
	}
	return lp.prog, lp.pkg
}

// loadNativeProg is testdata/native's program.
func loadNativeProg(t *testing.T) (*ssa.Program, *ssa.Package) {
	t.Helper()
	return loadTestProg(t, "./testdata/native")
}

func newTestInterp(t *testing.T, seed int64) *Interp {
	prog, _ := loadNativeProg(t)
	return New(prog, Config{Seed: seed})
}

// stdFunc is the SSA function of a std package function.
func stdFunc(t *testing.T, path, name string) *ssa.Function {
	t.Helper()
	prog, _ := loadNativeProg(t)
	p := prog.ImportedPackage(path)
	if p == nil {
		t.Fatalf("package %s not in the program", path)
	}
	f := p.Func(name)
	if f == nil {
		t.Fatalf("no function %s.%s", path, name)
	}
	if f.Blocks != nil {
		t.Fatalf("%s.%s has a body: std should come from export data", path, name)
	}
	return f
}

// stdType is the go/types type path.name.
func stdType(t *testing.T, path, name string) types.Type {
	t.Helper()
	prog, _ := loadNativeProg(t)
	p := prog.ImportedPackage(path)
	if p == nil {
		t.Fatalf("package %s not in the program", path)
	}
	return p.Pkg.Scope().Lookup(name).Type()
}

// testType is a type of testdata/native.
func testType(t *testing.T, name string) types.Type {
	_, pkg := loadNativeProg(t)
	return pkg.Pkg.Scope().Lookup(name).Type()
}

// methodFunc is the SSA function of method name of type recv.
func methodFunc(t *testing.T, recv types.Type, name string) *ssa.Function {
	t.Helper()
	prog, _ := loadNativeProg(t)
	sel := prog.MethodSets.MethodSet(recv).Lookup(nil, name)
	if sel == nil {
		t.Fatalf("no method %s of %s", name, recv)
	}
	return prog.MethodValue(sel)
}

func bytesV(b []byte) []Value {
	if b == nil {
		return nil
	}
	out := make([]Value, len(b), cap(b))
	for i := range out[:cap(b)] {
		out[:cap(b)][i] = b[:cap(b)][i]
	}
	return out
}

func stringsV(s []string) []Value {
	out := make([]Value, len(s), cap(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

func bytesOf(t *testing.T, v Value) []byte {
	t.Helper()
	s, ok := v.([]Value)
	if !ok {
		t.Fatalf("not a slice: %T", v)
	}
	b := make([]byte, len(s))
	for i, x := range s {
		b[i] = x.(byte)
	}
	return b
}

// TestCallNativeFunctions calls std functions through callNative and
// compares with the direct Go call.
func TestCallNativeFunctions(t *testing.T) {
	in := newTestInterp(t, 1)
	atoi := func(s string) Value {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		return Tuple{n, Iface{}}
	}
	tests := []struct {
		path, name string
		args       []Value
		want       Value
	}{
		{"strings", "Index", []Value{"chicken", "ken"}, strings.Index("chicken", "ken")},
		{"strings", "Repeat", []Value{"ab", 3}, strings.Repeat("ab", 3)},
		{"strings", "ToUpper", []Value{"héllo"}, strings.ToUpper("héllo")},
		{"strings", "Split", []Value{"a,b,c", ","}, stringsV(strings.Split("a,b,c", ","))},
		{"strings", "Fields", []Value{" a  b "}, stringsV(strings.Fields(" a  b "))},
		{"strings", "Join", []Value{stringsV([]string{"x", "y"}), "-"}, strings.Join([]string{"x", "y"}, "-")},
		{"bytes", "Equal", []Value{bytesV([]byte("ab")), bytesV([]byte("ab"))}, bytes.Equal([]byte("ab"), []byte("ab"))},
		{"bytes", "ToUpper", []Value{bytesV([]byte("abc"))}, bytesV(bytes.ToUpper([]byte("abc")))},
		{"bytes", "Count", []Value{bytesV([]byte("cheese")), bytesV([]byte("e"))}, bytes.Count([]byte("cheese"), []byte("e"))},
		{"strconv", "Itoa", []Value{-45}, strconv.Itoa(-45)},
		{"strconv", "Atoi", []Value{"42"}, atoi("42")},
		{"strconv", "FormatInt", []Value{int64(255), 16}, strconv.FormatInt(255, 16)},
		{"strconv", "Quote", []Value{"a\"b"}, strconv.Quote("a\"b")},
		{"strconv", "ParseFloat", []Value{"2.5", 64}, Tuple{2.5, Iface{}}},
		{"unicode", "IsUpper", []Value{int32('X')}, unicode.IsUpper('X')},
		{"unicode/utf8", "RuneLen", []Value{int32('é')}, utf8.RuneLen('é')},
		{"math", "Sqrt", []Value{2.0}, math.Sqrt(2)},
		{"math", "Float64bits", []Value{1.5}, math.Float64bits(1.5)},
		{"math/bits", "OnesCount64", []Value{uint64(0xff01)}, bits.OnesCount64(0xff01)},
		{"math/bits", "Mul64", []Value{uint64(1) << 63, uint64(4)}, func() Value { h, l := bits.Mul64(1<<63, 4); return Tuple{h, l} }()},
		{"encoding/hex", "EncodeToString", []Value{bytesV([]byte{0xde, 0xad})}, hex.EncodeToString([]byte{0xde, 0xad})},
	}
	for _, tt := range tests {
		t.Run(tt.path+"."+tt.name, func(t *testing.T) {
			got, err := in.callNative(nil, stdFunc(t, tt.path, tt.name), tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

// TestNativeErrors: a native error comes back as Iface{T: nil, V:
// NativePtr}; its Error method runs through invokeNative; errors.Is sees
// it; wrapping with fmt.Errorf and unwrapping gives the same value back.
func TestNativeErrors(t *testing.T) {
	in := newTestInterp(t, 1)
	errT := types.Universe.Lookup("error").Type()
	errMethod := errT.Underlying().(*types.Interface).Method(0)

	e, err := in.callNative(nil, stdFunc(t, "errors", "New"), []Value{"boom"})
	if err != nil {
		t.Fatal(err)
	}
	// T is the go/types type when export data has the unexported
	// errors.errorString, else nil.
	ie, ok := e.(Iface)
	if !ok || ie.T != nil && types.TypeString(ie.T, nil) != "*errors.errorString" {
		t.Fatalf("errors.New = %#v, want an Iface of *errors.errorString", e)
	}
	if _, ok := ie.V.(NativePtr); !ok {
		t.Fatalf("errors.New's value is %T, want NativePtr", ie.V)
	}
	if got := nativeDynamicType(ie); got != reflect.TypeOf(errors.New("")) {
		t.Errorf("dynamic type %v, want %v", got, reflect.TypeOf(errors.New("")))
	}
	msg, err := in.invokeNative(nil, ie, errMethod, nil)
	if err != nil || msg != "boom" {
		t.Errorf("Error() = %v, %v; want boom", msg, err)
	}
	is, err := in.callNative(nil, stdFunc(t, "errors", "Is"), []Value{ie, ie})
	if err != nil || is != true {
		t.Errorf("errors.Is(e, e) = %v, %v", is, err)
	}
	wrapped, err := in.callNative(nil, stdFunc(t, "fmt", "Errorf"), []Value{"ctx: %w", []Value{ie}})
	if err != nil {
		t.Fatal(err)
	}
	msg, err = in.invokeNative(nil, wrapped.(Iface), errMethod, nil)
	if err != nil || msg != "ctx: boom" {
		t.Errorf("wrapped Error() = %v, %v", msg, err)
	}
	un, err := in.callNative(nil, stdFunc(t, "errors", "Unwrap"), []Value{wrapped})
	if err != nil {
		t.Fatal(err)
	}
	if un != Value(ie) {
		t.Errorf("errors.Unwrap(fmt.Errorf(%%w, e)) = %#v, want e = %#v", un, ie)
	}
	// A failing strconv.Atoi returns a *strconv.NumError.
	r, err := in.callNative(nil, stdFunc(t, "strconv", "Atoi"), []Value{"x1"})
	if err != nil {
		t.Fatal(err)
	}
	_, want := strconv.Atoi("x1")
	msg, err = in.invokeNative(nil, r.(Tuple)[1].(Iface), errMethod, nil)
	if err != nil || msg != want.Error() {
		t.Errorf("Atoi error %v, %v; want %v", msg, err, want)
	}
	numErr := types.NewPointer(stdType(t, "strconv", "NumError"))
	if !in.nativeAssignable(nativeDynamicType(r.(Tuple)[1].(Iface)), numErr) {
		t.Errorf("*strconv.NumError not assignable to %v", numErr)
	}
	if !in.nativeAssignable(nativeDynamicType(r.(Tuple)[1].(Iface)), errT) {
		t.Errorf("*strconv.NumError does not implement error")
	}
	if in.nativeAssignable(nativeDynamicType(r.(Tuple)[1].(Iface)), types.NewPointer(stdType(t, "strconv", "NumError").(*types.Named).Underlying())) {
		t.Errorf("*strconv.NumError assignable to a pointer to its underlying struct")
	}
	// io.EOF read as a global is the same value a reader returns.
	eofCell, err := in.nativeGlobal(in.prog.ImportedPackage("io").Var("EOF"))
	if err != nil {
		t.Fatal(err)
	}
	rd, _ := in.callNative(nil, stdFunc(t, "strings", "NewReader"), []Value{""})
	res, err := in.callNative(nil, methodFunc(t, types.NewPointer(stdType(t, "strings", "Reader")), "Read"), []Value{rd, bytesV(make([]byte, 4))})
	if err != nil {
		t.Fatal(err)
	}
	if res.(Tuple)[1] != *eofCell {
		t.Errorf("Read at end returned %#v, want io.EOF %#v", res.(Tuple)[1], *eofCell)
	}
}

// TestErrorsAsIs: errors.As with an interpreted target type through a
// native wrapper; errors.Is through an interpreted wrapper (the adapter's
// Unwrap).
func TestErrorsAsIs(t *testing.T) {
	in := newTestInterp(t, 1)
	myErrP := types.NewPointer(testType(t, "MyErr"))
	wrapT := testType(t, "WrapErr")
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		f := fn.(*Closure).Fn
		switch {
		case f.Name() == "Error" && types.Identical(f.Signature.Recv().Type(), myErrP):
			return "code " + strconv.Itoa((*args[0].(*Value)).(Struct)[0].(int)), nil
		case f.Name() == "Unwrap" && types.Identical(f.Signature.Recv().Type(), wrapT):
			return args[0].(Struct)[0], nil
		}
		return nil, fmt.Errorf("unexpected call %s", f)
	}
	myCell := new(Value)
	*myCell = Struct{7}
	myErr := Iface{myErrP, myCell}
	wrapped, err := in.callNative(nil, stdFunc(t, "fmt", "Errorf"), []Value{"ctx: %w", []Value{myErr}})
	if err != nil {
		t.Fatal(err)
	}
	target := new(Value)
	*target = (*Value)(nil)
	ok, err := in.callNative(nil, stdFunc(t, "errors", "As"), []Value{wrapped, Iface{types.NewPointer(myErrP), target}})
	if err != nil || ok != true || *target != Value(myCell) {
		t.Errorf("errors.As = %v, %v; target %#v, want the *MyErr cell", ok, err, *target)
	}
	// A panic of core's in an interpreted Unwrap comes out as that panic.
	type corePanic struct{}
	hook := in.nat.callHook
	in.nat.callHook = func(fn Value, args []Value) (Value, error) { panic(corePanic{}) }
	func() {
		defer func() {
			if _, ok := recover().(corePanic); !ok {
				t.Errorf("errors.As through a panicking Unwrap did not re-raise the panic")
			}
		}()
		in.callNative(nil, stdFunc(t, "errors", "As"), []Value{Iface{wrapT, Struct{myErr}}, Iface{types.NewPointer(myErrP), target}})
	}()
	if in.nat.pending != nil {
		t.Errorf("pending abort left: %v", in.nat.pending)
	}
	in.nat.callHook = hook
	// Not found: a *strconv.NumError target.
	ne := new(Value)
	*ne = (*Value)(nil)
	ok, err = in.callNative(nil, stdFunc(t, "errors", "As"), []Value{wrapped, Iface{types.NewPointer(types.NewPointer(stdType(t, "strconv", "NumError"))), ne}})
	if err != nil || ok != false {
		t.Errorf("errors.As(*strconv.NumError) = %v, %v", ok, err)
	}
	// errors.Is sees a native sentinel through an interpreted wrapper.
	eof, _ := in.nativeGlobal(in.prog.ImportedPackage("io").Var("EOF"))
	is, err := in.callNative(nil, stdFunc(t, "errors", "Is"), []Value{Iface{wrapT, Struct{*eof}}, *eof})
	if err != nil || is != true {
		t.Errorf("errors.Is(WrapErr{io.EOF}, io.EOF) = %v, %v", is, err)
	}
	is, err = in.callNative(nil, stdFunc(t, "errors", "Is"), []Value{Iface{wrapT, Struct{myErr}}, *eof})
	if err != nil || is != false {
		t.Errorf("errors.Is(WrapErr{myErr}, io.EOF) = %v, %v", is, err)
	}
}

// TestBuilderCell: a strings.Builder is a Native cell whose methods act in
// place.
func TestBuilderCell(t *testing.T) {
	in := newTestInterp(t, 1)
	bt := stdType(t, "strings", "Builder")
	z, ok := in.nativeZero(bt)
	if !ok {
		t.Fatal("no native zero for strings.Builder")
	}
	cell := new(Value)
	*cell = z
	pb := types.NewPointer(bt)
	for _, s := range []string{"ab", "cde", "f"} {
		if _, err := in.callNative(nil, methodFunc(t, pb, "WriteString"), []Value{cell, s}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := in.callNative(nil, methodFunc(t, pb, "WriteByte"), []Value{cell, byte('!')}); err != nil {
		t.Fatal(err)
	}
	n, err := in.callNative(nil, methodFunc(t, pb, "Len"), []Value{cell})
	if err != nil || n != 7 {
		t.Errorf("Len = %v, %v; want 7", n, err)
	}
	s, err := in.callNative(nil, methodFunc(t, pb, "String"), []Value{cell})
	if err != nil || s != "abcdef!" {
		t.Errorf("String = %v, %v", s, err)
	}
	// The method of a named std type with a basic underlying type.
	d := time.Duration(1500) * time.Millisecond
	s, err = in.callNative(nil, methodFunc(t, stdType(t, "time", "Duration"), "String"), []Value{int64(d)})
	if err != nil || s != d.String() {
		t.Errorf("Duration.String = %v, %v; want %v", s, err, d)
	}
	// A pointer into the builder comes back as the cell.
	if got, err := in.fromNative(reflect.ValueOf((*cell).(Native).RV.Addr().Interface()), pb); err != nil || got != Value(cell) {
		t.Errorf("the builder's address came back as %#v, %v; want the cell", got, err)
	}
}

// TestSprintf: fmt with interface arguments of basic, std named,
// structural and adapted types, and the types refused.
func TestSprintf(t *testing.T) {
	in := newTestInterp(t, 1)
	// Temp's String method: run by the test's fake callValue.
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		c := fn.(*Closure)
		if c.Fn.Name() == "String" {
			return strconv.FormatFloat(args[0].(float64), 'f', 1, 64) + "°", nil
		}
		return nil, fmt.Errorf("unexpected call %s", c.Fn)
	}
	dur := stdType(t, "time", "Duration")
	tests := []struct {
		format string
		args   []Value
		want   string
	}{
		{"%d-%s-%v", []Value{Iface{types.Typ[types.Int], 7}, Iface{types.Typ[types.String], "x"}, Iface{types.Typ[types.Bool], true}}, "7-x-true"},
		{"%v", []Value{Iface{dur, int64(2 * time.Second)}}, (2 * time.Second).String()},
		{"%v %+v", []Value{Iface{testType(t, "Point"), Struct{1, 2, "p"}}, Iface{testType(t, "Point"), Struct{3, 4, "q"}}}, "{1 2 p} {X:3 Y:4 name:q}"},
		{"%.2f", []Value{Iface{testType(t, "Celsius"), 21.5}}, "21.50"},
		{"%v|%s", []Value{Iface{testType(t, "Temp"), 36.6}, Iface{testType(t, "Temp"), 1.0}}, "36.6°|1.0°"},
		{"%v", []Value{Iface{types.NewSlice(types.Typ[types.Int]), []Value{1, 2, 3}}}, "[1 2 3]"},
		{"%x", []Value{Iface{types.NewSlice(types.Typ[types.Byte]), bytesV([]byte{1, 0xab})}}, "01ab"},
		{"%v", []Value{Iface{}}, "<nil>"},
		{"%v %s", []Value{Iface{types.NewSlice(testType(t, "Temp")), []Value{1.0, 2.5}}, Iface{types.NewArray(testType(t, "Temp"), 1), Array{3.0}}}, "[1.0° 2.5°] [3.0°]"},
	}
	sprintf := stdFunc(t, "fmt", "Sprintf")
	for _, tt := range tests {
		got, err := in.callNative(nil, sprintf, []Value{tt.format, tt.args})
		if err != nil {
			t.Errorf("%s: %v", tt.format, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Sprintf(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
	// Type names of interpreted types would be the structural ones.
	for _, f := range []string{"%T", "%#v", "%+#v", "%[1]T"} {
		_, err := in.callNative(nil, sprintf, []Value{f, []Value{Iface{testType(t, "Point"), Struct{1, 2, "p"}}}})
		var u *Unsupported
		if !errors.As(err, &u) {
			t.Errorf("Sprintf(%q, Point): err %v, want *Unsupported", f, err)
		}
	}
	if got, err := in.callNative(nil, sprintf, []Value{"%T %#v", []Value{Iface{types.Typ[types.Int], 1}, Iface{types.NewSlice(types.Typ[types.String]), stringsV([]string{"a"})}}}); err != nil || got != `int []string{"a"}` {
		t.Errorf("Sprintf(%%T %%#v) of native types = %v, %v", got, err)
	}
	// A type with a method no adapter covers is refused.
	_, err := in.callNative(nil, sprintf, []Value{"%v", []Value{Iface{testType(t, "WithMethod"), Struct{1}}}})
	var u *Unsupported
	if !errors.As(err, &u) {
		t.Errorf("Sprintf of WithMethod: err %v, want *Unsupported", err)
	}
	// An interpreter error inside String stops the call even though fmt
	// recovers panics of String methods.
	in.nat.callHook = func(fn Value, args []Value) (Value, error) { return nil, &Unsupported{What: "budget"} }
	_, err = in.callNative(nil, sprintf, []Value{"%v", []Value{Iface{testType(t, "Temp"), 2.0}}})
	if !errors.As(err, &u) || u.What != "budget" {
		t.Errorf("Sprintf with a failing String: err %v, want the budget error", err)
	}
	// A panic of core's in a callback (its abort, an interpreted panic)
	// comes out of callNative as that panic, though fmt recovers panics
	// of String methods.
	type corePanic struct{ n int }
	in.nat.callHook = func(fn Value, args []Value) (Value, error) { panic(&corePanic{3}) }
	func() {
		defer func() {
			if r, ok := recover().(*corePanic); !ok || r.n != 3 {
				t.Errorf("recovered %v, want the callback's panic", r)
			}
		}()
		in.callNative(nil, sprintf, []Value{"%v", []Value{Iface{testType(t, "Temp"), 2.0}}})
		t.Errorf("callNative returned")
	}()
	if in.nat.pending != nil {
		t.Errorf("pending abort left: %v", in.nat.pending)
	}
}

// TestSortSlice: sort.Slice with an interpreted less closure sorts the
// interpreted slice in place like the compiled call, with the same calls
// to less.
func TestSortSlice(t *testing.T) {
	in := newTestInterp(t, 1)
	_, pkg := loadNativeProg(t)
	less := pkg.Func("SortByLen").AnonFuncs[0]
	words := []string{"pear", "fig", "banana", "kiwi", "apple", "date", "plum", "cherry", "yuzu", "lime", "melon", "grape", "lemon"}
	s := stringsV(words)
	var calls, wantCalls int
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		if fn.(*Closure).Fn != less {
			return nil, fmt.Errorf("unexpected call")
		}
		calls++
		return len(s[args[0].(int)].(string)) < len(s[args[1].(int)].(string)), nil
	}
	sliceT := types.NewSlice(types.Typ[types.String])
	if _, err := in.callNative(nil, stdFunc(t, "sort", "SliceStable"), []Value{Iface{sliceT, s}, &Closure{Fn: less}}); err != nil {
		t.Fatal(err)
	}
	want := append([]string(nil), words...)
	sort.SliceStable(want, func(i, j int) bool { wantCalls++; return len(want[i]) < len(want[j]) })
	if !reflect.DeepEqual(s, stringsV(want)) {
		t.Errorf("sorted %v, want %v", s, want)
	}
	if calls != wantCalls {
		t.Errorf("%d calls to less, want %d", calls, wantCalls)
	}
	// sort.Sort of an interpreted sort.Interface goes through an
	// adapter calling its methods.
	byLen := testType(t, "ByLen")
	s2 := stringsV([]string{"ccc", "a", "bb"})
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		r := args[0].([]Value)
		switch fn.(*Closure).Fn.Name() {
		case "Len":
			return len(r), nil
		case "Less":
			return len(r[args[1].(int)].(string)) < len(r[args[2].(int)].(string)), nil
		case "Swap":
			i, j := args[1].(int), args[2].(int)
			r[i], r[j] = r[j], r[i]
			return nil, nil
		}
		return nil, fmt.Errorf("unexpected call %v", fn)
	}
	if _, err := in.callNative(nil, stdFunc(t, "sort", "Sort"), []Value{Iface{byLen, s2}}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s2, stringsV([]string{"a", "bb", "ccc"})) {
		t.Errorf("sort.Sort(ByLen) = %v", s2)
	}
	// sort.Strings sorts the native copy; the result is written back.
	s3 := stringsV([]string{"b", "c", "a"})
	if _, err := in.callNative(nil, stdFunc(t, "sort", "Strings"), []Value{s3}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s3, stringsV([]string{"a", "b", "c"})) {
		t.Errorf("sort.Strings = %v", s3)
	}
	// An error in less stops the sort.
	in.nat.callHook = func(fn Value, args []Value) (Value, error) { return nil, &Unsupported{What: "budget"} }
	_, err := in.callNative(nil, stdFunc(t, "sort", "Slice"), []Value{Iface{sliceT, stringsV(words)}, &Closure{Fn: less}})
	var u *Unsupported
	if !errors.As(err, &u) || u.What != "budget" {
		t.Errorf("sort.Slice with a failing less: %v", err)
	}
}

// TestWriteBack: slices and cells filled by a native callee are seen by
// interpreted code; a slice result into an argument aliases it.
func TestWriteBack(t *testing.T) {
	in := newTestInterp(t, 1)
	// hex.Encode(dst, src)
	dst := bytesV(make([]byte, 6))
	n, err := in.callNative(nil, stdFunc(t, "encoding/hex", "Encode"), []Value{dst, bytesV([]byte{1, 0xab, 0xff})})
	if err != nil || n != 6 {
		t.Fatalf("hex.Encode = %v, %v", n, err)
	}
	if got := string(bytesOf(t, dst)); got != "01abff" {
		t.Errorf("hex.Encode wrote %q", got)
	}
	// binary.BigEndian.PutUint32: a method of an unexported std type,
	// reached from the global.
	g := in.prog.ImportedPackage("encoding/binary").Var("BigEndian")
	be, err := in.nativeGlobal(g)
	if err != nil {
		t.Fatal(err)
	}
	beT := types.Unalias(g.Type()).(*types.Pointer).Elem()
	buf := bytesV(make([]byte, 4))
	if _, err := in.callNative(nil, methodFunc(t, beT, "PutUint32"), []Value{*be, buf, uint32(0x01020304)}); err != nil {
		t.Fatal(err)
	}
	want := make([]byte, 4)
	binary.BigEndian.PutUint32(want, 0x01020304)
	if got := bytesOf(t, buf); !bytes.Equal(got, want) {
		t.Errorf("PutUint32 wrote %v, want %v", got, want)
	}
	// io.ReadFull from a strings.Reader.
	rd, err := in.callNative(nil, stdFunc(t, "strings", "NewReader"), []Value{"hello world"})
	if err != nil {
		t.Fatal(err)
	}
	readerT := stdType(t, "io", "Reader")
	_ = readerT
	rbuf := bytesV(make([]byte, 5))
	res, err := in.callNative(nil, stdFunc(t, "io", "ReadFull"), []Value{Iface{V: rd.(NativePtr)}, rbuf})
	if err != nil || res.(Tuple)[0] != 5 {
		t.Fatalf("io.ReadFull = %v, %v", res, err)
	}
	if got := string(bytesOf(t, rbuf)); got != "hello" {
		t.Errorf("io.ReadFull read %q", got)
	}
	// strconv.AppendInt(buf[:0], ...) appends within the capacity: the
	// result aliases buf.
	abuf := bytesV(make([]byte, 2, 8))
	r, err := in.callNative(nil, stdFunc(t, "strconv", "AppendInt"), []Value{abuf[:0], int64(1234), 10})
	if err != nil {
		t.Fatal(err)
	}
	rs := r.([]Value)
	if string(bytesOf(t, rs)) != "1234" || &rs[0] != &abuf[0] {
		t.Errorf("AppendInt = %q (aliasing: %v)", bytesOf(t, rs), &rs[0] == &abuf[0])
	}
	// json.Unmarshal into a pointer to an interpreted struct.
	tagged := testType(t, "Tagged")
	cell := new(Value)
	*cell = Struct{"", 0}
	out, err := in.callNative(nil, stdFunc(t, "encoding/json", "Unmarshal"), []Value{bytesV([]byte(`{"name":"z","n":3}`)), Iface{types.NewPointer(tagged), cell}})
	if err != nil || out != (Iface{}) {
		t.Fatalf("json.Unmarshal = %v, %v", out, err)
	}
	if !reflect.DeepEqual(*cell, Value(Struct{"z", 3})) {
		t.Errorf("json.Unmarshal wrote %#v", *cell)
	}
	// json.Marshal of it.
	m, err := in.callNative(nil, stdFunc(t, "encoding/json", "Marshal"), []Value{Iface{tagged, *cell}})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(bytesOf(t, m.(Tuple)[0])); got != `{"name":"z","n":3}` {
		t.Errorf("json.Marshal = %s", got)
	}
	// An interpreted io.Reader read by native code.
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		p := args[1].([]Value)
		for i := range p {
			p[i] = byte(1)
		}
		return Tuple{len(p), Iface{}}, nil
	}
	ones := bytesV(make([]byte, 3))
	if _, err := in.callNative(nil, stdFunc(t, "io", "ReadFull"), []Value{Iface{testType(t, "Ones"), Struct{}}, ones}); err != nil {
		t.Fatal(err)
	}
	if got := bytesOf(t, ones); !bytes.Equal(got, []byte{1, 1, 1}) {
		t.Errorf("reading Ones gave %v", got)
	}
}

// TestRetainedSlices: a native object that keeps the copy of an
// interpreted slice (sort.Reverse(sort.IntSlice(xs)), bytes.NewBuffer)
// stays in sync with it across later calls.
func TestRetainedSlices(t *testing.T) {
	in := newTestInterp(t, 1)
	xs := []Value{3, 1, 2}
	rev, err := in.callNative(nil, stdFunc(t, "sort", "Reverse"), []Value{Iface{stdType(t, "sort", "IntSlice"), xs}})
	if err != nil {
		t.Fatal(err)
	}
	xs[0] = 0 // written after the copy was made
	if _, err := in.callNative(nil, stdFunc(t, "sort", "Sort"), []Value{rev}); err != nil {
		t.Fatal(err)
	}
	if want := []Value{2, 1, 0}; !reflect.DeepEqual(xs, want) {
		t.Errorf("sort.Sort(sort.Reverse(sort.IntSlice(xs))) left xs = %v, want %v", xs, want)
	}
	buf := bytesV(make([]byte, 0, 8))
	b, err := in.callNative(nil, stdFunc(t, "bytes", "NewBuffer"), []Value{buf})
	if err != nil {
		t.Fatal(err)
	}
	pb := types.NewPointer(stdType(t, "bytes", "Buffer"))
	if _, err := in.callNative(nil, methodFunc(t, pb, "WriteString"), []Value{b, "hey"}); err != nil {
		t.Fatal(err)
	}
	if got := string(bytesOf(t, buf[:3])); got != "hey" {
		t.Errorf("bytes.NewBuffer(buf).WriteString left buf[:3] = %q", got)
	}
}

// TestHeap: container/heap on an interpreted heap.Interface: values
// pushed come back from Pop.
func TestHeap(t *testing.T) {
	in := newTestInterp(t, 1)
	hT := types.NewPointer(testType(t, "IntHeap"))
	cell := new(Value)
	*cell = []Value{}
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		h := args[0].(*Value)
		s := (*h).([]Value)
		switch fn.(*Closure).Fn.Name() {
		case "Len":
			return len(s), nil
		case "Less":
			return s[args[1].(int)].(int) < s[args[2].(int)].(int), nil
		case "Swap":
			i, j := args[1].(int), args[2].(int)
			s[i], s[j] = s[j], s[i]
			return nil, nil
		case "Push":
			*h = append(s, args[1].(Iface).V)
			return nil, nil
		case "Pop":
			*h = s[:len(s)-1]
			return Iface{types.Typ[types.Int], s[len(s)-1]}, nil
		}
		return nil, fmt.Errorf("unexpected %v", fn)
	}
	push, pop := stdFunc(t, "container/heap", "Push"), stdFunc(t, "container/heap", "Pop")
	for _, x := range []int{5, 2, 8, 1} {
		if _, err := in.callNative(nil, push, []Value{Iface{hT, cell}, Iface{types.Typ[types.Int], x}}); err != nil {
			t.Fatal(err)
		}
	}
	var got []Value
	for range 4 {
		v, err := in.callNative(nil, pop, []Value{Iface{hT, cell}})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v.(Iface).V)
	}
	if !reflect.DeepEqual(got, []Value{1, 2, 5, 8}) {
		t.Errorf("popped %v", got)
	}
}

// TestRandDeterminism: the global math/rand and math/rand/v2 functions
// draw from Config.Seed.
func TestRandDeterminism(t *testing.T) {
	draw := func(seed int64) []Value {
		in := newTestInterp(t, seed)
		var out []Value
		for range 5 {
			v, err := in.callNative(nil, stdFunc(t, "math/rand", "Intn"), []Value{1000})
			if err != nil {
				t.Fatal(err)
			}
			w, err := in.callNative(nil, stdFunc(t, "math/rand/v2", "IntN"), []Value{1000})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v, w)
		}
		b := bytesV(make([]byte, 8))
		if _, err := in.callNative(nil, stdFunc(t, "crypto/rand", "Read"), []Value{b}); err != nil {
			t.Fatal(err)
		}
		return append(out, b...)
	}
	a, b, c := draw(7), draw(7), draw(8)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("same seed, different draws: %v %v", a, b)
	}
	if reflect.DeepEqual(a, c) {
		t.Errorf("different seeds, same draws: %v", a)
	}
	// The math/rand draws are those of rand.New(rand.NewSource(seed)).
	r := rand.New(rand.NewSource(7))
	r2 := randv2.New(randv2.NewPCG(7, 0x9e3779b97f4a7c15))
	for i := 0; i < 10; i += 2 {
		if a[i] != r.Intn(1000) || a[i+1] != r2.IntN(1000) {
			t.Errorf("draw %d: %v %v differs from the seeded sources", i/2, a[i], a[i+1])
		}
	}
}

// TestExplicitSource: rand.New(rand.NewSource(42)) runs natively (the
// source's type, unexported, is learned from the interface value).
func TestExplicitSource(t *testing.T) {
	in := newTestInterp(t, 1)
	src, err := in.callNative(nil, stdFunc(t, "math/rand", "NewSource"), []Value{int64(42)})
	if err != nil {
		t.Fatal(err)
	}
	r, err := in.callNative(nil, stdFunc(t, "math/rand", "New"), []Value{src})
	if err != nil {
		t.Fatal(err)
	}
	want := rand.New(rand.NewSource(42))
	intn := methodFunc(t, types.NewPointer(stdType(t, "math/rand", "Rand")), "Intn")
	for i := range 3 {
		got, err := in.callNative(nil, intn, []Value{r, 100})
		if w := want.Intn(100); err != nil || got != w {
			t.Errorf("draw %d: %v, %v; want %d", i, got, err, w)
		}
	}
}

// TestFakeClock: time.Now reads a clock that starts at a fixed instant
// and advances 1µs per reading.
func TestFakeClock(t *testing.T) {
	in := newTestInterp(t, 1)
	now := stdFunc(t, "time", "Now")
	t0, err := in.callNative(nil, now, nil)
	if err != nil {
		t.Fatal(err)
	}
	t1, _ := in.callNative(nil, now, nil)
	tm0 := t0.(Native).RV.Interface().(time.Time)
	tm1 := t1.(Native).RV.Interface().(time.Time)
	if !tm0.Equal(clockStart) || tm1.Sub(tm0) != time.Microsecond {
		t.Errorf("Now = %v, then %v", tm0, tm1)
	}
	d, err := in.callNative(nil, stdFunc(t, "time", "Since"), []Value{t0})
	if err != nil || d != int64(2*time.Microsecond) {
		t.Errorf("Since = %v, %v; want 2µs as int64", d, err)
	}
	// A new Interp starts over.
	t2, _ := newTestInterp(t, 1).callNative(nil, now, nil)
	if !t2.(Native).RV.Interface().(time.Time).Equal(clockStart) {
		t.Errorf("second Interp's clock at %v", t2)
	}
}

// TestNativeUnsupported: what the bridge refuses instead of running wrongly.
func TestNativeUnsupported(t *testing.T) {
	in := newTestInterp(t, 1)
	var u *Unsupported
	// Huge results are refused before they are made.
	if _, err := in.callNative(nil, stdFunc(t, "strings", "Repeat"), []Value{"abcd", 1 << 30}); !errors.As(err, &u) {
		t.Errorf("strings.Repeat of 4 GiB: %v", err)
	}
	// A channel does not cross.
	if _, err := in.toNative(&Chan{Cap: 1}, types.NewChan(types.SendRecv, types.Typ[types.Int])); !errors.As(err, &u) {
		t.Errorf("chan to native: %v", err)
	}
	// A package outside the registry.
	_, err := in.callNative(nil, stdFunc(t, "os", "ReadFile"), []Value{"/etc/hostname"})
	if !errors.As(err, &u) || u.What != "native os.ReadFile" {
		t.Errorf("os.ReadFile: %v", err)
	}
	// Locking a held mutex would hang the only goroutine.
	mu, _ := in.nativeZero(stdType(t, "sync", "Mutex"))
	cell := new(Value)
	*cell = mu
	lock := methodFunc(t, types.NewPointer(stdType(t, "sync", "Mutex")), "Lock")
	if _, err := in.callNative(nil, lock, []Value{cell}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.callNative(nil, lock, []Value{cell}); !errors.As(err, &u) {
		t.Errorf("second Lock: %v", err)
	}
	wg, _ := in.nativeZero(stdType(t, "sync", "WaitGroup"))
	wcell := new(Value)
	*wcell = wg
	if _, err := in.callNative(nil, methodFunc(t, types.NewPointer(stdType(t, "sync", "WaitGroup")), "Wait"), []Value{wcell}); !errors.As(err, &u) {
		t.Errorf("WaitGroup.Wait: %v", err)
	}
	// An interpreted error type passed as a Stringer has no String.
	if _, err := in.toNative(Iface{types.NewPointer(testType(t, "MyErr")), new(Value)}, stdType(t, "fmt", "Stringer")); !errors.As(err, &u) {
		t.Errorf("MyErr as fmt.Stringer: %v", err)
	}
	// A native panic is a panic of the program, which it may recover.
	_, err = in.callNative(nil, stdFunc(t, "strings", "Repeat"), []Value{"x", -1})
	var p *PanicError
	if !errors.As(err, &p) || p.Value != (Iface{types.Typ[types.String], "strings: negative Repeat count"}) {
		t.Errorf("strings.Repeat(-1): %v", err)
	}
}

// TestMaps: native maps come back as interpreted maps in sorted key
// order; an interpreted map filled by a native callee keeps its order for
// the keys it had.
func TestMaps(t *testing.T) {
	in := newTestInterp(t, 1)
	r, err := in.callNative(nil, stdFunc(t, "net/url", "ParseQuery"), []Value{"b=2&a=1&a=3"})
	if err != nil {
		t.Fatal(err)
	}
	m := r.(Tuple)[0].(*Map)
	var got []Value
	m.Range(func(k, v Value) bool { got = append(got, k, v); return true })
	want := []Value{"a", stringsV([]string{"1", "3"}), "b", stringsV([]string{"2"})}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("url.ParseQuery = %v, want %v", got, want)
	}
	mt := types.NewMap(types.Typ[types.String], types.Typ[types.Int])
	im := NewMap(types.Typ[types.String], 0)
	im.Insert("z", 26)
	im.Insert("y", 25)
	cell := new(Value)
	*cell = im
	if _, err := in.callNative(nil, stdFunc(t, "encoding/json", "Unmarshal"), []Value{bytesV([]byte(`{"c":3,"a":1,"y":-1}`)), Iface{types.NewPointer(mt), cell}}); err != nil {
		t.Fatal(err)
	}
	if *cell != Value(im) {
		t.Errorf("json.Unmarshal replaced the map")
	}
	got = nil
	im.Range(func(k, v Value) bool { got = append(got, k, v); return true })
	if want := []Value{"z", 26, "y", -1, "a", 1, "c", 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("after json.Unmarshal: %v, want %v", got, want)
	}
}

// TestConversionRoundTrip: toNative then fromNative gives the value back,
// for the representations of the contract.
func TestConversionRoundTrip(t *testing.T) {
	in := newTestInterp(t, 1)
	point := testType(t, "Point")
	tests := []struct {
		t types.Type
		v Value
	}{
		{types.Typ[types.Int8], int8(-3)},
		{types.Typ[types.Uint64], uint64(1 << 63)},
		{types.Typ[types.Complex128], complex(1, 2)},
		{stdType(t, "time", "Month"), int(3)},
		{types.NewSlice(types.Typ[types.String]), stringsV([]string{"a", "b"})},
		{types.NewArray(types.Typ[types.Uint16], 2), Array{uint16(1), uint16(2)}},
		{point, Struct{1, 2, "n"}},
		{types.NewSlice(point), []Value{Struct{1, 2, "a"}, Struct{3, 4, "b"}}},
		{types.NewPointer(types.Typ[types.Int]), (*Value)(nil)},
		{types.NewSlice(types.Typ[types.Int]), []Value(nil)},
	}
	for _, tt := range tests {
		rv, err := in.toNative(tt.v, tt.t)
		if err != nil {
			t.Errorf("toNative(%v): %v", tt.t, err)
			continue
		}
		back, err := in.fromNative(rv, tt.t)
		if err != nil {
			t.Errorf("fromNative(%v): %v", tt.t, err)
			continue
		}
		if !reflect.DeepEqual(back, tt.v) {
			t.Errorf("%v: %#v came back as %#v", tt.t, tt.v, back)
		}
	}
	// A pointer to an interpreted cell goes native and comes back as the
	// same cell.
	cell := new(Value)
	*cell = Struct{5, 6, "c"}
	pt := types.NewPointer(point)
	rv, err := in.toNative(cell, pt)
	if err != nil {
		t.Fatal(err)
	}
	if back, err := in.fromNative(rv, pt); err != nil || back != Value(cell) {
		t.Errorf("pointer came back as %#v, %v", back, err)
	}
	// A native func in an interface is a NativeFunc of its signature.
	var fn any = strings.ToUpper
	fv, err := in.fromNative(reflect.ValueOf(&fn).Elem(), types.Universe.Lookup("any").Type())
	if err != nil || types.TypeString(fv.(Iface).T, nil) != "func(string) string" {
		t.Errorf("boxed strings.ToUpper came back as %#v, %v", fv, err)
	} else if nf, ok := fv.(Iface).V.(NativeFunc); !ok || nf.Fn.Call([]reflect.Value{reflect.ValueOf("a")})[0].String() != "A" {
		t.Errorf("boxed strings.ToUpper's value is %#v", fv.(Iface).V)
	}
	// ... and as an interface value with its interpreted type.
	var boxed any = rv.Interface()
	back, err := in.fromNative(reflect.ValueOf(&boxed).Elem(), types.Universe.Lookup("any").Type())
	if err != nil || back.(Iface).V != Value(cell) || !types.Identical(back.(Iface).T, pt) {
		t.Errorf("boxed pointer came back as %#v, %v", back, err)
	}
}

// TestRegistry: the registry has the packages of the contract, no generic
// or side-effecting member, and the generator reproduces zz_natives.go.
func TestRegistry(t *testing.T) {
	r := natives()
	for _, name := range []string{"strings.Index", "bytes.Equal", "fmt.Sprintf", "sort.Slice", "encoding/json.Marshal", "math/rand/v2.IntN", "regexp.MustCompile"} {
		if _, ok := r.funcs[name]; !ok {
			t.Errorf("registry lacks %s", name)
		}
	}
	for _, name := range []string{"fmt.Println", "time.Now", "time.Sleep", "crypto/rand.Read", "path/filepath.Glob", "slices.Index"} {
		if _, ok := r.funcs[name]; ok {
			t.Errorf("registry has %s", name)
		}
	}
	for _, name := range []string{"strings.Builder", "errors.errorString", "encoding/binary.bigEndian", "time.Duration"} {
		if _, ok := r.types[name]; !ok {
			t.Errorf("registry lacks type %s", name)
		}
	}
	if testing.Short() {
		return
	}
	out := filepath.Join(t.TempDir(), "zz.go")
	cmd := exec.Command("go", "run", "./internal/gennative", "-o", out)
	cmd.Stderr = io.Discard
	if err := cmd.Run(); err != nil {
		t.Fatalf("gennative: %v", err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("zz_natives.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("zz_natives.go is stale: run go generate ./analyzer/interp/...")
	}
}

// TestCallbacks: interpreted closures passed as funcs run through
// reflect.MakeFunc; std functions passed as values run directly.
func TestCallbacks(t *testing.T) {
	in := newTestInterp(t, 1)
	_, pkg := loadNativeProg(t)
	anon := pkg.Func("SortByLen").AnonFuncs[0] // any function: the fake dispatches on the call
	var calls int
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		calls++
		r := args[0].(int32)
		if r == 'a' {
			return int32(-1), nil // dropped by strings.Map
		}
		return r + 1, nil
	}
	got, err := in.callNative(nil, stdFunc(t, "strings", "Map"), []Value{&Closure{Fn: anon}, "abc"})
	if err != nil || got != "cd" || calls != 3 {
		t.Errorf("strings.Map = %v, %v (%d calls)", got, err, calls)
	}
	isSpace := stdFunc(t, "unicode", "IsSpace")
	got, err = in.callNative(nil, stdFunc(t, "strings", "FieldsFunc"), []Value{" a b  c", &Closure{Fn: isSpace}})
	if err != nil || !reflect.DeepEqual(got, stringsV(strings.FieldsFunc(" a b  c", unicode.IsSpace))) {
		t.Errorf("strings.FieldsFunc(unicode.IsSpace) = %v, %v", got, err)
	}
	// An interpreted map printed by fmt.
	m := &Map{KeyType: types.Typ[types.String], keys: []Value{"b", "a", "c"}, vals: []Value{2, 1, 3}, live: []bool{true, true, false}, n: 2}
	got, err = in.callNative(nil, stdFunc(t, "fmt", "Sprint"), []Value{[]Value{Iface{types.NewMap(types.Typ[types.String], types.Typ[types.Int]), m}}})
	if err != nil || got != "map[a:1 b:2]" {
		t.Errorf("Sprint(map) = %v, %v", got, err)
	}
}

// TestNativeObjects: pointers to native objects (regexp, big.Int,
// list.Element) keep their identity across calls; fields of native
// structs are reached with nativeFieldAddr.
func TestNativeObjects(t *testing.T) {
	in := newTestInterp(t, 1)
	re, err := in.callNative(nil, stdFunc(t, "regexp", "MustCompile"), []Value{"a+b"})
	if err != nil {
		t.Fatal(err)
	}
	reT := types.NewPointer(stdType(t, "regexp", "Regexp"))
	got, err := in.callNative(nil, methodFunc(t, reT, "FindAllString"), []Value{re, "ab xaab b aaab", -1})
	if err != nil || !reflect.DeepEqual(got, stringsV([]string{"ab", "aab", "aaab"})) {
		t.Errorf("FindAllString = %v, %v", got, err)
	}
	// big.Int in an interpreted cell: SetInt64 returns its receiver,
	// which comes back as the cell.
	bigT := types.NewPointer(stdType(t, "math/big", "Int"))
	z, _ := in.nativeZero(stdType(t, "math/big", "Int"))
	cell := new(Value)
	*cell = z
	r, err := in.callNative(nil, methodFunc(t, bigT, "SetInt64"), []Value{cell, int64(1) << 40})
	if err != nil || r != Value(cell) {
		t.Fatalf("SetInt64 returned %#v, %v; want the cell", r, err)
	}
	if _, err := in.callNative(nil, methodFunc(t, bigT, "Mul"), []Value{cell, cell, cell}); err != nil {
		t.Fatal(err)
	}
	s, err := in.callNative(nil, methodFunc(t, bigT, "String"), []Value{cell})
	want := new(big.Int).Lsh(big.NewInt(1), 80).String()
	if err != nil || s != want {
		t.Errorf("2^80 = %v, %v; want %s", s, err, want)
	}
	// container/list holding an interpreted pointer.
	l, err := in.callNative(nil, stdFunc(t, "container/list", "New"), nil)
	if err != nil {
		t.Fatal(err)
	}
	pt := types.NewPointer(testType(t, "Point"))
	pcell := new(Value)
	*pcell = Struct{1, 2, "p"}
	listT := types.NewPointer(stdType(t, "container/list", "List"))
	e, err := in.callNative(nil, methodFunc(t, listT, "PushBack"), []Value{l, Iface{pt, pcell}})
	if err != nil {
		t.Fatal(err)
	}
	front, err := in.callNative(nil, methodFunc(t, listT, "Front"), []Value{l})
	if err != nil || front != e {
		t.Fatalf("Front = %#v, %v; want the pushed element %#v", front, err, e)
	}
	elemT := stdType(t, "container/list", "Element").Underlying().(*types.Struct)
	valueField := -1
	for i := 0; i < elemT.NumFields(); i++ {
		if elemT.Field(i).Name() == "Value" {
			valueField = i
		}
	}
	fp, err := in.nativeFieldAddr(e, valueField, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := in.loadNative(fp.(NativePtr), elemT.Field(valueField).Type())
	if err != nil || v.(Iface).V != Value(pcell) || !types.Identical(v.(Iface).T, pt) {
		t.Errorf("e.Value = %#v, %v; want the interpreted pointer", v, err)
	}
	if err := in.storeNative(fp.(NativePtr), Iface{types.Typ[types.Int], 7}, elemT.Field(valueField).Type()); err != nil {
		t.Fatal(err)
	}
	v, _ = in.loadNative(fp.(NativePtr), elemT.Field(valueField).Type())
	if v != (Iface{types.Typ[types.Int], 7}) {
		t.Errorf("e.Value after store = %#v", v)
	}
	// A std variable of pointer type shares the pointee.
	upper, err := in.nativeGlobal(in.prog.ImportedPackage("unicode").Var("Upper"))
	if err != nil {
		t.Fatal(err)
	}
	is, err := in.callNative(nil, stdFunc(t, "unicode", "Is"), []Value{*upper, int32('Q')})
	if err != nil || is != true {
		t.Errorf("unicode.Is(unicode.Upper, 'Q') = %v, %v", is, err)
	}
}

// TestAnyModes: a value of an interpreted named type passed as any comes
// back as itself from containers (boxed), prints through fmt (adapters),
// and is refused by other consumers when its methods could matter.
func TestAnyModes(t *testing.T) {
	in := newTestInterp(t, 1)
	celsius := Iface{testType(t, "Celsius"), 21.5}
	temp := Iface{testType(t, "Temp"), 36.6}
	l, _ := in.callNative(nil, stdFunc(t, "container/list", "New"), nil)
	listT := types.NewPointer(stdType(t, "container/list", "List"))
	for _, v := range []Iface{celsius, temp} {
		e, err := in.callNative(nil, methodFunc(t, listT, "PushBack"), []Value{l, v})
		if err != nil {
			t.Fatal(err)
		}
		fp, _ := in.nativeFieldAddr(e, 3, nil) // list.Element.Value
		got, err := in.loadNative(fp.(NativePtr), types.Universe.Lookup("any").Type())
		if err != nil || got != Value(v) {
			t.Errorf("list round trip of %v: %#v, %v", v.T, got, err)
		}
	}
	// json looks at more than String: refused.
	_, err := in.callNative(nil, stdFunc(t, "encoding/json", "Marshal"), []Value{temp})
	var u *Unsupported
	if !errors.As(err, &u) {
		t.Errorf("json.Marshal(Temp): %v, want *Unsupported", err)
	}
	// A named type without methods marshals by its underlying type.
	got, err := in.callNative(nil, stdFunc(t, "encoding/json", "Marshal"), []Value{celsius})
	if err != nil || string(bytesOf(t, got.(Tuple)[0])) != "21.5" {
		t.Errorf("json.Marshal(Celsius) = %v, %v", got, err)
	}
}

// TestSetupOverrides: flag definitions in test files give their defaults
// without touching the process's flags; the environment reads through.
func TestSetupOverrides(t *testing.T) {
	in := newTestInterp(t, 1)
	p, err := in.callNative(nil, stdFunc(t, "flag", "Int"), []Value{"nativetestflag", 42, "usage"})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := in.loadNative(p.(NativePtr), types.Typ[types.Int]); err != nil || v != 42 {
		t.Errorf("*flag.Int(...) = %v, %v", v, err)
	}
	if flag.Lookup("nativetestflag") != nil {
		t.Errorf("the flag was registered in the process's flag set")
	}
	cell := new(Value)
	*cell = false
	if _, err := in.callNative(nil, stdFunc(t, "flag", "BoolVar"), []Value{cell, "x", true, ""}); err != nil || *cell != true {
		t.Errorf("flag.BoolVar: %v, %v", *cell, err)
	}
	t.Setenv("NATIVE_TEST_ENV", "v1")
	if v, err := in.callNative(nil, stdFunc(t, "os", "Getenv"), []Value{"NATIVE_TEST_ENV"}); err != nil || v != "v1" {
		t.Errorf("os.Getenv = %v, %v", v, err)
	}
	if _, err := in.callNative(nil, stdFunc(t, "os", "Setenv"), []Value{"NATIVE_TEST_ENV", "v2"}); err != nil {
		t.Fatal(err)
	}
	if v, err := in.callNative(nil, stdFunc(t, "os", "Getenv"), []Value{"NATIVE_TEST_ENV"}); err != nil || v != "v2" || os.Getenv("NATIVE_TEST_ENV") != "v1" {
		t.Errorf("after Setenv: os.Getenv = %v, %v (process: %q)", v, err, os.Getenv("NATIVE_TEST_ENV"))
	}
	if _, err := in.callNative(nil, stdFunc(t, "os", "Unsetenv"), []Value{"NATIVE_TEST_ENV"}); err != nil {
		t.Fatal(err)
	}
	if v, err := in.callNative(nil, stdFunc(t, "os", "LookupEnv"), []Value{"NATIVE_TEST_ENV"}); err != nil || !reflect.DeepEqual(v, Tuple{"", false}) {
		t.Errorf("after Unsetenv: os.LookupEnv = %v, %v", v, err)
	}
	if v, err := in.callNative(nil, stdFunc(t, "os", "Getpagesize"), nil); err != nil || v != os.Getpagesize() {
		t.Errorf("os.Getpagesize = %v, %v", v, err)
	}
	if v, err := in.callNative(nil, stdFunc(t, "testing", "Short"), nil); err != nil || v != false {
		t.Errorf("testing.Short = %v, %v", v, err)
	}
}

// TestSyncPool: sync.Pool is a stack; Get on an empty pool calls New.
func TestSyncPool(t *testing.T) {
	in := newTestInterp(t, 1)
	z, _ := in.nativeZero(stdType(t, "sync", "Pool"))
	cell := new(Value)
	*cell = z
	pp := types.NewPointer(stdType(t, "sync", "Pool"))
	get, put := methodFunc(t, pp, "Get"), methodFunc(t, pp, "Put")
	if v, err := in.callNative(nil, get, []Value{cell}); err != nil || v != (Iface{}) {
		t.Errorf("Get of an empty pool without New = %#v, %v", v, err)
	}
	// New, set by interpreted code, is an interpreted closure.
	_, pkg := loadNativeProg(t)
	newFn := pkg.Func("SortByLen").AnonFuncs[0]
	calls := 0
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		calls++
		return Iface{types.Typ[types.Int], 100 + calls}, nil
	}
	poolT := stdType(t, "sync", "Pool").Underlying().(*types.Struct)
	newField := -1
	for i := 0; i < poolT.NumFields(); i++ {
		if poolT.Field(i).Name() == "New" {
			newField = i
		}
	}
	fp, err := in.nativeFieldAddr(cell, newField, nil)
	if err != nil {
		t.Fatal(err)
	}
	newT := poolT.Field(newField)
	if err := in.storeNative(fp.(NativePtr), &Closure{Fn: newFn}, newT.Type()); err != nil {
		t.Fatal(err)
	}
	celsius := Iface{testType(t, "Celsius"), 1.5}
	for _, x := range []Value{Iface{types.Typ[types.Int], 1}, celsius} {
		if _, err := in.callNative(nil, put, []Value{cell, x}); err != nil {
			t.Fatal(err)
		}
	}
	var got []Value
	for range 3 {
		v, err := in.callNative(nil, get, []Value{cell})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if want := []Value{celsius, Iface{types.Typ[types.Int], 1}, Iface{types.Typ[types.Int], 101}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Get after Put(1), Put(celsius): %v, want %v", got, want)
	}
}

// TestSyncMapRange: sync.Map.Range visits keys in sorted order.
func TestSyncMapRange(t *testing.T) {
	in := newTestInterp(t, 1)
	z, _ := in.nativeZero(stdType(t, "sync", "Map"))
	cell := new(Value)
	*cell = z
	pm := types.NewPointer(stdType(t, "sync", "Map"))
	for _, k := range []string{"m", "c", "x", "a"} {
		if _, err := in.callNative(nil, methodFunc(t, pm, "Store"), []Value{cell, Iface{types.Typ[types.String], k}, Iface{types.Typ[types.Int], len(k)}}); err != nil {
			t.Fatal(err)
		}
	}
	var got []Value
	in.nat.callHook = func(fn Value, args []Value) (Value, error) {
		got = append(got, args[0].(Iface).V)
		return len(got) < 3, nil
	}
	_, pkg := loadNativeProg(t)
	if _, err := in.callNative(nil, methodFunc(t, pm, "Range"), []Value{cell, &Closure{Fn: pkg.Func("SortByLen").AnonFuncs[0]}}); err != nil {
		t.Fatal(err)
	}
	if want := []Value{"a", "c", "m"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Range visited %v, want %v (stopping after the third)", got, want)
	}
}

// TestMaphashSeeded: maphash seeds come from Config.Seed.
func TestMaphashSeeded(t *testing.T) {
	hash := func(seed int64) Value {
		in := newTestInterp(t, seed)
		s, err := in.callNative(nil, stdFunc(t, "hash/maphash", "MakeSeed"), nil)
		if err != nil {
			t.Fatal(err)
		}
		h, err := in.callNative(nil, stdFunc(t, "hash/maphash", "String"), []Value{s, "key"})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if a, b, c := hash(3), hash(3), hash(4); a != b || a == c {
		t.Errorf("maphash.String with seeds 3, 3, 4: %v %v %v", a, b, c)
	}
}
