package predict

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/analyzer"
	"github.com/perfcast/perfcast/costmodel"
)

const subbenchPkg = "github.com/perfcast/perfcast/analyzer/predict/testdata/src/subbench"

// TestHelperSubBenchmarks checks sub-benchmarks created through helpers
// (testdata/src/subbench): a helper closure building its sets with a local
// constructor closure and calling a function value, a named helper taking
// b, a size and a function, and a helper holding the timed loop with a
// function-valued parameter. Each gets the sizes of the sets it captures
// and the cost of the function it is given; sets discovery cannot follow
// keep unknown sizes.
func TestHelperSubBenchmarks(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{Dir: filepath.Join("testdata", "src", "subbench"), Profile: p, Procs: 2}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Skipped {
		t.Errorf("skipped %s: %s", s.Key, s.Reason)
	}
	pred := map[string]Prediction{}
	for _, p := range res.Predictions {
		pred[strings.TrimPrefix(p.Key(), subbenchPkg+".")] = p
	}
	get := func(name string) Prediction {
		t.Helper()
		p, ok := pred[name]
		if !ok {
			t.Fatalf("no prediction for %s (have %d)", name, len(pred))
		}
		return p
	}
	// The analyzer's shape of New: (length+63)>>6 words, the shift taken
	// as a division.
	words := func(n float64) float64 { return (n + 63) / 64 }
	weight := func(fv, target string) string {
		return analyzer.DispatchVar(fv, subbenchPkg+"."+target)
	}
	for _, tc := range []struct {
		bench string
		env   map[string]float64 // sizes and weights the prediction must have
		unset []string           // sizes it must not have
	}{
		{"BenchmarkClosureHelper/subset/n=64", map[string]float64{
			"s.length": 64, "t.length": 64, "len(s.set)": words(64), "len(t.set)": words(64),
			weight("f", "BenchmarkClosureHelper$3"): 1, weight("f", "BenchmarkClosureHelper$4"): 0,
		}, nil},
		{"BenchmarkClosureHelper/len/n=6400", map[string]float64{
			"s.length": 6400, "len(t.set)": words(6400),
			weight("f", "BenchmarkClosureHelper$3"): 0, weight("f", "BenchmarkClosureHelper$4"): 1,
		}, nil},
		// Set(12800) replayed on t: its grow-to effect.
		{"BenchmarkClosureHelper/grown", map[string]float64{"s.length": 6400, "t.length": 12801, "len(t.set)": words(12801)}, nil},
		{"BenchmarkFuncHelper/n=12800", map[string]float64{
			"s.length": 12800, "len(s.set)": words(12800), weight("op", "count"): 1, weight("op", "length"): 0,
		}, nil},
		{"BenchmarkFuncHelper/n=12800#01", map[string]float64{
			"s.length": 12800, weight("op", "count"): 0, weight("op", "length"): 1,
		}, nil},
		{"BenchmarkUnknown/runtime", nil, []string{"s.length", "len(s.set)"}},
		// Sub-benchmarks sharing a set see what earlier ones left: a
		// clone of it (the closure's load before its own store names the
		// captured set), a replacement, and, after a loop growing it by an
		// unknown amount, nothing.
		{"BenchmarkShared/clone", map[string]float64{"s.length": 6400, "other.length": 6400, "len(other.set)": words(6400)}, nil},
		{"BenchmarkShared/after", map[string]float64{"s.length": 64000, "len(s.set)": words(64000)}, nil},
		{"BenchmarkShared/unknown", nil, []string{"s.length", "len(s.set)"}},
		// Set(rng.Intn(n)) n/2 times leaves a set of n bits as it is;
		// Set(rng.Intn(2n)) may grow it.
		{"BenchmarkRandomFill/n=64000", map[string]float64{"s.length": 64000, "len(s.set)": words(64000)}, []string{"t.length", "len(t.set)"}},
		{"BenchmarkRandomFill/n=6400", map[string]float64{"s.length": 6400}, []string{"t.length"}},
	} {
		p := get(tc.bench)
		for k, want := range tc.env {
			if got, ok := p.Env[k]; !ok || math.Abs(got-want) > 1e-4*max(1, want) {
				t.Errorf("%s: Env[%s] = %v (set %v), want %v", tc.bench, k, got, ok, want)
			}
		}
		for _, k := range tc.unset {
			if v, ok := p.Env[k]; ok {
				t.Errorf("%s: Env[%s] = %v, want unknown", tc.bench, k, v)
			}
		}
	}
	// Discovery keeps the objects it followed exactly, with the calls it
	// replayed on them, and drops one changed on one path only.
	objects := func(name string) map[string]Object {
		out := map[string]Object{}
		for _, o := range get(name).Objects {
			out[o.Var] = o
		}
		return out
	}
	if o, ok := objects("BenchmarkClosureHelper/grown")["t"]; !ok || len(o.Calls) != 1 || !strings.HasSuffix(o.Calls[0].Func, ".Bits).Set") || o.Calls[0].Args[1].Num != 12800 {
		t.Errorf("grown: object t = %+v (found %v), want built then Set(12800)", o, ok)
	}
	if o, ok := objects("BenchmarkClosureHelper/grown")["s"]; !ok || len(o.Calls) != 0 || !strings.HasSuffix(o.Built.Func, "BenchmarkClosureHelper$1") || o.Built.Args[0].Num != 6400 {
		t.Errorf("grown: object s = %+v (found %v), want built by the closure with 6400", o, ok)
	}
	if o, ok := objects("BenchmarkUnknown/branch")["t"]; ok {
		t.Errorf("branch: object t = %+v, want dropped (changed on one path)", o)
	}
	if o, ok := objects("BenchmarkUnknown/branch")["u"]; ok {
		t.Errorf("branch: object u = %+v, want dropped (replaced on one path)", o)
	}
	// Relative costs: Subset walks t's words, Len is constant, Count walks
	// s's words; the timed loop costs what its function does.
	for _, tc := range []struct {
		slow, fast string
		ratio      float64 // slow/fast at least
	}{
		{"BenchmarkClosureHelper/subset/n=6400", "BenchmarkClosureHelper/subset/n=64", 10},
		{"BenchmarkClosureHelper/subset/n=6400", "BenchmarkClosureHelper/len/n=6400", 20},
		{"BenchmarkClosureHelper/grown", "BenchmarkClosureHelper/subset/n=6400", 1.5},
		{"BenchmarkFuncHelper/n=12800", "BenchmarkFuncHelper/n=128", 20},
		{"BenchmarkFuncHelper/n=12800", "BenchmarkFuncHelper/n=12800#01", 20},
		{"BenchmarkParamCount", "BenchmarkParamLen", 20},
		{"BenchmarkShared/after", "BenchmarkShared/count", 5},
	} {
		s, f := get(tc.slow), get(tc.fast)
		if s.NsPerOp < tc.ratio*f.NsPerOp {
			t.Errorf("%s %.4g ns/op, %s %.4g ns/op: want a ratio of at least %g", tc.slow, s.NsPerOp, tc.fast, f.NsPerOp, tc.ratio)
		}
	}
	// The len sub-benchmarks cost the same whatever the size.
	if a, b := get("BenchmarkClosureHelper/len/n=64").NsPerOp, get("BenchmarkClosureHelper/len/n=6400").NsPerOp; a != b {
		t.Errorf("len/n=64 %.4g ns/op, len/n=6400 %.4g: want equal", a, b)
	}
}
