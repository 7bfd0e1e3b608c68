package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/perfcast/perfcast/simulate/stats"
)

// Control says how long to run and what to measure.
type Control struct {
	Seed uint64
	// Warmup is simulated seconds discarded before measuring; WarmupRequests
	// (if > 0) instead ends the warm-up after that many completed requests.
	Warmup         float64
	WarmupRequests int64
	// The run stops at the first of: Duration simulated seconds measured
	// after the warm-up, Requests completed after the warm-up, every class's
	// mean latency known to TargetRelCI (relative 95% half width) — or when
	// the system holds more than MaxInSystem requests (it is unstable).
	Duration    float64
	Requests    int64
	TargetRelCI float64
	MaxInSystem int // default 1,000,000
	// MaxEvents bounds the run in events (default 1e10) so that no
	// scenario can run forever.
	MaxEvents uint64
	// Progress, if set, is called about every ProgressEvery events
	// (default 1<<22) with the fraction done (−1 if unknown).
	Progress      func(simTime float64, events uint64, fraction float64)
	ProgressEvery uint64
	// Percentiles of latency to report (default Percentiles).
	Percentiles []float64
	// Trajectory, if set, records every completed request from time 0
	// (warm-up included), for choosing a warm-up afterwards.
	Trajectory *Trajectory
}

// Stop reasons.
const (
	StopDuration = "duration"
	StopRequests = "requests"
	StopCI       = "confidence"
	StopUnstable = "unstable"
	StopEvents   = "event limit"
	StopDrained  = "no more events"
)

const (
	nsPerSec = 1e9
	maxDepth = 64 // deepest chain of downstream calls followed
)

func toNS(sec float64) int64 {
	if sec <= 0 {
		return 0
	}
	if sec > 1e9 { // a billion seconds is ~31 years: clamp rather than overflow
		sec = 1e9
	}
	return int64(sec*nsPerSec + 0.5)
}

// job is one visit of a request to a node (a root job is the request).
type job struct {
	node    int32
	station int32
	parent  int32 // -1 for a root
	class   int32
	pending int32 // children outstanding
	next    int32 // sequential calls: index of the next call to consider
	rep     int32 // sequential calls: repetitions of Calls[next] done
	via     int32 // child: index of the parent's Call that made it
	depth   uint8
	failed  bool
	gc      bool  // a GC worker, not a request
	start   int64 // root: arrival time
	work    int64 // ns of service at the current station
	device  int64 // ns of service at the replica's I/O device, still to do
	delay   int64 // I/O ns
	replica int32 // index in the service's Replicas
}

type psEntry struct {
	finish float64 // virtual time at which the job's work is done
	job    int32
}

// stationState is a station's run-time state and measurements.
type stationState struct {
	busy  int     // FCFS: jobs in service
	queue []int32 // FCFS waiting jobs, ring buffer
	qhead int
	qlen  int

	ps        []psEntry // PS, or coupled FCFS in service: min-heap on finish
	v         float64   // virtual time: work done per job in service so far
	vLast     int64
	gen       uint32
	coupled   bool    // shares an overcommitted host
	vTau      float64 // coupled: the host τ that v and busyArea are up to
	demandWas int     // coupled: cores demanded before the current change

	present  int // jobs at the station
	lastT    int64
	busyArea float64 // ∫ busy servers dt, ns
	numArea  float64 // ∫ jobs present dt
	arrivals int64
	drops    int64

	// GC and heap.
	allocSince float64
	heapArea   float64
	heapPeak   float64
	heapLast   int64
	gcCycles   int64
	gcWork     float64 // ns of CPU
	gcActive   int     // GC workers of the cycle in progress still running
	garbage    float64 // bytes the cycle in progress will free when it ends
}

type classState struct {
	rng      *rand.Rand
	phaseRng *rand.Rand // MMPP: state changes, apart from the gaps
	state    int        // MMPP
	switchAt int64      // MMPP: next state change
	traceI   int
	arrivals int64
	done     int64
	dropped  int64
	timedOut int64
	latency  stats.Series
}

// sim is one run in progress.
type sim struct {
	m   *Model
	c   Control
	now int64
	h   eventHeap

	jobs []job
	free []int32

	st       []stationState
	hosts    []hostState
	cls      []classState
	nodeRng  []*rand.Rand
	varRng   []*rand.Rand // per node with Variability, else nil
	ioVarRng []*rand.Rand // per node with IOVariability, else nil
	svcRng   []*rand.Rand
	rr       []int

	warm       bool // measuring
	warmStart  int64
	completed  int64 // after warm-up, all classes
	inSystem   int
	sysArea    float64
	sysLast    int64
	sojournSum float64 // ns, every root that left after warm-up
	left       int64
	events     uint64
	calls      uint64 // calls spawned, which count against MaxEvents too
	truncated  int64
	stop       string
	nsLatency  []float64 // scratch
}

// stream returns an independent PCG stream for source id. Both halves of
// the 128-bit state depend on both the seed and the id: PCG states that
// differ only in their high word share their low word's sequence.
func stream(seed uint64, id uint64) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix(seed^splitmix(id)), splitmix(id^splitmix(seed+0x632be59bd9b4e019))))
}

// splitmix is the SplitMix64 finalizer: a bijection that scatters nearby
// inputs.
func splitmix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Stream ids: classes, nodes and services draw from separate streams, so a
// change to one (a rate, a distribution) leaves the others' samples alone:
// what-if comparisons use common random numbers.
const (
	streamClass   = 1 << 32
	streamNode    = 2 << 32
	streamService = 3 << 32
	// streamVariability feeds nodes' service-time variability factors.
	streamVariability = 4 << 32
	// streamIOVariability feeds nodes' I/O variability factors.
	streamIOVariability = 5 << 32
	// streamPhase feeds MMPP classes' state changes.
	streamPhase = 6 << 32
)

// Run simulates m under c.
func Run(m *Model, c Control) (*Result, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if c.Duration <= 0 && c.Requests <= 0 && c.TargetRelCI <= 0 {
		return nil, fmt.Errorf("run control: give a duration, a request count or a target CI width")
	}
	if c.MaxInSystem <= 0 {
		c.MaxInSystem = 1_000_000
	}
	if c.MaxEvents == 0 {
		c.MaxEvents = 1e10
	}
	if c.ProgressEvery == 0 {
		c.ProgressEvery = 1 << 22
	}
	// Work on a copy of the nodes, whose distributions get their derived
	// parameters here, so that Run never writes to m: one Model can be run
	// from several goroutines at once.
	mc := *m
	mc.Nodes = slices.Clone(m.Nodes)
	for i := range mc.Nodes {
		n := &mc.Nodes[i]
		n.CPU.prepare()
		n.IO.prepare()
		n.Device.prepare()
		n.Calls = slices.Clone(n.Calls)
		for j := range n.Calls {
			n.Calls[j].Latency.prepare()
		}
	}
	m = &mc
	s := &sim{m: m, c: c}
	s.st = make([]stationState, len(m.Stations))
	s.hosts = make([]hostState, len(m.Hosts))
	for i := range s.hosts {
		s.hosts[i] = hostState{vcpus: float64(m.Hosts[i].VCPUs), speed: 1}
	}
	for i, def := range m.Stations {
		if def.Host >= 0 && !def.Device {
			s.hosts[def.Host].stations = append(s.hosts[def.Host].stations, i)
		}
	}
	for _, h := range s.hosts {
		cores := 0
		for _, i := range h.stations {
			cores += m.Stations[i].Servers
		}
		if h.vcpus > 0 && float64(cores) > h.vcpus {
			for _, i := range h.stations {
				s.st[i].coupled = true
			}
		}
	}
	s.cls = make([]classState, len(m.Classes))
	s.nodeRng = make([]*rand.Rand, len(m.Nodes))
	for i := range s.nodeRng {
		s.nodeRng[i] = stream(c.Seed, streamNode+uint64(i))
	}
	s.varRng = make([]*rand.Rand, len(m.Nodes))
	for i := range s.varRng {
		if m.Nodes[i].Variability.Kind != 0 {
			s.varRng[i] = stream(c.Seed, streamVariability+uint64(i))
		}
	}
	s.ioVarRng = make([]*rand.Rand, len(m.Nodes))
	for i := range s.ioVarRng {
		if m.Nodes[i].IOVariability.Kind != 0 {
			s.ioVarRng[i] = stream(c.Seed, streamIOVariability+uint64(i))
		}
	}
	s.svcRng = make([]*rand.Rand, len(m.Services))
	s.rr = make([]int, len(m.Services))
	for i := range s.svcRng {
		s.svcRng[i] = stream(c.Seed, streamService+uint64(i))
	}
	for i := range s.cls {
		cs := &s.cls[i]
		cs.rng = stream(c.Seed, streamClass+uint64(i))
		a := &m.Classes[i].Arrival
		if a.Kind == MMPP {
			// The state path has a stream of its own: with rates scaled
			// by -set, the same gaps scale and the bursts come at the
			// same times (common random numbers), instead of the path
			// shifting with the number of gaps drawn.
			cs.phaseRng = stream(c.Seed, streamPhase+uint64(i))
			// Start in the stationary state distribution.
			if cs.phaseRng.Float64()*(a.Sojourn[0]+a.Sojourn[1]) >= a.Sojourn[0] {
				cs.state = 1
			}
			cs.switchAt = toNS(cs.phaseRng.ExpFloat64() * a.Sojourn[cs.state])
		}
		if t, ok := s.nextArrival(i); ok {
			s.h.push(t, evArrival, int32(i), 0)
		}
	}
	if c.WarmupRequests <= 0 {
		if c.Warmup > 0 {
			s.h.push(toNS(c.Warmup), evWarmupEnd, 0, 0)
		} else {
			s.beginMeasuring()
		}
	}
	if c.Duration > 0 && c.WarmupRequests <= 0 {
		s.h.push(toNS(c.Warmup)+toNS(c.Duration), evStop, 0, 0)
	}
	s.loop()
	return s.result(), nil
}

func (s *sim) loop() {
	nextProgress := s.c.ProgressEvery
	for s.stop == "" {
		if s.h.len() == 0 {
			s.stop = StopDrained
			break
		}
		e := s.h.pop()
		s.now = e.t
		s.events++
		switch e.kind() {
		case evArrival:
			s.arrive(int(e.a))
		case evFCFSDone:
			s.fcfsDone(e.a)
		case evPSDone:
			if e.gen == s.st[e.a].gen {
				s.psDone(int(e.a))
			}
		case evHostDone:
			if e.gen == s.hosts[e.a].gen {
				s.hostDone(int(e.a))
			}
		case evResume:
			s.startCalls(e.a)
		case evEnter:
			s.enter(e.a)
		case evReturn:
			s.returned(e.a)
		case evWarmupEnd:
			s.beginMeasuring()
		case evStop:
			s.stop = StopDuration
		}
		if s.events >= nextProgress {
			nextProgress += s.c.ProgressEvery
			if s.events+s.calls >= s.c.MaxEvents {
				s.stop = StopEvents
			}
			if s.c.Progress != nil {
				s.c.Progress(float64(s.now)/nsPerSec, s.events, s.fraction())
			}
		}
	}
}

func (s *sim) fraction() float64 {
	switch {
	case s.c.Duration > 0 && s.c.WarmupRequests <= 0:
		return float64(s.now) / float64(toNS(s.c.Warmup)+toNS(s.c.Duration))
	case s.c.Requests > 0 && s.warm:
		return float64(s.completed) / float64(s.c.Requests)
	}
	return -1
}

// beginMeasuring ends the warm-up: every measurement restarts now.
func (s *sim) beginMeasuring() {
	s.warm = true
	s.warmStart = s.now
	for i := range s.st {
		st := &s.st[i]
		st.lastT, st.busyArea, st.numArea, st.arrivals, st.drops = s.now, 0, 0, 0, 0
		st.heapArea, st.heapLast, st.gcCycles, st.gcWork = 0, s.now, 0, 0
		st.heapPeak = s.heapNow(i)
	}
	for i := range s.cls {
		cs := &s.cls[i]
		cs.arrivals, cs.done, cs.dropped, cs.timedOut = 0, 0, 0, 0
		cs.latency = stats.Series{}
	}
	s.sysArea, s.sysLast, s.sojournSum, s.left, s.truncated = 0, s.now, 0, 0, 0
}

// nextArrival returns the time of class i's next arrival after now.
func (s *sim) nextArrival(i int) (int64, bool) {
	cs := &s.cls[i]
	a := &s.m.Classes[i].Arrival
	switch a.Kind {
	case Poisson:
		return s.now + toNS(cs.rng.ExpFloat64()/a.Rate), true
	case Deterministic:
		return s.now + toNS(1/a.Rate), true
	case MMPP:
		t := s.now
		for range 1_000_000 {
			r := a.Rates[cs.state]
			next := int64(math.MaxInt64)
			if r > 0 {
				next = t + toNS(cs.rng.ExpFloat64()/r)
			}
			if next <= cs.switchAt {
				return next, true
			}
			// The state changes first; the exponential gap is memoryless,
			// so draw afresh in the new state.
			t = cs.switchAt
			cs.state ^= 1
			cs.switchAt = t + max(1, toNS(cs.phaseRng.ExpFloat64()*a.Sojourn[cs.state]))
		}
		return 0, false
	case Trace:
		if cs.traceI >= len(a.Times) {
			return 0, false
		}
		t := toNS(a.Times[cs.traceI])
		cs.traceI++
		return max(t, s.now), true
	}
	return 0, false
}

func (s *sim) newJob() int32 {
	if n := len(s.free); n > 0 {
		j := s.free[n-1]
		s.free = s.free[:n-1]
		return j
	}
	s.jobs = append(s.jobs, job{})
	return int32(len(s.jobs) - 1)
}

func (s *sim) freeJob(j int32) { s.free = append(s.free, j) }

func (s *sim) arrive(ci int) {
	if t, ok := s.nextArrival(ci); ok {
		s.h.push(t, evArrival, int32(ci), 0)
	}
	cs := &s.cls[ci]
	cs.arrivals++
	s.countSystem(+1)
	if s.inSystem > s.c.MaxInSystem {
		s.stop = StopUnstable
		return
	}
	j := s.newJob()
	s.jobs[j] = job{node: int32(s.m.Classes[ci].Entry), parent: -1, class: int32(ci), start: s.now}
	s.enter(j)
}

func (s *sim) countSystem(d int) {
	if s.warm {
		s.sysArea += float64(s.inSystem) * float64(s.now-s.sysLast)
		s.sysLast = s.now
	}
	s.inSystem += d
}

// enter starts job j's visit to its node: pick a replica, sample the work,
// and queue for a core.
func (s *sim) enter(j int32) {
	jb := &s.jobs[j]
	n := &s.m.Nodes[jb.node]
	rep := s.pickReplica(n.Service)
	st := s.m.Services[n.Service].Replicas[rep]
	jb.station, jb.replica = int32(st), int32(rep)
	r := s.nodeRng[jb.node]
	var cpu, io, dev float64
	if n.Demand != nil {
		d := n.Demand(r, st)
		cpu, io, dev = d.CPU, d.IO, d.Device
		if d.AllocBytes > 0 && s.m.Stations[st].GC != nil {
			s.allocate(st, d.AllocBytes)
		}
	} else {
		cpu = n.CPU.Sample(r)
		if n.IO.Kind != 0 {
			io = n.IO.Sample(r)
		}
		if n.Device.Kind != 0 {
			dev = n.Device.Sample(r)
		}
	}
	if vr := s.varRng[jb.node]; vr != nil {
		cpu *= n.Variability.Sample(vr)
	}
	if vr := s.ioVarRng[jb.node]; vr != nil {
		f := n.IOVariability.Sample(vr)
		io *= f
		dev *= f
	}
	jb = &s.jobs[j] // allocate may have grown s.jobs
	jb.work, jb.delay, jb.device = toNS(cpu), toNS(io), toNS(dev)
	if s.m.Services[n.Service].Devices == nil {
		jb.delay += jb.device // no device to queue at: the time is a plain wait
		jb.device = 0
	}
	if jb.work > 0 {
		s.stationArrive(st, j, false)
		return
	}
	s.afterCPU(j)
}

// pickReplica returns the index (in the service's Replicas) of the replica
// a visit to service svc goes to.
func (s *sim) pickReplica(svc int) int {
	sv := &s.m.Services[svc]
	if len(sv.Replicas) == 1 {
		return 0
	}
	switch sv.Balance {
	case Random:
		return s.svcRng[svc].IntN(len(sv.Replicas))
	case LeastLoaded:
		best := 0
		for k, r := range sv.Replicas {
			if s.st[r].present < s.st[sv.Replicas[best]].present {
				best = k
			}
		}
		return best
	}
	i := s.rr[svc]
	s.rr[svc] = (i + 1) % len(sv.Replicas)
	return i
}

// Host sharing. A station whose host is overcommitted (its stations'
// servers add up to more than the host's vCPUs) is "coupled": its jobs in
// service progress at the host's speed, min(1, vCPUs / cores demanded),
// the fair share of a CPU scheduler among runnable threads. Coupled
// stations, FCFS ones included, keep their jobs in service in a
// virtual-time heap, like processor sharing, measured against the host's
// own clock τ, which runs at the host's speed (dτ = speed·dt). A station's
// next departure in τ changes only when its own jobs change, so a change
// of speed moves a single event, the host's next departure, whatever the
// number of replicas on the host. Uncoupled FCFS stations keep the fast
// path: one exact departure event per job.

// hostState is a host's run-time sharing state.
type hostState struct {
	stations []int
	vcpus    float64
	speed    float64
	tau      float64 // ∫ speed dt, ns
	tauLast  int64
	demand   int       // cores its coupled stations' jobs want
	due      []hostDue // min-heap: each coupled station's next departure in τ
	gen      uint32
}

// hostDue is a coupled station's next departure on its host's clock.
type hostDue struct {
	tau     float64
	station int32
	gen     uint32 // stale unless equal to the station's gen
}

// virtual reports whether station i keeps its jobs in service in the
// virtual-time heap.
func (s *sim) virtual(i int) bool {
	return s.m.Stations[i].Discipline == PS || s.st[i].coupled
}

// demand returns the cores station i's jobs would use at full speed.
func (s *sim) demand(i int) int {
	st := &s.st[i]
	if s.m.Stations[i].Discipline == PS {
		return min(len(st.ps), s.m.Stations[i].Servers)
	}
	if st.coupled {
		return len(st.ps)
	}
	return st.busy
}

// jobRate is the rate at which each job in service at station i
// progresses, per unit of its clock (real time, or its host's τ if coupled).
func (s *sim) jobRate(i int) float64 {
	if s.m.Stations[i].Discipline == PS {
		return psRate(len(s.st[i].ps), s.m.Stations[i].Servers)
	}
	return 1
}

// account brings station i's time integrals and virtual time up to now.
func (s *sim) account(i int) {
	st := &s.st[i]
	if st.coupled {
		h := &s.hosts[s.m.Stations[i].Host]
		h.tau += float64(s.now-h.tauLast) * h.speed
		h.tauLast = s.now
		dtau := h.tau - st.vTau
		if len(st.ps) > 0 {
			st.v += dtau * s.jobRate(i)
		}
		st.busyArea += float64(s.demand(i)) * dtau // core-ns actually used
		st.vTau = h.tau
	}
	dt := float64(s.now - st.lastT)
	if dt > 0 {
		if !st.coupled {
			st.busyArea += float64(s.demand(i)) * dt
		}
		st.numArea += float64(st.present) * dt
	}
	st.lastT = s.now
}

// before brings station i up to now, ahead of a change in its jobs.
func (s *sim) before(i int) {
	s.account(i)
	if s.virtual(i) && !s.st[i].coupled {
		s.vAdvance(i)
	}
	s.st[i].demandWas = s.demand(i)
}

// after reschedules departures once station i's jobs changed.
func (s *sim) after(i int) {
	st := &s.st[i]
	if !st.coupled {
		if s.virtual(i) {
			s.vSchedule(i)
		}
		return
	}
	hi := s.m.Stations[i].Host
	h := &s.hosts[hi]
	st.gen++
	if len(st.ps) > 0 {
		due := h.tau + (st.ps[0].finish-st.v)/s.jobRate(i)
		h.due = duePush(h.due, hostDue{tau: due, station: int32(i), gen: st.gen})
	}
	h.demand += s.demand(i) - st.demandWas
	h.speed = 1
	if float64(h.demand) > h.vcpus {
		h.speed = h.vcpus / float64(h.demand)
	}
	s.hostSchedule(hi)
}

// hostSchedule (re)schedules host hi's next departure.
func (s *sim) hostSchedule(hi int) {
	h := &s.hosts[hi]
	h.gen++
	for len(h.due) > 0 && h.due[0].gen != s.st[h.due[0].station].gen {
		h.due, _ = duePop(h.due)
	}
	if len(h.due) == 0 {
		return
	}
	dt := (h.due[0].tau - h.tau) / h.speed
	s.h.push(s.now+max(0, int64(math.Ceil(dt))), evHostDone, int32(hi), h.gen)
}

// hostDone ends the first job to finish among host hi's coupled stations.
func (s *sim) hostDone(hi int) {
	h := &s.hosts[hi]
	var d hostDue
	h.due, d = duePop(h.due)
	s.psDone(int(d.station))
}

// duePush and duePop, like psPush and psPop, are a binary min-heap written
// out per element type on purpose: one generic version over a key method
// ran M/M/10 about 35% slower (3.5 M against 5.5 M customers/CPU-s), since
// the method call through the generic dictionary is not inlined.
func duePush(h []hostDue, e hostDue) []hostDue {
	h = append(h, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].tau <= e.tau {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
	return h
}

func duePop(h []hostDue) ([]hostDue, hostDue) {
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].tau < h[c].tau {
			c++
		}
		if last.tau <= h[c].tau {
			break
		}
		h[i] = h[c]
		i = c
	}
	if n > 0 {
		h[i] = last
	}
	return h, top
}

func (s *sim) stationArrive(i int, j int32, front bool) {
	s.before(i)
	st := &s.st[i]
	def := &s.m.Stations[i]
	st.arrivals++
	switch {
	case def.Discipline == PS || (st.coupled && len(st.ps) < def.Servers):
		st.ps = psPush(st.ps, psEntry{finish: st.v + float64(s.jobs[j].work), job: j})
		st.present++
	case !st.coupled && st.busy < def.Servers:
		st.busy++
		st.present++
		s.h.push(s.now+s.jobs[j].work, evFCFSDone, j, 0)
	case def.QueueLimit > 0 && st.qlen >= def.QueueLimit && !front:
		st.drops++
		s.jobs[j].failed = true
		s.after(i)
		s.afterCPU(j)
		return
	default:
		st.present++
		s.enqueue(st, j, front)
	}
	s.after(i)
}

func (s *sim) enqueue(st *stationState, j int32, front bool) {
	if st.qlen == len(st.queue) {
		nq := make([]int32, max(16, 2*len(st.queue)))
		for k := 0; k < st.qlen; k++ {
			nq[k] = st.queue[(st.qhead+k)%len(st.queue)]
		}
		st.queue, st.qhead = nq, 0
	}
	if front {
		st.qhead = (st.qhead - 1 + len(st.queue)) % len(st.queue)
		st.queue[st.qhead] = j
	} else {
		st.queue[(st.qhead+st.qlen)%len(st.queue)] = j
	}
	st.qlen++
}

func (st *stationState) dequeue() int32 {
	k := st.queue[st.qhead]
	st.qhead++
	if st.qhead == len(st.queue) {
		st.qhead = 0
	}
	st.qlen--
	return k
}

// fcfsDone ends a job's service at an uncoupled FCFS station.
func (s *sim) fcfsDone(j int32) {
	i := int(s.jobs[j].station)
	s.account(i)
	st := &s.st[i]
	st.present--
	if st.qlen > 0 {
		k := st.dequeue()
		s.h.push(s.now+s.jobs[k].work, evFCFSDone, k, 0)
	} else {
		st.busy--
	}
	s.afterCPU(j)
}

// psRate is the service rate each of n jobs gets on c servers.
func psRate(n, c int) float64 {
	if n <= c {
		return 1
	}
	return float64(c) / float64(n)
}

// vAdvance moves station i's virtual time to now.
func (s *sim) vAdvance(i int) {
	st := &s.st[i]
	if len(st.ps) > 0 {
		st.v += float64(s.now-st.vLast) * s.jobRate(i)
	}
	st.vLast = s.now
}

// vSchedule (re)schedules station i's next departure; earlier ones are
// made stale by the generation count.
func (s *sim) vSchedule(i int) {
	st := &s.st[i]
	st.gen++
	if len(st.ps) == 0 {
		return
	}
	dt := (st.ps[0].finish - st.v) / s.jobRate(i)
	s.h.push(s.now+max(0, int64(math.Ceil(dt))), evPSDone, int32(i), st.gen)
}

// psDone ends the service of the job that finishes first at a station
// with virtual time.
func (s *sim) psDone(i int) {
	s.before(i)
	st := &s.st[i]
	var e psEntry
	st.ps, e = psPop(st.ps)
	st.present--
	if s.m.Stations[i].Discipline == FCFS && st.qlen > 0 {
		k := st.dequeue()
		st.ps = psPush(st.ps, psEntry{finish: st.v + float64(s.jobs[k].work), job: k})
	}
	s.after(i)
	s.afterCPU(e.job)
}

func psPush(h []psEntry, e psEntry) []psEntry {
	h = append(h, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].finish <= e.finish {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
	return h
}

func psPop(h []psEntry) ([]psEntry, psEntry) {
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].finish < h[c].finish {
			c++
		}
		if last.finish <= h[c].finish {
			break
		}
		h[i] = h[c]
		i = c
	}
	if n > 0 {
		h[i] = last
	}
	return h, top
}

// afterCPU continues job j after its CPU: a GC worker ends; a request
// waits for its I/O, then makes its calls.
func (s *sim) afterCPU(j int32) {
	jb := &s.jobs[j]
	if jb.gc {
		st := int(jb.station)
		s.freeJob(j)
		s.gcWorkerDone(st)
		return
	}
	if jb.device > 0 && !jb.failed {
		// Then the replica's I/O device, queueing behind other visits.
		d := s.m.Services[s.m.Nodes[jb.node].Service].Devices[jb.replica]
		jb.work, jb.device = jb.device, 0
		jb.station = int32(d)
		s.stationArrive(d, j, false)
		return
	}
	if jb.delay > 0 && !jb.failed {
		s.h.push(s.now+jb.delay, evResume, j, 0)
		return
	}
	s.startCalls(j)
}

// startCalls begins (or, for sequential calls, continues) job j's
// downstream calls, and finishes the visit when none remain.
func (s *sim) startCalls(j int32) {
	jb := &s.jobs[j]
	n := &s.m.Nodes[jb.node]
	if jb.failed || len(n.Calls) == 0 {
		s.finish(j)
		return
	}
	r := s.nodeRng[jb.node]
	if n.Parallel {
		for ci := range n.Calls {
			c := &n.Calls[ci]
			for range c.Count {
				if c.Prob >= 1 || r.Float64() < c.Prob {
					s.spawn(j, int32(ci))
				}
			}
		}
		if s.jobs[j].pending == 0 {
			s.finish(j)
		}
		return
	}
	for int(jb.next) < len(n.Calls) {
		c := &n.Calls[jb.next]
		for int(jb.rep) < c.Count {
			jb.rep++
			if c.Prob >= 1 || r.Float64() < c.Prob {
				if s.spawn(j, jb.next) {
					return
				}
				jb = &s.jobs[j]
			}
		}
		jb.next++
		jb.rep = 0
	}
	s.finish(j)
}

// spawn starts a call from parent p through its node's Calls[ci]; it
// reports false if the call chain is too deep to follow.
func (s *sim) spawn(p int32, ci int32) bool {
	pj := &s.jobs[p]
	if pj.depth >= maxDepth || s.stop != "" {
		s.truncated++
		return false
	}
	// Calls made without network latency run within one event, so a call
	// tree that fans out (counts, self-calls) could do unbounded work in
	// one event: each call counts against the event budget.
	s.calls++
	if s.events+s.calls >= s.c.MaxEvents {
		s.stop = StopEvents
	}
	c := &s.m.Nodes[pj.node].Calls[ci]
	k := s.newJob()
	pj = &s.jobs[p]
	pj.pending++
	s.jobs[k] = job{node: int32(c.Node), parent: p, class: pj.class, via: ci, depth: pj.depth + 1}
	if c.Latency.Kind != 0 {
		s.h.push(s.now+toNS(c.Latency.Sample(s.nodeRng[pj.node])), evEnter, k, 0)
	} else {
		s.enter(k)
	}
	return true
}

// finish ends job j's visit: a child replies to its parent, a root request
// leaves the system.
func (s *sim) finish(j int32) {
	jb := &s.jobs[j]
	if jb.parent >= 0 {
		pn := &s.m.Nodes[s.jobs[jb.parent].node]
		c := &pn.Calls[jb.via]
		if c.Latency.Kind != 0 {
			s.h.push(s.now+toNS(c.Latency.Sample(s.nodeRng[s.jobs[jb.parent].node])), evReturn, j, 0)
			return
		}
		s.returned(j)
		return
	}
	ci := int(jb.class)
	cs := &s.cls[ci]
	resp := s.now - jb.start
	failed := jb.failed
	if s.c.Trajectory != nil && !failed {
		s.c.Trajectory.add(s.now, float64(resp)/nsPerSec)
	}
	s.freeJob(j)
	s.countSystem(-1)
	if !s.warm {
		if !failed && s.c.WarmupRequests > 0 {
			s.completed++
			if s.completed >= s.c.WarmupRequests {
				s.completed = 0
				s.beginMeasuring()
				if s.c.Duration > 0 {
					s.h.push(s.now+toNS(s.c.Duration), evStop, 0, 0)
				}
			}
		}
		return
	}
	s.sojournSum += float64(resp)
	s.left++
	if failed {
		cs.dropped++
		return
	}
	cs.done++
	sec := float64(resp) / nsPerSec
	cs.latency.Add(sec)
	if t := s.m.Classes[ci].Timeout; t > 0 && sec > t {
		cs.timedOut++
	}
	s.completed++
	if s.c.Requests > 0 && s.completed >= s.c.Requests {
		s.stop = StopRequests
	}
	if s.c.TargetRelCI > 0 && s.completed&4095 == 0 && s.ciReached() {
		s.stop = StopCI
	}
}

func (s *sim) ciReached() bool {
	for i := range s.cls {
		l := &s.cls[i].latency
		if l.Batches() < stats.MinBatches {
			return false
		}
		if l.MeanInterval().RelHalfWidth() > s.c.TargetRelCI {
			return false
		}
	}
	return true
}

// returned delivers child j's reply to its parent.
func (s *sim) returned(j int32) {
	jb := &s.jobs[j]
	p := jb.parent
	failed := jb.failed
	s.freeJob(j)
	pj := &s.jobs[p]
	pj.pending--
	if failed {
		pj.failed = true
	}
	if s.m.Nodes[pj.node].Parallel {
		if pj.pending == 0 {
			s.finish(p)
		}
		return
	}
	s.startCalls(p)
}

// heapNow returns station i's current heap size in bytes.
func (s *sim) heapNow(i int) float64 {
	if g := s.m.Stations[i].GC; g != nil {
		return g.LiveHeap + s.st[i].allocSince + s.st[i].garbage
	}
	return 0
}

// allocate records an allocation on station i's process and starts a GC
// cycle when the pacer's trigger is reached.
func (s *sim) allocate(i int, bytes float64) {
	g := s.m.Stations[i].GC
	st := &s.st[i]
	s.heapAccount(i)
	st.allocSince += bytes
	if h := s.heapNow(i); h > st.heapPeak {
		st.heapPeak = h
	}
	if g.Trigger > 0 && st.gcActive == 0 && st.allocSince >= g.Trigger {
		s.startGC(i)
	}
}

// heapAccount brings station i's heap integral up to now.
func (s *sim) heapAccount(i int) {
	st := &s.st[i]
	st.heapArea += s.heapNow(i) * float64(s.now-st.heapLast)
	st.heapLast = s.now
}

// startGC starts a GC cycle on station i's process: the garbage allocated
// so far is freed when the cycle ends, and a new cycle cannot start before
// then, so allocation during a long cycle overshoots the heap goal, as in
// the runtime.
func (s *sim) startGC(i int) {
	g := s.m.Stations[i].GC
	st := &s.st[i]
	st.garbage, st.allocSince = st.allocSince, 0
	st.gcCycles++
	work := g.CycleCPU * nsPerSec
	st.gcWork += work
	workers := max(1, (g.GOMAXPROCS+3)/4)
	st.gcActive = workers
	for range workers {
		k := s.newJob()
		s.jobs[k] = job{parent: -1, gc: true, work: max(1, int64(work/float64(workers)))}
		s.jobs[k].station = int32(i)
		s.stationArrive(i, k, true)
	}
}

// gcWorkerDone ends one GC worker on station i; the last one ends the
// cycle, frees its garbage, and starts the next cycle if the allocation
// since has already reached the trigger.
func (s *sim) gcWorkerDone(i int) {
	st := &s.st[i]
	st.gcActive--
	if st.gcActive > 0 {
		return
	}
	s.heapAccount(i)
	st.garbage = 0
	if g := s.m.Stations[i].GC; st.allocSince >= g.Trigger {
		s.startGC(i)
	}
}
