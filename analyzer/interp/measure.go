package interp

import (
	"math"
	"reflect"
	"runtime"
	"unsafe"

	"golang.org/x/tools/go/ssa"

	"github.com/perfcast/perfcast/analyzer/sizeclass"
)

// AllocMeasurer is optionally implemented by an Observer that wants what a
// native call really allocates instead of an estimate: the interpreter
// reads the runtime's allocation statistics around the reflect call of a
// function Measure accepts (go test's own counters, so the counts are
// exact), takes out what reflect itself allocates, and reports them with
// NativeAllocs after the call (after its Native event). While native code
// calls back into interpreted code (fmt calling a String method, a
// strings.Map mapping) the measurement pauses: what the callback
// allocates is the interpreted program's, reported as it runs, and the
// interpreter's own work is no one's. Reading the statistics stops the
// world; Measure should accept only functions that may allocate.
type AllocMeasurer interface {
	Measure(fn *ssa.Function) bool
	NativeAllocs(at ssa.CallInstruction, count, bytes int64)
}

// measuring reports whether the native call at is to be measured.
func (in *Interp) measuring(at ssa.CallInstruction) bool {
	// The function the call resolved to (a call through an interface
	// has no static callee), taken so that no call after it sees it.
	fn := in.nat.callee
	in.nat.callee = nil
	m, ok := in.obs.(AllocMeasurer)
	if !ok || at == nil {
		return false
	}
	if fn == nil {
		fn = at.Common().StaticCallee()
	}
	if fn == nil {
		// A method of a native value whose type the program does not
		// know (sha256.New's digest, of an internal package): nothing
		// says it does not allocate.
		return at.Common().IsInvoke()
	}
	if in.nat.measured == nil {
		in.nat.measured = map[*ssa.Function]bool{}
	}
	yes, seen := in.nat.measured[fn]
	if !seen {
		yes = m.Measure(fn)
		in.nat.measured[fn] = yes
	}
	return yes
}

// allocMeter sums what one native call allocates, in the stretches
// between its callbacks into interpreted code.
type allocMeter struct {
	since, now   runtime.MemStats // the reading at the start of the current stretch, and at its end
	count, bytes int64            // the closed stretches' allocations
	prev         *allocMeter      // the meter it nests in
}

// startMeter starts measuring a native call. Meters are reused (each
// holds two 6 KiB MemStats, and the collector is off while benchmarks
// are interpreted).
func (in *Interp) startMeter() *allocMeter {
	var m *allocMeter
	if n := len(in.nat.spare); n > 0 {
		m, in.nat.spare = in.nat.spare[n-1], in.nat.spare[:n-1]
		m.count, m.bytes = 0, 0
	} else {
		m = new(allocMeter)
	}
	m.prev = in.nat.meter
	in.nat.meter = m
	runtime.ReadMemStats(&m.since)
	return m
}

// stopMeter ends m's measurement and returns what the call allocated.
func (in *Interp) stopMeter(m *allocMeter) (count, bytes int64) {
	if in.nat.meter == m {
		m.close()
	}
	in.nat.meter = m.prev
	m.prev = nil
	in.nat.spare = append(in.nat.spare, m)
	return m.count, m.bytes
}

// close adds the stretch that ends now.
func (m *allocMeter) close() {
	off := tinyOffset()
	runtime.ReadMemStats(&m.now)
	n, b := allocsBetween(&m.since, &m.now, off)
	m.count += n
	m.bytes += b
}

// pauseMeter pauses the measurement of the native call under way, if one
// is, for a callback into interpreted code; resumeMeter resumes it.
func (in *Interp) pauseMeter() *allocMeter {
	m := in.nat.meter
	if m == nil {
		return nil
	}
	m.close()
	in.nat.meter = nil
	return m
}

// resumeMeter resumes m (nil: nothing was paused) after a callback.
func (in *Interp) resumeMeter(m *allocMeter) {
	if m == nil {
		return
	}
	in.nat.meter = m
	runtime.ReadMemStats(&m.since)
}

// reflectCallAllocs is what reflect.Value.Call allocates itself for a
// function of type ft called with args, in the runtime's counters: an
// argument of a concrete type passed for an interface parameter, boxed
// unless pointer-shaped (the interpreted program's own conversion was
// reported already); the slice of results, and a copy of each result that
// is not pointer-shaped (reflect boxes it to hand it back as a Value).
// Tiny objects (under 16 bytes, no pointers) count the bytes they fill of
// a tiny block, as the call's own do (allocsBetween).
func reflectCallAllocs(ft reflect.Type, args []reflect.Value) (count, bytes int64) {
	for i, a := range args {
		in := ft.In(min(i, ft.NumIn()-1))
		if ft.IsVariadic() && i >= ft.NumIn()-1 {
			break // passed as the slice itself (CallSlice)
		}
		if in.Kind() != reflect.Interface || !a.IsValid() || a.Kind() == reflect.Interface {
			continue
		}
		if t := a.Type(); t.Size() > 0 && !reflectPointerShaped(t) {
			count++
			bytes += roundSize(int64(t.Size()))
		}
	}
	n := ft.NumOut()
	if n == 0 {
		return count, bytes
	}
	count, bytes = count+1, bytes+roundSize(int64(24*n))
	for i := 0; i < n; i++ {
		t := ft.Out(i)
		if t.Size() == 0 || reflectPointerShaped(t) {
			continue
		}
		count++
		bytes += roundSize(int64(t.Size()))
	}
	return count, bytes
}

// makeFuncAllocs is what the stub of a reflect.MakeFunc function of type
// ft allocates at each call before handing its arguments over: the slice
// of arguments, and a copy of each that is not pointer-shaped.
func makeFuncAllocs(ft reflect.Type) (count, bytes int64) {
	n := ft.NumIn()
	if n == 0 {
		return 0, 0
	}
	count, bytes = 1, roundSize(int64(24*n))
	for i := 0; i < n; i++ {
		if t := ft.In(i); t.Size() > 0 && !reflectPointerShaped(t) {
			count++
			bytes += roundSize(int64(t.Size()))
		}
	}
	return count, bytes
}

// reflectPointerShaped reports whether values of t are stored directly in
// an interface word (reflect's ifaceIndir false).
func reflectPointerShaped(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return true
	case reflect.Struct:
		return t.NumField() == 1 && reflectPointerShaped(t.Field(0).Type)
	case reflect.Array:
		return t.Len() == 1 && reflectPointerShaped(t.Elem())
	}
	return false
}

// tinyProbe keeps tinyOffset's byte on the heap.
var tinyProbe *byte

// tinyOffset allocates one byte without pointers, which the tiny allocator
// places at the offset the block in use has reached, and returns that
// offset: 0 when no block was in use or it was full (the byte then starts
// a block). Blocks are 16-byte objects, 16-byte aligned.
func tinyOffset() int64 {
	tinyProbe = new(byte)
	return int64(uintptr(unsafe.Pointer(tinyProbe)) & 15)
}

// allocsBetween is what was allocated between two readings of the
// runtime's statistics, the second taken right after tinyOffset returned
// off: objects, and bytes by size class.
//
// Objects under 16 bytes without pointers share the tiny allocator's
// 16-byte blocks. The statistics count a block, when one is started, as
// an object of the 16-byte class, and an object put in a block already
// started as an object of no class. Reading them flushes the tiny block,
// so each stretch starts one of its own at its first tiny object; in go
// test's loop the block carries over from one operation to the next, and
// the operations' tiny objects fill blocks to the end: what they add is
// the bytes they use, not 16 per stretch. The block in use when the
// stretch ends (off > 0: the probe fit in it) holds off bytes; taken as
// one object, as many of them as fit share a block in go test's loop,
// 16/⌊16/off⌋ bytes each (a 3-byte string 3.2, a 6-byte one 8: two to a
// block). Objects put in blocks already started add no bytes.
//
// Large objects (beyond the classes' 32 KiB) are of no class either, but
// take whole pages: what TotalAlloc grew by beyond the classed bytes, in
// whole pages, is theirs (the tiny blocks add less than a page to it
// unless a call starts 512 of them).
func allocsBetween(before, after *runtime.MemStats, off int64) (count, bytes int64) {
	count = int64(after.Mallocs-before.Mallocs) - 1 // the probe
	total := int64(after.TotalAlloc - before.TotalAlloc)
	for i := range after.BySize {
		k := int64(after.BySize[i].Mallocs - before.BySize[i].Mallocs)
		bytes += k * int64(after.BySize[i].Size)
	}
	if off == 0 {
		// The probe started a block.
		bytes -= 16
		total -= 16
	}
	if large := (total - bytes) / pageBytes * pageBytes; large > 0 {
		bytes += large
	}
	if off > 0 {
		bytes += int64(math.Round(16/math.Floor(16/float64(off)))) - 16
	}
	return max(count, 0), max(bytes, 0)
}

// pageBytes is the runtime's page: large objects take whole pages.
const pageBytes = 8192

// roundSize is the heap bytes of an object of n bytes: its size class,
// or, under 16 bytes (reflect's copies have no pointers there), the n
// bytes it fills of a tiny block (allocsBetween).
func roundSize(n int64) int64 {
	if n < 16 {
		return n
	}
	return sizeclass.Round(n)
}
