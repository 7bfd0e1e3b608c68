package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Model is what the engine simulates: stations (the cores of replicas) on
// hosts, services that balance load over their replicas, nodes (units of
// work: a function run by a service, with CPU, I/O and downstream calls),
// and request classes that arrive from outside. Scenarios compile into a
// Model; tests and benchmarks build one directly.
type Model struct {
	Hosts    []Host
	Stations []Station
	Services []Service
	Nodes    []Node
	Classes  []Class
}

// Host is a machine that stations run on, for utilization and cost.
type Host struct {
	Name         string
	Instance     string  // cloud instance type or hardware profile name
	VCPUs        int     // cores
	MemoryBytes  float64 // 0 if unknown
	PricePerHour float64 // USD; 0 if unknown
}

// Discipline is how a station shares its servers among the jobs present.
type Discipline uint8

// Disciplines.
const (
	FCFS Discipline = iota // first come, first served on Servers parallel servers
	PS                     // processor sharing: n jobs each get min(1, Servers/n) of a server
)

func (d Discipline) String() string {
	if d == PS {
		return "ps"
	}
	return "fcfs"
}

// Station is a multi-server queue: in a cluster model, the cores one
// replica may use (GOMAXPROCS capped by its CPU limit and its host).
type Station struct {
	Name       string
	Servers    int
	Discipline Discipline
	QueueLimit int // most jobs waiting (FCFS); 0 means unbounded; an arrival beyond it is dropped
	Host       int // index in Model.Hosts, or -1
	Service    int // index in Model.Services, or -1
	// MemoryLimit is the replica's memory limit in bytes (0: none); a heap
	// peak above it is reported as a warning.
	MemoryLimit float64
	// GC models the Go garbage collector of the process this station is
	// the CPU of; nil means no GC cost.
	GC *GC
	// Device marks an I/O device (a disk, say) rather than cores: it is
	// not part of the host's or the service's CPU.
	Device bool
}

// GC is the Go garbage collector pacer of one process (GOGC mode): a cycle
// starts each time Trigger bytes have been allocated since the last one
// started (the runtime's heap goal is the live heap × (1 + GOGC/100), with a
// 4 MiB minimum at GOGC=100), and costs CycleCPU seconds of CPU on the
// process's own cores, run as ⌈GOMAXPROCS/4⌉ dedicated worker jobs ahead of
// waiting requests: the runtime's 25% background utilization goal. The
// garbage is freed when the cycle ends, and cycles do not overlap, so a
// process that allocates faster than it collects overshoots its heap goal.
// Mark assists are not modelled apart: they move the same work onto
// allocating goroutines.
type GC struct {
	Trigger    float64 // bytes allocated between cycles; ≤ 0 disables GC (GOGC=off)
	LiveHeap   float64 // bytes live after a cycle
	CycleCPU   float64 // CPU seconds per cycle (mark, fixed costs and sweep)
	GOMAXPROCS int
}

// Balance is how a service picks a replica for a request.
type Balance uint8

// Balancing policies.
const (
	RoundRobin  Balance = iota // replicas in turn
	Random                     // uniformly at random
	LeastLoaded                // fewest jobs present, ties to the lowest index
)

func (b Balance) String() string {
	switch b {
	case Random:
		return "random"
	case LeastLoaded:
		return "least_loaded"
	}
	return "round_robin"
}

// Service is a set of replicas (stations) behind a load balancer.
type Service struct {
	Name     string
	Replicas []int // station indices
	// Devices, if set, holds each replica's I/O device station, in the
	// order of Replicas: device I/O of a visit to replica k queues there.
	Devices []int
	Balance Balance
}

// Demand is the work one visit of a node asks for, in seconds and bytes.
type Demand struct {
	CPU        float64 // seconds of CPU on one core
	Device     float64 // seconds of service at the replica's I/O device (queued, FCFS)
	IO         float64 // seconds waiting for I/O, not holding a core or a device
	AllocBytes float64 // heap bytes allocated (drives the GC)
}

// Node is a unit of work run by a service: CPU on one of the service's
// replicas, then an I/O wait, then its downstream calls (in order, or all
// at once if Parallel), then the reply.
type Node struct {
	Name    string
	Service int
	CPU     Dist // seconds of CPU per visit (used when Demand is nil)
	IO      Dist // seconds of I/O wait per visit; zero Kind means none
	// Device is seconds of service at the replica's I/O device per visit
	// (zero Kind means none); the service needs Devices.
	Device Dist
	// Demand, if set, samples the visit's work instead of CPU and IO: for
	// nodes whose cost comes from a manifest and a hardware profile.
	// It is given the station (replica) the visit runs on, whose host's
	// hardware decides the cost.
	Demand func(r *rand.Rand, station int) Demand
	// Variability, if its Kind is set, is a factor of mean 1 each visit's
	// CPU time is multiplied by: per-request spread that a static cost
	// cannot see. It is drawn from a stream of its own, so turning it on
	// leaves the sizes and everything else sampled as before.
	Variability Dist
	// IOVariability is the same for the visit's I/O wait and device time,
	// from a stream of its own.
	IOVariability Dist
	Calls         []Call
	Parallel      bool
}

// Call is a downstream call a node makes: Count times, each made with
// probability Prob, with a one-way network Latency each way.
type Call struct {
	Node    int
	Prob    float64
	Count   int
	Latency Dist
}

// ArrivalKind names an arrival process.
type ArrivalKind uint8

// Arrival processes.
const (
	Poisson       ArrivalKind = iota + 1 // exponential gaps at Rate
	Deterministic                        // gaps of exactly 1/Rate
	MMPP                                 // two-state Markov-modulated Poisson: Rates[s] while in state s, for exponential times of mean Sojourn[s]
	Trace                                // arrivals at Times (seconds from the start)
)

// Arrival is how requests of a class arrive.
type Arrival struct {
	Kind    ArrivalKind
	Rate    float64    // per second (Poisson, Deterministic)
	Rates   [2]float64 // MMPP
	Sojourn [2]float64 // MMPP mean seconds in each state
	Times   []float64  // Trace, sorted
}

// MeanRate returns the long-run arrival rate per second.
func (a *Arrival) MeanRate() float64 {
	switch a.Kind {
	case Poisson, Deterministic:
		return a.Rate
	case MMPP:
		return (a.Rates[0]*a.Sojourn[0] + a.Rates[1]*a.Sojourn[1]) / (a.Sojourn[0] + a.Sojourn[1])
	case Trace:
		if n := len(a.Times); n > 1 && a.Times[n-1] > a.Times[0] {
			return float64(n-1) / (a.Times[n-1] - a.Times[0])
		}
	}
	return 0
}

// Class is a kind of request arriving from outside at an entry node.
type Class struct {
	Name    string
	Entry   int
	Arrival Arrival
	Timeout float64 // seconds; a reply later than this counts as a timeout (0: none)
}

// Validate checks that indices are in range and parameters are usable.
func (m *Model) Validate() error {
	for _, s := range m.Stations {
		if s.Servers < 1 {
			return fmt.Errorf("station %q: %d servers, need ≥ 1", s.Name, s.Servers)
		}
		if s.Host >= len(m.Hosts) || s.Service >= len(m.Services) {
			return fmt.Errorf("station %q: host or service index out of range", s.Name)
		}
		if s.QueueLimit < 0 {
			return fmt.Errorf("station %q: negative queue limit", s.Name)
		}
	}
	for _, sv := range m.Services {
		if len(sv.Replicas) == 0 {
			return fmt.Errorf("service %q has no replicas", sv.Name)
		}
		for _, r := range sv.Replicas {
			if r < 0 || r >= len(m.Stations) {
				return fmt.Errorf("service %q: replica station %d out of range", sv.Name, r)
			}
		}
		if sv.Devices != nil && len(sv.Devices) != len(sv.Replicas) {
			return fmt.Errorf("service %q: %d devices for %d replicas", sv.Name, len(sv.Devices), len(sv.Replicas))
		}
		for _, d := range sv.Devices {
			if d < 0 || d >= len(m.Stations) || !m.Stations[d].Device {
				return fmt.Errorf("service %q: device station %d out of range or not a device", sv.Name, d)
			}
		}
	}
	for i := range m.Nodes {
		n := &m.Nodes[i]
		if n.Service < 0 || n.Service >= len(m.Services) {
			return fmt.Errorf("node %q: service index %d out of range", n.Name, n.Service)
		}
		if n.Demand == nil {
			if err := n.CPU.Validate(); err != nil {
				return fmt.Errorf("node %q: cpu: %v", n.Name, err)
			}
		}
		if n.Variability.Kind != 0 {
			if err := n.Variability.Validate(); err != nil {
				return fmt.Errorf("node %q: variability: %v", n.Name, err)
			}
			if m1, _ := n.Variability.Moments(); math.Abs(m1-1) > 1e-9 {
				return fmt.Errorf("node %q: variability factor has mean %v, want 1", n.Name, m1)
			}
		}
		if n.IOVariability.Kind != 0 {
			if err := n.IOVariability.Validate(); err != nil {
				return fmt.Errorf("node %q: I/O variability: %v", n.Name, err)
			}
			if m1, _ := n.IOVariability.Moments(); math.Abs(m1-1) > 1e-9 {
				return fmt.Errorf("node %q: I/O variability factor has mean %v, want 1", n.Name, m1)
			}
		}
		if n.IO.Kind != 0 {
			if err := n.IO.Validate(); err != nil {
				return fmt.Errorf("node %q: io: %v", n.Name, err)
			}
		}
		if n.Device.Kind != 0 {
			if err := n.Device.Validate(); err != nil {
				return fmt.Errorf("node %q: device: %v", n.Name, err)
			}
			if m.Services[n.Service].Devices == nil {
				return fmt.Errorf("node %q: device I/O, but service %q has no device", n.Name, m.Services[n.Service].Name)
			}
		}
		for _, c := range n.Calls {
			if c.Node < 0 || c.Node >= len(m.Nodes) {
				return fmt.Errorf("node %q: call target %d out of range", n.Name, c.Node)
			}
			if !(c.Prob >= 0 && c.Prob <= 1) || c.Count < 0 {
				return fmt.Errorf("node %q: call to %q needs 0 ≤ probability ≤ 1 and count ≥ 0", n.Name, m.Nodes[c.Node].Name)
			}
			if c.Latency.Kind != 0 {
				if err := c.Latency.Validate(); err != nil {
					return fmt.Errorf("node %q: call to %q: latency: %v", n.Name, m.Nodes[c.Node].Name, err)
				}
			}
		}
	}
	if len(m.Classes) == 0 {
		return fmt.Errorf("no request classes")
	}
	for _, c := range m.Classes {
		if c.Entry < 0 || c.Entry >= len(m.Nodes) {
			return fmt.Errorf("class %q: entry node %d out of range", c.Name, c.Entry)
		}
		a := c.Arrival
		switch a.Kind {
		case Poisson, Deterministic:
			if !(a.Rate > 0) || a.Rate > 1e9 {
				return fmt.Errorf("class %q: arrival rate %v must be > 0 (and ≤ 1e9/s)", c.Name, a.Rate)
			}
		case MMPP:
			for s := range 2 {
				if !(a.Rates[s] >= 0) || a.Rates[s] > 1e9 || !(a.Sojourn[s] > 0) {
					return fmt.Errorf("class %q: MMPP state %d needs rate ≥ 0 and mean sojourn > 0", c.Name, s)
				}
			}
			if a.Rates[0]+a.Rates[1] <= 0 {
				return fmt.Errorf("class %q: MMPP rates are both 0", c.Name)
			}
		case Trace:
			if len(a.Times) == 0 {
				return fmt.Errorf("class %q: empty arrival trace", c.Name)
			}
			for i := 1; i < len(a.Times); i++ {
				if a.Times[i] < a.Times[i-1] {
					return fmt.Errorf("class %q: arrival trace not sorted at entry %d", c.Name, i+1)
				}
			}
		default:
			return fmt.Errorf("class %q: no arrival process", c.Name)
		}
		if c.Timeout < 0 {
			return fmt.Errorf("class %q: negative timeout", c.Name)
		}
	}
	return nil
}
