package costmodel

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

func TestDescentMissCycles(t *testing.T) {
	p := missProfile(t) // L1 32 KiB/4, L2 1 MiB/14, L3 32 MiB/50, memory 100 cycles
	const kib = 1024.0
	// log2 of each level's lines: L1 9, L2 14, L3 19.
	tests := []struct {
		name string
		ws   float64
		want float64
	}{
		{"unknown working set", 0, 0},
		{"negative working set", -5, 0},
		{"a few lines", 128, 0},
		{"fits in L1", 16 * kib, 0},
		{"exactly L1", 32 * kib, 0},
		// 2^10 lines: 10 levels, the top 9 in L1; the last misses L1.
		{"twice L1", 64 * kib, (1 - 9.0/10) * (14 - 4)},
		// 2^15 lines: 15 levels, 9 in L1, 14 in L2.
		{"twice L2", 2048 * kib, (1-9.0/15)*(14-4) + (1-14.0/15)*(50-14)},
		// 2^21 lines: 21 levels; 19 fit L3.
		{"four times L3", 128 << 20, (1-9.0/21)*(14-4) + (1-14.0/21)*(50-14) + (1-19.0/21)*(100-50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.DescentMissCycles(tt.ws); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("DescentMissCycles(%g) = %g, want %g", tt.ws, got, tt.want)
			}
		})
	}
	prev := 0.0
	for ws := 1 * kib; ws < 1<<40; ws *= 1.5 {
		d := p.DescentMissCycles(ws)
		if d < prev {
			t.Fatalf("DescentMissCycles(%g) = %g < %g at a smaller working set", ws, d, prev)
		}
		// A descent's top levels stay cached: it never misses more
		// than uniformly random references into the same bytes.
		if m := p.MissCycles(ws); d > m+1e-9 {
			t.Fatalf("DescentMissCycles(%g) = %g above MissCycles %g", ws, d, m)
		}
		prev = d
	}
}

func TestEvaluateChains(t *testing.T) {
	p := missProfile(t)
	f := fn(map[manifest.OpClass]string{
		manifest.OpChase: "100", manifest.OpDescent: "20", manifest.OpLoad: "120",
	}, "0", "0")
	inCache, err := p.Evaluate(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := 100*p.Ops[manifest.OpChase].Cycles + 20*p.Ops[manifest.OpDescent].Cycles + 120*p.Ops[manifest.OpLoad].Cycles
	if math.Abs(inCache.Cycles-want) > 1e-9 {
		t.Errorf("in cache: %g cycles, want %g", inCache.Cycles, want)
	}
	tests := []struct {
		name string
		ws   float64
		miss float64 // extra cycles over in-cache
	}{
		{"no working set", 0, 0},
		{"fits in L1", 16 << 10, 0},
		// Only the 20 descent steps pay; the list walk streams.
		{"twice L2", 2 << 20, 20 * p.DescentMissCycles(2<<20)},
		{"four times L3", 128 << 20, 20 * p.DescentMissCycles(128<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := p.EvaluateWorkingSet(f, nil, tt.ws)
			if err != nil {
				t.Fatal(err)
			}
			if d := c.Cycles - inCache.Cycles; math.Abs(d-tt.miss) > 1e-9 {
				t.Errorf("extra cycles %g, want %g", d, tt.miss)
			}
			if got := c.ByClass["cachemiss"]; math.Abs(got-tt.miss*p.NSPerCycle()) > 1e-9 {
				t.Errorf("ByClass[cachemiss] = %g ns, want %g", got, tt.miss*p.NSPerCycle())
			}
		})
	}
}

// A profile written before the chain classes existed loads, with them
// taken from its L1d level; one that gives them keeps its own, and a bad
// value is still an error naming the line.
func TestChainClassesDefault(t *testing.T) {
	oldData := []byte(profileWithout(t, "sapphirerapids", "chase:", "descent:"))
	p, err := ParseProfile("old.yaml", oldData)
	if err != nil {
		t.Fatalf("profile without chain classes: %v", err)
	}
	for _, c := range ChainClasses {
		oc, ok := p.Ops[c]
		if !ok {
			t.Fatalf("ops.%s not filled in", c)
		}
		if oc.Cycles != p.Caches[0].LatencyCycles || oc.Latency != p.Caches[0].LatencyCycles || oc.Low != p.Caches[0].LatencyCycles/2 {
			t.Errorf("ops.%s = %+v, want the L1d latency %g", c, oc, p.Caches[0].LatencyCycles)
		}
	}
	tests := []struct {
		name, replace, with, wantErr string
	}{
		{"own figure kept", "  chase:       {lat: 5, cycles: 5,", "  chase:       {lat: 7, cycles: 7,", ""},
		{"negative", "  chase:       {lat: 5, cycles: 5,", "  chase:       {lat: 5, cycles: -1,", "field ops.chase.cycles: must be present and > 0"},
		{"unknown field", "  descent:     {lat: 5,", "  descent:     {latency: 5,", "field ops.descent.latency: unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := profileWithout(t, "sapphirerapids")
			if !strings.Contains(s, tt.replace) {
				t.Fatalf("profile has no %q", tt.replace)
			}
			p, err := ParseProfile("p.yaml", []byte(strings.Replace(s, tt.replace, tt.with, 1)))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if p.Ops[manifest.OpChase].Cycles != 7 {
					t.Errorf("ops.chase.cycles = %g, want 7", p.Ops[manifest.OpChase].Cycles)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "p.yaml:") {
				t.Errorf("error %v, want p.yaml:LINE: ...%s", err, tt.wantErr)
			}
		})
	}
}

// A profile without ops.mispredict prices a misprediction at its
// branch.mispredict_cycles; one that gives it keeps its own.
func TestMispredictDefault(t *testing.T) {
	data, err := os.ReadFile("data/profiles/sapphirerapids.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseProfile("p.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	oc, ok := p.Ops[manifest.OpMispredict]
	if !ok || p.Branch.MispredictCycles <= 0 || oc.Cycles != p.Branch.MispredictCycles {
		t.Fatalf("ops.mispredict = %+v (present %v), want branch.mispredict_cycles %g", oc, ok, p.Branch.MispredictCycles)
	}
	if lo, hi := oc.band(); !(lo < oc.Cycles && hi > oc.Cycles) {
		t.Errorf("ops.mispredict band [%g, %g] does not hold %g", lo, hi, oc.Cycles)
	}
	f := &manifest.Function{Name: "f", CPU: map[manifest.OpClass]expr.Expr{manifest.OpMispredict: expr.Const(2)}}
	c, err := p.Evaluate(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * p.Branch.MispredictCycles; math.Abs(c.Cycles-want) > 1e-9 {
		t.Errorf("two mispredictions cost %g cycles, want %g", c.Cycles, want)
	}
	own := strings.Replace(string(data), "\nops:\n", "\nops:\n  mispredict: {cycles: 9, src: [est-x]}\n", 1)
	own = strings.Replace(own, "\nsources:\n", "\nsources:\n  est-x: 'est: test'\n", 1)
	q, err := ParseProfile("q.yaml", []byte(own))
	if err != nil {
		t.Fatal(err)
	}
	if q.Ops[manifest.OpMispredict].Cycles != 9 {
		t.Errorf("own ops.mispredict = %+v, want cycles 9", q.Ops[manifest.OpMispredict])
	}
}
