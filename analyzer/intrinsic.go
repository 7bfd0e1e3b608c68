package analyzer

import "github.com/perfcast/perfcast/manifest"

// intrinsicOps are the functions gc replaces, on amd64, by a few
// instructions instead of calling them (cmd/compile/internal/ssagen's
// intrinsics for sys.AMD64), with the operations those instructions cost at
// the default GOAMD64=v1. Such a call has no call overhead and none of its Go
// body, the portable fallback: bits.OnesCount64 is a POPCNT behind a check of
// the CPU feature flag, not fifteen shifts and masks and a call, and
// bits.RotateLeft64 is one ROL. gc does not report these calls as inlined
// (it never inlines them), so without this table each was priced as a call
// plus the fallback's work.
//
// Atomic read-modify-write operations and stores (LOCK XADD, LOCK
// CMPXCHG, XCHG) are one manifest.OpAtomic each: tens of cycles, a full
// barrier, what a mutex's Lock and Unlock cost.
var intrinsicOps = func() map[string]map[manifest.OpClass]float64 {
	ops := func(kv ...any) map[manifest.OpClass]float64 {
		m := map[manifest.OpClass]float64{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(manifest.OpClass)] = float64(kv[i+1].(int))
		}
		return m
	}
	var (
		// POPCNT, ROUNDSD and VFMADD need a CPU feature at GOAMD64=v1:
		// gc loads the runtime's flag and branches around a fallback.
		checked = func(class manifest.OpClass) map[manifest.OpClass]float64 {
			return ops(manifest.OpLoad, 1, manifest.OpBranch, 1, class, 1)
		}
		none     = ops()
		one      = ops(manifest.OpInt, 1) // ROL, BSWAP, MOV from a special register
		bsf      = ops(manifest.OpInt, 2) // BSF and a CMOV (or OR) for a zero input
		bsr      = ops(manifest.OpInt, 3) // BSR, CMOV for zero, ADD 1
		carry    = ops(manifest.OpInt, 3) // ADD/ADC or SUB/SBB and the carry out
		mul      = ops(manifest.OpMul, 1) // MULQ: both halves at once
		div      = ops(manifest.OpDiv, 1, manifest.OpBranch, 2)
		load     = ops(manifest.OpLoad, 1) // an atomic load is a plain MOV on x86
		mulChk   = ops(manifest.OpMul, 1, manifest.OpBranch, 1)
		popcnt   = checked(manifest.OpInt)
		rounds   = checked(manifest.OpFloat)
		sqrt     = ops(manifest.OpFloatDiv, 1)
		prefetch = ops(manifest.OpLoad, 1)
	)
	m := map[string]map[manifest.OpClass]float64{
		"math.sqrt": sqrt, "math.Floor": rounds, "math.Ceil": rounds, "math.Trunc": rounds,
		"math.RoundToEven": rounds, "math.FMA": rounds,
		"math/big.mulWW":                      mul,
		"runtime.KeepAlive":                   none,
		"crypto/internal/constanttime.Select": one, "crypto/internal/constanttime.boolToUint8": one,
		"internal/runtime/sys.GetCallerPC": one, "internal/runtime/sys.GetCallerSP": one,
		"internal/runtime/sys.GetClosurePtr": one,
		"internal/runtime/sys.Prefetch":      prefetch, "internal/runtime/sys.PrefetchStreamed": prefetch,
		"internal/runtime/math.MulUintptr": mulChk, "internal/runtime/math.Mul64": mul,
		"internal/runtime/math.Add64": carry,
		"sync.runtime_LoadAcquintptr": load,
	}
	for _, f := range []string{"Add", "Add64", "Sub", "Sub64"} {
		m["math/bits."+f] = carry
	}
	for _, f := range []string{"Mul", "Mul64"} {
		m["math/bits."+f] = mul
	}
	for _, f := range []string{"Div", "Div64"} {
		m["math/bits."+f] = div
	}
	for _, f := range []string{"OnesCount", "OnesCount16", "OnesCount32", "OnesCount64"} {
		m["math/bits."+f] = popcnt
	}
	m["internal/runtime/sys.OnesCount64"] = popcnt
	for _, f := range []string{"TrailingZeros", "TrailingZeros8", "TrailingZeros16", "TrailingZeros32", "TrailingZeros64"} {
		m["math/bits."+f] = bsf
	}
	for _, f := range []string{"TrailingZeros8", "TrailingZeros32", "TrailingZeros64"} {
		m["internal/runtime/sys."+f] = bsf
	}
	for _, f := range []string{"Len", "Len8", "Len16", "Len32", "Len64"} {
		m["math/bits."+f] = bsr
	}
	m["internal/runtime/sys.Len8"], m["internal/runtime/sys.Len64"] = bsr, bsr
	for _, f := range []string{"RotateLeft", "RotateLeft8", "RotateLeft16", "RotateLeft32", "RotateLeft64", "ReverseBytes32", "ReverseBytes64"} {
		m["math/bits."+f] = one
	}
	m["internal/runtime/sys.Bswap32"], m["internal/runtime/sys.Bswap64"] = one, one
	for _, f := range []string{"Load", "Load64", "Load8", "LoadAcq", "LoadAcq64", "LoadAcquintptr", "Loadint32",
		"Loadint64", "Loadp", "Loaduint", "Loaduintptr"} {
		m["internal/runtime/atomic."+f] = load
	}
	for _, f := range []string{"LoadInt32", "LoadInt64", "LoadPointer", "LoadUint32", "LoadUint64", "LoadUintptr"} {
		m["sync/atomic."+f] = load
	}
	// Read-modify-writes and stores: a LOCK-prefixed instruction or
	// XCHG (an atomic store is an XCHG on amd64: a full barrier).
	locked := ops(manifest.OpAtomic, 1)
	for _, op := range []string{"Add", "And", "Or", "CompareAndSwap", "Swap", "Store"} {
		for _, t := range []string{"Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer"} {
			if (op == "Add" || op == "And" || op == "Or") && t == "Pointer" {
				continue
			}
			m["sync/atomic."+op+t] = locked
		}
	}
	for _, f := range []string{"Xadd", "Xadd64", "Xadduintptr", "Xaddint32", "Xaddint64", "Xchg8", "Xchg", "Xchg64",
		"Xchguintptr", "Xchgint32", "Xchgint64", "Cas", "Cas64", "Casp1", "Casint32", "Casint64", "Casuintptr", "CasRel",
		"Store", "Store8", "Store64", "Storeint32", "Storeint64", "Storeuintptr", "StoreRel", "StoreRel64",
		"StoreReluintptr", "StorepNoWB", "And8", "Or8", "And", "Or", "And32", "Or32", "And64", "Or64", "Anduintptr", "Oruintptr"} {
		m["internal/runtime/atomic."+f] = locked
	}
	return m
}()
