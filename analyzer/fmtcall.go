package analyzer

import (
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/manifest/expr"
)

// fmtResultAllocs are the heap allocations fmt's string-producing print
// functions make themselves when no argument reaches a method or
// reflection: the printer comes from a sync.Pool with its buffer (free
// keeps buffers up to 64 KiB), so in the steady state only the result
// string(p.buf) is allocated, and Errorf adds the error that holds it
// (errors.New's *errorString; with plain arguments no %w wraps).
var fmtResultAllocs = map[string]float64{
	"fmt.Sprintf":  1,
	"fmt.Sprint":   1,
	"fmt.Sprintln": 1,
	"fmt.Errorf":   2,
}

// fmtCallAllocs returns the exact allocation count of a call of fmt's
// Sprintf, Sprint, Sprintln or Errorf whose arguments are all plain (see
// plainFmtArg), not counting the boxing of the arguments (the caller's
// MakeInterface instructions): 1 for the string, 2 for Errorf (1 when it
// gets no arguments and a constant format without '%': errors.New(format)
// alone). The std summary instead weights every verb's case of printArg,
// reflection and methods included, as ordinary branches. ok is false when
// the rule does not apply: an argument of another type, arguments passed
// on as a slice, or a known format with a verb that can outgrow fmt's
// 68-byte scratch buffer (%q, widths or precisions of 60 and more), which
// allocates.
func fmtCallAllocs(callee *ssa.Function, args []ssa.Value) (expr.Expr, bool) {
	n, ok := fmtResultAllocs[funcKey(callee)]
	if !ok || len(args) == 0 {
		return expr.Expr{}, false
	}
	vals, ok := variadicValues(args[len(args)-1])
	if !ok {
		return expr.Expr{}, false
	}
	for _, v := range vals {
		if !plainFmtArg(v.Type()) {
			return expr.Expr{}, false
		}
	}
	if len(args) == 2 { // Sprintf and Errorf: the format
		formats, known := formatStrings(args[0], 0)
		for _, f := range formats {
			if !simpleFormat(f) {
				return expr.Expr{}, false
			}
		}
		if n == 2 && len(vals) == 0 && known && len(formats) == 1 && !strings.Contains(formats[0], "%") {
			n = 1
		}
	}
	return expr.Const(n), true
}

// variadicValues returns the values stored, before their conversion to
// interfaces, into the array behind a call's variadic slice (nil for no
// arguments); ok is false when the slice is not built at the call.
func variadicValues(v ssa.Value) ([]ssa.Value, bool) {
	if c, ok := v.(*ssa.Const); ok && c.IsNil() {
		return nil, true
	}
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return nil, false
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	n, ok := arrayLen(arr.Type())
	if !ok {
		return nil, false
	}
	out := make([]ssa.Value, n)
	for _, r := range *arr.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			if r == sl {
				continue
			}
			return nil, false // the array is used otherwise
		}
		c, ok := ia.Index.(*ssa.Const)
		if !ok {
			return nil, false
		}
		i, exact := constant.Int64Val(c.Value)
		for _, u := range *ia.Referrers() {
			s, ok := u.(*ssa.Store)
			if !ok || s.Addr != ia {
				return nil, false
			}
			mi, ok := s.Val.(*ssa.MakeInterface)
			if !exact || !ok || i < 0 || i >= n || out[i] != nil {
				return nil, false
			}
			out[i] = mi.X
		}
	}
	for _, v := range out {
		if v == nil {
			return nil, false
		}
	}
	return out, true
}

// plainFmtArg reports whether fmt prints a value of type t into its
// buffer without allocating: a boolean, number, string or []byte whose
// type has no String, Error, Format or GoString method (printArg's type
// switch handles these kinds directly). Pointers, structs, maps and the
// like go through reflection (printValue boxes each element by
// Value.Interface) and types with methods through the method.
func plainFmtArg(t types.Type) bool {
	ms := types.NewMethodSet(t)
	for _, name := range []string{"String", "Error", "Format", "GoString"} {
		if ms.Lookup(nil, name) != nil {
			return false
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsBoolean|types.IsNumeric|types.IsString) != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

// formatStrings returns the constant strings v can be (a constant, or a
// phi of constants); known is false when v is something else.
func formatStrings(v ssa.Value, depth int) (formats []string, known bool) {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.String {
			return []string{constant.StringVal(v.Value)}, true
		}
	case *ssa.Phi:
		if depth > 4 {
			return nil, false
		}
		for _, e := range v.Edges {
			fs, ok := formatStrings(e, depth+1)
			if !ok {
				return nil, false
			}
			formats = append(formats, fs...)
		}
		return formats, true
	}
	return nil, false
}

// simpleFormat reports whether a format's verbs all fit fmt's 68-byte
// scratch buffer for plain arguments: no %q (strconv.AppendQuote of a
// long string grows the buffer) and no width or precision of 60 or more
// (fmtInteger makes a buffer of width+precision+3 above 68 bytes, and
// fmtFloat's digits outgrow it).
func simpleFormat(f string) bool {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		num := 0
	verb:
		for i++; i < len(f); i++ {
			c := f[i]
			switch {
			case c >= '0' && c <= '9':
				num = num*10 + int(c-'0')
				if num >= 60 {
					return false
				}
				continue
			case c == '.':
				num = 0
				continue
			case strings.IndexByte("+-# *[]", c) >= 0:
				continue
			case c == 'q':
				return false
			}
			break verb
		}
	}
	return true
}
