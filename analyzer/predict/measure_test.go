package predict

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/perfcast/perfcast/analyzer/benchfmt"
)

// TestLoadsRoundTrip checks that loads written by WriteLoads read back, and
// the shares.
func TestLoadsRoundTrip(t *testing.T) {
	in := []PackageLoad{
		{Pkg: "a", CPU: 1500 * time.Millisecond, Wall: 3 * time.Second},
		{Pkg: "b", CPU: 5 * time.Second, Wall: 4 * time.Second},
	}
	path := filepath.Join(t.TempDir(), "m.txt.load")
	if err := WriteLoads(path, in); err != nil {
		t.Fatal(err)
	}
	got, err := ReadLoads(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Pkg != "a" || got[0].Share() != 0.5 || got[1].Share() != 1 {
		t.Errorf("got %+v", got)
	}
}

// TestParseLoadsErrors checks that bad input names the line.
func TestParseLoadsErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a 1\n", "f:1:"},
		{"# c\na 1 2\nb x 2\n", "f:3: bad seconds"},
		{"a -1 2\n", "f:1: bad seconds"},
		{"a NaN 2\n", "f:1: bad seconds"},
	} {
		_, err := ParseLoads("f", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseLoads(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

// TestCPUAdjusted checks the scaling of measured results by package share.
func TestCPUAdjusted(t *testing.T) {
	m := []benchfmt.Result{
		{Pkg: "a", Name: "BenchmarkX", NsPerOp: 100, MBPerSec: 10, Has: benchfmt.HasMBPerSec},
		{Pkg: "c", Name: "BenchmarkY", NsPerOp: 100},
	}
	got := CPUAdjusted(m, []PackageLoad{{Pkg: "a", CPU: time.Second, Wall: 4 * time.Second}})
	if got[0].NsPerOp != 25 || math.Abs(got[0].MBPerSec-40) > 1e-9 || got[1].NsPerOp != 100 || m[0].NsPerOp != 100 {
		t.Errorf("got %+v (input %+v)", got, m)
	}
}

// FuzzParseLoads checks that no input makes the loads parser panic and that
// what it accepts has sane shares.
func FuzzParseLoads(f *testing.F) {
	f.Add([]byte("# perfcast measure\ngithub.com/a/b 1.259 3.439\n"))
	f.Add([]byte("a 0 0\n"))
	f.Add([]byte("a 1e308 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		loads, err := ParseLoads("fuzz", data)
		if err != nil {
			return
		}
		for _, l := range loads {
			if s := l.Share(); !(s >= 0 && s <= 1) {
				t.Fatalf("share %v of %+v", s, l)
			}
		}
	})
}
