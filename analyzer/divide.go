package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"
	"math/bits"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// constDivision returns the operations gc compiles an integer division or
// remainder by a constant into, instead of a divide instruction (its
// generic rewrite rules, cmd/compile/internal/ssa/_gen/generic.rules):
//
//   - by a power of two, a shift (x/2^k unsigned) or a mask (x%2^k), plus
//     the rounding fix-up toward zero for signed operands (a sign shift
//     and an add, and a subtract for the remainder);
//   - by any other constant, a multiply by the "magic" reciprocal keeping
//     the high half, then shifts and, for signed operands, the sign
//     correction (Granlund and Montgomery, "Division by invariant
//     integers using multiplication", 1994); a remainder multiplies the
//     quotient back and subtracts.
//
// ok is false when the divisor is not a nonzero constant: the division
// executes a divide instruction (OpDiv).
func constDivision(v *ssa.BinOp) (muls, ints float64, ok bool) {
	d, ok := constBits(v.Y)
	if !ok || d == 0 {
		return 0, 0, false
	}
	signed := basicInfo(v.X.Type())&types.IsUnsigned == 0
	rem := v.Op == token.REM
	mag := uint64(d)
	if signed && d < 0 {
		mag = uint64(-d)
	}
	switch {
	case mag == 1:
		return 0, 1, true // x or -x (x%±1 is 0)
	case bits.OnesCount64(mag) == 1:
		switch {
		case !signed:
			return 0, 1, true // shift or mask
		case rem:
			return 0, 4, true // x - ((x + fix) &^ (2^k-1))
		default:
			return 0, 3, true // (x + (x>>63 >>> (64-k))) >> k
		}
	}
	muls, ints = 1, 2 // high multiply, shift, add or shift
	if signed {
		ints += 2 // sign correction
	}
	if rem {
		muls++ // x - (x/d)*d
		ints++
	}
	return muls, ints, true
}

// constMultiply returns the integer operations gc compiles a multiply by
// a constant into when it does not use a multiply instruction: none for 0
// and 1, a shift for a power of two, and otherwise the one- or
// two-instruction linear combinations its strength reduction finds
// (cmd/compile/internal/ssa's mulRecipes for amd64: add, neg, sub, shift
// and LEA's x+y·{2,4,8}, two of them costing less than IMUL's three
// cycles), so h*5 is one LEA, x*40 a LEA and a shift, x*31 a shift and a
// subtract. ok is false when neither operand is an integer constant or
// the constant has no such recipe (the product takes a multiply, OpMul).
func constMultiply(v *ssa.BinOp) (ints float64, ok bool) {
	k, isConst := constBits(v.Y)
	if !isConst {
		k, isConst = constBits(v.X)
	}
	if !isConst {
		return 0, false
	}
	wide := true
	if b, ok := v.X.Type().Underlying().(*types.Basic); ok {
		switch b.Kind() {
		case types.Int32, types.Uint32, types.Int16, types.Uint16, types.Int8, types.Uint8:
			wide = false // 32-bit instructions
		}
	}
	if !wide {
		k = int64(int32(k))
	}
	if k == 0 || k == 1 {
		return 0, true
	}
	n, ok := mulRecipes(wide)[k]
	return float64(n), ok
}

var (
	recipes64, recipes32 map[int64]int
	recipesOnce          sync.Once
)

// mulRecipes maps each constant gc multiplies by without IMUL to the
// number of instructions it uses instead, for 64- or 32-bit operands.
func mulRecipes(wide bool) map[int64]int {
	recipesOnce.Do(func() {
		recipes64, recipes32 = buildRecipes(64), buildRecipes(32)
	})
	if wide {
		return recipes64
	}
	return recipes32
}

// buildRecipes enumerates the constants a·x+b·y computes in one
// instruction from x and x, and in two from x and such a first result y
// (outer applied to (y, y), (y, x) and (x, y)), in the given width.
func buildRecipes(width int) map[int64]int {
	type combo struct{ a, b int64 }
	combos := []combo{{1, 1}, {-1, 0}, {1, -1}, {1, 2}, {1, 4}, {1, 8}} // add, neg, sub, LEA
	for i := 2; i < width; i++ {
		combos = append(combos, combo{1 << i, 0}) // shift
	}
	trunc := func(x int64) int64 {
		if width == 32 {
			return int64(int32(x))
		}
		return x
	}
	out := map[int64]int{}
	add := func(x int64, n int) {
		x = trunc(x)
		if old, ok := out[x]; !ok || n < old {
			out[x] = n
		}
	}
	for _, c := range combos {
		add(c.a+c.b, 1)
	}
	for _, in := range combos {
		y := trunc(in.a + in.b)
		for _, o := range combos {
			add((o.a+o.b)*y, 2)
			add(o.a*y+o.b, 2)
			add(o.a+o.b*y, 2)
		}
	}
	return out
}

// rotateShift reports whether v, a constant shift, is half of a rotate
// gc compiles to one ROL or ROR: x<<k | x>>(w-k) (or ^ or +) on an
// unsigned operand of width w, the shift's result used by that
// combination alone. The combination counts the one instruction
// (isRotate); the shifts count nothing.
func rotateShift(v *ssa.BinOp) bool {
	if v.Op != token.SHL && v.Op != token.SHR {
		return false
	}
	refs := v.Referrers()
	if refs == nil || len(*refs) != 1 {
		return false
	}
	or, ok := (*refs)[0].(*ssa.BinOp)
	return ok && isRotate(or)
}

// isRotate reports whether v combines two constant shifts of one unsigned
// operand into a rotate (see rotateShift).
func isRotate(v *ssa.BinOp) bool {
	if v.Op != token.OR && v.Op != token.XOR && v.Op != token.ADD {
		return false
	}
	l, ok1 := v.X.(*ssa.BinOp)
	r, ok2 := v.Y.(*ssa.BinOp)
	if !ok1 || !ok2 || l.X != r.X || l.Op == r.Op || (l.Op != token.SHL && l.Op != token.SHR) || (r.Op != token.SHL && r.Op != token.SHR) {
		return false
	}
	b, ok := l.X.Type().Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsUnsigned == 0 {
		return false
	}
	var width int64
	switch b.Kind() {
	case types.Uint8:
		width = 8
	case types.Uint16:
		width = 16
	case types.Uint32:
		width = 32
	case types.Uint64, types.Uint, types.Uintptr:
		width = 64
	default:
		return false
	}
	kl, okl := constBits(l.Y)
	kr, okr := constBits(r.Y)
	return okl && okr && kl > 0 && kr > 0 && kl+kr == width
}

// constBits is the value of v when it is an integer constant, as the
// 64 bits the instruction holds (a large unsigned constant wraps).
func constBits(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	if k, exact := constant.Int64Val(c.Value); exact {
		return k, true
	}
	u, exact := constant.Uint64Val(c.Value)
	return int64(u), exact
}
