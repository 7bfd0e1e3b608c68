package costmodel

import (
	"math"
	"testing"

	"github.com/perfcast/perfcast/manifest"
)

// missProfile is a hierarchy with round numbers: L1 32 KiB at 4 cycles, L2
// 1 MiB at 14, L3 32 MiB at 50, memory 25 ns = 100 cycles at 4 GHz.
func missProfile(t *testing.T) *Profile {
	t.Helper()
	base, err := LoadProfile("sapphirerapids")
	if err != nil {
		t.Fatal(err)
	}
	p := *base
	p.Clock.TurboAllCoreGHz = 4
	p.Caches = []Cache{
		{Level: "L1d", SizeKiB: 32, LatencyCycles: 4},
		{Level: "L2", SizeKiB: 1024, LatencyCycles: 14},
		{Level: "L3", SizeKiB: 32 << 10, LatencyCycles: 50},
	}
	p.Memory.LatencyNs = 25
	p.Memory.RandomOverlap = 3
	return &p
}

func TestMissCycles(t *testing.T) {
	p := missProfile(t)
	const kib = 1024.0
	tests := []struct {
		name string
		ws   float64
		want float64
	}{
		{"unknown working set", 0, 0},
		{"negative working set", -1, 0},
		{"fits in L1", 16 * kib, 0},
		{"exactly L1", 32 * kib, 0},
		// W = 2·L1: half the accesses miss L1 and pay L2's latency.
		{"twice L1", 64 * kib, 0.5 * (14 - 4)},
		// W = 2·L2: 1/64 of the lines are in L1, the rest pay L2;
		// half miss L2 and pay L3.
		{"twice L2", 2048 * kib, (1-32.0/2048)*(14-4) + 0.5*(50-14)},
		// W = 4·L3: every level but memory mostly misses.
		{"four times L3", 128 << 20, (1-32.0/131072)*(14-4) + (1-1024.0/131072)*(50-14) + 0.75*(100-50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.MissCycles(tt.ws); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("MissCycles(%g) = %g, want %g", tt.ws, got, tt.want)
			}
		})
	}
	// More data never costs less per access.
	prev := 0.0
	for ws := 1 * kib; ws < 1<<34; ws *= 1.5 {
		m := p.MissCycles(ws)
		if m < prev {
			t.Fatalf("MissCycles(%g) = %g < %g at a smaller working set", ws, m, prev)
		}
		prev = m
	}
	// A calibrated L3 slower than memory (a guest whose "L3" probe saw
	// DRAM): the step to memory adds nothing rather than subtracting.
	q := *p
	q.Caches = append([]Cache(nil), p.Caches...)
	q.Caches[2].LatencyCycles = 120
	if got, want := q.MissCycles(128<<20), (1-32.0/131072)*(14-4)+(1-1024.0/131072)*(120-14); math.Abs(got-want) > 1e-9 {
		t.Errorf("L3 slower than memory: MissCycles = %g, want %g", got, want)
	}
	// Far beyond L3 it approaches memory's latency over L1's.
	if got := p.MissCycles(1 << 50); math.Abs(got-(100-4)) > 1e-3 {
		t.Errorf("MissCycles(huge) = %g, want about %g", got, 100.0-4)
	}
}

func TestEvaluateWorkingSet(t *testing.T) {
	p := missProfile(t)
	f := fn(map[manifest.OpClass]string{
		manifest.OpMapRead: "10", manifest.OpMapWrite: "3", manifest.OpMapDelete: "2", manifest.OpInt: "100", manifest.OpLoad: "50",
	}, "0", "0")
	inCache, err := p.Evaluate(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Without a working set, and with one that fits in L1, nothing changes.
	for _, ws := range []float64{0, 16 << 10} {
		c, err := p.EvaluateWorkingSet(f, nil, ws)
		if err != nil {
			t.Fatal(err)
		}
		if c.CPU != inCache.CPU || c.Cycles != inCache.Cycles {
			t.Errorf("working set %g: %v, want the in-cache %v", ws, c.CPU, inCache.CPU)
		}
		if _, ok := c.ByClass["cachemiss"]; ok {
			t.Errorf("working set %g: a cachemiss entry", ws)
		}
	}
	// W = 2·L2: the 15 map operations (and only they) pay the misses,
	// RandomOverlap of them at a time.
	ws := 2048.0 * 1024
	c, err := p.EvaluateWorkingSet(f, nil, ws)
	if err != nil {
		t.Fatal(err)
	}
	miss := 15 * ((1-32.0/2048)*(14-4) + 0.5*(50-14)) / p.Memory.RandomOverlap
	if d := c.Cycles - inCache.Cycles; math.Abs(d-miss) > 1e-9 {
		t.Errorf("extra cycles = %g, want 15 map operations × miss / %g = %g", d, p.Memory.RandomOverlap, miss)
	}
	if got, want := c.ByClass["cachemiss"], miss/4; math.Abs(got-want) > 1e-9 {
		t.Errorf("ByClass[cachemiss] = %g ns, want %g", got, want)
	}
	var sum float64
	for _, v := range c.ByClass {
		sum += v
	}
	if math.Abs(sum-c.CPU.NS) > 1e-9 {
		t.Errorf("ByClass sums to %g, CPU is %g", sum, c.CPU.NS)
	}
	if lo, hi := c.CPU.Low-inCache.CPU.Low, c.CPU.High-inCache.CPU.High; math.Abs(lo-miss/4*(1-missSpread)) > 1e-9 || math.Abs(hi-miss/4*(1+missSpread)) > 1e-9 {
		t.Errorf("band grew by [%g, %g] ns, want the miss time ×(1∓%g)", lo, hi, missSpread)
	}
}
