package costmodel

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/perfcast/perfcast/manifest"
)

// Profile is the cost model of one x86 microarchitecture (or of one
// calibrated host): clock, cycles per operation class, caches and memory,
// the Go runtime's costs, and disk and network characteristics. Every group
// of numbers names its sources (keys of Sources).
type Profile struct {
	Name              string            `yaml:"name" json:"name"`                                 // "sapphirerapids", or the host profile's name
	Title             string            `yaml:"title" json:"title"`                               // "Intel Xeon 4th gen (Sapphire Rapids)"
	Vendor            string            `yaml:"vendor" json:"vendor"`                             // "intel" or "amd"
	Microarchitecture string            `yaml:"microarchitecture" json:"microarchitecture"`       // core name, e.g. "Golden Cove"
	CPUID             CPUID             `yaml:"cpuid" json:"cpuid"`                               // how to recognise it on a host
	Base              string            `yaml:"base,omitempty" json:"base,omitempty"`             // for a calibrated host profile: the built-in profile it started from
	Calibrated        string            `yaml:"calibrated,omitempty" json:"calibrated,omitempty"` // for a calibrated host profile: "host, date, fit summary"
	Sources           map[string]string `yaml:"sources" json:"sources"`                           // citation key -> full citation

	Clock   Clock                       `yaml:"clock" json:"clock"`
	Branch  Branch                      `yaml:"branch" json:"branch"`
	Ops     map[manifest.OpClass]OpCost `yaml:"ops" json:"ops"`
	Caches  []Cache                     `yaml:"caches" json:"caches"` // from L1d outward
	Memory  Memory                      `yaml:"memory" json:"memory"`
	Runtime Runtime                     `yaml:"runtime" json:"runtime"`
	Disk    Disk                        `yaml:"disk" json:"disk"`
	Network Network                     `yaml:"network" json:"network"`
	Remote  Remote                      `yaml:"remote" json:"remote"`

	file string // where it was loaded from, for messages
}

// CPUID identifies the processors a profile describes, as /proc/cpuinfo
// reports them.
type CPUID struct {
	Vendor string `yaml:"vendor" json:"vendor"` // "GenuineIntel" or "AuthenticAMD"
	Family int    `yaml:"family" json:"family"`
	Models []int  `yaml:"models" json:"models"`
}

// Clock is the core clock. Costs in cycles are turned into time at
// TurboAllCoreGHz, the frequency a busy server core actually runs at.
type Clock struct {
	BaseGHz         float64  `yaml:"base_ghz" json:"base_ghz"`
	TurboAllCoreGHz float64  `yaml:"turbo_all_core_ghz" json:"turbo_all_core_ghz"`
	TurboMaxGHz     float64  `yaml:"turbo_max_ghz" json:"turbo_max_ghz"`
	SMT             int      `yaml:"smt" json:"smt"` // hardware threads per core; a cloud vCPU is one of them
	Src             []string `yaml:"src" json:"src"`
}

// Branch holds the branch predictor's cost.
type Branch struct {
	MispredictCycles float64  `yaml:"mispredict_cycles" json:"mispredict_cycles"`
	Src              []string `yaml:"src" json:"src"`
}

// OpCost is the cost of one operation of a class, in core cycles.
//
// Latency and RThroughput are the instruction-level figures (as uops.info
// and Agner Fog tabulate them) for classes that are single instructions; they
// are zero for runtime operations. Cycles is the point estimate for the
// operation in typical compiled Go code; Low and High bound it: by default
// RThroughput (every operation overlapped) and Latency (every operation on
// the critical path).
type OpCost struct {
	Latency     float64  `yaml:"lat,omitempty" json:"lat,omitempty"`
	RThroughput float64  `yaml:"rthru,omitempty" json:"rthru,omitempty"`
	Cycles      float64  `yaml:"cycles" json:"cycles"`
	Low         float64  `yaml:"low,omitempty" json:"low,omitempty"`
	High        float64  `yaml:"high,omitempty" json:"high,omitempty"`
	Src         []string `yaml:"src" json:"src"`
}

// Charged is what one operation of class costs in the model: Cycles,
// except that an interface method call costs at least its latency. The
// icall kernels' fit is the marginal cost of one more call in a loop that
// already makes two to four, which the core overlaps (1.9 cycles on a Zen 5
// guest); an operation whose loop makes one such call pays more (one icall
// per iteration, its result dropped: 4.5 cycles measured there; summed:
// 6.7; a pointer method returning a map's length: 8), and a chain of them
// (glob's nested matchers) more still. The call and closure-call kernels
// chain each call on the one before and fit near their latency already.
func (c OpCost) Charged(class manifest.OpClass) float64 {
	if class == manifest.OpCallIface && c.Latency > c.Cycles {
		return c.Latency
	}
	return c.Cycles
}

// band returns the low and high cycles of c, applying the defaults.
func (c OpCost) band() (lo, hi float64) {
	lo, hi = c.Low, c.High
	if lo == 0 {
		lo = c.RThroughput
	}
	if hi == 0 {
		hi = c.Latency
	}
	if lo == 0 || lo > c.Cycles {
		lo = c.Cycles
	}
	if hi < c.Cycles {
		hi = c.Cycles
	}
	return lo, hi
}

// Cache is one level of the data-cache hierarchy.
type Cache struct {
	Level         string   `yaml:"level" json:"level"` // "L1d", "L2", "L3"
	SizeKiB       float64  `yaml:"size_kib" json:"size_kib"`
	SharedBy      int      `yaml:"shared_by" json:"shared_by"` // cores sharing one instance (1 = private)
	LatencyCycles float64  `yaml:"latency_cycles" json:"latency_cycles"`
	Src           []string `yaml:"src" json:"src"`
}

// Memory is main memory as one core sees it.
type Memory struct {
	LatencyNs           float64 `yaml:"latency_ns" json:"latency_ns"`                       // idle load-to-use latency
	SocketBandwidthGBps float64 `yaml:"socket_bandwidth_gbps" json:"socket_bandwidth_gbps"` // sustained, whole socket, GB/s
	CoreBandwidthGBps   float64 `yaml:"core_bandwidth_gbps" json:"core_bandwidth_gbps"`     // what one core can pull, GB/s
	// RandomOverlap is how many independent random accesses' misses the
	// core has in flight together (>= 1): a loop's map operations on keys
	// it does not derive from earlier lookups run ahead in the
	// out-of-order window, so each pays MissCycles/RandomOverlap, not
	// the dependent latency the caches' figures are. Profiles written
	// before it existed get RandomOverlapEst.
	RandomOverlap float64  `yaml:"random_overlap,omitempty" json:"random_overlap,omitempty"`
	Src           []string `yaml:"src" json:"src"`
}

// RandomOverlapEst is the RandomOverlap of a profile that does not give
// one, as measured on a Zen 5 guest (2026-12-05, thread CPU time,
// go1.26): the lookups of map[int]int and map[any]any at 10k and 100k
// entries (working sets of 0.25 to 5.5 MB) cost 4 to 40 cycles beyond the
// same operations in cache, 1.5 to 2.5 times less than the misses that a
// pointer chase measured on the same host at those sizes predicts. That is
// far below what the reorder buffer alone would allow (a lookup is some
// 30 to 60 instructions; Zen 5's buffer holds 448): what binds is the
// lookups' own dependent loads (group, then slot) and their data-dependent
// branches (the probe loop's match tests), whose mispredictions drain the
// window — alike on every core, so the built-in profiles take the same.
const RandomOverlapEst = 2

// RandomOverlapEstKey is the citation key of RandomOverlapEst.
const RandomOverlapEstKey = "random-overlap-est"

// RandomOverlapSource is the citation of RandomOverlapEst.
const RandomOverlapSource = "est: independent random accesses overlap their misses 2 at a time: measured on a Zen 5 guest (2026-12-05, go1.26) as the extra cycles of map[int]int and map[any]any lookups at 10k and 100k entries over the same lookups in cache, 1.5 to 2.5 times less than a pointer chase on the same host predicts; bound by the lookups' dependent loads and mispredicted match branches rather than by the reorder buffer, so taken the same on every core"

// defaultRandomOverlap gives a profile without a RandomOverlap the
// estimate (profiles written before the field existed keep loading).
func (p *Profile) defaultRandomOverlap() {
	if p.Memory.RandomOverlap > 0 {
		return
	}
	p.Memory.RandomOverlap = RandomOverlapEst
	if !slices.Contains(p.Memory.Src, RandomOverlapEstKey) {
		p.Memory.Src = append(p.Memory.Src, RandomOverlapEstKey)
	}
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	if _, ok := p.Sources[RandomOverlapEstKey]; !ok {
		p.Sources[RandomOverlapEstKey] = RandomOverlapSource
	}
}

// Runtime holds the costs of the Go runtime's own work.
type Runtime struct {
	Malloc  Malloc  `yaml:"malloc" json:"malloc"`
	GC      GC      `yaml:"gc" json:"gc"`
	Syscall Syscall `yaml:"syscall" json:"syscall"`
	// PageFault is what touching a page of fresh memory costs; profiles
	// written before it existed get PageFaultEstCycles (defaultPageFault).
	PageFault PageFault `yaml:"page_fault,omitempty" json:"page_fault,omitempty"`
	// Clock and Random are what reading the system clock and the kernel's
	// randomness cost; profiles written before they existed get the
	// estimates ClockEstCycles and RandomEst* (defaultClockRandom).
	Clock  ClockRead  `yaml:"clock,omitempty" json:"clock,omitempty"`
	Random RandomRead `yaml:"random,omitempty" json:"random,omitempty"`
}

// ClockRead is the cost of one read of the system clock: clock_gettime through
// the vDSO, which Go calls without entering the kernel (time.Now reads two
// clocks, wall and monotonic; time.Since and the runtime's nanotime one).
// It is host-dependent: a TSC clock source costs tens of cycles, a
// paravirtual one (kvm-clock, Hyper-V's) a hundred or more, and a clock
// source the vDSO cannot read falls back to a system call.
type ClockRead struct {
	Cycles float64  `yaml:"cycles" json:"cycles"` // per clock read
	Src    []string `yaml:"src" json:"src"`
}

// RandomRead is the cost of one read of the kernel's cryptographic randomness,
// which crypto/rand reaches outside FIPS mode: getrandom(2), through the
// vDSO on Linux 6.11 and later (Go 1.24+), a system call before.
type RandomRead struct {
	Cycles        float64  `yaml:"cycles" json:"cycles"`                   // per read
	CyclesPerByte float64  `yaml:"cycles_per_byte" json:"cycles_per_byte"` // per byte read
	Src           []string `yaml:"src" json:"src"`
}

// ClockEstCycles is the clock-read cost of a profile that does not give
// one: clock_gettime through the vDSO with a TSC clock source, about 20 ns
// on current x86 servers (time.Now, two reads, benchmarks at 40-50 ns on
// bare-metal Linux).
const ClockEstCycles = 70

// RandomEstCycles and RandomEstCyclesPerByte are the randomness cost of a
// profile that does not give one: crypto/rand.Read measured at 43 ns per
// call and 2.9 ns per byte on a Zen 5 KVM guest (Linux 6.18, go1.26,
// 2026-12-05), at about 3.5 GHz.
const (
	RandomEstCycles        = 150
	RandomEstCyclesPerByte = 10
)

// clockRandomEst is the citation key of the clock and randomness estimates.
const clockRandomEst = "clock-random-est"

// defaultClockRandom gives a profile without clock or randomness costs the
// estimates (profiles written before the fields existed keep loading).
func (p *Profile) defaultClockRandom() {
	cited := false
	if p.Runtime.Clock.Cycles <= 0 {
		p.Runtime.Clock = ClockRead{Cycles: ClockEstCycles, Src: []string{clockRandomEst}}
		cited = true
	}
	if p.Runtime.Random.Cycles <= 0 {
		p.Runtime.Random = RandomRead{Cycles: RandomEstCycles, CyclesPerByte: RandomEstCyclesPerByte, Src: []string{clockRandomEst}}
		cited = true
	}
	if !cited {
		return
	}
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	if _, ok := p.Sources[clockRandomEst]; !ok {
		p.Sources[clockRandomEst] = "est: a clock read (vDSO clock_gettime, TSC clock source) about 20 ns, time.Now two of them; crypto/rand.Read 43 ns per call plus 2.9 ns per byte (perfcast calibrate's probe on a Zen 5 KVM guest, Linux 6.18, go1.26, 2026-12-05)"
	}
}

// Malloc is the cost of one heap allocation as a function of its size:
// points (size in bytes, cycles per object) interpolated linearly, extended
// beyond the last point at the last segment's slope. It includes zeroing.
type Malloc struct {
	Points []MallocPoint `yaml:"points" json:"points"` // sorted by Size
	Src    []string      `yaml:"src" json:"src"`
}

// MallocPoint is the cost of allocating one object of Size bytes.
type MallocPoint struct {
	Size   float64 `yaml:"size" json:"size"`
	Cycles float64 `yaml:"cycles" json:"cycles"`
}

// GC is the garbage collector's cost model; see GCCPU.
type GC struct {
	MarkCyclesPerByte  float64 `yaml:"mark_cycles_per_byte" json:"mark_cycles_per_byte"`   // per live heap byte, per GC cycle
	SweepCyclesPerByte float64 `yaml:"sweep_cycles_per_byte" json:"sweep_cycles_per_byte"` // per allocated byte, where Steady is empty
	// Steady is what one allocation of an object of Size bytes costs with
	// the collector running, beyond the malloc curve (measured with it
	// off): sweeping and re-initialising spans, fresh cache lines, objects
	// allocated black during a cycle. Points are interpolated, and
	// extended, as the malloc curve's (SweepCycles). It is measured by perfcast
	// calibrate at the malloc curve's sizes and, where present, replaces
	// SweepCyclesPerByte: per byte it is far from constant (a 16-byte
	// object adds a third of a cycle per byte on a Zen 5 guest, a 512-byte
	// one more than a cycle).
	Steady      []MallocPoint `yaml:"steady,omitempty" json:"steady,omitempty"`
	FixedCycles float64       `yaml:"fixed_cycles" json:"fixed_cycles"` // per GC cycle (stop-the-world phases, stacks, globals)
	Src         []string      `yaml:"src" json:"src"`
}

// Syscall is the CPU cost of entering and leaving the kernel for a trivial
// system call (getpid) through the Go runtime (entersyscall/exitsyscall).
type Syscall struct {
	Cycles float64  `yaml:"cycles" json:"cycles"`
	Src    []string `yaml:"src" json:"src"`
}

// PageFault is the cost of the first touch of a page of memory the process
// has just mapped: the kernel's minor fault (entry and exit, allocating a
// page, clearing it, the page-table update), and under a hypervisor the
// host's own fault when it backs guest memory lazily. Go's heap grows into
// fresh mappings, so a heap that keeps growing pays one per PageBytes.
type PageFault struct {
	Cycles float64  `yaml:"cycles" json:"cycles"` // per PageBytes page
	Src    []string `yaml:"src" json:"src"`
}

// PageBytes is the page the kernel faults in: 4 KiB on amd64 Linux. Go's
// heap does not ask for transparent huge pages (since Go 1.21.1), so under
// the usual THP setting "madvise" it gets these.
const PageBytes = 4096

// PageFaultEstCycles is the page-fault cost of a profile that does not
// give one: a minor fault on a bare-metal Linux host, about 1 µs (median
// 3241 cycles measured by rdtsc around the first touch of an anonymous
// page, Linux 6.6 on a 3.2 GHz core). Guests of hypervisors that back
// memory lazily pay several times more; perfcast calibrate measures it.
const PageFaultEstCycles = 3000

// pageFaultEst is the citation key of PageFaultEstCycles.
const pageFaultEst = "pagefault-est"

// defaultPageFault gives a profile without a page-fault cost the estimate
// (profiles written before the field existed keep loading).
func (p *Profile) defaultPageFault() {
	if p.Runtime.PageFault.Cycles > 0 {
		return
	}
	p.Runtime.PageFault = PageFault{Cycles: PageFaultEstCycles, Src: []string{pageFaultEst}}
	if p.Sources == nil {
		p.Sources = map[string]string{}
	}
	if _, ok := p.Sources[pageFaultEst]; !ok {
		p.Sources[pageFaultEst] = "est: a minor page fault (first touch of an anonymous 4 KiB page) on bare-metal Linux costs about 1 µs: median 3241 cycles by rdtsc around the first touch, Linux 6.6, 3.2 GHz core (https://ddumbying.vercel.app/experiments/pagefault-latency); 1-10 µs is the usual range quoted for minor faults"
	}
}

// Disk is the block storage a cloud VM of this generation typically has
// (network-attached SSD).
type Disk struct {
	Kind           string   `yaml:"kind" json:"kind"`
	ReadLatencyUs  float64  `yaml:"read_latency_us" json:"read_latency_us"`   // one 4-16 KiB random read
	WriteLatencyUs float64  `yaml:"write_latency_us" json:"write_latency_us"` // one device write
	SyncLatencyUs  float64  `yaml:"sync_latency_us" json:"sync_latency_us"`   // fsync of a small write
	ReadMBps       float64  `yaml:"read_mbps" json:"read_mbps"`               // sequential, MB/s
	WriteMBps      float64  `yaml:"write_mbps" json:"write_mbps"`
	Src            []string `yaml:"src" json:"src"`
}

// Network is the data-centre network between VMs of one zone.
type Network struct {
	RTTUs       float64  `yaml:"rtt_us" json:"rtt_us"`             // round trip between two VMs in one zone
	FlowGbps    float64  `yaml:"flow_gbps" json:"flow_gbps"`       // what one TCP flow sustains
	ConnectRTTs float64  `yaml:"connect_rtts" json:"connect_rtts"` // round trips to set up a connection (TCP = 1, +TLS 1.3 = 2)
	Src         []string `yaml:"src" json:"src"`
}

// Remote holds assumed service times of the servers a program calls: they
// are properties of the workload, not of the hardware, and a scenario should
// override them; the defaults make an outgoing call cost something plausible.
type Remote struct {
	HTTPServerUs float64  `yaml:"http_server_us" json:"http_server_us"`
	SQLQueryUs   float64  `yaml:"sql_query_us" json:"sql_query_us"`
	SQLExecUs    float64  `yaml:"sql_exec_us" json:"sql_exec_us"`
	Src          []string `yaml:"src" json:"src"`
}

// File returns where p was loaded from: "builtin:NAME" or a path.
func (p *Profile) File() string { return p.file }

//go:embed data/profiles/*.yaml
var profileFS embed.FS

var builtin = sync.OnceValues(func() ([]*Profile, error) {
	ents, err := fs.ReadDir(profileFS, "data/profiles")
	if err != nil {
		return nil, err
	}
	var ps []*Profile
	for _, e := range ents {
		data, err := profileFS.ReadFile("data/profiles/" + e.Name())
		if err != nil {
			return nil, err
		}
		p, err := ParseProfile("builtin:"+e.Name(), data)
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(e.Name(), ".yaml"); p.Name != want {
			return nil, fmt.Errorf("builtin:%s: profile name %q does not match file name", e.Name(), p.Name)
		}
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b *Profile) int { return strings.Compare(a.Name, b.Name) })
	return ps, nil
})

// Profiles returns the built-in profiles, sorted by name. The slice and the
// profiles are shared: do not modify them.
func Profiles() []*Profile {
	ps, err := builtin()
	if err != nil {
		panic("costmodel: built-in profile data is broken: " + err.Error())
	}
	return ps
}

// LoadProfile returns the built-in profile called nameOrFile, or, if
// nameOrFile looks like a file (it contains a path separator or ends in
// .yaml or .yml), the profile in that file. An unknown name is an error that
// lists the closest built-in names.
func LoadProfile(nameOrFile string) (*Profile, error) {
	if strings.ContainsAny(nameOrFile, `/\`) || path.Ext(nameOrFile) == ".yaml" || path.Ext(nameOrFile) == ".yml" {
		data, err := os.ReadFile(nameOrFile)
		if err != nil {
			return nil, err
		}
		return ParseProfile(nameOrFile, data)
	}
	var names []string
	for _, p := range Profiles() {
		if p.Name == nameOrFile {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return nil, UnknownNameError("profile", nameOrFile, names)
}

// ParseProfile decodes and validates a profile from data; file names it in
// errors.
func ParseProfile(file string, data []byte) (*Profile, error) {
	d := newDecoder(file)
	p := new(Profile)
	if err := d.decodeDocument(data, p); err != nil {
		return nil, err
	}
	p.defaultChainOps()
	p.DefaultMispredictOp()
	p.defaultAtomicOp()
	p.defaultPageFault()
	p.defaultClockRandom()
	p.defaultRandomOverlap()
	if err := p.validate(d); err != nil {
		return nil, err
	}
	p.file = file
	return p, nil
}

// ChainClasses are the operation classes of dependent-load chains
// (manifest.OpChase, manifest.OpDescent). Profiles written before they
// existed lack them; such a profile gets each from its L1d level, whose
// latency is what a dependent load costs in cache (for a calibrated
// profile, measured by the same pointer chase), so that old profiles
// keep loading while the decoding stays strict about everything present.
var ChainClasses = []manifest.OpClass{manifest.OpChase, manifest.OpDescent}

// DefaultMispredictOp gives the operation class manifest.OpMispredict (a
// branch the predictor got wrong) the profile's branch.mispredict_cycles
// when its ops do not price it: the penalty is what the branch probe
// measures (the cycles a mispredicted branch adds over a predicted one,
// the pipeline's refill), so a profile needs no second figure for it, and
// profiles written before the class existed keep loading. The band is the
// probe's own spread between cores of one family (from two thirds of the
// penalty to half as much again: the refill depends on where the branch
// resolves).
func (p *Profile) DefaultMispredictOp() {
	if p.Ops == nil || !(p.Branch.MispredictCycles > 0) {
		return
	}
	if _, ok := p.Ops[manifest.OpMispredict]; ok {
		return
	}
	m := p.Branch.MispredictCycles
	p.Ops[manifest.OpMispredict] = OpCost{Cycles: m, Low: m * 2 / 3, High: m * 1.5, Src: slices.Clone(p.Branch.Src)}
}

// baseProfiles is builtin, reached through a variable: the built-in
// profiles are parsed by ParseProfile, which looks a base up in them.
var baseProfiles func() ([]*Profile, error)

func init() { baseProfiles = builtin }

// defaultAtomicOp gives a calibrated host profile written before the
// class manifest.OpAtomic existed its base profile's figure, with the
// sources it cites, so that such profiles keep loading; a profile without
// a base must give the class itself.
func (p *Profile) defaultAtomicOp() {
	if p.Ops == nil || p.Base == "" {
		return
	}
	if _, ok := p.Ops[manifest.OpAtomic]; ok {
		return
	}
	ps, err := baseProfiles()
	if err != nil {
		return
	}
	for _, b := range ps {
		c, ok := b.Ops[manifest.OpAtomic]
		if b.Name != p.Base || !ok {
			continue
		}
		c.Src = slices.Clone(c.Src)
		p.Ops[manifest.OpAtomic] = c
		for _, s := range c.Src {
			if _, ok := p.Sources[s]; !ok {
				if p.Sources == nil {
					p.Sources = map[string]string{}
				}
				p.Sources[s] = b.Sources[s]
			}
		}
	}
}

// defaultChainOps fills the ChainClasses a profile does not give from its
// first cache level (validation reports a profile without caches or ops).
func (p *Profile) defaultChainOps() {
	if p.Ops == nil || len(p.Caches) == 0 || !(p.Caches[0].LatencyCycles > 0) {
		return
	}
	l1 := p.Caches[0]
	for _, c := range ChainClasses {
		if _, ok := p.Ops[c]; !ok {
			p.Ops[c] = OpCost{Latency: l1.LatencyCycles, Cycles: l1.LatencyCycles, Low: l1.LatencyCycles / 2, Src: slices.Clone(l1.Src)}
		}
	}
}

// validate checks that every value is present, in range, and cited.
func (p *Profile) validate(d *decoder) error {
	v := validator{d: d, sources: p.Sources}
	v.name("name", p.Name)
	v.nonEmpty("title", p.Title)
	v.oneOf("vendor", p.Vendor, "intel", "amd")
	v.nonEmpty("microarchitecture", p.Microarchitecture)
	v.oneOf("cpuid.vendor", p.CPUID.Vendor, "GenuineIntel", "AuthenticAMD")
	v.positive("cpuid.family", float64(p.CPUID.Family))
	if len(p.CPUID.Models) == 0 && p.Calibrated == "" {
		v.fail("cpuid.models", "must list at least one model")
	}
	if len(p.Sources) == 0 {
		v.fail("sources", "must cite at least one source")
	}
	for _, k := range sortedKeys(p.Sources) {
		v.nonEmpty("sources."+k, p.Sources[k])
	}

	v.positive("clock.base_ghz", p.Clock.BaseGHz)
	v.positive("clock.turbo_all_core_ghz", p.Clock.TurboAllCoreGHz)
	v.positive("clock.turbo_max_ghz", p.Clock.TurboMaxGHz)
	if p.Clock.TurboMaxGHz < p.Clock.TurboAllCoreGHz {
		v.fail("clock.turbo_max_ghz", "is below turbo_all_core_ghz")
	}
	if p.Clock.SMT != 1 && p.Clock.SMT != 2 {
		v.fail("clock.smt", "must be 1 or 2")
	}
	v.src("clock.src", p.Clock.Src)
	v.positive("branch.mispredict_cycles", p.Branch.MispredictCycles)
	v.src("branch.src", p.Branch.Src)

	for _, c := range manifest.OpClasses {
		f := "ops." + string(c)
		oc, ok := p.Ops[c]
		if !ok {
			v.fail("ops", "has no cost for operation class %q", c)
			continue
		}
		v.positive(f+".cycles", oc.Cycles)
		v.nonNegative(f+".lat", oc.Latency)
		v.nonNegative(f+".rthru", oc.RThroughput)
		v.nonNegative(f+".low", oc.Low)
		v.nonNegative(f+".high", oc.High)
		if oc.Low > 0 && oc.Low > oc.Cycles {
			v.fail(f+".low", "is above cycles")
		}
		if oc.High > 0 && oc.High < oc.Cycles {
			v.fail(f+".high", "is below cycles")
		}
		if oc.Latency > 0 && oc.RThroughput > oc.Latency && c != manifest.OpStore {
			v.fail(f+".rthru", "is above lat")
		}
		v.src(f+".src", oc.Src)
	}
	for _, k := range sortedKeys(p.Ops) {
		if !slices.Contains(manifest.OpClasses, manifest.OpClass(k)) {
			v.fail("ops."+k, "unknown operation class (known: %s)", joinClasses())
		}
	}

	if len(p.Caches) == 0 {
		v.fail("caches", "must list the cache levels")
	}
	prevSize, prevLat := 0.0, 0.0
	for i, c := range p.Caches {
		f := fmt.Sprintf("caches[%d]", i)
		v.nonEmpty(f+".level", c.Level)
		v.positive(f+".size_kib", c.SizeKiB)
		v.positive(f+".latency_cycles", c.LatencyCycles)
		v.positive(f+".shared_by", float64(c.SharedBy))
		if c.SizeKiB <= prevSize {
			v.fail(f+".size_kib", "must be larger than the level before")
		}
		if c.LatencyCycles <= prevLat {
			v.fail(f+".latency_cycles", "must be larger than the level before")
		}
		prevSize, prevLat = c.SizeKiB, c.LatencyCycles
		v.src(f+".src", c.Src)
	}
	v.positive("memory.latency_ns", p.Memory.LatencyNs)
	v.positive("memory.socket_bandwidth_gbps", p.Memory.SocketBandwidthGBps)
	v.positive("memory.core_bandwidth_gbps", p.Memory.CoreBandwidthGBps)
	if !(p.Memory.RandomOverlap >= 1) {
		v.fail("memory.random_overlap", "must be at least 1")
	}
	v.src("memory.src", p.Memory.Src)

	m := p.Runtime.Malloc
	if len(m.Points) < 2 {
		v.fail("runtime.malloc.points", "needs at least two points")
	}
	for i, pt := range m.Points {
		f := fmt.Sprintf("runtime.malloc.points[%d]", i)
		v.positive(f+".size", pt.Size)
		v.positive(f+".cycles", pt.Cycles)
		if i > 0 && pt.Size <= m.Points[i-1].Size {
			v.fail(f+".size", "points must be sorted by increasing size")
		}
	}
	v.src("runtime.malloc.src", m.Src)
	v.positive("runtime.gc.mark_cycles_per_byte", p.Runtime.GC.MarkCyclesPerByte)
	v.nonNegative("runtime.gc.sweep_cycles_per_byte", p.Runtime.GC.SweepCyclesPerByte)
	for i, pt := range p.Runtime.GC.Steady {
		f := fmt.Sprintf("runtime.gc.steady[%d]", i)
		v.positive(f+".size", pt.Size)
		v.nonNegative(f+".cycles", pt.Cycles)
		if i > 0 && pt.Size <= p.Runtime.GC.Steady[i-1].Size {
			v.fail(f+".size", "points must be sorted by increasing size")
		}
	}
	v.nonNegative("runtime.gc.fixed_cycles", p.Runtime.GC.FixedCycles)
	v.src("runtime.gc.src", p.Runtime.GC.Src)
	v.positive("runtime.syscall.cycles", p.Runtime.Syscall.Cycles)
	v.src("runtime.syscall.src", p.Runtime.Syscall.Src)
	v.positive("runtime.page_fault.cycles", p.Runtime.PageFault.Cycles)
	v.src("runtime.page_fault.src", p.Runtime.PageFault.Src)
	v.positive("runtime.clock.cycles", p.Runtime.Clock.Cycles)
	v.src("runtime.clock.src", p.Runtime.Clock.Src)
	v.positive("runtime.random.cycles", p.Runtime.Random.Cycles)
	v.nonNegative("runtime.random.cycles_per_byte", p.Runtime.Random.CyclesPerByte)
	v.src("runtime.random.src", p.Runtime.Random.Src)

	v.nonEmpty("disk.kind", p.Disk.Kind)
	v.positive("disk.read_latency_us", p.Disk.ReadLatencyUs)
	v.positive("disk.write_latency_us", p.Disk.WriteLatencyUs)
	v.positive("disk.sync_latency_us", p.Disk.SyncLatencyUs)
	v.positive("disk.read_mbps", p.Disk.ReadMBps)
	v.positive("disk.write_mbps", p.Disk.WriteMBps)
	v.src("disk.src", p.Disk.Src)
	v.positive("network.rtt_us", p.Network.RTTUs)
	v.positive("network.flow_gbps", p.Network.FlowGbps)
	v.positive("network.connect_rtts", p.Network.ConnectRTTs)
	v.src("network.src", p.Network.Src)
	v.positive("remote.http_server_us", p.Remote.HTTPServerUs)
	v.positive("remote.sql_query_us", p.Remote.SQLQueryUs)
	v.positive("remote.sql_exec_us", p.Remote.SQLExecUs)
	v.src("remote.src", p.Remote.Src)
	return v.err
}

func joinClasses() string {
	s := make([]string, len(manifest.OpClasses))
	for i, c := range manifest.OpClasses {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

// validator collects the first validation error, positioned by the decoder.
type validator struct {
	d       *decoder
	sources map[string]string
	err     error
}

func (v *validator) fail(field, format string, args ...any) {
	if v.err == nil {
		v.err = v.d.at(field, format, args...)
	}
}

func (v *validator) nonEmpty(field, s string) {
	if strings.TrimSpace(s) == "" {
		v.fail(field, "is missing or empty")
	}
}

func (v *validator) name(field, s string) {
	v.nonEmpty(field, s)
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			v.fail(field, "%q: use lower-case letters, digits, '-', '_' and '.'", s)
			return
		}
	}
}

func (v *validator) oneOf(field, s string, allowed ...string) {
	if !slices.Contains(allowed, s) {
		v.fail(field, "%q is not one of %s", s, strings.Join(allowed, ", "))
	}
}

func (v *validator) positive(field string, x float64) {
	if !(x > 0) {
		v.fail(field, "must be present and > 0 (got %g)", x)
	}
}

func (v *validator) nonNegative(field string, x float64) {
	if x < 0 {
		v.fail(field, "must be >= 0 (got %g)", x)
	}
}

// src checks that a group of numbers cites at least one known source.
func (v *validator) src(field string, keys []string) {
	if len(keys) == 0 {
		v.fail(field, "every value must cite a source (a key of sources)")
	}
	for i, k := range keys {
		if _, ok := v.sources[k]; !ok {
			v.fail(fmt.Sprintf("%s[%d]", field, i), "unknown source %q (known: %s)", k, strings.Join(sortedKeys(v.sources), ", "))
		}
	}
}
