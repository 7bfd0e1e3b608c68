// Package simulate is perfcast's discrete-event simulator: it predicts
// latency percentiles, utilization, replicas and cost for a workload on a
// modeled cluster, from the costs in programs' manifests and the hardware
// profiles and instance catalog of package costmodel.
//
// # Engine
//
// Time is an int64 count of nanoseconds. Events are 24-byte values in a
// hand-written 4-ary heap ordered by time and then by a sequence number,
// so that simultaneous events fire in the order they were scheduled and a
// run is reproducible. There is no goroutine per simulated process: a
// request is a small job record, pooled and addressed by index, that moves
// from node to node through events (arrive, end of service, end of an I/O
// wait, reply). Randomness comes from math/rand/v2 PCG streams, one per
// class, node and service, derived from the scenario's seed; changing one
// part of a scenario leaves the others' random numbers alone, so what-if
// comparisons are made with common random numbers.
//
// # Model
//
// A Model has hosts, stations, services, nodes and classes. A station is a
// multi-server queue: a replica's cores (GOMAXPROCS, capped by its CPU limit
// and its host) served first come, first served or by processor sharing, or
// a replica's I/O device. Replicas whose host is overcommitted share its
// vCPUs fairly; their jobs advance on the host's own clock, which runs at
// the host's speed. A node is a unit of work at a service: CPU on a
// replica, then device I/O, then an I/O wait, then downstream calls (in
// turn or at once, each with a probability and a count, with network
// latency each way), then the reply. For manifest functions the work comes
// from costmodel.Profile.Evaluate on the replica's host at sampled sizes,
// times optional per-request variability factors of mean 1 (Node.Variability
// and IOVariability; the scenario's variability field) for the spread a
// static cost cannot see; allocation drives each replica's GC pacer, whose cycles take CPU from the
// replica's own cores. Classes of requests arrive by Poisson, constant,
// two-state MMPP or trace arrivals.
//
// # Statistics
//
// Everything is streamed: Welford means, batch means with between 32 and 64
// batches (merged pairwise as the run grows) for 95% confidence intervals
// from Student's t, and per-batch log-bucketed histograms (relative error ≤
// 1/128) for percentiles and their intervals. Memory does not grow with the
// length of the run. Little's law is checked on every run.
//
// # Scenarios
//
// ParseScenario decodes a scenario file strictly (docs/scenario.md), Compile
// turns it into a Model (reading manifests, looking up instances and
// profiles, placing replicas, checking the offered load analytically), and
// Simulate runs it and searches the replicas an SLO needs. ApplySet and
// Compare give what-if runs and before/after tables.
//
// The engine is validated against exact queueing results inside its own
// confidence intervals: M/M/1, M/M/c (Erlang C), M/D/1 and M/G/1
// (Pollaczek–Khinchine), M/G/1 processor sharing, M/M/1/K blocking, an open
// Jackson network with feedback, tandem queues, and hosts shared by replicas.
package simulate
