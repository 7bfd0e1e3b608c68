package escape

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Source says where a Verdict comes from.
type Source uint8

const (
	// NotAllocation: the instruction never allocates (not an allocation
	// instruction, or one gc turns into none).
	NotAllocation Source = iota
	// FromCompiler: gc reported the node (Verdict.Site).
	FromCompiler
	// FromRule: gc reports nothing for this node and the verdict follows
	// from a rule gc and the runtime apply (make(chan) always allocates; a
	// constant, zero-sized or pointer-shaped value boxed into an interface
	// does not; the inner + of a concatenation chain is folded into one).
	FromRule
	// FromFallback: no compiler decision was found; the verdict is
	// FallbackClassify's estimate from go/ssa alone.
	FromFallback
)

var sourceNames = [...]string{"none", "compiler", "rule", "fallback"}

// String returns the source's short name.
func (s Source) String() string {
	if int(s) < len(sourceNames) {
		return sourceNames[s]
	}
	return "Source(?)"
}

// Verdict is the allocation decision for one go/ssa instruction.
type Verdict struct {
	// Heap: the node allocates on the heap (gc's escape verdict; see
	// MaxStackBytes for size-dependent cases).
	Heap bool
	// Known: gc said something about this node, or a compiler rule decides
	// it (Source is FromCompiler or FromRule).
	Known bool
	// Kind of allocation; KindUnknown when the instruction is not one.
	Kind Kind
	// Bytes allocated when the size is static; -1 when it depends on
	// run-time values (then ElemBytes is the size per element, if any).
	Bytes     int64
	ElemBytes int64
	// Nearby: Site was assigned by proximity (an implicit conversion whose
	// source expression go/ssa did not keep), a best guess.
	Nearby bool
	// MaxStackBytes > 0 means the node does not escape but its size is only
	// known at run time: gc gives it a stack buffer of this many bytes
	// (VariableMakeThreshold, 32 since Go 1.25) and calls the heap allocator
	// when more is needed (variable-size make, append growth).
	MaxStackBytes int64
	// Site is gc's record of the node when Source is FromCompiler.
	Site   *Site
	Source Source
}

// variableMakeThreshold is gc's default Debug.VariableMakeThreshold.
const variableMakeThreshold = 32

// Classify decides whether instr allocates on the heap, from gc's decisions.
// fset must be the file set the instruction's package was loaded with.
// Build the SSA with debug information (ssa.GlobalDebug or
// Package.SetDebugMode) for the most exact mapping of implicit interface
// conversions; without it they are matched through the statement that
// consumes them.
func (d *Decisions) Classify(fset *token.FileSet, instr ssa.Instruction) Verdict {
	kind, ok := allocKind(instr)
	if !ok {
		return Verdict{Kind: KindUnknown, Bytes: 0}
	}
	v := Verdict{Kind: kind, Bytes: -1}
	v.Bytes, v.ElemBytes = allocBytes(instr)

	if pointerShapedConv(instr) || localCompositeLit(instr) {
		// A pointer converted to an interface is stored in the interface
		// word; a composite literal of value type is built in place. gc
		// reports neither as an allocation.
		v.Known, v.Source, v.Bytes = true, FromRule, 0
		return v
	}
	if b, ok := instr.(*ssa.BinOp); ok && d.innerConcat(b) {
		v.Known, v.Source, v.Bytes = true, FromRule, 0
		return v
	}
	if site := d.siteOf(fset, instr, kind); site != nil {
		v.Known, v.Source, v.Site = true, FromCompiler, site
		v.Heap = site.Allocates()
		if !v.Heap && v.Bytes < 0 && (kind == KindMakeSlice || kind == KindAppend) {
			v.MaxStackBytes = variableMakeThreshold
		}
		if mi, ok := instr.(*ssa.MakeInterface); ok && !boxes(mi) {
			v.Bytes = 0 // escapes, but the data word points at static memory
		}
		return v
	}
	if mi, ok := instr.(*ssa.MakeInterface); ok && !mi.Pos().IsValid() && instr.Parent() != nil {
		if site := d.nearby(fset, instr.Parent())[instr]; site != nil {
			v.Known, v.Source, v.Site, v.Nearby = true, FromCompiler, site, true
			v.Heap = site.Allocates()
			if !boxes(mi) {
				v.Bytes = 0
			}
			return v
		}
	}
	if b := instr.Block(); b != nil && !d.syntax.get(instr.Parent()).live[b] {
		// Behind a constant-false condition: gc removed the code.
		v.Known, v.Source, v.Bytes = true, FromRule, 0
		return v
	}
	if rule, heap := ruleVerdict(instr); rule {
		v.Known, v.Heap, v.Source = true, heap, FromRule
		if !heap {
			v.Bytes = 0
		}
		return v
	}
	f := FallbackClassify(instr)
	f.Source = FromFallback
	f.Known = false
	return f
}

// siteOf finds gc's site for an allocation instruction.
func (d *Decisions) siteOf(fset *token.FileSet, instr ssa.Instruction, kind Kind) *Site {
	for _, pos := range d.gcPositions(fset, instr) {
		if !pos.IsValid() {
			continue
		}
		if s := pickSite(d.byPos[pos], kind); s != nil {
			return s
		}
	}
	return nil
}

// pickSite chooses among the sites gc reported at one position the one of
// a compatible kind (a position can hold a call's "... argument", the
// conversion of its result and sites inlined from the callee). Only sites
// of the compiled function's own body qualify (those inlined from a callee
// belong to the call, see InlinedAt).
func pickSite(sites []*Site, kind Kind) *Site {
	var exact, compat *Site
	for _, s := range sites {
		if len(s.Inlined) > 0 || s.Kind == KindParam {
			continue
		}
		if s.Kind == kind {
			// Instances of a generic function may disagree: the heap
			// verdict wins, as the costlier one.
			if exact == nil || s.Heap && !exact.Heap {
				exact = s
			}
			continue
		}
		if compat == nil && compatible(s.Kind, kind) {
			compat = s
		}
	}
	if exact != nil {
		return exact
	}
	return compat
}

// compatible reports whether gc's spelling of a node (site) can be the
// go/ssa instruction of kind k.
func compatible(site, k Kind) bool {
	if site == k {
		return true
	}
	if isMake(site) && isMake(k) {
		return true // gc spells make(T) with T's name when T is a defined type
	}
	if isLitKind(site) && (isLitKind(k) || k == KindMakeMap || k == KindNew) {
		return true
	}
	switch k {
	case KindCompositeLit:
		return site == KindNew || site == KindInterface || site == KindVar
	case KindNew:
		return site == KindCompositeLit
	case KindMakeMap:
		return site == KindMapLit
	case KindMakeSlice:
		return site == KindMakeSlice
	case KindVarargs:
		return false
	case KindMethodValue:
		return site == KindInterface
	case KindInterface:
		// gc spells an implicit conversion as its operand, which may look
		// like any expression: "string(s)", "a + b", "make(T)".
		return site != KindVar && site != KindVarargs && site != KindParam && site != KindClosure
	case KindToString:
		return site == KindToString
	}
	return false
}

func isLitKind(k Kind) bool {
	return k == KindCompositeLit || k == KindSliceLit || k == KindMapLit
}

func isMake(k Kind) bool {
	return k == KindMakeSlice || k == KindMakeMap || k == KindMakeChan || k == KindMapLit
}

// gcPositions lists where gc reports the node instr was built from, most
// likely first.
func (d *Decisions) gcPositions(fset *token.FileSet, instr ssa.Instruction) []Position {
	fn := instr.Parent()
	fs := &funcSyntax{} // an instruction outside a function: no syntax
	if fn != nil {
		fs = d.syntax.get(fn)
	}
	at := func(p token.Pos) Position {
		if !p.IsValid() {
			return Position{}
		}
		return position(fset, p)
	}
	pos := instr.Pos()
	switch x := instr.(type) {
	case *ssa.Alloc:
		if x.Comment == "varargs" {
			if call := fs.callsByRp[pos]; call != nil {
				return []Position{at(call.Lparen)}
			}
			return nil
		}
		if strings.HasPrefix(x.Comment, "jump$") {
			// The state variable of a range-over-func loop, gc's #stateN,
			// reported at the for keyword; go/ssa binds it into the yield
			// closure.
			for _, r := range referrers(x) {
				if mc, ok := r.(*ssa.MakeClosure); ok {
					if f, ok := mc.Fn.(*ssa.Function); ok {
						if forPos, ok := fs.rangeFor[f.Pos()]; ok {
							return []Position{at(forPos)}
						}
					}
				}
			}
			return nil
		}
		if x.Comment == "complit" {
			var out []Position
			if gp, ok := fs.lits[pos]; ok {
				out = append(out, at(gp))
			} else if amp := d.ampBefore(fset, pos); amp.IsValid() {
				// No syntax (a package initializer): read the '&' of
				// &T{...} from the source.
				out = append(out, at(amp))
			}
			out = append(out, at(pos))
			if v, ok := fs.litVar[pos]; ok && !x.Heap {
				// A literal too large for the stack: gc moves the
				// variable it initialises ("moved to heap: b").
				out = append(out, at(v))
			}
			return out
		}
		return []Position{at(pos)}
	case *ssa.MakeClosure:
		if !pos.IsValid() { // a func literal: go/ssa gives the position to the function
			f, _ := x.Fn.(*ssa.Function)
			if f != nil && f.Synthetic == "range-over-func yield" {
				// gc reports the loop body closure at the for keyword.
				if forPos, ok := fs.rangeFor[f.Pos()]; ok {
					return []Position{at(forPos)}
				}
			}
			return []Position{at(x.Fn.Pos())}
		}
		// A method value x.M: go/ssa has the position of M, gc of the dot.
		return []Position{at(d.dotBefore(fset, pos)), at(pos)}
	case *ssa.Convert:
		if call := fs.calls[pos]; call != nil && len(call.Args) == 1 {
			return []Position{at(gcPos(call.Args[0]))}
		}
		return []Position{at(pos + 1)}
	case *ssa.BinOp:
		if tp, ok := fs.opAssign[pos]; ok {
			return []Position{at(tp)}
		}
		return []Position{at(pos)}
	case *ssa.MakeInterface:
		if pos.IsValid() { // explicit conversion T(x) or an assertion
			if call := fs.calls[pos]; call != nil && len(call.Args) == 1 {
				return []Position{at(gcPos(call.Args[0]))}
			}
			return []Position{at(pos)}
		}
		var out []Position
		for _, e := range consumerExprs(fs, x) {
			out = append(out, at(gcPos(e)))
		}
		// In debug mode, the expressions that evaluated to the operand.
		for _, e := range fs.debugRefs[x.X] {
			out = append(out, at(gcPos(e)))
		}
		if p := x.X.Pos(); p.IsValid() {
			if _, isParam := x.X.(*ssa.Parameter); !isParam {
				out = append(out, at(p))
			}
		}
		return out
	}
	return []Position{at(pos)}
}

// dotBefore is the position of the '.' before the selector name at p, read
// from the source (go/ast does not record it).
func (d *Decisions) dotBefore(fset *token.FileSet, p token.Pos) token.Pos {
	tf := fset.File(p)
	if tf == nil {
		return p - 1
	}
	src := d.lines.file(tf.Name())
	off := tf.Offset(p) - 1
	for off > 0 && off < len(src) && src[off] != '.' {
		off--
	}
	if off <= 0 || off >= len(src) {
		return p - 1
	}
	return tf.Pos(off)
}

// ampBefore is the position of the '&' of &T{...} whose '{' is at lbrace,
// read from the source, or NoPos.
func (d *Decisions) ampBefore(fset *token.FileSet, lbrace token.Pos) token.Pos {
	tf := fset.File(lbrace)
	if tf == nil {
		return token.NoPos
	}
	src := d.lines.file(tf.Name())
	off := tf.Offset(lbrace) - 1
	for off >= 0 && off < len(src) {
		c := src[off]
		switch {
		case c == '&':
			return tf.Pos(off)
		case c == '_' || c == '.' || c == '*' || c == '[' || c == ']' || c == ' ' || c == '\t' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80:
			off--
		default:
			return token.NoPos
		}
	}
	return token.NoPos
}

// consumerExprs finds the source expressions a position-less (implicit)
// interface conversion was built from, through the instruction that
// consumes it: a call argument, a variadic element, a returned value.
func consumerExprs(fs *funcSyntax, mi *ssa.MakeInterface) []ast.Expr {
	var out []ast.Expr
	for _, r := range referrers(mi) {
		switch r := r.(type) {
		case ssa.CallInstruction:
			call := fs.calls[r.Common().Pos()]
			if call == nil {
				continue
			}
			args := r.Common().Args
			off := len(args) - len(call.Args)
			if r.Common().Signature().Variadic() && !call.Ellipsis.IsValid() {
				off = len(args) - r.Common().Signature().Params().Len()
			}
			for i, a := range args {
				if a == mi && i-off >= 0 && i-off < len(call.Args) {
					out = append(out, call.Args[i-off])
				}
			}
		case *ssa.Store:
			if r.Val != mi {
				continue
			}
			ia, ok := r.Addr.(*ssa.IndexAddr)
			if !ok || !isVarargs(ia.X) {
				// An assignment (by the position of its left-hand side) or
				// an element of a composite literal (by its own position).
				if e := fs.rhs[r.Pos()]; e != nil {
					out = append(out, e)
				} else if e := fs.exprs[r.Pos()]; e != nil {
					out = append(out, e)
				}
				continue
			}
			al, ok := ia.X.(*ssa.Alloc)
			if !ok || al.Comment != "varargs" {
				continue
			}
			call := fs.callsByRp[al.Pos()]
			k, ok := ia.Index.(*ssa.Const)
			if call == nil || !ok {
				continue
			}
			arr := al.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Array)
			first := len(call.Args) - int(arr.Len())
			i := first + int(k.Int64())
			if first >= 0 && i < len(call.Args) {
				out = append(out, call.Args[i])
			}
		case *ssa.MapUpdate:
			if r.Key == mi {
				if ix, ok := fs.exprs[r.Pos()].(*ast.IndexExpr); ok {
					out = append(out, ix.Index)
				} else if ix := fs.index[r.Pos()]; ix != nil {
					out = append(out, ix.Index)
				}
			}
			if r.Value == mi {
				if ix := fs.index[r.Pos()]; ix != nil {
					if e := fs.rhs[ix.Pos()]; e != nil {
						out = append(out, e)
					}
				}
			}
		case *ssa.Panic:
			if call := fs.calls[r.Pos()]; call != nil && len(call.Args) == 1 {
				out = append(out, call.Args[0])
			}
		case *ssa.Return:
			ret := fs.returns[r.Pos()]
			if ret == nil || len(ret.Results) != len(r.Results) {
				continue
			}
			for i, v := range r.Results {
				if v == mi {
					out = append(out, ret.Results[i])
				}
			}
		}
	}
	return out
}

// referrers are v's users, without the DebugRef annotations of debug mode.
func referrers(v ssa.Value) []ssa.Instruction {
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	out := make([]ssa.Instruction, 0, len(*refs))
	for _, r := range *refs {
		if _, ok := r.(*ssa.DebugRef); !ok {
			out = append(out, r)
		}
	}
	return out
}

func isVarargs(v ssa.Value) bool {
	a, ok := v.(*ssa.Alloc)
	return ok && a.Comment == "varargs"
}

// allocKind reports whether instr is an allocation instruction and its kind.
func allocKind(instr ssa.Instruction) (Kind, bool) {
	switch x := instr.(type) {
	case *ssa.Alloc:
		switch x.Comment {
		case "new":
			return KindNew, true
		case "complit":
			return KindCompositeLit, true
		case "slicelit":
			return KindSliceLit, true
		case "varargs":
			return KindVarargs, true
		case "makeslice":
			return KindMakeSlice, true
		}
		return KindVar, true
	case *ssa.MakeSlice:
		return KindMakeSlice, true
	case *ssa.MakeMap:
		return KindMakeMap, true
	case *ssa.MakeChan:
		return KindMakeChan, true
	case *ssa.MakeClosure:
		if f, ok := x.Fn.(*ssa.Function); ok && strings.HasPrefix(f.Synthetic, "bound method wrapper") {
			return KindMethodValue, true
		}
		return KindClosure, true
	case *ssa.MakeInterface:
		return KindInterface, true
	case *ssa.Convert:
		src, dst := x.X.Type().Underlying(), x.Type().Underlying()
		switch {
		case isString(src) && isBytes(dst):
			return KindStringToBytes, true
		case isString(src) && isRunes(dst):
			return KindStringToRunes, true
		case isString(dst) && (isBytes(src) || isRunes(src) || isInteger(src)):
			return KindToString, true
		}
	case *ssa.BinOp:
		if x.Op == token.ADD && isString(x.Type().Underlying()) {
			return KindConcat, true
		}
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			return KindAppend, true
		}
	}
	return KindUnknown, false
}

// ruleVerdict decides the allocation instructions gc reported nothing for.
func ruleVerdict(instr ssa.Instruction) (decided, heap bool) {
	switch x := instr.(type) {
	case *ssa.MakeChan:
		return true, true // runtime.makechan; not an escape-analysis location
	case *ssa.MakeClosure:
		// gc reports every closure that survives inlining and dead-code
		// elimination; one it is silent about was called in place
		// after inlining and never built.
		if f, ok := x.Fn.(*ssa.Function); !ok || !strings.HasPrefix(f.Synthetic, "bound method") {
			return true, false
		}
	case *ssa.MakeInterface:
		if !boxes(x) {
			return true, false
		}
	case *ssa.BinOp:
		// s += t: gc rewrites it to s = s + t after escape analysis, so it
		// is never reported and concatstrings always allocates.
		return true, true
	case *ssa.Alloc:
		switch x.Comment {
		case "varargs":
			if appendVarargs(x) {
				return true, false // append(s, a, b) copies its operands: no slice is built
			}
		case "new", "complit", "slicelit", "makeslice":
		default:
			// gc reports every variable it moves to the heap.
			return true, false
		}
	}
	if fn := instr.Parent(); fn != nil && fn.Synthetic == "package initializer" {
		// gc initialises what it reports nothing about statically.
		return true, false
	}
	return false, false
}

// appendVarargs reports whether a varargs array only feeds builtin append.
func appendVarargs(a *ssa.Alloc) bool {
	for _, r := range referrers(a) {
		sl, ok := r.(*ssa.Slice)
		if !ok {
			continue
		}
		for _, u := range referrers(sl) {
			if c, ok := u.(*ssa.Call); ok {
				if b, ok := c.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
					return true
				}
			}
		}
	}
	return false
}

// pointerShapedConv reports whether instr converts a pointer-shaped value to
// an interface.
func pointerShapedConv(instr ssa.Instruction) bool {
	mi, ok := instr.(*ssa.MakeInterface)
	return ok && PointerShaped(mi.X.Type())
}

// boxes reports whether converting mi.X to an interface needs memory for
// the value: not for pointer-shaped values (stored in the interface word),
// zero-sized values, constants (gc uses read-only data) or single-byte
// values (the runtime's staticuint64s table).
func boxes(mi *ssa.MakeInterface) bool {
	if _, ok := mi.X.(*ssa.Const); ok {
		return false
	}
	t := mi.X.Type()
	if PointerShaped(t) {
		return false
	}
	size := sizeof(t)
	if size == 0 {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); ok && size == 1 && b.Info()&(types.IsBoolean|types.IsInteger) != 0 {
		return false // the runtime's staticuint64s table
	}
	return true
}

// PointerShaped reports whether values of t are stored directly in an
// interface's data word (gc's types.IsDirectIface), so converting one to an
// interface allocates nothing.
func PointerShaped(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Array:
		return u.Len() == 1 && PointerShaped(u.Elem())
	case *types.Struct:
		return u.NumFields() == 1 && PointerShaped(u.Field(0).Type())
	}
	return false
}

// localCompositeLit reports whether instr is the frame slot go/ssa uses to
// build a composite literal of value type.
func localCompositeLit(instr ssa.Instruction) bool {
	a, ok := instr.(*ssa.Alloc)
	return ok && a.Comment == "complit" && !a.Heap &&
		sizeof(a.Type().Underlying().(*types.Pointer).Elem()) <= maxStackVarSize
}

// innerConcat reports whether b is an operand of another string + that gc
// folds it into: gc turns a + b + c, and a + (b + c), into one
// concatenation reported at the outermost operator, but s += a + b keeps
// a + b apart (the += is rewritten only after escape analysis).
func (d *Decisions) innerConcat(b *ssa.BinOp) bool {
	refs := referrers(b)
	if len(refs) != 1 {
		return false
	}
	next, ok := refs[0].(*ssa.BinOp)
	if !ok || next.Op != token.ADD || !isString(next.Type().Underlying()) {
		return false
	}
	if fn := next.Parent(); fn != nil {
		if _, isOpAssign := d.syntax.get(fn).opAssign[next.Pos()]; isOpAssign {
			return false
		}
	}
	return true
}

var gcSizes = types.SizesFor("gc", "amd64")

// allocBytes is the static size of the allocation, or -1 and the size per
// element when it depends on run-time values (or on type arguments).
func allocBytes(instr ssa.Instruction) (bytes, elem int64) {
	switch x := instr.(type) {
	case *ssa.Alloc:
		return sizeof(x.Type().Underlying().(*types.Pointer).Elem()), 0
	case *ssa.MakeSlice:
		s, ok := coreType(x.Type()).(*types.Slice)
		if !ok {
			return -1, -1
		}
		e := sizeof(s.Elem())
		c := x.Cap
		if c == nil {
			c = x.Len
		}
		if k, ok := c.(*ssa.Const); ok && e >= 0 && k.Value != nil && k.Value.Kind() == constant.Int {
			return k.Int64() * e, e
		}
		return -1, e
	case *ssa.MakeChan:
		ch, ok := coreType(x.Type()).(*types.Chan)
		if !ok {
			return -1, -1
		}
		e := sizeof(ch.Elem())
		if k, ok := x.Size.(*ssa.Const); ok && e >= 0 && k.Value != nil && k.Value.Kind() == constant.Int {
			return hchanSize + k.Int64()*e, e
		}
		return -1, e
	case *ssa.MakeClosure:
		n := int64(8)
		for _, b := range x.Bindings {
			sz := sizeof(b.Type())
			if sz < 0 {
				return -1, 0
			}
			n += sz
		}
		return n, 0
	case *ssa.MakeInterface:
		if !boxes(x) {
			return 0, 0
		}
		return sizeof(x.X.Type()), 0
	case *ssa.Convert:
		switch k, _ := allocKind(x); k {
		case KindStringToBytes:
			return -1, 1
		case KindStringToRunes:
			return -1, 4
		default:
			if isInteger(x.X.Type().Underlying()) {
				return 4, 0 // at most utf8.UTFMax bytes
			}
			return -1, 1
		}
	case *ssa.BinOp:
		return -1, 1
	case *ssa.Call:
		if s, ok := coreType(x.Type()).(*types.Slice); ok {
			return -1, sizeof(s.Elem())
		}
	}
	return -1, 0
}

// sizeof is gc's size of t on amd64, or -1 when it depends on type
// arguments (go/types cannot size a type parameter).
func sizeof(t types.Type) (n int64) {
	defer func() {
		if recover() != nil {
			n = -1
		}
	}()
	if hasTypeParam(t, map[types.Type]bool{}) {
		return -1
	}
	return gcSizes.Sizeof(t)
}

func hasTypeParam(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Named:
		if args := t.TypeArgs(); args != nil {
			for i := range args.Len() {
				if hasTypeParam(args.At(i), seen) {
					return true
				}
			}
		}
		return hasTypeParam(t.Underlying(), seen)
	case *types.Alias:
		return hasTypeParam(types.Unalias(t), seen)
	case *types.Array:
		return hasTypeParam(t.Elem(), seen)
	case *types.Struct:
		for i := range t.NumFields() {
			if hasTypeParam(t.Field(i).Type(), seen) {
				return true
			}
		}
	}
	return false
}

// coreType is t's underlying type, or for a type parameter the single
// underlying type of its constraint's terms (nil if there is none).
func coreType(t types.Type) types.Type {
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core types.Type
	add := func(u types.Type) bool {
		if core == nil {
			core = u
			return true
		}
		return types.Identical(core, u)
	}
	for i := range iface.NumEmbeddeds() {
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := range e.Len() {
				if !add(e.Term(j).Type().Underlying()) {
					return nil
				}
			}
		default:
			if _, isIface := e.Underlying().(*types.Interface); isIface {
				continue
			}
			if !add(e.Underlying()) {
				return nil
			}
		}
	}
	return core
}

// hchanSize is the size of runtime.hchan on 64-bit platforms.
const hchanSize = 96

func isString(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func isInteger(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func isBytes(t types.Type) bool {
	s, ok := t.(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && (b.Kind() == types.Byte || b.Kind() == types.Uint8)
}

func isRunes(t types.Type) bool {
	s, ok := t.(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && (b.Kind() == types.Rune || b.Kind() == types.Int32)
}
