package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// Calls evaluated at analysis time.
//
// The constant folder (constargs.go) also evaluates calls whose arguments
// it knows: code under test often takes a benchmark's constant string
// apart with the standard library before it loops over the pieces
// (`for _, part := range strings.Split(c, "||")`, `for _, m := range
// re.FindAllString(s, -1)`), and such a loop's trip count, a size nobody
// binds, defaulted to DefaultTrip although the string is right there. The
// folder runs, on constant arguments:
//
//   - strings functions of strings and integers with a string, integer or
//     boolean result (Count, Index, HasPrefix, TrimSpace, Replace, ...),
//     and Split, SplitN, SplitAfter, SplitAfterN and Fields, whose
//     []string result is a constSlice;
//   - the matching methods of a *regexp.Regexp whose pattern is known
//     (regexpPatternOf): MatchString, FindString, ReplaceAllString,
//     ReplaceAllLiteralString, and FindAllString, FindStringSubmatch,
//     FindAllStringSubmatch and Split as constSlices;
//   - a function of the caller's package given constant arguments, when
//     every return its arguments leave reachable returns one constant
//     (a normalizer that returns its input unchanged when a pattern does
//     not match it), at most maxFoldCalls calls deep.
//
// A constSlice gives the folder len(x), x == nil, and its elements: x[i]
// at a constant index, or at any index when all elements are equal (a
// range loop over a split of one piece). Its elements are only read from
// a slice nothing can write: the call's result is used by loads of its
// elements, len, cap, comparisons, appends, copies from it and φs alone.
// A call result's length, when it folds, is also its Summary-level
// length (callLen): the trip count of a range loop over it and the size a
// callee is charged for.

// constSlice is a slice known at analysis time.
type constSlice struct {
	n     int
	isNil bool
	elems []string // a []string's elements; nil for other element types
}

// maxFoldCalls bounds how many evaluated calls of the caller's package nest.
const maxFoldCalls = 3

// foldCalls is what the folders of nested call evaluations share: the
// functions being evaluated (a recursion is not followed) and the depth.
type foldCalls struct {
	active map[*ssa.Function]bool
	depth  int
}

// foldedCalls caches the outermost evaluations of same-package calls, by
// callee and constant arguments (the result depends on nothing else).
var foldedCalls sync.Map // foldKey -> foldResult

type foldKey struct {
	fn   *ssa.Function
	args string
}

type foldResult struct {
	c  constant.Value
	ok bool
}

// compiledRegexps caches the patterns compiled for evaluation.
var compiledRegexps sync.Map // string -> *regexp.Regexp (nil: does not compile)

// constRegexp returns the *regexp.Regexp v when its pattern is known.
func constRegexp(v ssa.Value) (*regexp.Regexp, bool) {
	pattern, posix, ok := regexpPatternOf(v, 0)
	if !ok {
		return nil, false
	}
	key := pattern
	if posix {
		key = "posix\x00" + pattern
	}
	if re, ok := compiledRegexps.Load(key); ok {
		return re.(*regexp.Regexp), re.(*regexp.Regexp) != nil
	}
	var re *regexp.Regexp
	var err error
	if posix {
		re, err = regexp.CompilePOSIX(pattern)
	} else {
		re, err = regexp.Compile(pattern)
	}
	if err != nil {
		re = nil
	}
	compiledRegexps.Store(key, re)
	return re, re != nil
}

// args evaluates a call's arguments; false unless all are constant.
func (f *folder) args(vals []ssa.Value, depth int) ([]constant.Value, bool) {
	out := make([]constant.Value, len(vals))
	for i, a := range vals {
		c, ok := f.eval(a, depth+1)
		if !ok {
			return nil, false
		}
		out[i] = c
	}
	return out, true
}

// constArgsOf reads evaluated arguments as Go values of the kinds given
// ('s' string, 'i' int): false when one is of another kind.
func constArgsOf(args []constant.Value, kinds string) ([]string, []int, bool) {
	if len(args) != len(kinds) {
		return nil, nil, false
	}
	var ss []string
	var is []int
	for i, k := range kinds {
		switch k {
		case 's':
			if args[i].Kind() != constant.String {
				return nil, nil, false
			}
			ss = append(ss, constant.StringVal(args[i]))
		case 'i':
			if args[i].Kind() != constant.Int {
				return nil, nil, false
			}
			n, ok := constant.Int64Val(args[i])
			if !ok || n != int64(int(n)) {
				return nil, nil, false
			}
			is = append(is, int(n))
		}
	}
	return ss, is, true
}

// call evaluates a call with a string, integer or boolean result.
func (f *folder) call(v *ssa.Call, depth int) (constant.Value, bool) {
	callee := v.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || !foldable(v.Type()) {
		return nil, false
	}
	switch path := callee.Pkg.Pkg.Path(); {
	case path == "strings" && callee.Signature.Recv() == nil:
		args, ok := f.args(v.Call.Args, depth)
		if !ok {
			return nil, false
		}
		c, ok := stringsCall(callee.Name(), args)
		if !ok {
			return nil, false
		}
		return f.fit(c, v.Type())
	case path == "regexp" && callee.Signature.Recv() != nil && len(v.Call.Args) >= 2:
		re, ok := constRegexp(v.Call.Args[0])
		if !ok {
			return nil, false
		}
		args, ok := f.args(v.Call.Args[1:], depth)
		if !ok {
			return nil, false
		}
		var c constant.Value
		switch callee.Name() {
		case "MatchString":
			if s, _, ok := constArgsOf(args, "s"); ok {
				c = constant.MakeBool(re.MatchString(s[0]))
			}
		case "FindString":
			if s, _, ok := constArgsOf(args, "s"); ok {
				c = constant.MakeString(re.FindString(s[0]))
			}
		case "ReplaceAllString":
			if s, _, ok := constArgsOf(args, "ss"); ok {
				c = constant.MakeString(re.ReplaceAllString(s[0], s[1]))
			}
		case "ReplaceAllLiteralString":
			if s, _, ok := constArgsOf(args, "ss"); ok {
				c = constant.MakeString(re.ReplaceAllLiteralString(s[0], s[1]))
			}
		}
		if c == nil {
			return nil, false
		}
		return f.fit(c, v.Type())
	case v.Parent() != nil && callee.Pkg == v.Parent().Pkg:
		return f.localCall(v, callee, depth)
	}
	return nil, false
}

// stringsCall runs the strings function name on constant arguments.
func stringsCall(name string, args []constant.Value) (constant.Value, bool) {
	if s, _, ok := constArgsOf(args, "s"); ok {
		switch name {
		case "TrimSpace":
			return constant.MakeString(strings.TrimSpace(s[0])), true
		case "ToLower":
			return constant.MakeString(strings.ToLower(s[0])), true
		case "ToUpper":
			return constant.MakeString(strings.ToUpper(s[0])), true
		}
	}
	if s, _, ok := constArgsOf(args, "ss"); ok {
		a, b := s[0], s[1]
		switch name {
		case "Count":
			return constant.MakeInt64(int64(strings.Count(a, b))), true
		case "Index":
			return constant.MakeInt64(int64(strings.Index(a, b))), true
		case "LastIndex":
			return constant.MakeInt64(int64(strings.LastIndex(a, b))), true
		case "IndexAny":
			return constant.MakeInt64(int64(strings.IndexAny(a, b))), true
		case "Compare":
			return constant.MakeInt64(int64(strings.Compare(a, b))), true
		case "Contains":
			return constant.MakeBool(strings.Contains(a, b)), true
		case "ContainsAny":
			return constant.MakeBool(strings.ContainsAny(a, b)), true
		case "HasPrefix":
			return constant.MakeBool(strings.HasPrefix(a, b)), true
		case "HasSuffix":
			return constant.MakeBool(strings.HasSuffix(a, b)), true
		case "EqualFold":
			return constant.MakeBool(strings.EqualFold(a, b)), true
		case "TrimPrefix":
			return constant.MakeString(strings.TrimPrefix(a, b)), true
		case "TrimSuffix":
			return constant.MakeString(strings.TrimSuffix(a, b)), true
		case "Trim":
			return constant.MakeString(strings.Trim(a, b)), true
		case "TrimLeft":
			return constant.MakeString(strings.TrimLeft(a, b)), true
		case "TrimRight":
			return constant.MakeString(strings.TrimRight(a, b)), true
		}
	}
	if s, _, ok := constArgsOf(args, "sss"); ok && name == "ReplaceAll" {
		return constant.MakeString(strings.ReplaceAll(s[0], s[1], s[2])), true
	}
	if s, n, ok := constArgsOf(args, "sssi"); ok && name == "Replace" {
		return constant.MakeString(strings.Replace(s[0], s[1], s[2], n[0])), true
	}
	return nil, false
}

// localCall evaluates a call of a function of the caller's package: the
// constant every reachable return of callee returns under the call's
// constant arguments.
func (f *folder) localCall(v *ssa.Call, callee *ssa.Function, depth int) (constant.Value, bool) {
	if callee.Origin() != nil || callee.Synthetic != "" || len(callee.Blocks) == 0 ||
		len(callee.Params) != len(v.Call.Args) || callee.Signature.Results().Len() != 1 {
		return nil, false
	}
	calls := f.calls
	if calls == nil {
		calls = &foldCalls{active: map[*ssa.Function]bool{}}
	}
	if calls.depth >= maxFoldCalls || calls.active[callee] || instrCount(callee) > maxSpecInstrs {
		return nil, false
	}
	consts := map[*ssa.Parameter]constant.Value{}
	var key strings.Builder
	for i, a := range v.Call.Args {
		key.WriteByte('|')
		if c, ok := f.eval(a, depth+1); ok {
			consts[callee.Params[i]] = c
			key.WriteString(c.ExactString())
		}
	}
	if len(consts) == 0 && len(callee.Params) > 0 {
		return nil, false
	}
	k := foldKey{callee, key.String()}
	if calls.depth == 0 {
		if r, ok := foldedCalls.Load(k); ok {
			return r.(foldResult).c, r.(foldResult).ok
		}
	}
	calls.active[callee] = true
	calls.depth++
	cf := foldFlowIn(callee, consts, calls)
	g := folder{consts: consts, flow: cf, calls: calls}
	var out constant.Value
	for _, b := range callee.Blocks {
		if !cf.live[b.Index] || len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		c, ok := g.eval(ret.Results[0], 0)
		if !ok || (out != nil && !constant.Compare(out, token.EQL, c)) {
			out = nil
			break
		}
		out = c
	}
	calls.depth--
	delete(calls.active, callee)
	if calls.depth == 0 {
		foldedCalls.Store(k, foldResult{out, out != nil})
	}
	return out, out != nil
}

// slice evaluates a slice known at analysis time.
func (f *folder) slice(v ssa.Value, depth int) (constSlice, bool) {
	if depth > 16 || v == nil {
		return constSlice{}, false
	}
	switch v := v.(type) {
	case *ssa.Const:
		if _, ok := v.Type().Underlying().(*types.Slice); ok && v.Value == nil {
			return constSlice{isNil: true}, true
		}
	case *ssa.Phi:
		if f.seen[v] {
			return constSlice{}, false
		}
		if f.seen == nil {
			f.seen = map[*ssa.Phi]bool{}
		}
		f.seen[v] = true
		defer delete(f.seen, v)
		var out constSlice
		found := false
		for i, e := range v.Edges {
			if !f.flow.takes(v.Block().Preds[i], v.Block()) {
				continue
			}
			s, ok := f.slice(e, depth+1)
			if !ok || (found && !s.equal(out)) {
				return constSlice{}, false
			}
			out, found = s, true
		}
		return out, found
	case *ssa.Call:
		if !readOnly(v, nil) {
			return constSlice{}, false
		}
		callee := v.Call.StaticCallee()
		if callee == nil || callee.Pkg == nil {
			return constSlice{}, false
		}
		switch callee.Pkg.Pkg.Path() {
		case "strings":
			args, ok := f.args(v.Call.Args, depth)
			if !ok {
				return constSlice{}, false
			}
			if s, _, ok := constArgsOf(args, "s"); ok && callee.Name() == "Fields" {
				return stringsSlice(strings.Fields(s[0])), true
			}
			if s, _, ok := constArgsOf(args, "ss"); ok {
				switch callee.Name() {
				case "Split":
					return stringsSlice(strings.Split(s[0], s[1])), true
				case "SplitAfter":
					return stringsSlice(strings.SplitAfter(s[0], s[1])), true
				}
			}
			if s, n, ok := constArgsOf(args, "ssi"); ok {
				switch callee.Name() {
				case "SplitN":
					return stringsSlice(strings.SplitN(s[0], s[1], n[0])), true
				case "SplitAfterN":
					return stringsSlice(strings.SplitAfterN(s[0], s[1], n[0])), true
				}
			}
		case "regexp":
			if callee.Signature.Recv() == nil || len(v.Call.Args) < 2 {
				return constSlice{}, false
			}
			re, ok := constRegexp(v.Call.Args[0])
			if !ok {
				return constSlice{}, false
			}
			args, ok := f.args(v.Call.Args[1:], depth)
			if !ok {
				return constSlice{}, false
			}
			if s, _, ok := constArgsOf(args, "s"); ok && callee.Name() == "FindStringSubmatch" {
				return stringsSlice(re.FindStringSubmatch(s[0])), true
			}
			if s, n, ok := constArgsOf(args, "si"); ok {
				switch callee.Name() {
				case "FindAllString":
					return stringsSlice(re.FindAllString(s[0], n[0])), true
				case "Split":
					return stringsSlice(re.Split(s[0], n[0])), true
				case "FindAllStringSubmatch":
					m := re.FindAllStringSubmatch(s[0], n[0])
					return constSlice{n: len(m), isNil: m == nil}, true
				}
			}
		}
	}
	return constSlice{}, false
}

// stringsSlice is the constSlice of a []string.
func stringsSlice(s []string) constSlice {
	return constSlice{n: len(s), isNil: s == nil, elems: s}
}

// equal reports whether two constSlices are the same value.
func (s constSlice) equal(o constSlice) bool {
	if s.n != o.n || s.isNil != o.isNil || (s.elems == nil) != (o.elems == nil) {
		return false
	}
	for i := range s.elems {
		if s.elems[i] != o.elems[i] {
			return false
		}
	}
	return true
}

// element is the constSlice's element at index i (or at any index, when
// i is unknown and all elements are equal).
func (s constSlice) element(i int64, known bool) (string, bool) {
	if s.elems == nil || len(s.elems) == 0 {
		return "", false
	}
	if known {
		if i < 0 || i >= int64(len(s.elems)) {
			return "", false
		}
		return s.elems[i], true
	}
	for _, e := range s.elems[1:] {
		if e != s.elems[0] {
			return "", false
		}
	}
	return s.elems[0], true
}

// readOnly reports whether nothing can write the elements of the slice
// v: it is only indexed for loads, measured, compared, appended to or
// from (append leaves the elements below len as they are), copied from,
// or merged into φs used the same way.
func readOnly(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true
	}
	if seen == nil {
		seen = map[ssa.Value]bool{}
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef, *ssa.BinOp:
		case *ssa.IndexAddr:
			for _, u := range *r.Referrers() {
				load, ok := u.(*ssa.UnOp)
				if _, dbg := u.(*ssa.DebugRef); !dbg && (!ok || load.Op != token.MUL) {
					return false
				}
			}
		case *ssa.Call:
			b, ok := r.Call.Value.(*ssa.Builtin)
			if !ok {
				return false
			}
			switch b.Name() {
			case "len", "cap":
			case "append":
				// append(v, ...) may return v's array: writes through
				// the result reach v's elements.
				if r.Call.Args[0] == v && !readOnly(r, seen) {
					return false
				}
			case "copy":
				if r.Call.Args[0] == v {
					return false
				}
			default:
				return false
			}
		case *ssa.Phi:
			if !readOnly(r, seen) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// constLen is the length of the slice or string v when it folds under the
// function's constant arguments.
func (st *funcState) constLen(v ssa.Value) (int, bool) {
	if st.constFlow == nil && len(st.fn.Blocks) > 0 {
		st.constFlow = foldFlow(st.fn, st.consts)
	}
	f := folder{consts: st.consts, flow: st.constFlow}
	if isStringType(v.Type()) {
		c, ok := f.eval(v, 0)
		if !ok || c.Kind() != constant.String {
			return 0, false
		}
		return len(constant.StringVal(c)), true
	}
	if _, ok := v.Type().Underlying().(*types.Slice); ok {
		s, ok := f.slice(v, 0)
		return s.n, ok
	}
	return 0, false
}

// isSliceType reports whether t is a slice type.
func isSliceType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Slice)
	return ok
}
