package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestCryptoRandIsRandom checks that crypto/rand costs its getrandom, not
// the FIPS DRBG's body: rand.Read and a Read on rand.Reader (through the
// std table's summary of the default reader) each record one random read
// of len(b) bytes, and the function's CPU stays that of a few calls.
func TestCryptoRandIsRandom(t *testing.T) {
	pkg := analyzeTestPkg(t, "io")
	s := pkg["io.Token"]
	if s == nil {
		t.Fatal("no summary for io.Token")
	}
	var calls float64
	for _, io := range s.IO {
		if io.Kind != manifest.IORandom {
			t.Errorf("io.Token: I/O of kind %s, want only random reads", io.Kind)
			continue
		}
		calls += eval(t, io.Count, nil)
		if got := eval(t, io.Bytes, map[string]float64{"len(b)": 32}); got != 32*eval(t, io.Count, nil) {
			t.Errorf("io.Token: %g random bytes at len(b) = 32, want 32 per call", got)
		}
	}
	if calls < 1 || calls > 2 {
		t.Errorf("io.Token: %g random reads, want 1 (rand.Read) to 2 (and Reader.Read, if resolved)", calls)
	}
	if ops := eval(t, op(manifest.OpInt)(s), map[string]float64{"len(b)": 32}); ops > 1000 {
		t.Errorf("io.Token: %g integer operations, want a few calls' worth (the DRBG's body is not run)", ops)
	}
}

// TestClockReads checks that reading the time costs clock reads, which the
// assembly behind time.Now and time.Since hides from the analyzer: the
// leaves count two reads for time.now and the runtime's time_now (wall and
// monotonic), one for the monotonic clock alone, and time.Now and
// time.Since (through the std table) carry them to their callers: two for
// Now, one to two for Since (the monotonic reading, or Now when the time
// has none, weighted by static odds).
func TestClockReads(t *testing.T) {
	for _, tt := range []struct {
		name, pkg string
		want      float64
	}{
		{"time.runtimeNow", "time", 2}, {"time.now", "time", 2},
		{"time.runtimeNano", "time", 1}, {"runtime.nanotime1", "runtime", 1},
		{"internal/sync.runtime_nanotime", "internal/sync", 0},
	} {
		var got float64
		for _, io := range ioLeaf(tt.name, tt.pkg) {
			if io.Kind != manifest.IOClock {
				t.Errorf("%s: I/O of kind %s, want clock reads", tt.name, io.Kind)
			}
			got += eval(t, io.Count, nil)
		}
		if got != tt.want {
			t.Errorf("%s: %g clock reads, want %g", tt.name, got, tt.want)
		}
	}
	pkg := analyzeTestPkg(t, "io")
	for name, want := range map[string][2]float64{"io.Stamp": {2, 2}, "io.Elapsed": {1, 2}} {
		s := pkg[name]
		if s == nil {
			t.Fatalf("no summary for %s", name)
		}
		var got float64
		for _, io := range s.IO {
			if io.Kind == manifest.IOClock {
				got += eval(t, io.Count, nil)
			}
		}
		if got < want[0] || got > want[1] {
			t.Errorf("%s: %g clock reads, want %g to %g", name, got, want[0], want[1])
		}
	}
}
