package calibrate

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// The memory-hierarchy probes (cache and memory latency, the map-miss
// probe) are not timed each in one window of their own: on a shared host
// a window of a few tens of milliseconds is either disturbed or not (another
// process on the other vCPU streaming through the shared L3, a burst of
// preemptions refilling the private caches), and a calibration that caught
// a disturbed window kept it, so that repeated calibrations of one
// 2-vCPU Zen 5 guest measured main memory at 102 to 390 ns and L3 at 56 to
// 227 cycles within an hour. Instead every probe is a timed kernel sampled
// in every round of measureAll, interleaved with the suite and with each
// other over the whole run, probeReps short samples a round, each taken
// right after a pass that brings the working set into the caches that hold
// it; a probe's figure is the Options.Quantile of its samples, as for the
// suite (interference only ever adds time), and the report gives the
// spread.
//
// The chased memory is Go heap memory, so that the probes see the pages
// the programs being predicted see: the Go runtime does not ask for
// transparent huge pages, so with the kernel's THP mode "madvise" (the
// usual default) its heap gets 4 KiB pages, and a random access to a heap
// beyond the TLB's reach pays a page walk (under a hypervisor, a
// two-dimensional one) on top of the cache or memory latency. An earlier
// probe chased memory advised for huge pages, which measured a latency no
// Go benchmark sees, and only when the kernel granted the advice. Each
// probe records the share of its buffer's mappings on huge pages
// (/proc/self/smaps), so a report shows which kind of pages it measured.

// probeSample is the target duration of one sample of a memory probe:
// short, so that a sample and the pass that warmed its working set
// usually fall in one scheduler time slice of a loaded machine, and many
// of them fit in a run.
const probeSample = time.Millisecond

// probeReps is how many samples each memory probe takes per round of
// measureAll.
const probeReps = 3

// chase is a pointer-chasing ring over a working set: each visited element
// holds the index of the next, in a random cyclic order, one per cache line,
// so every step is a dependent load that misses the levels smaller than the
// working set.
type chase struct {
	next  []uint32
	lines int
}

// lineUint32s is the uint32s per 64-byte line.
const lineUint32s = 16

// newChase builds a chase over bytes of Go heap memory, its lines
// 64-byte aligned.
func newChase(bytes int, r *rand.Rand) *chase {
	lines := max(bytes/64, 2)
	buf := make([]uint32, lines*lineUint32s+lineUint32s)
	off := 0
	if a := uintptr(unsafe.Pointer(&buf[0])) % 64; a != 0 {
		off = int(64-a) / 4
	}
	c := &chase{next: buf[off : off+lines*lineUint32s], lines: lines}
	order := r.Perm(lines)
	for k := range lines {
		c.next[order[k]*lineUint32s] = uint32(order[(k+1)%lines] * lineUint32s)
	}
	return c
}

func (c *chase) run(n int) {
	j := uint32(0)
	next := c.next
	for i := 0; i < n; i++ {
		j = next[j]
	}
	sinkInt = int(j)
}

// timed returns the chase as a kernel of measureAll. warm, when set, runs
// one lap of the ring before every sample, so that a sample times the level
// the working set fits in rather than the refill after whatever ran before;
// the main-memory probe goes without (a lap of it would take seconds and
// leave nothing cached).
func (c *chase) timed(name string, warm bool) timed {
	t := timed{name: name, run: c.run, target: probeSample, reps: probeReps}
	if warm {
		t.warm = func() { c.run(c.lines) }
	}
	return t
}

// hugePages is the share of the chase's memory on transparent huge pages
// (pageBacking).
func (c *chase) hugePages() float64 {
	return pageBacking(unsafe.Pointer(&c.next[0]), len(c.next)*4)
}

// CacheProbe is the measured load-to-use latency of one cache level.
type CacheProbe struct {
	Level      string  // "L1d", "L2", "L3", "memory"
	WorkingSet int     // bytes chased
	NS         float64 // per dependent load: the Options.Quantile of the samples
	Cycles     float64 // NS × measured clock
	// Spread is the interquartile range of the samples relative to
	// their median, and Samples their number.
	Spread  float64
	Samples int
	// HugePages is the share of the chased memory's mappings on
	// transparent huge pages, from 0 to 1 (−1: not known).
	HugePages float64
	// Capped is set on the L3 probe when the sweep saw the latency
	// jump toward memory's beyond WorkingSet: the level holds less
	// than the next working set swept (effectiveL3).
	Capped bool
}

// pageBacking returns the share of the resident memory of the mappings
// holding [p, p+n) that is on transparent huge pages, from
// /proc/self/smaps; −1 where that cannot be read (not Linux) or nothing is
// resident. Heap memory shares its mappings with the rest of the heap, so
// for a small buffer the figure is the heap's.
func pageBacking(p unsafe.Pointer, n int) float64 {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return -1
	}
	defer f.Close()
	lo := uint64(uintptr(p))
	huge, rss := smapsHuge(f, lo, lo+uint64(n))
	if rss <= 0 {
		return -1
	}
	return float64(huge) / float64(rss)
}

// smapsHuge sums the AnonHugePages and the Rss, in KiB, of the mappings
// in smaps (the format of /proc/PID/smaps) that overlap [lo, hi).
func smapsHuge(smaps io.Reader, lo, hi uint64) (hugeKiB, rssKiB int) {
	sc := bufio.NewScanner(smaps)
	in := false
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if !strings.HasSuffix(f[0], ":") {
			// A mapping's header: "start-end perms offset dev inode path".
			a, b, ok := strings.Cut(f[0], "-")
			start, err1 := strconv.ParseUint(a, 16, 64)
			end, err2 := strconv.ParseUint(b, 16, 64)
			in = ok && err1 == nil && err2 == nil && start < hi && lo < end
			continue
		}
		if !in || len(f) < 2 {
			continue
		}
		v, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		switch f[0] {
		case "AnonHugePages:":
			hugeKiB += v
		case "Rss:":
			rssKiB += v
		}
	}
	return hugeKiB, rssKiB
}

// MapMissProbe is what a map lookup costs beyond the same lookup in
// cache when its map is larger than the private caches: the input of
// the profile's memory.random_overlap (HostProfile), which compares it
// with what the probed latencies charge a random access to a working set
// that size (costmodel.Profile.MissCycles).
type MapMissProbe struct {
	WorkingSet float64 // bytes of the large map's tables
	// ExtraNS is the large map's lookup time minus the small one's,
	// each the Options.Quantile of its samples.
	ExtraNS float64
}

// mapMissEntries is the large map of the probe: 256k int entries, some
// 9 MB of tables (512 tables of 1024 slots), beyond every built-in
// profile's L2 and within its L3.
const mapMissEntries = 1 << 18

// lookupLoop sums m[k] for the keys 0, 1, … n−1 taken modulo size: the
// keys are independent of the lookups, as in most loops, and the hash
// scatters them over the table.
func lookupLoop(m map[int]int, size, n int) {
	s, k := 0, 0
	for i := 0; i < n; i++ {
		s += m[k]
		k++
		if k == size {
			k = 0
		}
	}
	sinkInt = s
}

// mapMissKernels builds the map probe's two maps, of 1024 entries (in
// cache) and of mapMissEntries, and returns their lookups as kernels of
// measureAll, the large one warmed (every group touched) before each
// sample, and the large map's heap size.
func mapMissKernels() (small, large timed, workingSet float64) {
	sm := make(map[int]int)
	for i := range 1024 {
		sm[i] = i
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	lm := make(map[int]int)
	for i := range mapMissEntries {
		lm[i] = i
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	small = timed{name: "map small", run: func(n int) { lookupLoop(sm, 1024, n) }, target: probeSample, reps: probeReps,
		warm: func() { lookupLoop(sm, 1024, 1024) }}
	large = timed{name: "map large", run: func(n int) { lookupLoop(lm, mapMissEntries, n) }, target: probeSample, reps: probeReps,
		warm: func() { lookupLoop(lm, mapMissEntries, mapMissEntries) }}
	return small, large, float64(after.HeapAlloc) - float64(before.HeapAlloc)
}
