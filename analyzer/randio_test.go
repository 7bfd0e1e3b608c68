package analyzer

import (
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestCryptoRandIsSyscall checks that crypto/rand costs its system call, not
// the FIPS DRBG's body: rand.Read and a Read on rand.Reader (through the
// std table's summary of the default reader) each record one syscall of
// len(b) bytes, and the function's CPU stays that of a few calls.
func TestCryptoRandIsSyscall(t *testing.T) {
	pkg := analyzeTestPkg(t, "io")
	s := pkg["io.Token"]
	if s == nil {
		t.Fatal("no summary for io.Token")
	}
	var calls float64
	for _, io := range s.IO {
		if io.Kind != manifest.IOSyscall {
			t.Errorf("io.Token: I/O of kind %s, want only syscalls", io.Kind)
			continue
		}
		calls += eval(t, io.Count, nil)
		if got := eval(t, io.Bytes, map[string]float64{"len(b)": 32}); got != 32*eval(t, io.Count, nil) {
			t.Errorf("io.Token: %g syscall bytes at len(b) = 32, want 32 per call", got)
		}
	}
	if calls < 1 || calls > 2 {
		t.Errorf("io.Token: %g syscalls, want 1 (rand.Read) to 2 (and Reader.Read, if resolved)", calls)
	}
	if ops := eval(t, op(manifest.OpInt)(s), map[string]float64{"len(b)": 32}); ops > 1000 {
		t.Errorf("io.Token: %g integer operations, want a few calls' worth (the DRBG's body is not run)", ops)
	}
}
