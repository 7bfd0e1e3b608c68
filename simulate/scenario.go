package simulate

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"slices"

	"github.com/perfcast/perfcast/manifest"

	"go.yaml.in/yaml/v3"
)

// Scenario is a workload on a cluster, as written in a scenario file
// (docs/scenario.md describes every field). Decode one with
// ParseScenario or LoadScenario; Compile turns it into a Model.
type Scenario struct {
	Pos
	Name      string
	Seed      uint64
	Run       RunSpec
	SLO       *SLOSpec
	Hosts     []HostSpec
	Placement string // "spread" (default) or "binpack"
	// CostEstimate picks which end of the cost model's uncertainty band
	// manifest functions cost: "point" (default), "low" or "high".
	CostEstimate string
	Network      NetworkSpec
	Services     []ServiceSpec
	Classes      []ClassSpec
}

// RunSpec is a scenario's run control; see Control.
type RunSpec struct {
	Pos
	WarmupAuto     bool // warmup: auto: chosen by MSER-5 on a pilot run
	Warmup         float64
	WarmupRequests int64
	Duration       float64
	Requests       int64
	TargetCI       float64
	MaxInSystem    int
	MaxEvents      int64
}

// SLOSpec is a latency objective: the Percentile of Class latency at most
// Latency seconds. When present, the simulator searches the replica count
// of Service that meets it.
type SLOSpec struct {
	Pos
	Class       string
	Percentile  float64
	Latency     float64
	Service     string // default: the class's entry service
	MaxReplicas int    // search bound, default 64
}

// HostSpec is Count machines of one kind: a cloud Instance type from the
// catalog, or a hardware Profile with VCPUs and Memory given here.
type HostSpec struct {
	Pos
	Name         string
	Count        int
	Instance     string
	Profile      string
	VCPUs        int
	Memory       float64 // bytes
	PricePerHour float64
}

// NetworkSpec holds the default one-way latency of calls between services.
type NetworkSpec struct {
	Latency *DistSpec
}

// Resources are CPU (cores) and memory (bytes), as in Kubernetes.
type Resources struct {
	CPU    float64
	Memory float64
}

// ServiceSpec is a deployed program: its manifest (from a file or a
// binary), how many replicas, their resources and Go runtime settings, and
// synthetic endpoints.
type ServiceSpec struct {
	Pos
	Name       string
	Manifest   string
	Binary     string
	Replicas   int
	Requests   Resources
	Limits     Resources
	GOGC       float64 // percent; -1 means off; default 100
	GOMAXPROCS int     // 0: Go's default, min(host vCPUs, ⌈CPU limit⌉)
	LiveHeap   float64 // bytes live after GC, default 16 MiB
	Discipline string  // "ps" (default) or "fcfs"
	Balance    string  // "round_robin" (default), "random", "least_loaded"
	QueueLimit int
	Functions  []FunctionSpec
	Endpoints  []EndpointSpec
	Device     *DeviceSpec
	// Variability is the default per-request variability of the CPU time
	// of this service's manifest functions; nil means none.
	Variability *VariabilitySpec
}

// VariabilitySpec is per-request service-time variability for
// manifest-costed work: each visit's CPU time, as the cost model evaluates
// it from the manifest, is multiplied by an independent factor drawn from
// Dist, whose mean is 1. It stands for what a static cost cannot see
// (caches, branch outcomes, input contents, GC assists, the scheduler).
// It is aleatory, per request; cost_estimate is the separate, epistemic
// uncertainty of the cost model itself.
type VariabilitySpec struct {
	Pos
	// Dist is the factor's distribution: Lognormal or Gamma with mean 1
	// and coefficient of variation CV, Exponential with mean 1 (cv 1), or
	// the zero Dist for none (cv 0).
	Dist Dist
	// IO is the same for each visit's I/O time (waits and device service),
	// drawn independently of the CPU factor; the zero Dist for none.
	IO Dist
}

// CV returns the coefficient of variation of the CPU factor: 0 for none.
func (v *VariabilitySpec) CV() float64 {
	if v == nil {
		return 0
	}
	return factorCV(v.Dist)
}

// IOCV returns the coefficient of variation of the I/O factor: 0 for none.
func (v *VariabilitySpec) IOCV() float64 {
	if v == nil {
		return 0
	}
	return factorCV(v.IO)
}

func factorCV(d Dist) float64 {
	switch d.Kind {
	case Exponential:
		return 1
	case Lognormal, Gamma:
		return d.CV
	}
	return 0
}

// DeviceSpec is a per-replica I/O device (a disk, a connection pool) that
// I/O queues at instead of waiting in parallel: Servers operations at once,
// FCFS. Kinds lists the manifest I/O kinds that go to it.
type DeviceSpec struct {
	Pos
	Name    string
	Servers int
	Kinds   []string
}

// FunctionSpec adjusts one manifest function of a service: Calls is how
// many times it runs per visit (default 1), the knob for "this function is
// called 10% more".
type FunctionSpec struct {
	Pos
	Name  string
	Calls float64
}

// EndpointSpec is a synthetic unit of work with given distributions instead
// of manifest costs: for checking the engine against theory and for
// services that have no manifest.
type EndpointSpec struct {
	Pos
	Name     string
	CPU      DistSpec
	IO       *DistSpec
	Device   *DistSpec // service time at the service's device per visit
	Alloc    *DistSpec // heap bytes per visit
	Calls    []CallSpec
	Parallel bool
}

// CallSpec is work done at a service: a manifest Function evaluated at
// Sizes, or a synthetic Endpoint; with downstream Calls of its own. As a
// downstream call it is made Count times, each with Probability.
type CallSpec struct {
	Pos
	Service     string
	Function    string
	Endpoint    string
	Sizes       []SizeSpec
	Calls       []CallSpec
	Parallel    bool
	Probability float64
	Count       int
	Latency     *DistSpec
	// Variability overrides the service's for this function target.
	Variability *VariabilitySpec
}

// SizeSpec is the distribution of one size variable of the cost
// expressions, such as "len(items)".
type SizeSpec struct {
	Pos
	Var  string
	Dist DistSpec
}

// ClassSpec is a kind of request: where it enters, how it arrives, and
// when the client gives up.
type ClassSpec struct {
	Pos
	Name    string
	Target  CallSpec
	Arrival ArrivalSpec
	Timeout float64
}

// ArrivalSpec is an arrival process as written.
type ArrivalSpec struct {
	Pos
	Process string // poisson, constant, mmpp, trace
	Rate    float64
	Rates   [2]float64
	Sojourn [2]float64
	File    string
	Times   []float64 // trace, once loaded
	Scale   float64   // trace: rate multiplier from -set (default 1)
}

// LoadScenario reads and decodes the scenario file at path.
func LoadScenario(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseScenario(path, data)
}

// maxScenarioBytes bounds what ParseScenario reads.
const maxScenarioBytes = 16 << 20

// ParseScenario decodes a scenario; file names it in errors. Decoding is
// strict: unknown fields, wrong types and out-of-range values are errors
// naming file:line:col and the field.
func ParseScenario(file string, data []byte) (sc *Scenario, err error) {
	if len(data) > maxScenarioBytes {
		return nil, &ScenarioError{File: file, Msg: fmt.Sprintf("file larger than %d bytes", maxScenarioBytes)}
	}
	defer func() {
		// The YAML parser is outside input's first reader; never let a
		// malformed file crash the CLI.
		if r := recover(); r != nil {
			sc, err = nil, &ScenarioError{File: file, Msg: fmt.Sprintf("cannot parse: %v", r)}
		}
	}()
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		return nil, &ScenarioError{File: file, Msg: err.Error()}
	}
	var extra yaml.Node
	if dec.Decode(&extra) == nil {
		return nil, &ScenarioError{File: file, Line: extra.Line, Col: extra.Column, Msg: "more than one YAML document"}
	}
	d := &decoder{file: file, budget: maxNodes}
	sc = &Scenario{Pos: Pos{File: file, Line: 1, Col: 1}}
	n := &root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if err := d.scenario(n, sc); err != nil {
		return nil, err
	}
	if err := sc.check(); err != nil {
		return nil, err
	}
	return sc, nil
}

func (d *decoder) scenario(n *yaml.Node, sc *Scenario) error {
	var seed int64
	err := d.mapping(n, "", fields{
		"name": d.str(&sc.Name),
		"seed": d.integer(&seed, 0, math.MaxInt64),
		"run": func(n *yaml.Node, f string) error {
			r := &sc.Run
			r.Pos = d.pos(n, f)
			return d.mappingPos(n, f, fields{
				"warmup": func(n *yaml.Node, f string) error {
					if sn, err := d.scalar(n, f); err == nil && sn.Value == "auto" {
						r.WarmupAuto = true
						return nil
					}
					return d.quantity(&r.Warmup, UnitDuration, 0, 1e9)(n, f)
				},
				"warmup_requests": d.integer(&r.WarmupRequests, 0, 1e12),
				"duration":        d.quantity(&r.Duration, UnitDuration, 0, 1e9),
				"requests":        d.integer(&r.Requests, 0, 1e12),
				"target_ci":       d.number(&r.TargetCI, 0, 1),
				"max_in_system":   d.intField(&r.MaxInSystem, 1, 1e8),
				"max_events":      d.integer(&r.MaxEvents, 1, 1e13),
			}, &r.Pos)
		},
		"slo": func(n *yaml.Node, f string) error {
			s := &SLOSpec{Pos: d.pos(n, f), Percentile: 99}
			sc.SLO = s
			return d.mappingPos(n, f, fields{
				"class":        d.name(&s.Class),
				"percentile":   d.number(&s.Percentile, 1, 99.999),
				"latency":      d.quantity(&s.Latency, UnitDuration, 1e-9, 1e9),
				"service":      d.name(&s.Service),
				"max_replicas": d.intField(&s.MaxReplicas, 1, 1000),
			}, &s.Pos)
		},
		"placement":     d.str(&sc.Placement),
		"cost_estimate": d.str(&sc.CostEstimate),
		"network": func(n *yaml.Node, f string) error {
			return d.mapping(n, f, fields{
				"latency": func(n *yaml.Node, f string) error {
					sc.Network.Latency = &DistSpec{}
					return d.dist(sc.Network.Latency, UnitDuration)(n, f)
				},
			})
		},
		"hosts": func(n *yaml.Node, f string) error {
			return d.sequence(n, f, func(n *yaml.Node, f string) error {
				h := HostSpec{Pos: d.pos(n, f), Count: 1}
				err := d.mappingPos(n, f, fields{
					"name":           d.name(&h.Name),
					"count":          d.intField(&h.Count, 1, 10000),
					"instance":       d.name(&h.Instance),
					"profile":        d.name(&h.Profile),
					"vcpus":          d.intField(&h.VCPUs, 1, 4096),
					"memory":         d.quantity(&h.Memory, UnitBytes, 1, 1<<50),
					"price_per_hour": d.number(&h.PricePerHour, 0, 1e6),
				}, &h.Pos)
				sc.Hosts = append(sc.Hosts, h)
				return err
			})
		},
		"services": func(n *yaml.Node, f string) error {
			return d.sequence(n, f, func(n *yaml.Node, f string) error {
				s, err := d.service(n, f)
				sc.Services = append(sc.Services, s)
				return err
			})
		},
		"classes": func(n *yaml.Node, f string) error {
			return d.sequence(n, f, func(n *yaml.Node, f string) error {
				c, err := d.class(n, f)
				sc.Classes = append(sc.Classes, c)
				return err
			})
		},
	})
	sc.Seed = uint64(seed)
	return err
}

func (d *decoder) resources(r *Resources) func(*yaml.Node, string) error {
	return func(n *yaml.Node, f string) error {
		return d.mapping(n, f, fields{
			"cpu":    d.quantity(&r.CPU, UnitCPU, 0.001, 4096),
			"memory": d.quantity(&r.Memory, UnitBytes, 1, 1<<50),
		})
	}
}

func (d *decoder) service(n *yaml.Node, f string) (ServiceSpec, error) {
	s := ServiceSpec{Pos: d.pos(n, f), Replicas: 1, GOGC: 100, LiveHeap: 16 << 20}
	err := d.mappingPos(n, f, fields{
		"name":     d.name(&s.Name),
		"manifest": d.str(&s.Manifest),
		"binary":   d.str(&s.Binary),
		"replicas": d.intField(&s.Replicas, 1, 10000),
		"resources": func(n *yaml.Node, f string) error {
			return d.mapping(n, f, fields{"requests": d.resources(&s.Requests), "limits": d.resources(&s.Limits)})
		},
		"gogc": func(n *yaml.Node, f string) error {
			sn, err := d.scalar(n, f)
			if err != nil {
				return err
			}
			if sn.Value == "off" {
				s.GOGC = -1
				return nil
			}
			return d.number(&s.GOGC, 1, 1e6)(n, f)
		},
		"device": func(n *yaml.Node, f string) error {
			dv := &DeviceSpec{Pos: d.pos(n, f), Name: "device", Servers: 1}
			s.Device = dv
			return d.mappingPos(n, f, fields{
				"name":    d.name(&dv.Name),
				"servers": d.intField(&dv.Servers, 1, 100000),
				"kinds": func(n *yaml.Node, f string) error {
					return d.sequence(n, f, func(n *yaml.Node, f string) error {
						var k string
						if err := d.str(&k)(n, f); err != nil {
							return err
						}
						if !slices.Contains(manifest.IOKinds, manifest.IOKind(k)) {
							return d.errf(n, f, "unknown I/O kind %q (known: %v)", k, manifest.IOKinds)
						}
						dv.Kinds = append(dv.Kinds, k)
						return nil
					})
				},
			}, &dv.Pos)
		},
		"variability": d.variability(&s.Variability),
		"gomaxprocs":  d.intField(&s.GOMAXPROCS, 1, 4096),
		"live_heap":   d.quantity(&s.LiveHeap, UnitBytes, 0, 1<<50),
		"discipline":  d.str(&s.Discipline),
		"balance":     d.str(&s.Balance),
		"queue_limit": d.intField(&s.QueueLimit, 0, 1e8),
		"functions": func(n *yaml.Node, f string) error {
			return d.sequence(n, f, func(n *yaml.Node, f string) error {
				fn := FunctionSpec{Pos: d.pos(n, f), Calls: 1}
				err := d.mapping(n, f, fields{"name": d.name(&fn.Name), "calls": d.number(&fn.Calls, 0, 1e6)})
				s.Functions = append(s.Functions, fn)
				return err
			})
		},
		"endpoints": func(n *yaml.Node, f string) error {
			return d.sequence(n, f, func(n *yaml.Node, f string) error {
				e := EndpointSpec{Pos: d.pos(n, f)}
				err := d.mapping(n, f, fields{
					"name": d.name(&e.Name),
					"cpu":  d.dist(&e.CPU, UnitDuration),
					"io": func(n *yaml.Node, f string) error {
						e.IO = &DistSpec{}
						return d.dist(e.IO, UnitDuration)(n, f)
					},
					"alloc": func(n *yaml.Node, f string) error {
						e.Alloc = &DistSpec{}
						return d.dist(e.Alloc, UnitBytes)(n, f)
					},
					"device": func(n *yaml.Node, f string) error {
						e.Device = &DistSpec{}
						return d.dist(e.Device, UnitDuration)(n, f)
					},
					"calls":    d.calls(&e.Calls),
					"parallel": d.boolean(&e.Parallel),
				})
				s.Endpoints = append(s.Endpoints, e)
				return err
			})
		},
	}, &s.Pos)
	return s, err
}

// maxVariabilityCV bounds a variability's coefficient of variation: far
// beyond any measured service-time spread, and inside what the samplers
// handle accurately.
const maxVariabilityCV = 10

// variability decodes a service-time variability: a number (the cv of a
// lognormal CPU factor) or a mapping {dist: lognormal|gamma|exponential,
// cv, io_cv}.
func (d *decoder) variability(dst **VariabilitySpec) func(*yaml.Node, string) error {
	return func(n *yaml.Node, f string) error {
		n, err := d.resolve(n, f)
		if err != nil {
			return err
		}
		v := &VariabilitySpec{Pos: d.pos(n, f)}
		*dst = v
		family, cv, hasCV := "lognormal", 0.0, false
		ioCV, hasIO := 0.0, false
		var cvNode, ioNode *yaml.Node = n, n
		if n.Kind == yaml.ScalarNode {
			if err := d.number(&cv, 0, maxVariabilityCV)(n, f); err != nil {
				return err
			}
			hasCV = true
		} else {
			var famNode *yaml.Node
			err := d.mapping(n, f, fields{
				"dist": func(n *yaml.Node, f string) error { famNode = n; return d.str(&family)(n, f) },
				"cv": func(n *yaml.Node, f string) error {
					cvNode, hasCV = n, true
					return d.number(&cv, 0, maxVariabilityCV)(n, f)
				},
				"io_cv": func(n *yaml.Node, f string) error {
					ioNode, hasIO = n, true
					return d.number(&ioCV, 0, maxVariabilityCV)(n, f)
				},
			})
			if err != nil {
				return err
			}
			switch family {
			case "lognormal", "gamma":
				if !hasCV && !hasIO {
					return d.errf(n, f, "a %s variability needs cv (standard deviation / mean of the CPU factor, e.g. 0.5) or io_cv (of the I/O factor)", family)
				}
			case "exponential":
				if hasCV && cv != 1 {
					return d.errf(cvNode, f+".cv", "an exponential factor has cv 1, not %v (use lognormal or gamma for another cv)", cv)
				}
				if hasIO && ioCV != 0 && ioCV != 1 {
					return d.errf(ioNode, f+".io_cv", "an exponential factor has cv 1, not %v (use lognormal or gamma for another cv)", ioCV)
				}
				if !hasCV && !hasIO {
					cv = 1
				}
			default:
				at := n
				if famNode != nil {
					at = famNode
				}
				return d.errf(at, f+".dist", "unknown variability family %q (known: exponential, gamma, lognormal)", family)
			}
		}
		v.Dist, v.IO = variabilityFactor(family, cv), variabilityFactor(family, ioCV)
		return nil
	}
}

// variabilityFactor is the factor of mean 1 and the given cv in family
// (lognormal, gamma or exponential, whose cv is 1); cv 0 is none, the zero
// Dist. The decoder has checked cv's range.
func variabilityFactor(family string, cv float64) Dist {
	switch {
	case cv == 0:
		return Dist{}
	case family == "gamma":
		return GammaMeanCV(1, cv)
	case family == "exponential":
		return Exp(1)
	}
	return LognormalMeanCV(1, cv)
}

// callFields are the fields of a CallSpec, shared by classes and calls.
func (d *decoder) callFields(c *CallSpec, fs fields) fields {
	fs["service"] = d.name(&c.Service)
	fs["function"] = d.name(&c.Function)
	fs["endpoint"] = d.name(&c.Endpoint)
	fs["parallel"] = d.boolean(&c.Parallel)
	fs["calls"] = d.calls(&c.Calls)
	fs["variability"] = d.variability(&c.Variability)
	fs["sizes"] = func(n *yaml.Node, f string) error {
		n, err := d.resolve(n, f)
		if err != nil {
			return err
		}
		if n.Kind != yaml.MappingNode {
			return d.errf(n, f, "want a mapping from size variable to distribution, got %s", describe(n))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			s := SizeSpec{Pos: d.pos(k, f+"."+k.Value), Var: k.Value}
			for _, o := range c.Sizes {
				if o.Var == s.Var {
					return s.errorf("repeated size variable")
				}
			}
			if err := d.dist(&s.Dist, UnitNone)(v, f+"."+k.Value); err != nil {
				return err
			}
			c.Sizes = append(c.Sizes, s)
		}
		return nil
	}
	return fs
}

func (d *decoder) calls(dst *[]CallSpec) func(*yaml.Node, string) error {
	return func(n *yaml.Node, f string) error {
		return d.sequence(n, f, func(n *yaml.Node, f string) error {
			c := CallSpec{Pos: d.pos(n, f), Probability: 1, Count: 1}
			err := d.mappingPos(n, f, d.callFields(&c, fields{
				"probability": d.number(&c.Probability, 0, 1),
				"count":       d.intField(&c.Count, 0, 1000),
				"latency": func(n *yaml.Node, f string) error {
					c.Latency = &DistSpec{}
					return d.dist(c.Latency, UnitDuration)(n, f)
				},
			}), &c.Pos)
			*dst = append(*dst, c)
			return err
		})
	}
}

func (d *decoder) class(n *yaml.Node, f string) (ClassSpec, error) {
	c := ClassSpec{Pos: d.pos(n, f)}
	c.Target = CallSpec{Pos: c.Pos, Probability: 1, Count: 1}
	err := d.mappingPos(n, f, d.callFields(&c.Target, fields{
		"name":    d.name(&c.Name),
		"timeout": d.quantity(&c.Timeout, UnitDuration, 0, 1e9),
		"arrival": func(n *yaml.Node, f string) error {
			a := &c.Arrival
			a.Pos = d.pos(n, f)
			a.Scale = 1
			pair := func(dst *[2]float64, u Unit, lo float64) func(*yaml.Node, string) error {
				return func(n *yaml.Node, f string) error {
					i := 0
					err := d.sequence(n, f, func(n *yaml.Node, f string) error {
						if i >= 2 {
							return d.errf(n, f, "want exactly two values, one per state")
						}
						err := d.quantity(&dst[i], u, lo, 1e9)(n, f)
						i++
						return err
					})
					if err == nil && i != 2 {
						return d.errf(n, f, "want exactly two values, one per state")
					}
					return err
				}
			}
			return d.mappingPos(n, f, fields{
				"process": d.str(&a.Process),
				"rate":    d.number(&a.Rate, -1e9, 1e9), // the sign is checked with a clearer message
				"rates":   pair(&a.Rates, UnitNone, 0),
				"sojourn": pair(&a.Sojourn, UnitDuration, 1e-9),
				"file":    d.str(&a.File),
			}, &a.Pos)
		},
	}), &c.Target.Pos)
	c.Pos.keys = c.Target.Pos.keys
	return c, err
}

// check validates what the field decoders cannot: required fields,
// references between items, and combinations.
func (sc *Scenario) check() error {
	switch sc.Placement {
	case "":
		sc.Placement = "spread"
	case "spread", "binpack":
	default:
		return sc.errorf("placement %q: want spread or binpack", sc.Placement)
	}
	switch sc.CostEstimate {
	case "":
		sc.CostEstimate = "point"
	case "point", "low", "high":
	default:
		return sc.at("cost_estimate").errorf("%q: want point, low or high", sc.CostEstimate)
	}
	r := &sc.Run
	if r.Duration == 0 && r.Requests == 0 && r.TargetCI == 0 {
		r.Duration = 60 // a bounded default: one simulated minute
	}
	if r.FieldPos("warmup") == nil && r.FieldPos("warmup_requests") == nil {
		// Start measuring once the empty system has filled: by default
		// skip a tenth of the run.
		switch {
		case r.Duration > 0:
			r.Warmup = r.Duration / 10
		case r.Requests > 0:
			r.WarmupRequests = max(1, r.Requests/10)
		default:
			r.WarmupRequests = 10_000
		}
	}
	if len(sc.Services) == 0 {
		return sc.errorf("no services")
	}
	if len(sc.Classes) == 0 {
		return sc.errorf("no classes")
	}
	services := map[string]*ServiceSpec{}
	for i := range sc.Services {
		s := &sc.Services[i]
		if s.Name == "" {
			return s.errorf("a service needs a name")
		}
		if services[s.Name] != nil {
			return s.errorf("service %q defined twice", s.Name)
		}
		services[s.Name] = s
		if s.Manifest != "" && s.Binary != "" {
			return s.errorf("give manifest or binary, not both")
		}
		if s.Manifest == "" && s.Binary == "" && len(s.Endpoints) == 0 {
			return s.errorf("service %q has no manifest, binary or endpoints: nothing to run", s.Name)
		}
		if s.Variability != nil && s.Manifest == "" && s.Binary == "" {
			return s.Variability.errorf("service %q has no manifest: variability applies to manifest functions (an endpoint's cpu distribution says how its CPU time varies)", s.Name)
		}
		switch s.Discipline {
		case "":
			s.Discipline = "ps"
		case "ps", "fcfs":
		default:
			return s.errorf("discipline %q: want ps or fcfs", s.Discipline)
		}
		switch s.Balance {
		case "":
			s.Balance = "round_robin"
		case "round_robin", "random", "least_loaded":
		default:
			return s.errorf("balance %q: want round_robin, random or least_loaded", s.Balance)
		}
		if s.Limits.CPU > 0 && s.Requests.CPU > s.Limits.CPU {
			return s.errorf("CPU request %v exceeds the limit %v", s.Requests.CPU, s.Limits.CPU)
		}
		if s.Limits.Memory > 0 && s.Requests.Memory > s.Limits.Memory {
			return s.errorf("memory request exceeds the limit")
		}
		seen := map[string]bool{}
		for _, e := range s.Endpoints {
			if e.Name == "" {
				return e.errorf("an endpoint needs a name")
			}
			if seen[e.Name] {
				return e.errorf("endpoint %q defined twice", e.Name)
			}
			seen[e.Name] = true
			if e.CPU.Kind == 0 {
				return e.errorf("endpoint %q needs cpu (a distribution of CPU time)", e.Name)
			}
			if e.Device != nil && s.Device == nil {
				return e.at("device").errorf("endpoint %q uses a device, but service %q has none (add device: {servers: N})", e.Name, s.Name)
			}
		}
	}
	classes := map[string]bool{}
	for i := range sc.Classes {
		c := &sc.Classes[i]
		if c.Name == "" {
			return c.errorf("a class needs a name")
		}
		if classes[c.Name] {
			return c.errorf("class %q defined twice", c.Name)
		}
		classes[c.Name] = true
		if c.Target.Service == "" {
			if len(sc.Services) != 1 {
				return c.errorf("class %q: which service? (there are %d)", c.Name, len(sc.Services))
			}
			c.Target.Service = sc.Services[0].Name
		}
		if err := sc.checkArrival(c); err != nil {
			return err
		}
	}
	if s := sc.SLO; s != nil {
		if !classes[s.Class] {
			return s.at("class").errorf("unknown class %q", s.Class)
		}
		if s.Latency <= 0 {
			return s.errorf("latency must be > 0")
		}
		if s.Service != "" && services[s.Service] == nil {
			return s.at("service").errorf("unknown service %q", s.Service)
		}
		if s.MaxReplicas == 0 {
			s.MaxReplicas = 64
		}
	}
	for _, h := range sc.Hosts {
		if (h.Instance == "") == (h.Profile == "") {
			at := h.Pos
			if h.Instance != "" && h.Profile != "" {
				at = h.at("profile")
			}
			return at.errorf("a host needs either instance (a cloud type) or profile (a hardware profile), not both or neither")
		}
		if h.Profile != "" && h.VCPUs == 0 {
			return h.errorf("a host given by profile needs vcpus")
		}
	}
	return nil
}

func (sc *Scenario) checkArrival(c *ClassSpec) error {
	a := &c.Arrival
	if a.Line == 0 { // no arrival: field written at all
		a.Pos = c.Pos
		a.Field = c.Field + ".arrival"
	}
	switch a.Process {
	case "poisson", "constant":
		if !(a.Rate > 0) {
			return a.at("rate").errorf("class %q: arrival rate %v must be > 0 requests per second", c.Name, a.Rate)
		}
	case "mmpp":
		if a.Rates[0]+a.Rates[1] <= 0 {
			return a.errorf("class %q: mmpp needs rates [r0, r1] (requests per second in each state), not both 0", c.Name)
		}
		if a.Sojourn[0] <= 0 || a.Sojourn[1] <= 0 {
			return a.errorf("class %q: mmpp needs sojourn [t0, t1], the mean time in each state", c.Name)
		}
	case "trace":
		if a.File == "" {
			return a.errorf("class %q: a trace arrival needs file", c.Name)
		}
	case "":
		return a.errorf("class %q: arrival needs process: poisson, constant, mmpp or trace", c.Name)
	default:
		return a.at("process").errorf("class %q: unknown arrival process %q (known: constant, mmpp, poisson, trace)", c.Name, a.Process)
	}
	return nil
}
