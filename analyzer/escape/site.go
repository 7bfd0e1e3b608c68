package escape

import (
	"fmt"
	"strings"
)

// Kind is what kind of allocation a site is.
type Kind uint8

// Allocation kinds. The zero Kind is KindUnknown.
const (
	KindUnknown       Kind = iota
	KindVar                // a variable moved to the heap ("moved to heap: x")
	KindNew                // new(T)
	KindCompositeLit       // &T{...} or a T{...} value
	KindSliceLit           // []T{...}
	KindMapLit             // map[K]V{...}
	KindMakeSlice          // make([]T, n)
	KindMakeMap            // make(map[K]V)
	KindMakeChan           // make(chan T); gc never reports these: always heap
	KindClosure            // func literal
	KindMethodValue        // x.M used as a value
	KindInterface          // conversion of a non-pointer value to an interface
	KindStringToBytes      // []byte(s)
	KindStringToRunes      // []rune(s)
	KindToString           // string(b), string(runes), string(r)
	KindConcat             // s + t
	KindAppend             // append growth
	KindVarargs            // the implicit slice of a ... call
	KindParam              // a parameter's leak tag: not an allocation
)

var kindNames = [...]string{
	KindUnknown:       "unknown",
	KindVar:           "var",
	KindNew:           "new",
	KindCompositeLit:  "complit",
	KindSliceLit:      "slicelit",
	KindMapLit:        "maplit",
	KindMakeSlice:     "makeslice",
	KindMakeMap:       "makemap",
	KindMakeChan:      "makechan",
	KindClosure:       "closure",
	KindMethodValue:   "methodvalue",
	KindInterface:     "interface",
	KindStringToBytes: "str2bytes",
	KindStringToRunes: "str2runes",
	KindToString:      "tostring",
	KindConcat:        "concat",
	KindAppend:        "append",
	KindVarargs:       "varargs",
	KindParam:         "param",
}

// String returns the kind's short name, as used in golden files and docs.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Position is a source position as gc prints it: an absolute file name and
// 1-based line and column (columns count bytes, as in go/token).
type Position struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col.
func (p Position) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// IsValid reports whether p names a line.
func (p Position) IsValid() bool { return p.Line > 0 }

func (p Position) less(q Position) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Site is one allocation node as gc reported it.
type Site struct {
	// Pos is where gc reports the node: for a node inlined from a callee,
	// the outermost call site in the function being compiled.
	Pos Position
	// Inlined lists the inlined-from positions, outermost call first and the
	// allocation's own position in the callee last; empty when the node is in
	// the compiled function's own body. gc logs it for heap sites only.
	Inlined []Position
	// AtInlinedCall is set when gc reported inlining a call at Pos, so a site
	// there without an Inlined stack (a stack decision) may still come from
	// the callee.
	AtInlinedCall bool
	// Kind is read from gc's spelling of the node.
	Kind Kind
	// Heap is gc's verdict: "escapes to heap" or "moved to heap".
	Heap bool
	// ZeroCopy is set for a []byte(s) conversion gc turned into a view of the
	// string's bytes (never mutated): no allocation whatever Heap says.
	ZeroCopy bool
	// Expr is gc's spelling of the node, e.g. "make([]byte, n)".
	Expr string
	// Package is the import path of the package being compiled.
	Package string
}

// Allocates reports whether the site allocates on the heap at run time
// according to gc.
func (s *Site) Allocates() bool { return s.Heap && !s.ZeroCopy && s.Kind != KindParam }

// String formats the site for golden files and reports.
func (s *Site) String() string {
	var b strings.Builder
	verdict := "stack"
	switch {
	case s.Kind == KindParam:
		verdict = "param"
	case s.ZeroCopy:
		verdict = "zerocopy"
	case s.Heap:
		verdict = "heap"
	}
	fmt.Fprintf(&b, "%s %s %s %q", s.Pos, verdict, s.Kind, s.Expr)
	for _, p := range s.Inlined {
		fmt.Fprintf(&b, " <- %s", p)
	}
	if s.AtInlinedCall && len(s.Inlined) == 0 {
		b.WriteString(" (at inlined call)")
	}
	return b.String()
}

// kindOfExpr reads the kind of an allocation node from gc's spelling of it.
// gc prints an implicit conversion to an interface as its operand, so
// anything not recognised is an interface conversion.
func kindOfExpr(expr string) Kind {
	switch {
	case expr == "append":
		return KindAppend
	case expr == "func literal":
		return KindClosure
	case expr == "... argument":
		return KindVarargs
	case topLevelPlus(expr):
		// Before the prefixes: "string(b) + s" is a concatenation.
		return KindConcat
	case strings.HasPrefix(expr, "new("):
		return KindNew
	case strings.HasPrefix(expr, "make(map["):
		return KindMakeMap
	case strings.HasPrefix(expr, "make(chan"):
		return KindMakeChan
	case strings.HasPrefix(expr, "make("):
		return KindMakeSlice
	case strings.HasPrefix(expr, "&") && isLit(expr):
		return KindCompositeLit
	case strings.HasPrefix(expr, "([]byte)(") || strings.HasPrefix(expr, "[]byte("):
		return KindStringToBytes
	case strings.HasPrefix(expr, "([]rune)(") || strings.HasPrefix(expr, "[]rune(") || strings.HasPrefix(expr, "([]int32)("):
		return KindStringToRunes
	case strings.HasPrefix(expr, "string("):
		return KindToString
	case strings.HasPrefix(expr, "[]") && isLit(expr):
		return KindSliceLit
	case strings.HasPrefix(expr, "map[") && isLit(expr):
		return KindMapLit
	case isLit(expr) && !strings.HasPrefix(expr, "func"):
		// T{...} of a defined type: a struct, slice or map literal, or
		// its conversion to an interface; the spelling cannot tell.
		return KindCompositeLit
	}
	return KindInterface
}

// isLit reports whether gc's spelling is a composite literal: "T{...}" or,
// when empty, "T{}".
func isLit(expr string) bool {
	return strings.HasSuffix(expr, "{...}") || strings.HasSuffix(expr, "{}")
}

// topLevelPlus reports whether expr is a sum at its top level (gc prints a
// string concatenation as "a + b + c").
func topLevelPlus(expr string) bool {
	depth := 0
	inStr := byte(0)
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		if inStr != 0 {
			if c == '\\' {
				i++
			} else if c == inStr {
				inStr = 0
			}
			continue
		}
		switch c {
		case '"', '\'', '`':
			inStr = c
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '+':
			if depth == 0 && i > 0 && i+1 < len(expr) && expr[i-1] == ' ' && expr[i+1] == ' ' {
				return true
			}
		}
	}
	return false
}
