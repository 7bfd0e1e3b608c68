package expr_test

import (
	"fmt"

	"github.com/perfcast/perfcast/manifest/expr"
)

func ExampleParse() {
	e, err := expr.Parse("6*len(s) + 40 + len(s)*log2(len(s))/2")
	if err != nil {
		panic(err)
	}
	v, _ := e.EvalMap(map[string]float64{"len(s)": 1024})
	fmt.Println(e)
	fmt.Println(v)
	_, err = expr.Parse("4 +")
	fmt.Println(err)
	// Output:
	// 40 + 6*len(s) + 0.5*len(s)*log2(len(s))
	// 11304
	// bad expression "4 +" at offset 3: unexpected end of expression
}

func ExampleExpr_Subst() {
	// The callee costs 40 + 6*len(s); the caller passes a string of 2*n bytes.
	callee := expr.MustParse("40 + 6*len(s)")
	fmt.Println(callee.Subst(map[string]expr.Expr{"len(s)": expr.MustParse("2*n")}))
	// Output:
	// 40 + 12*n
}
