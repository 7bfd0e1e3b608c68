package analyzer

import (
	"context"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// TestCPUFeatureArm analyzes hash/crc32, which picks carry-less
// multiplication (assembly, about a load and an operation a byte here)
// over its slicing-by-8 tables (8 table loads and their xors a byte) when
// cpu.X86 has PCLMULQDQ and SSE4.1: ChecksumIEEE of 4 KiB costs the
// assembly and the tail of fewer than 16 bytes, neither the average of the
// two implementations stored to updateIEEE nor the tables over the whole
// input after the assembly.
func TestCPUFeatureArm(t *testing.T) {
	res, err := Analyze(context.Background(), Config{}, "hash/crc32")
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]*Summary{}
	for _, s := range res.Summaries {
		sums[s.Name] = s
	}
	const n = 4096
	for _, fn := range []string{"hash/crc32.ChecksumIEEE", "hash/crc32.archUpdateIEEE"} {
		s := sums[fn]
		if s == nil {
			t.Fatalf("%s: no summary", fn)
		}
		vars := withDefaults(s, map[string]float64{"len(data)": n, "len(p)": n})
		loads := eval(t, s.Op(manifest.OpLoad), vars)
		ints := eval(t, s.Op(manifest.OpInt), vars)
		if loads > 1.1*n || ints > 1.1*n {
			t.Errorf("%s of %d bytes: %.0f loads, %.0f integer operations; want about %d of each (the carry-less multiply's)", fn, n, loads, ints, n)
		}
		if loads < n {
			t.Errorf("%s of %d bytes: %.0f loads, want the assembly's %d at least", fn, n, loads, n)
		}
	}
}

// TestCPUFeatureVariable analyzes std's AES, which tests supportsAES — a
// package variable initialized from fips140deps/cpu's copies of the flags
// (X86HasAES && X86HasSSE41 && X86HasSSSE3 || ARM64HasAES || …) and
// registered by address in a func init — before each block: encryptBlock
// costs the AES-NI assembly, not half of the table implementation's rounds.
func TestCPUFeatureVariable(t *testing.T) {
	res, err := Analyze(context.Background(), Config{}, "crypto/internal/fips140/aes")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Summaries {
		if s.Name != "crypto/internal/fips140/aes.encryptBlock" {
			continue
		}
		vars := withDefaults(s, map[string]float64{"c.block.blockExpanded.rounds": 14})
		if loads := eval(t, s.Op(manifest.OpLoad), vars); loads > 20 {
			t.Errorf("encryptBlock: %.0f loads for 14 rounds, want the assembly call's few (encryptBlockGeneric's table lookups are not run)", loads)
		}
		return
	}
	t.Fatal("no summary for encryptBlock")
}
