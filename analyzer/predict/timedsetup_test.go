package predict

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/costmodel"
)

// TestTimedSetup checks that the setup of a benchmark that never resets
// or stops its timer (testdata/src/timedsetup), in its own body or in a
// factory whose closure it calls, is what go test measures it to be: its
// 512 MiB slice in B/op, over go test's b.N of 1; and that a benchmark
// resetting its timer (ResetTimer, in it or in the closure, or b.Loop's
// first call) keeps its setup out.
func TestTimedSetup(t *testing.T) {
	p, err := costmodel.LoadProfile(DefaultProfileName)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Config{Dir: filepath.Join("testdata", "src", "timedsetup"), Profile: p, Procs: 2, BenchTime: 0.01}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Skipped {
		t.Errorf("skipped %s: %s", s.Key, s.Reason)
	}
	const setup = 8 << 26 // bytes of fill(1 << 26), longer to fill than the bench time: b.N = 1
	for _, pr := range res.Predictions {
		name := pr.Name
		timed := name == "BenchmarkTimed" || name == "BenchmarkFactory"
		if pr.SetupTimed != timed {
			t.Errorf("%s: SetupTimed %v, want %v", name, pr.SetupTimed, timed)
		}
		want := 0.0
		if timed {
			if pr.N != 1 {
				t.Errorf("%s: b.N %d, want 1 (the setup outlasts the bench time)", name, pr.N)
			}
			want = setup / float64(pr.N)
		}
		if math.Abs(pr.BytesPerOp-want) > 0.01*want+1 {
			t.Errorf("%s: %g B/op at b.N = %d, want %g", name, pr.BytesPerOp, pr.N, want)
		}
	}
	if len(res.Predictions) != 5 {
		var names []string
		for _, pr := range res.Predictions {
			names = append(names, pr.Name)
		}
		t.Errorf("predictions for %s, want 5", strings.Join(names, ", "))
	}
}
