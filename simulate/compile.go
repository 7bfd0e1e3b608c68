package simulate

import (
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
)

// Sources is where a scenario's outside inputs come from.
type Sources struct {
	// Dir is the directory relative paths in the scenario are resolved
	// against (the scenario file's own directory).
	Dir string
	// ReadManifest reads a manifest file. Nil means ReadManifestFile.
	ReadManifest func(path string) (*manifest.Manifest, error)
	// ReadBinary reads the manifest embedded in a built Go binary. The
	// command wires it to the manifest package's binary reader; nil makes
	// `binary:` services an error.
	ReadBinary func(path string) (*manifest.Manifest, error)
	// ReadFile reads other files (arrival traces). Nil means os.ReadFile.
	ReadFile func(path string) ([]byte, error)
}

// ReadManifestFile reads a manifest written as JSON or YAML, decoded
// strictly by manifest.Decode.
func ReadManifestFile(path string) (*manifest.Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return manifest.Decode(path, data)
}

// FSSources returns Sources that read manifests and arrival traces from
// fsys, with relative paths taken from dir (use "." for its root): for a
// scenario built into a binary with go:embed together with its manifests.
func FSSources(fsys fs.FS, dir string) Sources {
	read := func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = path.Join(dir, filepath.ToSlash(p))
		}
		return fs.ReadFile(fsys, path.Clean(p))
	}
	return Sources{
		ReadManifest: func(p string) (*manifest.Manifest, error) {
			data, err := read(p)
			if err != nil {
				return nil, err
			}
			return manifest.Decode(p, data)
		},
		ReadFile: read,
	}
}

// Compiled is a scenario turned into a model, with what was decided on
// the way: where replicas run and the load each station is offered.
type Compiled struct {
	Scenario  *Scenario
	Model     *Model
	Control   Control
	Placement []Placed
	// Offered is each station's utilization computed analytically from
	// the arrival rates and mean demands (with GC), before simulating.
	Offered  []float64
	Warnings []string
}

// Placed says which host a service's replica runs on.
type Placed struct {
	Service string `json:"service"`
	Replica int    `json:"replica"`
	Host    string `json:"host"`
	Cores   int    `json:"cores"` // servers of its station
}

// heapMinimum is the Go runtime's minimum heap goal increment at GOGC=100
// (runtime/mgcpacer.go heapMinimum), scaled by GOGC/100.
const heapMinimum = 4 << 20

type hostRT struct {
	spec     *HostSpec
	name     string
	vcpus    int
	mem      float64
	price    float64
	instance string
	profile  *costmodel.Profile
	cpuFree  float64
	memFree  float64
	replicas int
}

type compiler struct {
	sc       *Scenario
	src      Sources
	m        *Model
	hosts    []*hostRT
	svcIdx   map[string]int
	mans     []*manifest.Manifest
	funcs    []map[string]*manifest.Function
	calls    []map[string]float64 // per service: function name → calls multiplier
	endpoint map[string]int       // "service/endpoint" → node
	warn     []string
}

// Compile turns sc into a runnable model: reads manifests and traces,
// looks up instance types and hardware profiles in the cost model, places
// replicas on hosts, and checks the offered load analytically.
func Compile(sc *Scenario, src Sources) (*Compiled, error) {
	c := &compiler{sc: sc, src: src, m: &Model{}, svcIdx: map[string]int{}, endpoint: map[string]int{}}
	if c.src.ReadManifest == nil {
		c.src.ReadManifest = ReadManifestFile
	}
	if c.src.ReadFile == nil {
		c.src.ReadFile = os.ReadFile
	}
	if err := c.hostsAndServices(); err != nil {
		return nil, err
	}
	out := &Compiled{Scenario: sc, Model: c.m}
	if err := c.place(out); err != nil {
		return nil, err
	}
	if err := c.nodes(); err != nil {
		return nil, err
	}
	if err := c.classes(); err != nil {
		return nil, err
	}
	if err := c.m.Validate(); err != nil {
		return nil, sc.errorf("%v", err)
	}
	r := sc.Run
	out.Control = Control{
		Seed: sc.Seed, Warmup: r.Warmup, WarmupRequests: r.WarmupRequests, Duration: r.Duration,
		Requests: r.Requests, TargetRelCI: r.TargetCI, MaxInSystem: r.MaxInSystem, MaxEvents: uint64(r.MaxEvents),
	}
	out.Offered, c.warn = c.offered(c.warn)
	out.Warnings = c.warn
	return out, nil
}

func (c *compiler) path(p string) string {
	if p == "" || filepath.IsAbs(p) || c.src.Dir == "" {
		return p
	}
	return filepath.Join(c.src.Dir, p)
}

func (c *compiler) hostsAndServices() error {
	sc := c.sc
	for i := range sc.Hosts {
		h := &sc.Hosts[i]
		rt := hostRT{spec: h, vcpus: h.VCPUs, mem: h.Memory, price: h.PricePerHour}
		if h.Instance != "" {
			inst, err := costmodel.LookupInstance(h.Instance)
			if err != nil {
				return h.Pos.fieldErr("instance", "%v", err)
			}
			rt.instance = inst.Name
			if rt.vcpus == 0 {
				rt.vcpus = inst.VCPUs
			}
			if rt.mem == 0 {
				rt.mem = inst.MemoryGiB * (1 << 30)
			}
			if rt.price == 0 {
				rt.price = inst.PricePerHour
			}
			p, err := inst.HardwareProfile()
			if err != nil {
				return h.Pos.fieldErr("instance", "instance %s: %v", inst.Name, err)
			}
			rt.profile = p
		} else {
			p, err := costmodel.LoadProfile(h.Profile)
			if err != nil {
				return h.Pos.fieldErr("profile", "%v", err)
			}
			rt.profile = p
			rt.instance = h.Profile
		}
		base := h.Name
		if base == "" {
			base = rt.instance
		}
		for k := range h.Count {
			r := rt
			r.name = base
			if h.Count > 1 {
				r.name = base + "-" + strconv.Itoa(k)
			}
			r.cpuFree, r.memFree = float64(r.vcpus), r.mem
			c.hosts = append(c.hosts, &r)
			c.m.Hosts = append(c.m.Hosts, Host{Name: r.name, Instance: r.instance, VCPUs: r.vcpus, MemoryBytes: r.mem, PricePerHour: r.price})
		}
	}
	for i := range sc.Services {
		s := &sc.Services[i]
		c.svcIdx[s.Name] = i
		var man *manifest.Manifest
		var err error
		switch {
		case s.Manifest != "":
			man, err = c.src.ReadManifest(c.path(s.Manifest))
			if err != nil {
				return s.Pos.fieldErr("manifest", "%v", err)
			}
		case s.Binary != "":
			if c.src.ReadBinary == nil {
				return s.Pos.fieldErr("binary", "reading a manifest from a binary is not available in this build; give manifest: instead")
			}
			man, err = c.src.ReadBinary(c.path(s.Binary))
			if err != nil {
				return s.Pos.fieldErr("binary", "%v", err)
			}
		}
		fm := map[string]*manifest.Function{}
		if man != nil {
			for k := range man.Functions {
				fm[man.Functions[k].Name] = &man.Functions[k]
			}
		}
		mult := map[string]float64{}
		for _, f := range s.Functions {
			if man == nil {
				return f.errorf("service %q has no manifest, so it has no function %q", s.Name, f.Name)
			}
			if _, err := lookupFunc(fm, f.Name); err != nil {
				return f.errorf("service %q: %v", s.Name, err)
			}
			mult[f.Name] = f.Calls
		}
		c.mans = append(c.mans, man)
		c.funcs = append(c.funcs, fm)
		c.calls = append(c.calls, mult)
		bal := map[string]Balance{"round_robin": RoundRobin, "random": Random, "least_loaded": LeastLoaded}[s.Balance]
		c.m.Services = append(c.m.Services, Service{Name: s.Name, Balance: bal})
	}
	return nil
}

func (p Pos) fieldErr(field, format string, args ...any) error {
	return p.at(field).errorf(format, args...)
}

// lookupFunc finds a function by its full name, by a unique suffix after a
// '/' or '.' boundary ("shop.handleCheckout", "handleCheckout"), or, for
// "main.X", by X in the program's main package (the one whose func main
// is an entry point), as Go spells it in stack traces.
func lookupFunc(fm map[string]*manifest.Function, name string) (*manifest.Function, error) {
	if f, ok := fm[name]; ok {
		return f, nil
	}
	if rest, ok := strings.CutPrefix(name, "main."); ok {
		var hits []*manifest.Function
		for full, f := range fm {
			if pkg, ok := strings.CutSuffix(full, ".main"); ok && slices.Contains(f.Entry, manifest.EntryMain) {
				if g, ok := fm[pkg+"."+rest]; ok {
					hits = append(hits, g)
				}
			}
		}
		if len(hits) == 1 {
			return hits[0], nil
		}
	}
	var hits []string
	for full := range fm {
		if strings.HasSuffix(full, "."+name) || strings.HasSuffix(full, "/"+name) {
			hits = append(hits, full)
		}
	}
	slices.Sort(hits)
	switch len(hits) {
	case 1:
		return fm[hits[0]], nil
	case 0:
		var all []string
		for full := range fm {
			all = append(all, full)
		}
		slices.Sort(all)
		if len(all) > 8 {
			all = append(all[:8], "…")
		}
		return nil, fmt.Errorf("unknown function %q (the manifest has %s)", name, strings.Join(all, ", "))
	}
	return nil, fmt.Errorf("function %q is ambiguous: %s", name, strings.Join(hits, ", "))
}

// place puts every replica on a host (spread: the host with the most free
// CPU; binpack: the first host it fits on), respecting CPU and memory
// requests, and makes its station.
func (c *compiler) place(out *Compiled) error {
	for si := range c.sc.Services {
		s := &c.sc.Services[si]
		needsHW := c.mans[si] != nil
		if needsHW && len(c.hosts) == 0 {
			return s.errorf("service %q runs manifest functions, which need hosts (an instance type or hardware profile) to be costed", s.Name)
		}
		for k := range s.Replicas {
			host := -1
			if len(c.hosts) > 0 {
				for hi, h := range c.hosts {
					if h.cpuFree+1e-9 < s.Requests.CPU || (h.mem > 0 && h.memFree+1 < s.Requests.Memory) {
						continue
					}
					if host < 0 {
						host = hi
						if c.sc.Placement == "binpack" {
							break
						}
						continue
					}
					b := c.hosts[host]
					if h.cpuFree > b.cpuFree || (h.cpuFree == b.cpuFree && h.replicas < b.replicas) {
						host = hi
					}
				}
				if host < 0 {
					return s.Pos.fieldErr("replicas", "cannot place replica %d of %q: no host has %v CPU and %s free (add hosts or lower the requests)",
						k+1, s.Name, s.Requests.CPU, FormatBytes(s.Requests.Memory))
				}
				h := c.hosts[host]
				h.cpuFree -= s.Requests.CPU
				h.memFree -= s.Requests.Memory
				h.replicas++
			}
			servers, procs := c.cores(s, host)
			st := Station{
				Name: fmt.Sprintf("%s/%d", s.Name, k), Servers: servers, Host: host, Service: si,
				QueueLimit: s.QueueLimit, MemoryLimit: s.Limits.Memory,
			}
			if s.Discipline == "fcfs" {
				st.Discipline = FCFS
			} else {
				st.Discipline = PS
			}
			allocates := needsHW || slices.ContainsFunc(s.Endpoints, func(e EndpointSpec) bool { return e.Alloc != nil })
			if s.GOGC > 0 && allocates {
				trigger := math.Max(s.LiveHeap, heapMinimum) * s.GOGC / 100
				g := &GC{Trigger: trigger, LiveHeap: s.LiveHeap, GOMAXPROCS: procs}
				if host >= 0 {
					g.CycleCPU = c.hosts[host].profile.GCCPU(trigger, s.LiveHeap, int(s.GOGC)) / nsPerSec
				}
				st.GC = g
			}
			c.m.Stations = append(c.m.Stations, st)
			c.m.Services[si].Replicas = append(c.m.Services[si].Replicas, len(c.m.Stations)-1)
			hn := ""
			if host >= 0 {
				hn = c.hosts[host].name
			}
			out.Placement = append(out.Placement, Placed{Service: s.Name, Replica: k, Host: hn, Cores: servers})
			if dv := s.Device; dv != nil {
				c.m.Stations = append(c.m.Stations, Station{
					Name: fmt.Sprintf("%s/%d %s", s.Name, k, dv.Name), Servers: dv.Servers, Discipline: FCFS,
					Host: -1, Service: si, Device: true,
				})
				c.m.Services[si].Devices = append(c.m.Services[si].Devices, len(c.m.Stations)-1)
				out.Placement = append(out.Placement, Placed{Service: s.Name, Replica: k, Host: hn, Cores: dv.Servers})
			}
		}
		if s.Limits.CPU > 0 && s.Limits.CPU != math.Ceil(s.Limits.CPU) {
			c.warn = append(c.warn, fmt.Sprintf("service %s: CPU limit %v is fractional; the model gives it %v whole cores (CFS throttling is not modelled)", s.Name, s.Limits.CPU, math.Ceil(s.Limits.CPU)))
		}
	}
	cores := make([]int, len(c.hosts))
	for _, st := range c.m.Stations {
		if st.Host >= 0 && !st.Device {
			cores[st.Host] += st.Servers
		}
	}
	for hi, h := range c.hosts {
		if cores := cores[hi]; cores > h.vcpus {
			c.warn = append(c.warn, fmt.Sprintf("host %s: its replicas may use %d cores but it has %d vCPUs; when they do, they share them and slow down (CPU limits or requests avoid it)", h.name, cores, h.vcpus))
		}
	}
	return nil
}

// cores returns the station's servers and the process's GOMAXPROCS: Go's
// default GOMAXPROCS is the host's CPUs, capped by a CPU limit (Go 1.25+).
func (c *compiler) cores(s *ServiceSpec, host int) (servers, procs int) {
	procs = s.GOMAXPROCS
	if procs == 0 {
		procs = 1
		if host >= 0 {
			procs = c.hosts[host].vcpus
		}
		if s.Limits.CPU > 0 {
			procs = min(procs, int(math.Ceil(s.Limits.CPU)))
			if host < 0 {
				procs = int(math.Ceil(s.Limits.CPU))
			}
		}
	}
	servers = procs
	if s.Limits.CPU > 0 {
		servers = min(servers, int(math.Ceil(s.Limits.CPU)))
	}
	if host >= 0 {
		servers = min(servers, c.hosts[host].vcpus)
	}
	return max(servers, 1), max(procs, 1)
}

// nodes makes a node per synthetic endpoint; manifest functions get nodes
// as the class call trees are built.
func (c *compiler) nodes() error {
	for si := range c.sc.Services {
		s := &c.sc.Services[si]
		for _, e := range s.Endpoints {
			n := Node{Name: s.Name + "/" + e.Name, Service: si, CPU: e.CPU.Dist, Parallel: e.Parallel}
			if e.IO != nil {
				n.IO = e.IO.Dist
			}
			if e.Device != nil {
				n.Device = e.Device.Dist
			}
			if e.Alloc != nil {
				cpu, io, dev, alloc := e.CPU.Dist, n.IO, n.Device, e.Alloc.Dist
				n.Demand = func(r *rand.Rand, _ int) Demand {
					d := Demand{CPU: cpu.Sample(r), AllocBytes: alloc.Sample(r)}
					if io.Kind != 0 {
						d.IO = io.Sample(r)
					}
					if dev.Kind != 0 {
						d.Device = dev.Sample(r)
					}
					return d
				}
			}
			c.endpoint[s.Name+"/"+e.Name] = len(c.m.Nodes)
			c.m.Nodes = append(c.m.Nodes, n)
		}
	}
	// Endpoint calls may refer to any endpoint, including their own
	// (feedback), so they are linked once all exist.
	for si := range c.sc.Services {
		s := &c.sc.Services[si]
		for _, e := range s.Endpoints {
			ni := c.endpoint[s.Name+"/"+e.Name]
			for k := range e.Calls {
				call, err := c.call(&e.Calls[k], s.Name+"/"+e.Name, 1)
				if err != nil {
					return err
				}
				c.m.Nodes[ni].Calls = append(c.m.Nodes[ni].Calls, call)
			}
		}
	}
	return nil
}

// target returns the node a CallSpec runs, making one for a function.
func (c *compiler) target(cs *CallSpec, where string, depth int) (int, error) {
	if depth > maxDepth {
		return 0, cs.errorf("calls nested deeper than %d", maxDepth)
	}
	si, ok := c.svcIdx[cs.Service]
	if !ok {
		return 0, cs.Pos.fieldErr("service", "unknown service %q", cs.Service)
	}
	s := &c.sc.Services[si]
	switch {
	case cs.Endpoint != "" && cs.Function != "":
		return 0, cs.errorf("give function or endpoint, not both")
	case cs.Endpoint != "":
		ni, ok := c.endpoint[cs.Service+"/"+cs.Endpoint]
		if !ok {
			return 0, cs.Pos.fieldErr("endpoint", "service %q has no endpoint %q", cs.Service, cs.Endpoint)
		}
		if len(cs.Sizes) > 0 || len(cs.Calls) > 0 {
			return 0, cs.errorf("sizes and calls belong to function targets; an endpoint lists its own calls")
		}
		if cs.Variability != nil {
			return 0, cs.Variability.errorf("variability applies to manifest functions; an endpoint's cpu distribution already says how its CPU time varies")
		}
		return ni, nil
	case cs.Function == "":
		if len(s.Endpoints) == 1 && c.mans[si] == nil {
			if cs.Variability != nil {
				return 0, cs.Variability.errorf("variability applies to manifest functions; an endpoint's cpu distribution already says how its CPU time varies")
			}
			return c.endpoint[cs.Service+"/"+s.Endpoints[0].Name], nil
		}
		return 0, cs.errorf("which function (or endpoint) of service %q?", cs.Service)
	}
	if c.mans[si] == nil {
		return 0, cs.Pos.fieldErr("function", "service %q has no manifest to find function %q in", cs.Service, cs.Function)
	}
	f, err := lookupFunc(c.funcs[si], cs.Function)
	if err != nil {
		return 0, cs.Pos.fieldErr("function", "service %q: %v", cs.Service, err)
	}
	n, err := c.functionNode(si, f, cs)
	if err != nil {
		return 0, err
	}
	ni := len(c.m.Nodes)
	n.Name = where + ">" + s.Name + ":" + shortName(f.Name)
	c.m.Nodes = append(c.m.Nodes, n)
	for k := range cs.Calls {
		call, err := c.call(&cs.Calls[k], n.Name, depth+1)
		if err != nil {
			return 0, err
		}
		c.m.Nodes[ni].Calls = append(c.m.Nodes[ni].Calls, call)
	}
	return ni, nil
}

func shortName(full string) string {
	if i := strings.LastIndex(full, "/"); i >= 0 {
		return full[i+1:]
	}
	return full
}

// functionNode builds a node whose demand is f's cost at sampled sizes on
// the hardware of the replica's host.
func (c *compiler) functionNode(si int, f *manifest.Function, cs *CallSpec) (Node, error) {
	mult := 1.0
	for name, m := range c.calls[si] {
		if g, _ := lookupFunc(c.funcs[si], name); g == f {
			mult = m
		}
	}
	known := map[string]bool{}
	for _, v := range f.Vars {
		known[v.Name] = true
	}
	for _, e := range f.CPU {
		for _, v := range e.Vars() {
			known[v] = true
		}
	}
	for _, e := range []manifest.Alloc{f.Alloc} {
		for _, v := range append(e.Count.Vars(), e.Bytes.Vars()...) {
			known[v] = true
		}
	}
	for _, io := range f.IO {
		for _, v := range append(io.Count.Vars(), io.Bytes.Vars()...) {
			known[v] = true
		}
	}
	names := make([]string, len(cs.Sizes))
	dists := make([]Dist, len(cs.Sizes))
	constant := true
	for i, sz := range cs.Sizes {
		if !known[sz.Var] {
			var ks []string
			for k := range known {
				ks = append(ks, k)
			}
			slices.Sort(ks)
			return Node{}, sz.errorf("function %s has no size variable %q (it has: %s)", f.Name, sz.Var, strings.Join(ks, ", "))
		}
		names[i], dists[i] = sz.Var, sz.Dist.Dist
		if sz.Dist.Kind != Constant {
			constant = false
		}
	}
	deviceKinds := map[manifest.IOKind]bool{}
	if dv := c.sc.Services[si].Device; dv != nil {
		for _, k := range dv.Kinds {
			deviceKinds[manifest.IOKind(k)] = true
		}
	}
	// One evaluator per host profile; stations map to hosts.
	stationProfile := func(st int) *costmodel.Profile { return c.hosts[c.m.Stations[st].Host].profile }
	vals := make([]float64, len(names))
	env := func(name string) (float64, bool) {
		for i, n := range names {
			if n == name {
				return vals[i], true
			}
		}
		return 0, false
	}
	eval := func(p *costmodel.Profile) (Demand, error) {
		cost, err := p.Evaluate(f, env)
		if err != nil {
			return Demand{}, err
		}
		pick := func(e costmodel.Estimate) float64 {
			switch c.sc.CostEstimate {
			case "low":
				return e.Low
			case "high":
				return e.High
			}
			return e.NS
		}
		d := Demand{CPU: mult * pick(cost.CPU) / nsPerSec, AllocBytes: mult * cost.AllocBytes}
		for _, k := range manifest.IOKinds {
			w := mult * pick(cost.IO[k]) / nsPerSec
			if deviceKinds[k] {
				d.Device += w
			} else {
				d.IO += w
			}
		}
		return d, nil
	}
	// Check that the expressions evaluate (every variable has a value) and
	// fail here, with a position, rather than mid-run.
	for i := range dists {
		vals[i] = dists[i].Mean
		if dists[i].Kind == Uniform {
			vals[i] = dists[i].A
		}
	}
	for _, h := range c.hosts {
		if _, err := eval(h.profile); err != nil {
			return Node{}, cs.Pos.fieldErr("function", "%v (give it under sizes:)", err)
		}
	}
	n := Node{Service: si}
	// Per-request variability: the call's own, else the service's.
	if v := cs.Variability; v != nil {
		n.Variability, n.IOVariability = v.Dist, v.IO
	} else if v := c.sc.Services[si].Variability; v != nil {
		n.Variability, n.IOVariability = v.Dist, v.IO
	}
	if constant {
		cache := map[*costmodel.Profile]Demand{}
		for _, h := range c.hosts {
			d, _ := eval(h.profile)
			cache[h.profile] = d
		}
		n.Demand = func(_ *rand.Rand, st int) Demand { return cache[stationProfile(st)] }
		return n, nil
	}
	// Sizes are counts (elements, bytes, iterations), so samples are
	// rounded to whole numbers; that makes repeated values common, and a
	// bounded cache of evaluated costs saves re-evaluating expressions.
	type key struct {
		p *costmodel.Profile
		v [4]float64
	}
	cache := map[key]Demand{}
	const maxCache = 1 << 14
	n.Demand = func(r *rand.Rand, st int) Demand {
		for i := range dists {
			vals[i] = math.Round(dists[i].Sample(r))
		}
		p := stationProfile(st)
		var k key
		if len(vals) <= len(k.v) {
			k.p = p
			copy(k.v[:], vals)
			if d, ok := cache[k]; ok {
				return d
			}
		}
		d, err := eval(p)
		if err == nil && k.p != nil && len(cache) < maxCache {
			cache[k] = d
		}
		if err != nil {
			// Checked at compile time for typical values; a sample that
			// breaks an expression (say, log of 0) costs nothing.
			return Demand{}
		}
		return d
	}
	return n, nil
}

// call builds a downstream call.
func (c *compiler) call(cs *CallSpec, where string, depth int) (Call, error) {
	if cs.Service == "" {
		return Call{}, cs.errorf("a call needs service")
	}
	ni, err := c.target(cs, where, depth)
	if err != nil {
		return Call{}, err
	}
	call := Call{Node: ni, Prob: cs.Probability, Count: cs.Count}
	switch {
	case cs.Latency != nil:
		call.Latency = cs.Latency.Dist
	case c.sc.Network.Latency != nil:
		call.Latency = c.sc.Network.Latency.Dist
	}
	return call, nil
}

func (c *compiler) classes() error {
	for i := range c.sc.Classes {
		cl := &c.sc.Classes[i]
		ni, err := c.target(&cl.Target, cl.Name, 0)
		if err != nil {
			return err
		}
		a, err := c.arrival(cl)
		if err != nil {
			return err
		}
		c.m.Classes = append(c.m.Classes, Class{Name: cl.Name, Entry: ni, Arrival: a, Timeout: cl.Timeout})
	}
	return nil
}

// maxTrace bounds the arrivals read from a trace file.
const maxTrace = 50_000_000

func (c *compiler) arrival(cl *ClassSpec) (Arrival, error) {
	a := &cl.Arrival
	switch a.Process {
	case "poisson":
		return Arrival{Kind: Poisson, Rate: a.Rate}, nil
	case "constant":
		return Arrival{Kind: Deterministic, Rate: a.Rate}, nil
	case "mmpp":
		return Arrival{Kind: MMPP, Rates: a.Rates, Sojourn: a.Sojourn}, nil
	}
	if a.Times == nil {
		data, err := c.src.ReadFile(c.path(a.File))
		if err != nil {
			return Arrival{}, a.Pos.fieldErr("file", "%v", err)
		}
		times, err := ParseTrace(a.File, data)
		if err != nil {
			return Arrival{}, err
		}
		a.Times = times
	}
	times := a.Times
	if a.Scale != 1 && a.Scale > 0 {
		// A rate multiplier compresses the trace in time.
		times = make([]float64, len(a.Times))
		for i, t := range a.Times {
			times[i] = t / a.Scale
		}
	}
	return Arrival{Kind: Trace, Times: times}, nil
}

// ParseTrace reads arrival times, one per line, in seconds from the start
// (or Go durations such as 1.5s); blank lines and lines starting with '#'
// are skipped. Times must not decrease.
func ParseTrace(file string, data []byte) ([]float64, error) {
	var times []float64
	for ln, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		t, err := parseQuantity(line, UnitDuration)
		if err != nil || t < 0 || t > 1e9 {
			return nil, &ScenarioError{File: file, Line: ln + 1, Col: 1, Msg: fmt.Sprintf("want a time ≥ 0 in seconds, got %q", line)}
		}
		if n := len(times); n > 0 && t < times[n-1] {
			return nil, &ScenarioError{File: file, Line: ln + 1, Col: 1, Msg: fmt.Sprintf("time %v is earlier than the line before (%v): sort the trace", t, times[n-1])}
		}
		if len(times) >= maxTrace {
			return nil, &ScenarioError{File: file, Line: ln + 1, Col: 1, Msg: fmt.Sprintf("more than %d arrivals", maxTrace)}
		}
		times = append(times, t)
	}
	if len(times) == 0 {
		return nil, &ScenarioError{File: file, Msg: "no arrival times"}
	}
	return times, nil
}

// offered computes each station's utilization from the traffic equations
// over nodes and the mean demand of each node (sampled for manifest
// functions), plus GC. A station at or above 1 cannot keep up: the warning
// says so before the run, which is bounded anyway.
func (c *compiler) offered(warn []string) ([]float64, []string) {
	m := c.m
	n := len(m.Nodes)
	lam, ok := visitRates(m)
	load := make([]float64, len(m.Stations))
	if !ok {
		warn = append(warn, "the calls between endpoints loop without end (on average every visit leads to at least one more): the system cannot be stable")
		return load, warn
	}
	r := stream(c.sc.Seed, 0xfeed)
	// Sample each node's mean demand once per hardware profile; bound the
	// total sampling work for scenarios with very many nodes.
	samples := max(20, min(2000, 400_000/max(n, 1)))
	type key struct {
		node int
		host *hostRT
	}
	means := map[key][2]float64{}
	devMeans := map[int]float64{}
	for i := range m.Nodes {
		nd := &m.Nodes[i]
		if lam[i] <= 0 {
			continue
		}
		reps := m.Services[nd.Service].Replicas
		for _, st := range reps {
			var cpu, alloc float64
			if nd.Demand != nil {
				k := key{node: i}
				if h := m.Stations[st].Host; h >= 0 {
					k.host = c.hosts[h]
				}
				mv, ok := means[k]
				if !ok {
					var dev float64
					for range samples {
						d := nd.Demand(r, st)
						mv[0] += d.CPU / float64(samples)
						mv[1] += d.AllocBytes / float64(samples)
						dev += d.Device / float64(samples)
					}
					means[k] = mv
					devMeans[i] = dev
				}
				cpu, alloc = mv[0], mv[1]
			} else {
				cpu, _ = nd.CPU.Moments()
			}
			rate := lam[i] / float64(len(reps))
			load[st] += rate * cpu
			if devs := m.Services[nd.Service].Devices; devs != nil {
				var dev float64
				if nd.Demand != nil {
					dev = devMeans[i]
				} else if nd.Device.Kind != 0 {
					dev, _ = nd.Device.Moments()
				}
				for k, r := range reps {
					if r == st {
						load[devs[k]] += rate * dev
					}
				}
			}
			if g := m.Stations[st].GC; g != nil && g.Trigger > 0 {
				load[st] += rate * alloc / g.Trigger * g.CycleCPU
			}
		}
	}
	for i := range load {
		st := &m.Stations[i]
		load[i] /= float64(st.Servers)
		if load[i] >= 1 && st.Device {
			warn = append(warn, fmt.Sprintf("UNSTABLE: device %s would be %.0f%% busy (offered load ≥ 100%%): its queue grows without bound", st.Name, 100*load[i]))
		} else if load[i] >= 1 {
			svc := m.Services[st.Service]
			need := int(math.Floor(load[i]*float64(len(svc.Replicas)))) + 1
			warn = append(warn, fmt.Sprintf("UNSTABLE: station %s would be %.0f%% busy (offered load ≥ 100%%): queues grow without bound; service %s needs at least %d replicas of %d cores at this load",
				st.Name, 100*load[i], svc.Name, need, st.Servers))
		}
	}
	return load, warn
}

// visitRates solves the traffic equations λ = γ + Pᵀλ over the nodes'
// calls by fixed-point iteration on the sparse call graph (call trees from
// scenarios can have many nodes; queueing.Traffic's dense elimination is
// for tests). It reports false if the rates diverge: the calls loop with a
// mean of one or more further visits per visit.
func visitRates(m *Model) ([]float64, bool) {
	n := len(m.Nodes)
	gamma := make([]float64, n)
	for _, cl := range m.Classes {
		gamma[cl.Entry] += cl.Arrival.MeanRate()
	}
	lam := slices.Clone(gamma)
	next := make([]float64, n)
	edges := 1
	for i := range m.Nodes {
		edges += len(m.Nodes[i].Calls)
	}
	for range max(1000, min(100_000, 100_000_000/edges)) {
		copy(next, gamma)
		for i := range m.Nodes {
			for _, call := range m.Nodes[i].Calls {
				next[call.Node] += lam[i] * call.Prob * float64(call.Count)
			}
		}
		var diff, total float64
		for i := range next {
			diff += math.Abs(next[i] - lam[i])
			total += next[i]
		}
		lam, next = next, lam
		if total > 1e15 || math.IsInf(total, 0) || math.IsNaN(total) {
			return nil, false
		}
		if diff <= 1e-12*max(total, 1e-300) {
			return lam, true
		}
	}
	return nil, false
}

// FormatBytes writes a byte count with a binary unit.
func FormatBytes(b float64) string {
	switch {
	case b >= 1<<30:
		return strconv.FormatFloat(b/(1<<30), 'f', 2, 64) + "GiB"
	case b >= 1<<20:
		return strconv.FormatFloat(b/(1<<20), 'f', 1, 64) + "MiB"
	case b >= 1<<10:
		return strconv.FormatFloat(b/(1<<10), 'f', 1, 64) + "KiB"
	}
	return strconv.FormatFloat(b, 'f', 0, 64) + "B"
}
