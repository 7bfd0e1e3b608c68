package calibrate

import (
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
)

func TestProbeDebug(t *testing.T) {
	if os.Getenv("PROBE_DEBUG") == "" {
		t.Skip()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	o := DefaultOptions
	r := rand.New(rand.NewPCG(1, 1))
	for _, kib := range []int{16, 256, 1024, 4096, 16384, 65536, 262144} {
		t.Logf("%6d KiB: %.1f ns", kib, measureChase(kib<<10, o, r))
	}
	t.Logf("copy %.1f GB/s", measureCopyGBps(o))
}
