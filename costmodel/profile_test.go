package costmodel

import (
	"bytes"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

func TestBuiltinProfiles(t *testing.T) {
	ps := Profiles()
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	want := []string{"cascadelake", "icelake", "sapphirerapids", "skylake", "zen2", "zen3", "zen4", "zen5"}
	if !slices.Equal(names, want) {
		t.Errorf("built-in profiles = %v, want %v", names, want)
	}
	for _, p := range ps {
		for _, c := range manifest.OpClasses {
			oc, ok := p.Ops[c]
			if !ok || oc.Cycles <= 0 {
				t.Errorf("%s: no cost for class %s", p.Name, c)
			}
			lo, hi := oc.band()
			if !(lo <= oc.Cycles && oc.Cycles <= hi) {
				t.Errorf("%s: %s band [%g, %g] does not hold cycles %g", p.Name, c, lo, hi, oc.Cycles)
			}
		}
		if p.File() != "builtin:"+p.Name+".yaml" {
			t.Errorf("%s: File() = %q", p.Name, p.File())
		}
	}
}

// Every source a profile defines is cited somewhere in it, so that the
// list of sources does not rot.
func TestProfileSourcesAllCited(t *testing.T) {
	keyRE := regexp.MustCompile(`src: \[([^\]]*)\]`)
	for _, p := range Profiles() {
		var buf bytes.Buffer
		if err := WriteProfile(&buf, p, ""); err != nil {
			t.Fatal(err)
		}
		cited := map[string]bool{}
		for _, m := range keyRE.FindAllStringSubmatch(buf.String(), -1) {
			for _, k := range strings.Split(m[1], ",") {
				cited[strings.TrimSpace(k)] = true
			}
		}
		for k := range p.Sources {
			if !cited[k] {
				t.Errorf("%s: source %q is never cited", p.Name, k)
			}
		}
	}
}

func TestWriteProfileRoundTrip(t *testing.T) {
	for _, p := range Profiles() {
		var buf bytes.Buffer
		if err := WriteProfile(&buf, p, "a header\nof two lines"); err != nil {
			t.Fatal(err)
		}
		q, err := ParseProfile("round.yaml", buf.Bytes())
		if err != nil {
			t.Fatalf("%s: written profile does not parse: %v\n%s", p.Name, err, buf.String())
		}
		q.file = p.file
		if !reflect.DeepEqual(p, q) {
			t.Errorf("%s: round trip changed the profile", p.Name)
		}
		if !strings.HasPrefix(buf.String(), "# a header\n# of two lines\n") {
			t.Errorf("%s: header missing:\n%.80s", p.Name, buf.String())
		}
	}
}

func TestLoadProfile(t *testing.T) {
	tests := []struct {
		name, want string // want: error substring, or "" for success
	}{
		{"zen4", ""},
		{"sapphirerapids", ""},
		{"sapphirerapid", `unknown profile "sapphirerapid"; did you mean sapphirerapids?`},
		{"zen6", "did you mean zen2, zen3, zen4?"},
		{"ice", "did you mean icelake?"},
		{"xyzzy-totally-unrelated", `unknown profile "xyzzy-totally-unrelated"`},
		{"testdata/nonexistent.yaml", "no such file"},
		{"testdata/bad/negative.yaml", "negative.yaml:85: field memory.latency_ns"},
	}
	for _, tt := range tests {
		p, err := LoadProfile(tt.name)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("LoadProfile(%q): %v", tt.name, err)
		case tt.want == "" && p.Name != tt.name:
			t.Errorf("LoadProfile(%q) = profile %q", tt.name, p.Name)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("LoadProfile(%q) = %v, want error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	known := []string{"c5.large", "c5.xlarge", "c6i.large", "c7i.large", "m7i.large"}
	tests := []struct {
		name string
		want []string
	}{
		{"c7i.larg", []string{"c7i.large", "c6i.large", "m7i.large"}},
		{"C7I.LARGE", []string{"c7i.large", "c6i.large", "m7i.large"}},
		{"m7i", []string{"m7i.large"}},
		{"qqqqqqqqqqqqqqqqqqqq", nil},
	}
	for _, tt := range tests {
		if got := closest(tt.name, known, 3); !slices.Equal(got, tt.want) {
			t.Errorf("closest(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if d := editDistance("kitten", "sitting"); d != 3 {
		t.Errorf("editDistance(kitten, sitting) = %d, want 3", d)
	}
}

func fn(cpu map[manifest.OpClass]string, count, bytes string, vars ...manifest.Var) *manifest.Function {
	f := &manifest.Function{Name: "p.F", Vars: vars, CPU: map[manifest.OpClass]expr.Expr{}}
	for c, e := range cpu {
		f.CPU[c] = expr.MustParse(e)
	}
	f.Alloc = manifest.Alloc{Count: expr.MustParse(count), Bytes: expr.MustParse(bytes)}
	return f
}

func TestEvaluate(t *testing.T) {
	p, err := LoadProfile("sapphirerapids")
	if err != nil {
		t.Fatal(err)
	}
	f := fn(map[manifest.OpClass]string{manifest.OpInt: "10 + 2*len(s)", manifest.OpLoad: "len(s)"}, "1", "len(s)",
		manifest.Var{Name: "len(s)", Default: 100})
	c, err := p.Evaluate(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantCycles := 210*p.Ops[manifest.OpInt].Cycles + 100*p.Ops[manifest.OpLoad].Cycles + p.MallocCycles(1, 100)
	if math.Abs(c.Cycles-wantCycles) > 1e-9 {
		t.Errorf("cycles = %g, want %g", c.Cycles, wantCycles)
	}
	if math.Abs(c.CPU.NS-wantCycles/p.Clock.TurboAllCoreGHz) > 1e-9 {
		t.Errorf("ns = %g, want cycles / all-core GHz = %g", c.CPU.NS, wantCycles/p.Clock.TurboAllCoreGHz)
	}
	if !(c.CPU.Low < c.CPU.NS && c.CPU.NS < c.CPU.High) {
		t.Errorf("band %v does not hold the estimate strictly", c.CPU)
	}
	if c.AllocCount != 1 || c.AllocBytes != 100 {
		t.Errorf("alloc = %g objects, %g bytes; want 1, 100", c.AllocCount, c.AllocBytes)
	}
	var sum float64
	for _, v := range c.ByClass {
		sum += v
	}
	if math.Abs(sum-c.CPU.NS) > 1e-9 {
		t.Errorf("ByClass sums to %g, CPU is %g", sum, c.CPU.NS)
	}
	c2, err := p.Evaluate(f, func(n string) (float64, bool) { return 1000, n == "len(s)" })
	if err != nil {
		t.Fatal(err)
	}
	if c2.CPU.NS <= c.CPU.NS {
		t.Errorf("len(s)=1000 costs %v, not more than len(s)=100 %v", c2.CPU, c.CPU)
	}

	// Errors name the function and what failed.
	g := fn(map[manifest.OpClass]string{manifest.OpInt: "n"}, "0", "0")
	if _, err := p.Evaluate(g, nil); err == nil || !strings.Contains(err.Error(), "p.F: cpu.int: variable n has no value") {
		t.Errorf("missing variable: %v", err)
	}
	h := fn(map[manifest.OpClass]string{"teleport": "1"}, "0", "0")
	if _, err := p.Evaluate(h, nil); err == nil || !strings.Contains(err.Error(), `unknown operation class "teleport"`) {
		t.Errorf("unknown class: %v", err)
	}
}

func TestEvaluateIO(t *testing.T) {
	p, _ := LoadProfile("zen4")
	tests := []struct {
		kind           manifest.IOKind
		count, bytes   string
		wantNS, wantLo float64
		cpu            bool // whether the I/O costs CPU too
	}{
		{manifest.IOSleep, "1", "5000", 5000, 5000, false},
		{manifest.IOFileRead, "2", "0", 2 * p.Disk.ReadLatencyUs * 1e3, 0, true},
		{manifest.IOFileWrite, "1", "4096", 0, 0, true},
		{manifest.IOSQLQuery, "1", "0", (p.Network.RTTUs + p.Remote.SQLQueryUs) * 1e3, (p.Network.RTTUs + p.Remote.SQLQueryUs) * 1e3 / 2, true},
		{manifest.IONetWrite, "1", "1250", 1250 * 8 / p.Network.FlowGbps, 1250 * 8 / p.Network.FlowGbps / 2, true},
		{manifest.IOSyscall, "3", "0", 0, 0, true},
	}
	for _, tt := range tests {
		f := fn(nil, "0", "0")
		f.IO = []manifest.IO{{Kind: tt.kind, Count: expr.MustParse(tt.count), Bytes: expr.MustParse(tt.bytes)}}
		c, err := p.Evaluate(f, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.kind, err)
		}
		w := c.IO[tt.kind]
		if math.Abs(w.NS-tt.wantNS) > 1e-6 || math.Abs(w.Low-tt.wantLo) > 1e-6 {
			t.Errorf("%s: wait = %+v, want ns %g low %g", tt.kind, w, tt.wantNS, tt.wantLo)
		}
		if w.Low > w.NS || w.NS > w.High {
			t.Errorf("%s: band %+v does not hold the estimate", tt.kind, w)
		}
		if (c.CPU.NS > 0) != tt.cpu {
			t.Errorf("%s: CPU = %v, want CPU cost %v", tt.kind, c.CPU, tt.cpu)
		}
		if got := c.Latency().NS; math.Abs(got-(c.CPU.NS+w.NS)) > 1e-6 {
			t.Errorf("%s: Latency = %g, want CPU + wait = %g", tt.kind, got, c.CPU.NS+w.NS)
		}
	}
}

func TestMallocCycles(t *testing.T) {
	p, _ := LoadProfile("sapphirerapids")
	pts := p.Runtime.Malloc.Points
	for _, pt := range pts {
		if got := p.MallocCycles(3, 3*pt.Size); math.Abs(got-3*pt.Cycles) > 1e-9 {
			t.Errorf("MallocCycles at point %g = %g, want %g", pt.Size, got, 3*pt.Cycles)
		}
	}
	mid := (pts[1].Size + pts[2].Size) / 2
	if got, want := p.MallocCycles(1, mid), (pts[1].Cycles+pts[2].Cycles)/2; math.Abs(got-want) > 1e-9 {
		t.Errorf("MallocCycles midway = %g, want %g", got, want)
	}
	if got := p.MallocCycles(1, 1); got != pts[0].Cycles {
		t.Errorf("MallocCycles below the first point = %g, want %g", got, pts[0].Cycles)
	}
	if p.MallocCycles(0, 0) != 0 {
		t.Error("no objects and no bytes must cost nothing")
	}
	// Bytes without objects (amortized growth of huge arrays) cost a byte
	// at the largest point's rate: twice the bytes, twice the cycles.
	last := pts[len(pts)-1]
	if got, want := p.MallocCycles(0, 2*last.Size), 2*last.Cycles; math.Abs(got-want) > 1e-9 {
		t.Errorf("MallocCycles of bytes without a count = %g, want %g", got, want)
	}
}

func TestGCCPU(t *testing.T) {
	p, _ := LoadProfile("sapphirerapids")
	live := float64(64 << 20)
	base := p.GCCPU(1<<30, live, 100)
	if base <= 0 {
		t.Fatalf("GCCPU = %g", base)
	}
	if got := p.GCCPU(2<<30, live, 100); math.Abs(got-2*base) > 1e-6*base {
		t.Errorf("GC cost is not proportional to allocation: %g vs 2×%g", got, base)
	}
	// Doubling GOGC halves the number of cycles: the mark and fixed parts halve.
	sweep := p.Runtime.GC.SweepCyclesPerByte * (1 << 30) * p.NSPerCycle()
	if got := p.GCCPU(1<<30, live, 200); math.Abs((got-sweep)-(base-sweep)/2) > 1e-6*base {
		t.Errorf("GOGC=200: %g, want (%g-%g)/2+%g", got, base, sweep, sweep)
	}
	if p.GCCPU(1<<30, live, -1) != 0 {
		t.Error("GOGC=off must cost nothing")
	}
	// Below the 4 MiB minimum heap, cycles are no more frequent than at 4 MiB.
	if a, b := p.GCCPU(1<<30, 1<<20, 100), p.GCCPU(1<<30, 4<<20, 100); a > b {
		t.Errorf("tiny heap costs more (%g) than a 4 MiB heap (%g)", a, b)
	}
}

func TestGCRun(t *testing.T) {
	p, _ := LoadProfile("sapphirerapids")
	g := p.Runtime.GC
	ns := p.NSPerCycle()
	// Nothing retained: n operations cost n times GCCPU's per-operation cost.
	live := float64(64 << 20)
	if got, want := p.GCRun(1e6, 0, 1000, 0, live, 100), 1e6*p.GCCPU(1000, live, 100); math.Abs(got-want) > 1e-9*want {
		t.Errorf("GCRun without retention = %g, want %g", got, want)
	}
	// Everything retained, from an empty heap: cycles at 4 MiB, then each
	// time the heap doubles; each marks the heap live then. 1000 B per
	// operation for 64 Mi/1000 operations ends at 64 MiB, after cycles at
	// 4, 8, 16, 32 and 64 MiB (the last one exactly at the end).
	n := float64(64<<20) / 1000
	want := 0.0
	for _, mib := range []float64{4, 8, 16, 32, 64} {
		want += g.FixedCycles + g.MarkCyclesPerByte*mib*(1<<20)
	}
	want = (want + g.SweepCyclesPerByte*1000*n) * ns
	if got := p.GCRun(n, 0, 1000, 1000, 0, 100); math.Abs(got-want) > 1e-6*want {
		t.Errorf("GCRun retaining everything = %g, want %g", got, want)
	}
	// Retention costs more than garbage; GOGC=off costs nothing; more
	// operations retaining cost more per operation (a bigger heap to mark).
	if a, b := p.GCRun(1e5, 1, 1000, 1000, 0, 100), p.GCRun(1e5, 1, 1000, 0, 0, 100); a <= b {
		t.Errorf("retained %g <= garbage %g", a, b)
	}
	if p.GCRun(1e5, 1, 1000, 1000, 0, -1) != 0 {
		t.Error("GOGC=off must cost nothing")
	}
	if a, b := p.GCRun(1e5, 1, 1000, 1000, 0, 100)/1e5, p.GCRun(1e6, 1, 1000, 1000, 0, 100)/1e6; a >= b {
		t.Errorf("per operation: %g at 1e5 operations >= %g at 1e6", a, b)
	}
}

// TestSweepCycles checks the collector's cost per allocation: per byte
// where the profile has no steady curve, else the curve at the average
// object size, and at its largest size's rate per byte for bytes without a
// count.
func TestSweepCycles(t *testing.T) {
	p, _ := LoadProfile("sapphirerapids")
	p.Runtime.GC.Steady = nil
	p.Runtime.GC.SweepCyclesPerByte = 2
	if got := p.SweepCycles(10, 640); got != 1280 {
		t.Errorf("per byte: %g cycles for 640 bytes, want 1280", got)
	}
	p.Runtime.GC.Steady = []MallocPoint{{Size: 16, Cycles: 5}, {Size: 64, Cycles: 64}, {Size: 512, Cycles: 640}}
	for _, c := range []struct{ count, bytes, want float64 }{
		{10, 160, 50},                 // 16-byte objects: the first point
		{10, 80, 50},                  // smaller than the first point: its cost
		{2, 80, 2 * (5 + 59./2)},      // 40 bytes on average: halfway between 16 and 64
		{1, 1024, 640 + 512*576./448}, // beyond the last point: the last segment's slope
		{0, 1024, 1280},               // no count: the last point's rate per byte
		{3, 0, 0},
	} {
		if got := p.SweepCycles(c.count, c.bytes); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("SweepCycles(%g, %g) = %g, want %g", c.count, c.bytes, got, c.want)
		}
	}
	// GCRun charges the curve at its operations' object size: a thousand
	// bytes as a hundred 10-byte objects cost less than as one object
	// (small objects add less per byte on this curve, as measured).
	if a, b := p.GCRun(1e3, 100, 1000, 0, 0, 100), p.GCRun(1e3, 1, 1000, 0, 0, 100); a >= b {
		t.Errorf("GCRun: a hundred 10-byte objects %g >= one 1000-byte object %g", a, b)
	}
}

func TestInstances(t *testing.T) {
	is := Instances()
	if len(is) < 30 {
		t.Errorf("%d instance types, want at least 30", len(is))
	}
	regions := map[string]map[string]bool{}
	for _, i := range is {
		if regions[i.Provider] == nil {
			regions[i.Provider] = map[string]bool{}
		}
		regions[i.Provider][i.Region] = true
		if _, err := i.HardwareProfile(); err != nil {
			t.Errorf("%s: %v", i.Name, err)
		}
	}
	for _, prov := range []string{"aws", "gcp", "azure"} {
		if len(regions[prov]) != 1 {
			t.Errorf("provider %s has regions %v, want exactly one", prov, regions[prov])
		}
	}
	i, err := LookupInstance("c7i.large")
	if err != nil {
		t.Fatal(err)
	}
	if i.PricePerHour != 0.08925 || i.MonthlyCost() != 0.08925*730 || i.PricePerVCPUHour() != 0.08925/2 {
		t.Errorf("c7i.large prices: %g/h, %g/month", i.PricePerHour, i.MonthlyCost())
	}
	if _, err := LookupInstance("c7i.larg"); err == nil || !strings.Contains(err.Error(), "did you mean c7i.large") {
		t.Errorf("LookupInstance(c7i.larg) = %v, want a suggestion", err)
	}
}

// TestPageFault checks that a profile without a page-fault cost (every
// built-in one, and host profiles calibrated before the probe) gets the
// cited estimate, and that fresh memory costs one fault per page.
func TestPageFault(t *testing.T) {
	p, err := LoadProfile("sapphirerapids")
	if err != nil {
		t.Fatal(err)
	}
	pf := p.Runtime.PageFault
	if pf.Cycles != PageFaultEstCycles || len(pf.Src) != 1 || p.Sources[pf.Src[0]] == "" {
		t.Errorf("runtime.page_fault = %+v, want the cited estimate %d", pf, PageFaultEstCycles)
	}
	if got, want := p.FreshMemoryNS(10*PageBytes), 10*PageFaultEstCycles*p.NSPerCycle(); math.Abs(got-want) > 1e-9*want {
		t.Errorf("FreshMemoryNS(10 pages) = %g, want %g", got, want)
	}
	if p.FreshMemoryNS(0) != 0 {
		t.Error("no fresh memory must cost nothing")
	}
}

// TestRandomOverlap checks that every built-in profile gives how many
// independent random accesses overlap their misses, that a profile
// without it (host profiles calibrated before the field) gets the cited
// estimate, and that a value below 1 is refused.
func TestRandomOverlap(t *testing.T) {
	for _, p := range Profiles() {
		if p.Memory.RandomOverlap < 1 || !slices.Contains(p.Memory.Src, RandomOverlapEstKey) {
			t.Errorf("%s: memory.random_overlap = %g, src %v", p.Name, p.Memory.RandomOverlap, p.Memory.Src)
		}
	}
	data, err := profileFS.ReadFile("data/profiles/zen5.yaml")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^  random_overlap: .*\n`)
	if !re.Match(data) {
		t.Fatal("zen5.yaml has no memory.random_overlap line")
	}
	old := re.ReplaceAll(data, nil)
	p, err := ParseProfile("old.yaml", old)
	if err != nil {
		t.Fatal(err)
	}
	if p.Memory.RandomOverlap != RandomOverlapEst || p.Sources[RandomOverlapEstKey] == "" || !slices.Contains(p.Memory.Src, RandomOverlapEstKey) {
		t.Errorf("without the field: random_overlap %g, src %v", p.Memory.RandomOverlap, p.Memory.Src)
	}
	bad := re.ReplaceAll(data, []byte("  random_overlap: 0.5\n"))
	if _, err := ParseProfile("bad.yaml", bad); err == nil || !strings.Contains(err.Error(), "random_overlap") {
		t.Errorf("random_overlap 0.5: err = %v, want a validation error", err)
	}
}

// TestClockRandom checks that a profile without clock and randomness costs
// (every built-in one) gets the cited estimates, and that clock reads and
// random reads cost CPU time by them: a read of the clock its cycles, a
// random read its cycles plus its bytes'.
func TestClockRandom(t *testing.T) {
	p, err := LoadProfile("zen4")
	if err != nil {
		t.Fatal(err)
	}
	c, r := p.Runtime.Clock, p.Runtime.Random
	if c.Cycles != ClockEstCycles || len(c.Src) != 1 || p.Sources[c.Src[0]] == "" {
		t.Errorf("runtime.clock = %+v, want the cited estimate %d", c, ClockEstCycles)
	}
	if r.Cycles != RandomEstCycles || r.CyclesPerByte != RandomEstCyclesPerByte || p.Sources[r.Src[0]] == "" {
		t.Errorf("runtime.random = %+v, want the cited estimates", r)
	}
	for _, tt := range []struct {
		kind         manifest.IOKind
		count, bytes string
		cycles       float64
	}{
		{manifest.IOClock, "2", "0", 2 * ClockEstCycles},
		{manifest.IORandom, "1", "16", RandomEstCycles + 16*RandomEstCyclesPerByte},
	} {
		f := fn(nil, "0", "0")
		f.IO = []manifest.IO{{Kind: tt.kind, Count: expr.MustParse(tt.count), Bytes: expr.MustParse(tt.bytes)}}
		got, err := p.Evaluate(f, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := tt.cycles * p.NSPerCycle(); math.Abs(got.CPU.NS-want) > 1e-9*want || got.IO[tt.kind].NS != 0 {
			t.Errorf("%s: CPU %g ns, wait %g, want %g ns of CPU and no wait", tt.kind, got.CPU.NS, got.IO[tt.kind].NS, want)
		}
	}
}

// TestDefaultAtomicOp loads a calibrated profile written before the op
// class atomic existed: it takes its base profile's figure and sources,
// and a profile without a base that lacks the class is refused.
func TestDefaultAtomicOp(t *testing.T) {
	old := profileWithout(t, "zen5", "atomic:", "atomic-est:")
	if _, err := ParseProfile("old.yaml", []byte(old)); err == nil || !strings.Contains(err.Error(), `"atomic"`) {
		t.Errorf("a profile without base and without atomic: err %v, want the missing class named", err)
	}
	withBase := strings.Replace(old, "name: zen5\n", "name: host\nbase: zen5\n", 1)
	p, err := ParseProfile("host.yaml", []byte(withBase))
	if err != nil {
		t.Fatal(err)
	}
	zen5, err := LoadProfile("zen5")
	if err != nil {
		t.Fatal(err)
	}
	got, want := p.Ops[manifest.OpAtomic], zen5.Ops[manifest.OpAtomic]
	if got.Cycles != want.Cycles || got.Cycles <= 0 || p.Sources["atomic-est"] == "" {
		t.Errorf("atomic from base: %+v (source %q), want zen5's %+v", got, p.Sources["atomic-est"], want)
	}
}

// profileWithout is the text of built-in profile name with the lines that
// start (after their indentation) with one of prefixes left out: a profile
// as it was written before the classes or sources they give existed.
func profileWithout(t *testing.T, name string, prefixes ...string) string {
	t.Helper()
	raw, err := profileFS.ReadFile("data/profiles/" + name + ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(string(raw), "\n") {
		trimmed := strings.TrimSpace(line)
		if !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(trimmed, p) }) {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

// TestICallChargedAtLatency: an interface call costs at least its latency
// (the icall kernels' fit is the marginal cost of overlapped calls); the
// other classes cost their calibrated cycles.
func TestICallChargedAtLatency(t *testing.T) {
	p, err := LoadProfile("zen5")
	if err != nil {
		t.Fatal(err)
	}
	ic := p.Ops[manifest.OpCallIface]
	if ic.Latency <= ic.Cycles {
		t.Fatalf("zen5 icall: latency %g not above its cycles %g; the test needs a profile where it is", ic.Latency, ic.Cycles)
	}
	if got := ic.Charged(manifest.OpCallIface); got != ic.Latency {
		t.Errorf("icall charged %g cycles, want its latency %g", got, ic.Latency)
	}
	call := p.Ops[manifest.OpCall]
	if got := call.Charged(manifest.OpCall); got != call.Cycles {
		t.Errorf("call charged %g cycles, want its cycles %g", got, call.Cycles)
	}
	f := &manifest.Function{Name: "f", CPU: map[manifest.OpClass]expr.Expr{manifest.OpCallIface: expr.Const(3)}}
	c, err := p.Evaluate(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Cycles, 3*ic.Latency; math.Abs(got-want) > 1e-9 {
		t.Errorf("three icalls: %g cycles, want %g", got, want)
	}
	if got, want := p.OpNS(manifest.OpCallIface), ic.Latency*p.NSPerCycle(); math.Abs(got-want) > 1e-12 {
		t.Errorf("OpNS(icall) = %g, want %g", got, want)
	}
}
