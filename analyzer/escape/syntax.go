package escape

import (
	"go/ast"
	"go/constant"
	"go/token"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// funcSyntax indexes a function's syntax by the positions go/ssa gives its
// instructions, to translate them into the positions gc reports.
type funcSyntax struct {
	calls     map[token.Pos]*ast.CallExpr   // by Lparen
	callsByRp map[token.Pos]*ast.CallExpr   // by Rparen
	lits      map[token.Pos]token.Pos       // CompositeLit Lbrace -> gc position (the & of &T{} or the Lbrace)
	opAssign  map[token.Pos]token.Pos       // AssignStmt Pos() -> TokPos, for s += t
	returns   map[token.Pos]*ast.ReturnStmt // by Return
	rangeFor  map[token.Pos]token.Pos       // RangeStmt Range -> For
	index     map[token.Pos]*ast.IndexExpr  // by Lbrack
	rhs       map[token.Pos]ast.Expr        // assigned expression by the Pos of its left-hand side
	exprs     map[token.Pos]ast.Expr        // outermost expression starting at a position; KeyValueExpr values by Colon
	litVar    map[token.Pos]token.Pos       // CompositeLit Lbrace -> the variable it initialises (x := T{...})
	debugRefs map[ssa.Value][]ast.Expr      // from DebugRef instructions, if built in debug mode
	live      map[*ssa.BasicBlock]bool      // blocks reachable when constant conditions are folded
	near      nearbyState
}

type syntaxCache struct {
	mu sync.Mutex
	m  map[*ssa.Function]*funcSyntax
}

func (c *syntaxCache) get(fn *ssa.Function) *funcSyntax {
	c.mu.Lock()
	defer c.mu.Unlock()
	if fs, ok := c.m[fn]; ok {
		return fs
	}
	if c.m == nil {
		c.m = map[*ssa.Function]*funcSyntax{}
	}
	fs := indexSyntax(fn)
	c.m[fn] = fs
	return fs
}

func indexSyntax(fn *ssa.Function) *funcSyntax {
	fs := &funcSyntax{
		calls:     map[token.Pos]*ast.CallExpr{},
		callsByRp: map[token.Pos]*ast.CallExpr{},
		lits:      map[token.Pos]token.Pos{},
		opAssign:  map[token.Pos]token.Pos{},
		returns:   map[token.Pos]*ast.ReturnStmt{},
		rangeFor:  map[token.Pos]token.Pos{},
		index:     map[token.Pos]*ast.IndexExpr{},
		rhs:       map[token.Pos]ast.Expr{},
		exprs:     map[token.Pos]ast.Expr{},
		litVar:    map[token.Pos]token.Pos{},
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if r, ok := in.(*ssa.DebugRef); ok && !r.IsAddr {
				if fs.debugRefs == nil {
					fs.debugRefs = map[ssa.Value][]ast.Expr{}
				}
				fs.debugRefs[r.X] = append(fs.debugRefs[r.X], r.Expr)
			}
		}
	}
	fs.live = liveBlocks(fn)
	if deadFunc(fn) {
		fs.live = map[*ssa.BasicBlock]bool{}
	}
	root := fn.Syntax()
	if root == nil {
		return fs
	}
	ast.Inspect(root, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if _, seen := fs.exprs[e.Pos()]; !seen {
				fs.exprs[e.Pos()] = e
			}
		}
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			fs.exprs[n.Colon] = n.Value
		case *ast.IndexExpr:
			fs.index[n.Lbrack] = n
		case *ast.RangeStmt:
			fs.rangeFor[n.Range] = n.For
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					fs.rhs[id.Pos()] = n.Values[i]
					if cl, ok := n.Values[i].(*ast.CompositeLit); ok {
						fs.litVar[cl.Lbrace] = id.Pos()
					}
				}
			}
		case *ast.CallExpr:
			fs.calls[n.Lparen] = n
			fs.callsByRp[n.Rparen] = n
		case *ast.CompositeLit:
			if _, ok := fs.lits[n.Lbrace]; !ok {
				fs.lits[n.Lbrace] = n.Lbrace
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if cl, ok := ast.Unparen(n.X).(*ast.CompositeLit); ok {
					fs.lits[cl.Lbrace] = n.OpPos
				}
			}
		case *ast.AssignStmt:
			if n.Tok == token.ADD_ASSIGN {
				fs.opAssign[n.Pos()] = n.TokPos
			}
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					fs.rhs[l.Pos()] = n.Rhs[i]
					if cl, ok := n.Rhs[i].(*ast.CompositeLit); ok && n.Tok == token.DEFINE {
						fs.litVar[cl.Lbrace] = l.Pos()
					}
					if sel, ok := l.(*ast.SelectorExpr); ok {
						fs.rhs[sel.Sel.Pos()] = n.Rhs[i]
					}
				}
			}
		case *ast.ReturnStmt:
			fs.returns[n.Return] = n
		}
		return true
	})
	return fs
}

// gcPos is the position cmd/compile/internal/syntax gives an expression,
// which is where gc reports a node built from it: the operator of an
// operation, the '(' of a call, the '[' of an index or slice, the '.' of a
// selector or type assertion, the '{' of a composite literal, the '(' of a
// parenthesized expression.
func gcPos(e ast.Expr) token.Pos {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return e.Lparen
	case *ast.CallExpr:
		return e.Lparen
	case *ast.BinaryExpr:
		return e.OpPos
	case *ast.UnaryExpr:
		return e.OpPos
	case *ast.StarExpr:
		return e.Star
	case *ast.IndexExpr:
		return e.Lbrack
	case *ast.IndexListExpr:
		return e.Lbrack
	case *ast.SliceExpr:
		return e.Lbrack
	case *ast.SelectorExpr:
		return e.Sel.Pos() - 1 // the '.', when written without spaces
	case *ast.TypeAssertExpr:
		return e.Lparen - 1
	case *ast.CompositeLit:
		return e.Lbrace
	case *ast.KeyValueExpr:
		return gcPos(e.Value)
	case *ast.FuncLit:
		return e.Type.Func
	}
	return e.Pos()
}

// liveBlocks returns the blocks reachable from the entry when branches on
// constants (if debug {...}, if isTypes2 {...}) follow only the taken edge,
// as gc's dead-code elimination does before escape analysis.
func liveBlocks(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	live := map[*ssa.BasicBlock]bool{}
	if len(fn.Blocks) == 0 {
		return live
	}
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	if fn.Recover != nil {
		stack = append(stack, fn.Recover)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if live[b] {
			continue
		}
		live[b] = true
		succs := b.Succs
		if n := len(b.Instrs); n > 0 {
			if iff, ok := b.Instrs[n-1].(*ssa.If); ok && len(succs) == 2 {
				if c, ok := iff.Cond.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Bool {
					if constant.BoolVal(c.Value) {
						succs = succs[:1]
					} else {
						succs = succs[1:]
					}
				}
			}
		}
		stack = append(stack, succs...)
	}
	return live
}

// deadFunc reports whether fn is a function literal created only in code
// gc deletes (its MakeClosure, or its use as a value, sits in a block behind
// a constant-false condition of the enclosing function, transitively).
func deadFunc(fn *ssa.Function) bool {
	parent := fn.Parent()
	if parent == nil {
		return false
	}
	if deadFunc(parent) {
		return true
	}
	live := liveBlocks(parent)
	used := false
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			var ops []*ssa.Value
			for _, op := range in.Operands(ops) {
				if op != nil && *op == ssa.Value(fn) {
					used = true
					if live[b] {
						return false
					}
				}
			}
			if mc, ok := in.(*ssa.MakeClosure); ok && mc.Fn == ssa.Value(fn) {
				used = true
				if live[b] {
					return false
				}
			}
		}
	}
	return used
}
