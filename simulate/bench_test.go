package simulate

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// mm10 is the speed benchmark's model: M/M/10 with λ=8, μ=1 (ρ=0.8).
func mm10() *Model { return queueModel(10, FCFS, 8, Exp(1)) }

// runMM10 runs n customers of M/M/10 b.N times and reports customers and
// events per wall second and customers per CPU second.
func runMM10(b *testing.B, n int64) {
	b.ReportAllocs()
	var events uint64
	var mean float64
	cpu0 := cpuTime()
	for b.Loop() {
		r, err := Run(mm10(), Control{Seed: 1, Requests: n})
		if err != nil {
			b.Fatal(err)
		}
		events += r.Events
		mean = r.Classes[0].Latency.Mean.Value
	}
	cpu := (cpuTime() - cpu0).Seconds()
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)*float64(b.N)/sec, "customers/s")
	b.ReportMetric(float64(events)/sec, "events/s")
	if cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu, "customers/cpu-s")
	}
	b.ReportMetric(mean, "mean-response-s") // exact: 1.20459
}

// BenchmarkMM10 simulates n customers of M/M/10 per iteration. B/op and
// allocs/op staying nearly flat as n grows 100× shows that memory does not
// grow with simulated time (streaming statistics, pooled jobs).
func BenchmarkMM10(b *testing.B) {
	for _, n := range []int64{100_000, 1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("customers=%d", n), func(b *testing.B) {
			if n > 1_000_000 && testing.Short() {
				b.Skip("long")
			}
			runMM10(b, n)
		})
	}
}

// simpyLine parses the summary line of testdata/simpy/mmc.py.
var simpyLine = regexp.MustCompile(`customers_per_s=(\d+) customers_per_cpu_s=(\d+) mean_response=([0-9.]+)`)

// BenchmarkMM10VersusSimPy runs the same M/M/10 model with 10⁶ customers
// in perfcast's engine and, once, in SimPy 3 (testdata/simpy/mmc.py) under
// Debian's /usr/bin/python3, and reports both throughputs side by side. It
// is skipped where SimPy is not installed (apt-get install python3-simpy3),
// so CI does not need it.
func BenchmarkMM10VersusSimPy(b *testing.B) {
	const n = 1_000_000
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import simpy").Run(); err != nil {
		b.Skip("SimPy not available under /usr/bin/python3: apt-get install python3-simpy3")
	}
	start := time.Now()
	out, err := exec.Command(py, filepath.Join("testdata", "simpy", "mmc.py"), strconv.Itoa(n)).CombinedOutput()
	if err != nil {
		b.Fatalf("simpy: %v\n%s", err, out)
	}
	m := simpyLine.FindSubmatch(out)
	if m == nil {
		b.Fatalf("simpy: unexpected output %q", out)
	}
	b.Logf("%s(ran in %v)", out, time.Since(start).Round(time.Millisecond))
	perS, _ := strconv.ParseFloat(string(m[1]), 64)
	perCPU, _ := strconv.ParseFloat(string(m[2]), 64)
	b.ResetTimer()
	runMM10(b, n)
	b.ReportMetric(perS, "simpy-customers/s")
	b.ReportMetric(perCPU, "simpy-customers/cpu-s")
}

// BenchmarkScenarioShop runs testdata/scenarios/shop.yaml (manifest
// functions costed on a hardware profile, a synthetic payments service,
// Poisson and MMPP arrivals, network latency, GC) and reports events per
// second: the engine's speed on a realistic model rather than a queue.
func BenchmarkScenarioShop(b *testing.B) {
	sc, err := LoadScenario("testdata/scenarios/shop.yaml")
	if err != nil {
		b.Fatal(err)
	}
	comp, err := Compile(sc, Sources{Dir: "testdata/scenarios"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var events uint64
	cpu0 := cpuTime()
	for b.Loop() {
		r, err := Run(comp.Model, comp.Control)
		if err != nil {
			b.Fatal(err)
		}
		events += r.Events
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	if cpu := (cpuTime() - cpu0).Seconds(); cpu > 0 {
		b.ReportMetric(float64(events)/cpu, "events/cpu-s")
	}
}
