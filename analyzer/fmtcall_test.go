package analyzer

import (
	"go/types"
	"testing"
)

// TestFmtCall checks fmt's exact allocations with plain arguments: the
// boxing of each argument at the call, the result string, and Errorf's
// error; arguments printed through methods or %q keep the std summary.
func TestFmtCall(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package")
	}
	pkg := analyzeTestPkgGC(t, "fmtcall")
	for _, tc := range []struct {
		fn    string
		count float64
	}{
		{"fmtcall.Label", 2}, // name boxed, the result
		{"fmtcall.Pick", 3},  // f and unit boxed, the result
		{"fmtcall.Fail", 2},  // the message, its *errorString
		{"fmtcall.Plain", 1}, // errors.New(format)
	} {
		s := pkg[tc.fn]
		if s == nil {
			t.Fatalf("no summary for %s", tc.fn)
		}
		if got := eval(t, s.AllocCount, nil); got != tc.count {
			t.Errorf("%s: %g allocations, want %g (AllocCount %s)", tc.fn, got, tc.count, s.AllocCount)
		}
	}
	for _, fn := range []string{"fmtcall.Quoted", "fmtcall.Shown"} {
		s := pkg[fn]
		if s == nil {
			t.Fatalf("no summary for %s", fn)
		}
		if got := eval(t, s.AllocCount, map[string]float64{"len(s)": 8}); got == float64(int(got)) {
			t.Errorf("%s: %g allocations, want the std summary's average (the rule does not apply)", fn, got)
		}
	}
}

func TestSimpleFormat(t *testing.T) {
	for f, want := range map[string]bool{
		"%d B":       true,
		"%.1f %s":    true,
		"%[2]*[1]d":  true,
		"%-10s|%x":   true,
		"%q":         false,
		"%+q":        false,
		"%80d":       false,
		"%.100f":     false,
		"100%% done": true,
	} {
		if got := simpleFormat(f); got != want {
			t.Errorf("simpleFormat(%q) = %v, want %v", f, got, want)
		}
	}
}

func TestPlainFmtArg(t *testing.T) {
	byteSlice := types.NewSlice(types.Typ[types.Byte])
	intSlice := types.NewSlice(types.Typ[types.Int])
	for _, tc := range []struct {
		t    types.Type
		want bool
	}{
		{types.Typ[types.Int], true},
		{types.Typ[types.Float64], true},
		{types.Typ[types.String], true},
		{byteSlice, true},
		{intSlice, false},
		{types.NewPointer(types.Typ[types.Int]), false},
	} {
		if got := plainFmtArg(tc.t); got != tc.want {
			t.Errorf("plainFmtArg(%s) = %v, want %v", tc.t, got, tc.want)
		}
	}
}
