package costmodel

import (
	"fmt"
	"math"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

// Estimate is a duration in nanoseconds with an uncertainty band:
// Low <= NS <= High.
type Estimate struct {
	NS   float64 `json:"ns" yaml:"ns"`
	Low  float64 `json:"low" yaml:"low"`
	High float64 `json:"high" yaml:"high"`
}

// Add returns the sum of e and f (bands add: they are treated as fully
// correlated, which keeps them conservative).
func (e Estimate) Add(f Estimate) Estimate {
	return Estimate{e.NS + f.NS, e.Low + f.Low, e.High + f.High}
}

// Scale returns e multiplied by k >= 0.
func (e Estimate) Scale(k float64) Estimate { return Estimate{e.NS * k, e.Low * k, e.High * k} }

func (e Estimate) String() string {
	return fmt.Sprintf("%s [%s, %s]", FormatNS(e.NS), FormatNS(e.Low), FormatNS(e.High))
}

// FormatNS formats a duration given in nanoseconds with a unit that keeps
// three significant digits.
func FormatNS(ns float64) string {
	switch a := math.Abs(ns); {
	case a >= 1e9:
		return fmt.Sprintf("%.3gs", ns/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.3gms", ns/1e6)
	case a >= 1e3:
		return fmt.Sprintf("%.3gµs", ns/1e3)
	}
	return fmt.Sprintf("%.3gns", ns)
}

// Cost is what one call of a function costs on a profile.
type Cost struct {
	// CPU is on-CPU time: the operations, heap allocation (malloc, not GC),
	// and the CPU side of I/O (system calls, copying bytes).
	CPU Estimate `json:"cpu" yaml:"cpu"`
	// Cycles is CPU.NS in core cycles at the profile's all-core turbo clock.
	Cycles float64 `json:"cycles" yaml:"cycles"`
	// ByClass is the point estimate of CPU time (ns) per operation class;
	// "malloc" and "io" appear as extra keys.
	ByClass map[string]float64 `json:"by_class,omitempty" yaml:"by_class,omitempty"`
	// IO is off-CPU waiting time (device, network, remote servers, sleeps)
	// per I/O kind.
	IO map[manifest.IOKind]Estimate `json:"io,omitempty" yaml:"io,omitempty"`
	// AllocCount and AllocBytes are the heap allocations per call; GC cost
	// depends on the whole program's live heap, so it is left to GCCPU.
	AllocCount float64 `json:"alloc_count" yaml:"alloc_count"`
	AllocBytes float64 `json:"alloc_bytes" yaml:"alloc_bytes"`
}

// Wait returns the total off-CPU time of c.
func (c Cost) Wait() Estimate {
	var w Estimate
	for _, k := range manifest.IOKinds {
		w = w.Add(c.IO[k])
	}
	return w
}

// Latency returns CPU plus waiting: the time one call takes when it runs
// alone on an idle core.
func (c Cost) Latency() Estimate { return c.CPU.Add(c.Wait()) }

// NSPerCycle returns the length of one core cycle in nanoseconds at the
// all-core turbo clock.
func (p *Profile) NSPerCycle() float64 { return 1 / p.Clock.TurboAllCoreGHz }

// OpNS returns the point estimate of one operation of class c, in ns.
func (p *Profile) OpNS(c manifest.OpClass) float64 { return p.Ops[c].Charged(c) * p.NSPerCycle() }

// Evaluate returns the cost of one call of f on p. Size variables take their
// values from env, then from f.Vars' defaults; a variable with neither is an
// error. env may be nil.
//
// Every operation costs its in-cache figure (the profile's Ops, measured on
// working sets that fit in L1 and L2): Evaluate is EvaluateWorkingSet with
// no working set, right for code whose data stays in cache and the only
// choice for callers that do not know the data's size.
func (p *Profile) Evaluate(f *manifest.Function, env func(name string) (float64, bool)) (Cost, error) {
	return p.EvaluateWorkingSet(f, env, 0)
}

// EvaluateWorkingSet is Evaluate for code whose random accesses
// (RandomAccessClasses) land in a working set of workingSet bytes: each
// such operation also pays MissCycles(workingSet)/Memory.RandomOverlap (independent
// accesses overlap their misses), and each step of a
// descent through a linked structure (manifest.OpDescent)
// DescentMissCycles(workingSet), reported together under the extra ByClass
// key "cachemiss". workingSet <= 0 (unknown, or nothing live) charges no
// misses, the same as Evaluate.
func (p *Profile) EvaluateWorkingSet(f *manifest.Function, env func(name string) (float64, bool), workingSet float64) (Cost, error) {
	lookup := func(name string) (float64, bool) {
		if env != nil {
			if v, ok := env(name); ok {
				return v, true
			}
		}
		for _, v := range f.Vars {
			if v.Name == name {
				return v.Default, true
			}
		}
		return 0, false
	}
	// what and detail name the field in errors ("cpu" "int" → cpu.int); they
	// are joined only on error, to keep evaluation free of allocations.
	eval := func(e expr.Expr, what, detail string) (float64, error) {
		x, err := e.Eval(lookup)
		if err != nil {
			return 0, fmt.Errorf("%s: %s%s: %w", f.Name, what, detail, err)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("%s: %s%s evaluates to %g", f.Name, what, detail, x)
		}
		return max(x, 0), nil
	}
	ns := p.NSPerCycle()
	c := Cost{ByClass: make(map[string]float64, len(f.CPU)+2)}
	var cyc, lo, hi float64
	miss := p.MissCycles(workingSet)
	var randomAccesses, chainMiss float64
	for _, class := range manifest.OpClasses {
		e, ok := f.CPU[class]
		if !ok {
			continue
		}
		n, err := eval(e, "cpu.", string(class))
		if err != nil {
			return Cost{}, err
		}
		oc, ok := p.Ops[class]
		if !ok {
			return Cost{}, fmt.Errorf("profile %s has no cost for operation class %q", p.Name, class)
		}
		l, h := oc.band()
		each := oc.Charged(class)
		cyc += n * each
		lo += n * l
		hi += n * h
		if n > 0 {
			c.ByClass[string(class)] = n * each * ns
		}
		if miss > 0 && isRandomAccess(class) {
			randomAccesses += n
		}
	}
	if e, ok := f.CPU[manifest.OpDescent]; ok && workingSet > 0 {
		n, err := eval(e, "cpu.", string(manifest.OpDescent))
		if err != nil {
			return Cost{}, err
		}
		chainMiss = n * p.DescentMissCycles(workingSet)
	}
	if m := randomAccesses*miss/max(p.Memory.RandomOverlap, 1) + chainMiss; m > 0 {
		cyc += m
		lo += m * (1 - missSpread)
		hi += m * (1 + missSpread)
		c.ByClass["cachemiss"] = m * ns
	}
	for class := range f.CPU {
		if _, ok := p.Ops[class]; !ok {
			return Cost{}, fmt.Errorf("%s: unknown operation class %q", f.Name, class)
		}
	}

	var err error
	if c.AllocCount, err = eval(f.Alloc.Count, "alloc.count", ""); err != nil {
		return Cost{}, err
	}
	if c.AllocBytes, err = eval(f.Alloc.Bytes, "alloc.bytes", ""); err != nil {
		return Cost{}, err
	}
	m := p.MallocCycles(c.AllocCount, c.AllocBytes)
	cyc += m
	lo += m * (1 - mallocSpread)
	hi += m * (1 + mallocSpread)
	if m > 0 {
		c.ByClass["malloc"] = m * ns
	}

	var ioCPU float64
	for _, io := range f.IO {
		count, err := eval(io.Count, "io."+string(io.Kind), ".count")
		if err != nil {
			return Cost{}, err
		}
		bytes, err := eval(io.Bytes, "io."+string(io.Kind), ".bytes")
		if err != nil {
			return Cost{}, err
		}
		cpuCycles, wait, err := p.ioCost(io.Kind, count, bytes)
		if err != nil {
			return Cost{}, fmt.Errorf("%s: %w", f.Name, err)
		}
		ioCPU += cpuCycles
		if wait != (Estimate{}) {
			if c.IO == nil {
				c.IO = map[manifest.IOKind]Estimate{}
			}
			c.IO[io.Kind] = c.IO[io.Kind].Add(wait)
		}
	}
	cyc += ioCPU
	lo += ioCPU
	hi += ioCPU
	if ioCPU > 0 {
		c.ByClass["io"] = ioCPU * ns
	}
	c.Cycles = cyc
	c.CPU = Estimate{NS: cyc * ns, Low: lo * ns, High: hi * ns}
	return c, nil
}

// RandomAccessClasses are the operation classes each of whose operations
// touches one cache line at an unpredictable place in the data structure it
// works on: a map lookup, assignment or delete reads the control word and
// slots of one group of the table its key hashes to (the directory and table
// headers are few and stay cached). Their in-cache cost is in the profile;
// EvaluateWorkingSet adds the misses of a large working set.
var RandomAccessClasses = []manifest.OpClass{manifest.OpMapDelete, manifest.OpMapRead, manifest.OpMapWrite}

func isRandomAccess(c manifest.OpClass) bool {
	for _, r := range RandomAccessClasses {
		if r == c {
			return true
		}
	}
	return false
}

// missSpread is the relative uncertainty of the miss charge: real access
// streams have more locality than uniform random (repeated or ordered keys:
// fewer misses) and hardware overlaps independent misses (memory-level
// parallelism), while TLB misses add to each one.
const missSpread = 0.5

// MissCycles returns the expected cycles that one access to a uniformly
// random cache line of a working set of workingSet bytes costs beyond an L1
// hit, which the in-cache operation costs already contain.
//
// The model is the average memory access time of a hierarchy (Hennessy and
// Patterson, Computer Architecture: A Quantitative Approach, §B.2) with the
// miss ratios of uniformly random references: a level holding C of the W
// bytes touched at random holds the line with probability min(1, C/W)
// (under the independent reference model with equal probabilities, any
// replacement policy keeps C/W of the lines; Coffman and Denning, Operating
// Systems Theory, 1973, ch. 6), so the access misses it with probability
// max(0, 1 − C/W) and then pays the difference between the next level's
// load-to-use latency and this one's:
//
//	extra = Σ_levels max(0, 1 − C_i/W) × (lat_{i+1} − lat_i)
//
// with the profile's caches from L1d outward and main memory last
// (Memory.LatencyNs at the all-core clock). Each level counts at its full
// size: the code is taken to run alone (as a benchmark does), so a shared L3
// is all its own; under load on every core its share is smaller. Caches
// are treated as inclusive (a non-inclusive L3 holds a little more) and TLB
// misses are not modelled separately (the calibrated latencies include
// those of the probe's pages). workingSet <= 0 returns 0.
func (p *Profile) MissCycles(workingSet float64) float64 {
	if workingSet <= 0 || len(p.Caches) == 0 {
		return 0
	}
	extra := 0.0
	for i, c := range p.Caches {
		next := p.Memory.LatencyNs * p.Clock.TurboAllCoreGHz
		if i+1 < len(p.Caches) {
			next = p.Caches[i+1].LatencyCycles
		}
		missRatio := max(0, 1-c.SizeKiB*1024/workingSet)
		extra += missRatio * max(next-c.LatencyCycles, 0)
	}
	return extra
}

// lineBytes is the unit caches hold; a structure's nodes, spread over the
// heap, take at least one line each as a descent sees them.
const lineBytes = 64

// DescentMissCycles returns the expected cycles that one step of a descent
// through a linked structure of workingSet bytes (a search tree: node =
// node.Left or node.Right; manifest.OpDescent) costs beyond an L1 hit,
// which the in-cache cost of the step, the L1 load-to-use latency that a
// dependent load waits for (ops.descent), already contains.
//
// A descent visits one node per level, and every descent visits the top
// levels, so those are the most referenced lines and the ones a cache
// keeps: a level of a cache holding C bytes holds the top log2(C/line)
// levels of a balanced structure of W/line nodes, which has log2(W/line)
// levels in all. The step misses that level with the probability of being
// below them, and then pays the next level's extra latency, as in
// MissCycles:
//
//	extra = Σ_levels max(0, 1 − log2(C_i/line)/log2(W/line)) × (lat_{i+1} − lat_i)
//
// (the cache analysis of search trees, e.g. Rao and Ross, "Cache
// conscious indexing for decision-support in main memory", VLDB 1999: the
// top of a tree stays cached, each level below costs a miss). Against
// uniformly random references (MissCycles) far fewer steps miss: a tree
// twice the size of a cache misses it on one level of its log2(W/line),
// not on half of its references. Approximations: nodes are taken as one
// line each (two small nodes on a line, or a node spanning two, shift a
// level), the structure as balanced (a random binary search tree is 1.39
// times deeper), consecutive descents as unrelated (searches for nearby
// keys share their paths and miss less), and the working set as the
// structure (other live data competes for the caches too). A walk along
// one link (manifest.OpChase, a linked list) pays no misses: its nodes,
// allocated in the order they are linked, stream through the hardware
// prefetchers, and a step costs the L1 latency whatever the list's size.
// workingSet <= 0 returns 0.
func (p *Profile) DescentMissCycles(workingSet float64) float64 {
	lines := workingSet / lineBytes
	if lines <= 2 || len(p.Caches) == 0 {
		return 0
	}
	levels := math.Log2(lines)
	extra := 0.0
	for i, c := range p.Caches {
		next := p.Memory.LatencyNs * p.Clock.TurboAllCoreGHz
		if i+1 < len(p.Caches) {
			next = p.Caches[i+1].LatencyCycles
		}
		held := math.Log2(max(c.SizeKiB*1024/lineBytes, 1))
		missRatio := max(0, 1-held/levels)
		extra += missRatio * max(next-c.LatencyCycles, 0)
	}
	return extra
}

// mallocSpread is the relative uncertainty of the malloc curve: allocation
// cost varies with the span cache state, and our calibration residuals for
// allocation benchmarks stay within it.
const mallocSpread = 0.25

// MallocCycles returns the cycles to allocate count objects totalling bytes,
// taking every object at the average size (the manifest keeps totals only).
// Bytes without a count are the amortized reallocations of a growing
// structure (a few ever larger arrays over many operations): they cost
// what a byte costs at the largest size of the curve, where allocation is
// dominated by clearing (or faulting in) the memory.
func (p *Profile) MallocCycles(count, bytes float64) float64 {
	return p.Runtime.Malloc.cycles(count, bytes)
}

// cycles is the curve's cost of count objects totalling bytes, at their
// average size, and bytes without a count at the largest size's rate per
// byte (MallocCycles).
func (m Malloc) cycles(count, bytes float64) float64 {
	if count <= 0 {
		if bytes <= 0 {
			return 0
		}
		pts := m.Points
		if len(pts) == 0 || pts[len(pts)-1].Size <= 0 {
			return 0
		}
		last := pts[len(pts)-1]
		return bytes * last.Cycles / last.Size
	}
	return count * m.cyclesAt(bytes/count)
}

// SweepCycles returns what count allocations totalling bytes cost with the
// collector running beyond MallocCycles: the profile's steady curve at the
// average size (GC.Steady), or SweepCyclesPerByte per byte where it has
// none. Bytes without a count (a growing structure's reallocations) cost
// what a byte costs at the curve's largest size, as in MallocCycles.
func (p *Profile) SweepCycles(count, bytes float64) float64 {
	g := p.Runtime.GC
	if bytes <= 0 {
		return 0
	}
	if len(g.Steady) == 0 {
		return g.SweepCyclesPerByte * bytes
	}
	return max(Malloc{Points: g.Steady}.cycles(count, bytes), 0)
}

// cyclesAt interpolates the malloc curve at size bytes.
func (m Malloc) cyclesAt(size float64) float64 {
	pts := m.Points
	if len(pts) == 0 {
		return 0
	}
	if len(pts) == 1 || size <= pts[0].Size {
		return pts[0].Cycles
	}
	i := 1
	for i < len(pts)-1 && size > pts[i].Size {
		i++
	}
	a, b := pts[i-1], pts[i]
	return a.Cycles + (size-a.Size)*(b.Cycles-a.Cycles)/(b.Size-a.Size)
}

// minHeapBytes is the Go runtime's minimum heap goal at GOGC=100 (4 MiB,
// runtime/mgcpacer.go heapMinimum); it scales with GOGC.
const minHeapBytes = 4 << 20

// GCCPU returns the CPU time, in ns, that the garbage collector spends
// because allocBytes were allocated while liveHeapBytes were live, at the
// given GOGC (100 is the default; negative means off).
//
// The model: a GC cycle starts each time the heap grows by
// D = max(live, 4 MiB) × GOGC/100 bytes, so allocBytes cause allocBytes/D
// cycles; each cycle marks the live heap (MarkCyclesPerByte × live) and pays
// FixedCycles; the steady state's cost per allocation (sweeping, SweepCycles)
// is taken at the curve's largest size, the count being unknown.
func (p *Profile) GCCPU(allocBytes, liveHeapBytes float64, gogc int) float64 {
	if gogc < 0 || allocBytes <= 0 {
		return 0
	}
	g := p.Runtime.GC
	live := max(liveHeapBytes, 0)
	d := max(live, minHeapBytes) * float64(max(gogc, 1)) / 100
	cycles := allocBytes / d
	return (cycles*(g.FixedCycles+g.MarkCyclesPerByte*live) + p.SweepCycles(0, allocBytes)) * p.NSPerCycle()
}

// GCRun returns the CPU time, in ns, that the garbage collector spends over
// a run of n operations that each allocate allocs objects of allocBytes in
// all (allocs 0: unknown, see SweepCycles), of which retainBytes
// stay reachable (a structure the operations grow), starting with
// liveBytes live, at the given GOGC (negative: off).
//
// It follows the pacer cycle by cycle: a cycle starts once
// max(live, 4 MiB) × GOGC/100 bytes were allocated since the last one and
// marks what is live then, which grows by retainBytes per operation. With
// nothing retained every cycle marks liveBytes and the result is n times
// GCCPU's; a growing structure is marked again at each cycle, about twice
// its final size in all when everything is retained (the heap doubles
// between cycles). The run's last, partial interval is charged pro rata.
func (p *Profile) GCRun(n, allocs, allocBytes, retainBytes, liveBytes float64, gogc int) float64 {
	if gogc < 0 || allocBytes <= 0 || n <= 0 {
		return 0
	}
	g := p.Runtime.GC
	retain := min(max(retainBytes, 0), allocBytes)
	live := max(liveBytes, 0)
	ratio := float64(max(gogc, 1)) / 100
	cycles := 0.0
	for done, steps := 0.0, 0; done < n; steps++ {
		ops := max(live, minHeapBytes) * ratio / allocBytes // operations until the next cycle
		if retain == 0 || steps >= maxGCSteps {
			// The live heap no longer changes (or the remaining
			// growth is spread over very many cycles): the rest of the
			// run is at a steady rate.
			cycles += (n - done) / ops * (g.FixedCycles + g.MarkCyclesPerByte*live)
			break
		}
		if done+ops >= n {
			cycles += (n - done) / ops * (g.FixedCycles + g.MarkCyclesPerByte*(live+(n-done)*retain))
			break
		}
		done += ops
		live += ops * retain
		cycles += g.FixedCycles + g.MarkCyclesPerByte*live
	}
	cycles += p.SweepCycles(allocs*n, allocBytes*n)
	return cycles * p.NSPerCycle()
}

// FreshMemoryNS returns the time, in ns, to fault in bytes of memory the
// process touches for the first time (a heap that grows into fresh pages),
// a page fault per PageBytes.
func (p *Profile) FreshMemoryNS(bytes float64) float64 {
	if bytes <= 0 {
		return 0
	}
	return bytes / PageBytes * p.Runtime.PageFault.Cycles * p.NSPerCycle()
}

// maxGCSteps bounds GCRun's cycle-by-cycle walk; a run that retains little
// per operation relative to the heap would otherwise take a step per cycle
// of millions.
const maxGCSteps = 10000

// ioWaitSpread widens device and network waits into a band: the figures are
// typical medians of shared cloud infrastructure, where ×0.5 to ×2 is common.
const ioWaitSpread = 2.0

// ioCost returns the CPU cycles and the off-CPU wait of count operations of
// kind moving bytes in total.
func (p *Profile) ioCost(kind manifest.IOKind, count, bytes float64) (cpuCycles float64, wait Estimate, err error) {
	sys := p.Runtime.Syscall.Cycles
	copyCycles := bytes * p.Ops[manifest.OpMemBytes].Cycles
	band := func(ns float64) Estimate { return Estimate{ns, ns / ioWaitSpread, ns * ioWaitSpread} }
	netNS := bytes * 8 / p.Network.FlowGbps // bits / (Gbit/s) = ns
	rtt := p.Network.RTTUs * 1e3
	switch kind {
	case manifest.IOFileOpen:
		// openat + fstat + close; metadata normally cached.
		return 3 * count * sys, Estimate{0, 0, count * p.Disk.ReadLatencyUs * 1e3}, nil
	case manifest.IOFileRead:
		// Point: the data comes from the device; Low: the page cache.
		dev := count*p.Disk.ReadLatencyUs*1e3 + bytes/p.Disk.ReadMBps*1e3
		return count*sys + copyCycles, Estimate{dev, 0, dev * ioWaitSpread}, nil
	case manifest.IOFileWrite:
		// Point: the page cache absorbs the write; High: it reaches the device.
		dev := count*p.Disk.WriteLatencyUs*1e3 + bytes/p.Disk.WriteMBps*1e3
		return count*sys + copyCycles, Estimate{0, 0, dev}, nil
	case manifest.IOFileSync:
		return count * sys, band(count*p.Disk.SyncLatencyUs*1e3 + bytes/p.Disk.WriteMBps*1e3), nil
	case manifest.IONetDial:
		// socket + connect + epoll_ctl + getsockopt.
		return 4 * count * sys, band(count * p.Network.ConnectRTTs * rtt), nil
	case manifest.IONetRead, manifest.IONetWrite:
		return count*sys + copyCycles, band(netNS), nil
	case manifest.IOHTTP:
		// write the request, read the response (a pooled connection).
		return 2*count*sys + copyCycles, band(count*(rtt+p.Remote.HTTPServerUs*1e3) + netNS), nil
	case manifest.IOSQLQuery:
		return 2*count*sys + copyCycles, band(count*(rtt+p.Remote.SQLQueryUs*1e3) + netNS), nil
	case manifest.IOSQLExec:
		return 2*count*sys + copyCycles, band(count*(rtt+p.Remote.SQLExecUs*1e3) + netNS), nil
	case manifest.IOSyscall:
		return count*sys + copyCycles, Estimate{}, nil
	case manifest.IOSleep:
		return 0, Estimate{bytes, bytes, bytes}, nil
	case manifest.IOClock:
		// The vDSO reads the clock in user space: CPU only, no copy.
		return count * p.Runtime.Clock.Cycles, Estimate{}, nil
	case manifest.IORandom:
		return count*p.Runtime.Random.Cycles + bytes*p.Runtime.Random.CyclesPerByte, Estimate{}, nil
	}
	return 0, Estimate{}, fmt.Errorf("unknown I/O kind %q", kind)
}
