package simulate

import (
	"fmt"
	"math"

	"github.com/perfcast/perfcast/simulate/stats"
)

// Percentiles are the latency percentiles every result reports.
var Percentiles = []float64{50, 90, 95, 99, 99.9}

// Result is what a run measured after its warm-up. Times are in seconds.
type Result struct {
	StopReason string          `json:"stop_reason"`
	Warmup     float64         `json:"warmup_s"`   // simulated time the warm-up ended
	Measured   float64         `json:"measured_s"` // simulated time measured after it
	Events     uint64          `json:"events"`     // events simulated, warm-up included
	Classes    []ClassResult   `json:"classes"`
	Stations   []StationResult `json:"stations"`
	Services   []ServiceResult `json:"services"`
	Hosts      []HostResult    `json:"hosts"`
	Little     LittleCheck     `json:"little"`
	// TruncatedCalls counts downstream calls not followed because the
	// chain was deeper than 64.
	TruncatedCalls int64    `json:"truncated_calls,omitempty"`
	Warnings       []string `json:"warnings,omitempty"`
}

// ClassResult is one request class's outcome.
type ClassResult struct {
	Name       string  `json:"name"`
	Arrivals   int64   `json:"arrivals"`
	Completed  int64   `json:"completed"`
	Dropped    int64   `json:"dropped"`
	TimedOut   int64   `json:"timed_out"`
	Throughput float64 `json:"throughput_per_s"` // completions per second
	Latency    Latency `json:"latency"`
}

// Latency summarizes response times with batch-means 95% intervals.
type Latency struct {
	Mean        stats.Interval `json:"mean"`
	Std         float64        `json:"std"`
	Percentiles []Percentile   `json:"percentiles"`
	Batches     int            `json:"batches"`
}

// Percentile is the P-th percentile of latency.
type Percentile struct {
	P        float64        `json:"p"`
	Estimate stats.Interval `json:"estimate"`
}

// StationResult is the load on one station (a replica's cores).
type StationResult struct {
	Name        string  `json:"name"`
	Servers     int     `json:"servers"`
	Utilization float64 `json:"utilization"`  // busy servers / servers, time-averaged
	MeanPresent float64 `json:"mean_present"` // jobs waiting or in service, time-averaged
	Arrivals    int64   `json:"arrivals"`
	Drops       int64   `json:"drops"`
	// Heap and GC (zero without a GC model).
	HeapMean    float64 `json:"heap_mean_bytes,omitempty"`
	HeapPeak    float64 `json:"heap_peak_bytes,omitempty"`
	GCCycles    int64   `json:"gc_cycles,omitempty"`
	GCCPUShare  float64 `json:"gc_cpu_share,omitempty"` // GC CPU / all CPU the station's cores could give
	MemoryLimit float64 `json:"memory_limit_bytes,omitempty"`
}

// ServiceResult aggregates a service's replicas.
type ServiceResult struct {
	Name        string  `json:"name"`
	Replicas    int     `json:"replicas"`
	Cores       int     `json:"cores"`
	Utilization float64 `json:"cpu_utilization"`
	CoresBusy   float64 `json:"cores_busy"`
	HeapMean    float64 `json:"heap_mean_bytes,omitempty"` // summed over replicas
	HeapPeak    float64 `json:"heap_peak_bytes,omitempty"` // largest replica
}

// HostResult aggregates the stations on a host.
type HostResult struct {
	Name        string  `json:"name"`
	Instance    string  `json:"instance"`
	VCPUs       int     `json:"vcpus"`
	CoresBusy   float64 `json:"cores_busy"`
	Utilization float64 `json:"cpu_utilization"` // CoresBusy / VCPUs
	HeapMean    float64 `json:"heap_mean_bytes,omitempty"`
	MemoryBytes float64 `json:"memory_bytes,omitempty"`
	// MemoryUtilization is the replicas' mean Go heap over the host's
	// memory (0 if either is unknown); the rest of a process's memory
	// (stacks, runtime, binary) is not modelled.
	MemoryUtilization float64 `json:"memory_utilization,omitempty"`
	PricePerHour      float64 `json:"price_per_hour,omitempty"`
}

// LittleCheck compares the time-average number of requests in the system
// with arrival rate × mean time in system (Little's law, L = λW), both
// measured over the same window; they differ only by requests present at
// the window's edges.
type LittleCheck struct {
	L       float64 `json:"l"`
	LambdaW float64 `json:"lambda_w"`
	RelErr  float64 `json:"rel_err"`
}

func (s *sim) result() *Result {
	// Close the time integrals.
	for i := range s.st {
		s.account(i)
		st := &s.st[i]
		st.heapArea += s.heapNow(i) * float64(s.now-st.heapLast)
		st.heapLast = s.now
	}
	s.countSystem(0)
	T := float64(s.now - s.warmStart)
	r := &Result{
		StopReason:     s.stop,
		Warmup:         float64(s.warmStart) / nsPerSec,
		Measured:       T / nsPerSec,
		Events:         s.events,
		TruncatedCalls: s.truncated,
	}
	if !s.warm {
		r.Warnings = append(r.Warnings, "the run ended before its warm-up did: nothing was measured")
	}
	for i, c := range s.m.Classes {
		cs := &s.cls[i]
		cr := ClassResult{Name: c.Name, Arrivals: cs.arrivals, Completed: cs.done, Dropped: cs.dropped, TimedOut: cs.timedOut}
		if T > 0 {
			cr.Throughput = float64(cs.done) / (T / nsPerSec)
		}
		l := &cs.latency
		cr.Latency = Latency{Mean: l.MeanInterval(), Std: l.Std(), Batches: l.Batches()}
		ps := s.c.Percentiles
		if len(ps) == 0 {
			ps = Percentiles
		}
		for _, p := range ps {
			cr.Latency.Percentiles = append(cr.Latency.Percentiles, Percentile{P: p, Estimate: l.QuantileInterval(p / 100)})
		}
		if l.Batches() < stats.MinBatches/2 && cs.done > 0 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("class %s: only %d batches; the confidence intervals are rough (run longer)", c.Name, l.Batches()))
		}
		r.Classes = append(r.Classes, cr)
	}
	type agg struct{ busy, heapMean, heapPeak float64 }
	hosts := make([]agg, len(s.m.Hosts))
	svcs := make([]agg, len(s.m.Services))
	svcCores := make([]int, len(s.m.Services))
	for i, def := range s.m.Stations {
		st := &s.st[i]
		sr := StationResult{Name: def.Name, Servers: def.Servers, Arrivals: st.arrivals, Drops: st.drops, MemoryLimit: def.MemoryLimit}
		if T > 0 {
			sr.Utilization = st.busyArea / T / float64(def.Servers)
			sr.MeanPresent = st.numArea / T
			if def.GC != nil {
				sr.HeapMean = st.heapArea / T
				sr.HeapPeak = st.heapPeak
				sr.GCCycles = st.gcCycles
				sr.GCCPUShare = st.gcWork / (T * float64(def.Servers))
			}
		}
		if def.MemoryLimit > 0 && sr.HeapPeak > def.MemoryLimit {
			r.Warnings = append(r.Warnings, fmt.Sprintf("station %s: heap peak %.0f MiB exceeds the memory limit %.0f MiB (the process would be OOM-killed)", def.Name, sr.HeapPeak/(1<<20), def.MemoryLimit/(1<<20)))
		}
		if sr.Utilization > 0.98 {
			r.Warnings = append(r.Warnings, fmt.Sprintf("station %s: utilization %.3f: saturated, latencies are not steady-state", def.Name, sr.Utilization))
		}
		busy := sr.Utilization * float64(def.Servers)
		if def.Device {
			r.Stations = append(r.Stations, sr)
			continue
		}
		if def.Host >= 0 {
			hosts[def.Host].busy += busy
			hosts[def.Host].heapMean += sr.HeapMean
		}
		if def.Service >= 0 {
			svcs[def.Service].busy += busy
			svcs[def.Service].heapMean += sr.HeapMean
			svcs[def.Service].heapPeak = math.Max(svcs[def.Service].heapPeak, sr.HeapPeak)
			svcCores[def.Service] += def.Servers
		}
		r.Stations = append(r.Stations, sr)
	}
	for i, sv := range s.m.Services {
		res := ServiceResult{Name: sv.Name, Replicas: len(sv.Replicas), Cores: svcCores[i], CoresBusy: svcs[i].busy, HeapMean: svcs[i].heapMean, HeapPeak: svcs[i].heapPeak}
		if svcCores[i] > 0 {
			res.Utilization = svcs[i].busy / float64(svcCores[i])
		}
		r.Services = append(r.Services, res)
	}
	for i, h := range s.m.Hosts {
		hr := HostResult{Name: h.Name, Instance: h.Instance, VCPUs: h.VCPUs, CoresBusy: hosts[i].busy, HeapMean: hosts[i].heapMean, MemoryBytes: h.MemoryBytes, PricePerHour: h.PricePerHour}
		if h.VCPUs > 0 {
			hr.Utilization = hosts[i].busy / float64(h.VCPUs)
		}
		if h.MemoryBytes > 0 {
			hr.MemoryUtilization = hosts[i].heapMean / h.MemoryBytes
		}
		r.Hosts = append(r.Hosts, hr)
	}
	if T > 0 {
		r.Little.L = s.sysArea / T
		r.Little.LambdaW = s.sojournSum / T
		if r.Little.L > 0 {
			r.Little.RelErr = math.Abs(r.Little.L-r.Little.LambdaW) / r.Little.L
		}
		if r.Little.RelErr > 0.05 && s.stop != StopUnstable {
			// L and λW differ only by the requests present at the window's
			// edges; a large gap means those dominate: the run is too short.
			r.Warnings = append(r.Warnings, fmt.Sprintf("Little's law is off by %.0f%% (L = %.4g, λW = %.4g): the measured window is too short compared with response times; run longer", 100*r.Little.RelErr, r.Little.L, r.Little.LambdaW))
		}
	}
	if s.stop == StopUnstable {
		r.Warnings = append(r.Warnings, fmt.Sprintf("stopped: more than %d requests in the system at once; the system is unstable at this load", s.c.MaxInSystem))
	}
	return r
}

// CostPerHour returns the hosts' summed price per hour.
func (r *Result) CostPerHour() float64 {
	var c float64
	for _, h := range r.Hosts {
		c += h.PricePerHour
	}
	return c
}
