package predict

import (
	"bytes"
	"context"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/analyzer/benchfmt"
	"github.com/perfcast/perfcast/analyzer/sizeclass"
	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
)

// TestInterpretedAllocs predicts testdata/src/interp with its benchmarks
// interpreted and checks allocs/op against go test's own run of them
// (allocation counts do not depend on the machine): slices made and
// appended to, integers boxed above 256, a map grown key by key with
// strconv's strings, a strings.Builder (std code run natively and
// measured), nodes of a tree, fmt.Errorf and strings.Map calling back into
// interpreted code that allocates (the native call's count pauses during
// the callbacks), strings of rune slices, empty ones included, a stack
// buffer outgrown by appends (growslice, on the heap), runes gathered in
// gc's stack store for appends and beyond it, a zero-copy
// []byte(s), a pointer two inlined constructors return kept on the
// caller's stack, a big.Int of std's inlined big.NewInt (run natively)
// kept there too, a native method called through an interface. (Appends that start from a nil slice whose
// result escapes are left out: Go 1.26 starts them in a stack store and
// go test's counts of them drift with b.N; see docs/ACCURACY.md.)
func TestInterpretedAllocs(t *testing.T) {
	res := againstGoTest(t, filepath.Join("testdata", "src", "interp"), "200x", 14, func(p Prediction, m benchfmt.Result) {
		if got := perOpInt(p.AllocsPerOp); got != m.AllocsOp {
			t.Errorf("%s: predicted %v allocs/op, go test measured %v", m.Name, got, m.AllocsOp)
		}
	})
	// The b.RunParallel body runs in the interpreter too.
	found := false
	for k, why := range res.Interpreted {
		if strings.Contains(k, "BenchmarkParallelBox") {
			found = true
			if why != "" {
				t.Errorf("BenchmarkParallelBox not interpreted: %s", why)
			}
		}
	}
	if !found {
		t.Error("BenchmarkParallelBox: no interpretation recorded")
	}
}

// TestInterpretedFullCache predicts benchmarks of a bounded cache
// (testdata/src/cache) whose first few hundred operations all miss and
// allocate, while at go test's b.N the cache is full: BenchmarkCycle then
// never misses, BenchmarkEvict misses three times in four. Measured at
// 200000 operations, both print 0 allocs/op; B/op is 0 and 48.
func TestInterpretedFullCache(t *testing.T) {
	againstGoTest(t, filepath.Join("testdata", "src", "cache"), "200000x", 2, func(p Prediction, m benchfmt.Result) {
		if got := perOpInt(p.AllocsPerOp); got != m.AllocsOp {
			t.Errorf("%s: predicted %v allocs/op, go test measured %v", m.Name, got, m.AllocsOp)
		}
		if got := perOpInt(p.BytesPerOp); math.Abs(got-m.BytesPerOp) > 0.1*m.BytesPerOp {
			t.Errorf("%s: predicted %v B/op, go test measured %v", m.Name, got, m.BytesPerOp)
		}
	})
}

// TestInterpretedGrowingMap predicts a benchmark that puts a new key per
// operation into a map (testdata/src/grow): the interpreted run sees the
// map grow with b.N, so its accesses land in a working set that grows over
// go test's run and its heap grows into fresh pages, while the same puts
// on 16 keys stay in cache.
func TestInterpretedGrowingMap(t *testing.T) {
	res := predictInterpreted(t, filepath.Join("testdata", "src", "grow"))
	by := map[string]Prediction{}
	for _, pr := range res.Predictions {
		by[pr.Name] = pr
	}
	fill, rewrite := by["BenchmarkFill"], by["BenchmarkRewrite"]
	if fill.ByClass["cachemiss"] <= 0 || fill.ByClass["pagefault"] <= 0 {
		t.Errorf("BenchmarkFill: cachemiss %v, pagefault %v ns/op; want both", fill.ByClass["cachemiss"], fill.ByClass["pagefault"])
	}
	if rewrite.ByClass["cachemiss"] != 0 || rewrite.ByClass["pagefault"] != 0 {
		t.Errorf("BenchmarkRewrite: cachemiss %v, pagefault %v ns/op; want none", rewrite.ByClass["cachemiss"], rewrite.ByClass["pagefault"])
	}
}

// TestInterpretedTinyNative predicts benchmarks whose one allocation per
// operation is a string of 3 or 6 bytes made by a native std call
// (testdata/src/tiny): the tiny allocator packs five or two of them into
// a 16-byte block, and go test prints 3 and 8 B/op, not the 16 that one
// call started on its own shows.
func TestInterpretedTinyNative(t *testing.T) {
	againstGoTest(t, filepath.Join("testdata", "src", "tiny"), "10000x", 2, func(p Prediction, m benchfmt.Result) {
		if got := perOpInt(p.AllocsPerOp); got != m.AllocsOp {
			t.Errorf("%s: predicted %v allocs/op, go test measured %v", m.Name, got, m.AllocsOp)
		}
		if got := perOpInt(p.BytesPerOp); got != m.BytesPerOp {
			t.Errorf("%s: predicted %v B/op, go test measured %v", m.Name, got, m.BytesPerOp)
		}
	})
}

// againstGoTest predicts the benchmarks of dir, runs them with go test
// -benchtime benchtime, and calls check with each measured benchmark and
// its prediction; want benchmarks must be predicted and measured. It
// returns the predictions.
func againstGoTest(t *testing.T, dir, benchtime string, want int, check func(p Prediction, m benchfmt.Result)) *Result {
	t.Helper()
	res := predictInterpreted(t, dir)
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", benchtime, ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test -bench: %v\n%s", err, out)
	}
	measured, err := benchfmt.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	predicted := map[string]Prediction{}
	for _, pr := range res.Predictions {
		predicted[pr.Name] = pr
	}
	if len(measured) != want || len(predicted) != want {
		t.Fatalf("%d benchmarks measured, %d predicted; want %d each\n%s", len(measured), len(predicted), want, out)
	}
	for _, m := range measured {
		p, ok := predicted[m.Name]
		if !ok {
			t.Errorf("%s measured, not predicted", m.Name)
			continue
		}
		check(p, m)
	}
	return res
}

// TestInterpretedNativeSizes predicts benchmarks whose time is in std code
// run natively (hash/fnv through an interface, hash/crc64 called directly)
// at 64 and 4096 bytes: the std summaries are bound to the lengths the
// calls were given, so 64 times the bytes must cost tens of times more.
func TestInterpretedNativeSizes(t *testing.T) {
	res := predictInterpreted(t, filepath.Join("testdata", "src", "native"))
	ns := map[string]float64{}
	for _, pr := range res.Predictions {
		ns[pr.Name] = pr.NsPerOp
	}
	for _, bench := range []string{"BenchmarkFnv", "BenchmarkCRC64"} {
		small, large := ns[bench+"/64"], ns[bench+"/4096"]
		if small <= 0 || large <= 0 {
			t.Errorf("%s: predicted %v ns/op at 64 bytes, %v at 4096; want both", bench, small, large)
			continue
		}
		if r := large / small; r < 16 || r > 64 {
			t.Errorf("%s: 4096 bytes predicted %.1f× the time of 64 (%.4g / %.4g ns/op), want 16..64", bench, r, large, small)
		}
	}
}

// predictInterpreted predicts the benchmarks of the package in dir with
// interpretation on, the default profile and GOMAXPROCS 2, and reports
// every benchmark that was not interpreted.
func predictInterpreted(t *testing.T, dir string) *Result {
	t.Helper()
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{Dir: dir, Profile: p, Procs: 2, Interp: true}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range res.Predictions {
		if why := res.Interpreted[pr.Key()]; why != "" {
			t.Errorf("%s not interpreted: %s", pr.Name, why)
		}
	}
	return res
}

// TestInterpretedSmallMapRange predicts ranges over maps of 1, 8 and 128
// keys (testdata/src/maprange): a map of at most 8 keys is one group whose
// iterator steps through all its slots, so one key costs as much as eight
// (go test here: 49 and 48 ns), and 128 keys much more.
func TestInterpretedSmallMapRange(t *testing.T) {
	res := predictInterpreted(t, filepath.Join("testdata", "src", "maprange"))
	ns := map[string]float64{}
	for _, pr := range res.Predictions {
		ns[pr.Name] = pr.NsPerOp
	}
	one, eight, many := ns["BenchmarkSum/1"], ns["BenchmarkSum/8"], ns["BenchmarkSum/128"]
	if one <= 0 || eight <= 0 || many <= 0 {
		t.Fatalf("predicted %v", ns)
	}
	if r := eight / one; r < 0.9 || r > 1.2 {
		t.Errorf("8 keys predicted %.2f× the time of one (%.4g / %.4g ns/op), want about the same", r, eight, one)
	}
	if many < 8*eight {
		t.Errorf("128 keys predicted %.4g ns/op, want well above 8 keys' %.4g", many, eight)
	}
}

// TestInterpretedQuadratic predicts a benchmark whose setup grows a set to
// b.N keys and whose operation copies it out (testdata/src/quad): its cost
// per operation grows with b.N, so the run is fitted as a·b.N + q·b.N²
// and go test's ramp settles b.N. The copy is one allocation of 8 bytes a
// key of the b.N, rounded to a size class, and the time per operation is
// at least a load for each key copied.
func TestInterpretedQuadratic(t *testing.T) {
	res := predictInterpreted(t, filepath.Join("testdata", "src", "quad"))
	if len(res.Predictions) != 1 {
		t.Fatalf("%d predictions, want 1", len(res.Predictions))
	}
	p := res.Predictions[0]
	if p.AllocsPerOp != 1 {
		t.Errorf("%v allocs/op, want 1", p.AllocsPerOp)
	}
	keys := float64(p.N)
	if want := float64(sizeclass.Round(int64(8 * p.N))); math.Abs(p.BytesPerOp-want) > 0.1*want {
		t.Errorf("%v B/op at b.N = %d, want about %v (the copy of b.N keys)", p.BytesPerOp, p.N, want)
	}
	prof, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	if floor := keys * prof.OpNS(manifest.OpLoad); p.NsPerOp < floor {
		t.Errorf("%.4g ns/op at b.N = %d, want at least %.4g (a load a key)", p.NsPerOp, p.N, floor)
	}
}
