# Builds the built-in profile YAML files from one calibrated host profile
# (Sapphire Rapids) and published instruction/cache/clock figures.
import yaml, json, math, sys, os
host = yaml.safe_load(open(sys.argv[1]))
OUT = sys.argv[2]
DATE = sys.argv[3]
HOSTDESC = sys.argv[4]

# Runtime classes: band multipliers around the point estimate.
RT = {  # class: (low mult, high mult, comment)
 "mapread": (0.6, 4, "runtime.mapaccess (Swiss table), small key; high: cache-missing large map"),
 "mapwrite": (0.6, 4, "runtime.mapassign, no growth (growth is in alloc)"),
 "mapdelete": (0.6, 4, "runtime.mapdelete"),
 "mapiter": (0.6, 3, "one step of a map range loop; starting the loop costs ~100 ns more (not counted by the analyzer)"),
 "chansend": (0.6, 10, "buffered, uncontended; high: wakes a parked receiver"),
 "chanrecv": (0.6, 10, "buffered, uncontended; high: parks or wakes a sender"),
 "select": (0.6, 5, "two-case select, one case ready"),
 "defer": (0.5, 10, "open-coded defer; high: heap-allocated defer record"),
 "go": (0.6, 3, "newproc + schedule + exit of a short goroutine"),
 "typeassert": (0.5, 20, "assertion to a concrete type; high: to an interface (itab lookup)"),
 "ifaceconv": (0.5, 5, "building (itab, data); an allocation is counted separately"),
 "concat": (0.5, 3, "runtime.concatstrings overhead; bytes via membytes, result via malloc"),
 "strconv": (0.5, 3, "string/[]byte conversion overhead; bytes via membytes, result via malloc"),
 "append": (0.5, 4, "append within capacity; growth is in alloc"),
 "copy": (0.5, 3, "memmove call overhead; bytes via membytes"),
 "make": (0.5, 3, "makeslice/makemap checks; the allocation is in alloc"),
}
INSTR = ["int","mul","div","float","fdiv","load","store","branch","boundscheck","nilcheck","call","icall","ccall","membytes"]
FLOOR = 0.02  # cycles; a class the fit drove to ~0 keeps a token cost

spr_instr = {  # Golden Cove: lat, rthru (uops.info ADL-P / Agner Fog)
 "int": (1, 0.2, "ADD/SUB/AND/CMP r64: 5 ALU ports"),
 "mul": (3, 1, "IMUL r64,r64"),
 "div": (15, 10, "DIV/IDIV r64 (Go checks the divisor for -1 first)"),
 "float": (3, 0.5, "ADDSD 2-3, MULSD 4 cycles: averaged"),
 "fdiv": (14, 4, "DIVSD 13-15; SQRTSD 15-19"),
 "load": (5, 0.33, "MOV r64,m64 hitting L1: 3 load ports"),
 "store": (1, 0.5, "MOV m64,r64: 2 store ports"),
 "branch": (1, 0.5, "JCC not taken 2/cycle, taken 1-2/cycle"),
 "boundscheck": (1, 0.5, "CMP + JCC macro-fused, never taken"),
 "nilcheck": (1, 0.33, "TESTB AX,(AX), usually folded into a load"),
 "call": (4, 2, "CALL + RET + frame set-up"),
 "icall": (6, 2, "load code pointer + indirect CALL"),
 "ccall": (6, 2, "load closure code pointer + indirect CALL"),
 "membytes": (0.1, 0.03, "per byte: memmove/memclr, AVX2 32 B loads and stores, L1/L2-resident"),
}

def r(x):
  if x >= 100: return float(round(x))
  if x >= 10: return round(x, 1)
  if x >= 1: return round(x, 2)
  return round(x, 3)

def host_cycles(cls):
  return max(host["ops"][cls]["cycles"], FLOOR)

PROFILES = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "profiles.json")))

def fmt(v):
  if isinstance(v, bool): return "true" if v else "false"
  if isinstance(v, float):
    if v == int(v): return str(int(v))
    return repr(v)
  return str(v)

def flow(d, keys):
  parts = []
  for k in keys:
    if k not in d: continue
    v = d[k]
    if k == "src": parts.append("src: [" + ", ".join(v) + "]")
    else: parts.append("%s: %s" % (k, fmt(v)))
  return "{" + ", ".join(parts) + "}"

for p in PROFILES:
  calibrated = p["name"] == "sapphirerapids"
  scale = p["ipc_scale"]
  L = []
  for line in p["header"].strip().split("\n"): L.append("# " + line)
  L.append("# Units are core cycles unless a field's name says otherwise; every group of")
  L.append("# numbers cites its sources (keys of `sources`). 'est:' sources are estimates")
  L.append("# and say from what. Generated from published tables and one calibrated host;")
  L.append("# see docs/costmodel.md for the model and for how to recalibrate.")
  for k in ["name","title","vendor","microarchitecture"]:
    L.append("%s: %s" % (k, p[k]))
  L.append("cpuid: {vendor: %s, family: %d, models: [%s]}" % (p["cpuid"][0], p["cpuid"][1], ", ".join(map(str, p["cpuid"][2]))))
  L.append("")
  srcs = dict(p["sources"])
  srcs["calib-spr"] = "calibrated on %s %s by perfcast calibrate (medians/quantiles of interleaved CPU-time samples on a shared 2-core KVM VM, fitted by non-negative least squares); see docs/costmodel.md" % (HOSTDESC, DATE)
  if not calibrated:
    srcs["ipc-scale"] = "est: runtime and fitted costs for this core are the calibrated Sapphire Rapids values (calib-spr) times ipc_scale = %.2f, the ratio of Golden Cove's instructions per clock to this core's from the vendors' generational claims: Intel Sunny Cove +18%% over Skylake (Architecture Day 2018), Golden Cove +19%% over Sunny Cove (Architecture Day 2021); AMD Zen 3 +19%% over Zen 2 (2020), Zen 4 +13%% over Zen 3 (2022), Zen 5 +16%% over Zen 4 (Computex 2024); Zen 4 taken equal to Golden Cove per clock. Instruction classes scale instead by sqrt(throughput ratio x latency ratio) of the instruction tables" % scale
  srcs["go-gc-guide"] = "Go GC guide (https://go.dev/doc/gc-guide): GC CPU is proportional to the live heap per cycle and a cycle happens every live*GOGC/100 bytes allocated; the constants are from calib-spr"
  srcs["gc-fixed-est"] = "est: fixed cost per GC cycle (stop-the-world phases, stack and global roots) of 100k cycles (~30 us on Golden Cove); the calibration's forced-collection fit gives only the per-byte slope reliably, its intercept being dominated by runtime.GC's synchronous full sweep and stop-the-world waits on a loaded host (0 to 2.6 ms across our runs)"
  srcs["ebs-gp3"] = "AWS EBS gp3 documentation: baseline 3000 IOPS and 125 MB/s per volume, 'single-digit millisecond' latency; est: 0.5 ms read, 0.8 ms write, 1 ms fsync as typical medians (GCP pd-balanced and Azure Premium SSD are similar)"
  srcs["cloud-net"] = "AWS EC2 network documentation: one flow is limited to 5 Gbps outside a cluster placement group; est: 100 us round trip between two VMs of one zone (published measurements range 50-150 us); TCP connects in one round trip"
  srcs["random-overlap-est"] = "est: independent random accesses overlap their misses 2 at a time: measured on a Zen 5 guest (2026-12-05, go1.26) as the extra cycles of map[int]int and map[any]any lookups at 10k and 100k entries over the same lookups in cache, 1.5 to 2.5 times less than a pointer chase on the same host predicts; bound by the lookups' dependent loads and mispredicted match branches rather than by the reorder buffer, so taken the same on every core"
  srcs["remote-est"] = "est: placeholder service times of the servers a program calls (HTTP API 2 ms, SQL query 1 ms, SQL exec 1.5 ms) for when a scenario gives none; workload assumptions, not hardware figures"
  L.append("sources:")
  for k in sorted(srcs):
    L.append('  %s: "%s"' % (k, srcs[k].replace('"', "'")))
  L.append("")
  c = p["clock"]
  L.append("clock:")
  for k in ["base_ghz","turbo_all_core_ghz","turbo_max_ghz","smt"]:
    L.append("  %s: %s" % (k, fmt(c[k])))
  L.append("  src: [%s]" % ", ".join(c["src"]))
  L.append("")
  L.append("branch:")
  L.append("  mispredict_cycles: %s" % fmt(p["mispredict"][0]))
  L.append("  src: [%s]" % ", ".join(p["mispredict"][1]))
  L.append("")
  L.append("# lat/rthru: instruction latency and reciprocal throughput; cycles: point estimate")
  L.append("# in compiled Go code, fitted on the calibrated host (where the fit finds a class")
  L.append("# overlapped by the work around it, such as loads beside their address arithmetic,")
  L.append("# its cycles are small); low/high: the band, by default rthru and lat.")
  L.append("ops:")
  ops = {}
  for cls in INSTR:
    lat, rthru, note = p["instr"][cls] if cls in p["instr"] else spr_instr[cls]
    slat, srthru, _ = spr_instr[cls]
    hc = host_cycles(cls)
    if calibrated:
      cyc = hc
      src = ["calib-spr"] + p["instr_src"]
    else:
      cyc = hc * math.sqrt((rthru/srthru) * (lat/slat))
      if cls in ("call","icall","ccall"):
        cyc = hc * scale
      src = p["instr_src"] + ["calib-spr", "ipc-scale"]
    d = {"lat": lat, "rthru": rthru, "cycles": r(cyc), "src": src}
    lo, hi = min(rthru, cyc), max(lat, cyc)
    if cls == "branch":
      hi = max(1 + 0.1*p["mispredict"][0], cyc)
      d["high"] = r(hi); note += "; high: 10% mispredicted"
    if cls in ("call","icall","ccall"):
      d["high"] = r(max(lat*2.5, cyc*2.5)); note += "; high: cold or mispredicted"
    if cls == "membytes":
      d["low"] = 0.02; d["high"] = 0.5
    ops[cls] = (d, note)
  for cls, (lm, hm, note) in RT.items():
    hc = host_cycles(cls)
    cyc = hc if calibrated else hc*scale
    src = ["calib-spr"] if calibrated else ["calib-spr", "ipc-scale"]
    ops[cls] = ({"cycles": r(cyc), "low": r(cyc*lm), "high": r(cyc*hm), "src": src}, note)
  # Dependent loads: a list walk or a tree descent waits out the L1d load-to-use
  # latency per link; the misses of levels the caches do not hold are the cost
  # model's (DescentMissCycles).
  l1 = p["caches"][0]
  for cls, note in (("chase", "a dependent load's L1 load-to-use latency (the L1d level's); low: short chains overlap in the out-of-order window"),
                    ("descent", "as chase; the working set's misses are added by the cost model (DescentMissCycles)")):
    lat = l1["latency_cycles"]
    ops[cls] = ({"lat": lat, "cycles": lat, "low": lat/2, "src": l1["src"]}, note)
  for cls in sorted(ops):
    d, note = ops[cls]
    L.append("  %-12s %s  # %s" % (cls + ":", flow(d, ["lat","rthru","cycles","low","high","src"]), note))
  L.append("")
  L.append("caches:")
  for cc in p["caches"]:
    L.append("  - " + flow(cc, ["level","size_kib","shared_by","latency_cycles","src"]) + ("  # " + cc["note"] if "note" in cc else ""))
  L.append("")
  m = p["memory"]
  L.append("memory:")
  for k in ["latency_ns","socket_bandwidth_gbps","core_bandwidth_gbps"]:
    L.append("  %s: %s" % (k, fmt(m[k])))
  # Independent random accesses (a loop's map operations) overlap their
  # misses; the same estimate on every core (costmodel.RandomOverlapEst).
  L.append("  random_overlap: 2  # misses of independent random accesses in flight together: bound by the accesses' dependent loads and mispredicted branches, not by the window size")
  L.append("  src: [%s]" % ", ".join(m["src"] + ["random-overlap-est"]))
  L.append("")
  L.append("runtime:")
  L.append("  malloc:  # cycles per object by size, with zeroing; an average of pointer-holding and pointer-free objects")
  L.append("    points:")
  for pt in host["runtime"]["malloc"]["points"]:
    cyc = pt["cycles"] if calibrated else pt["cycles"]*scale
    L.append("      - {size: %s, cycles: %s}" % (fmt(float(pt["size"])), fmt(r(cyc))))
  L.append("    src: [%s]" % ("calib-spr" if calibrated else "calib-spr, ipc-scale"))
  g = host["runtime"]["gc"]
  L.append("  gc:")
  L.append("    mark_cycles_per_byte: %s" % fmt(r(g["mark_cycles_per_byte"]*(1 if calibrated else scale))))
  L.append("    sweep_cycles_per_byte: 0.02  # background sweeper only: lazy sweeping is inside malloc")
  L.append("    fixed_cycles: %s" % fmt(float(round(100000*(1 if calibrated else scale), -3))))
  L.append("    src: [%s]" % ("calib-spr, go-gc-guide, gc-fixed-est" if calibrated else "calib-spr, ipc-scale, go-gc-guide, gc-fixed-est"))
  sc = host["runtime"]["syscall"]["cycles"]
  L.append("  syscall:  # getpid through the Go runtime, KVM guest with the host kernel's mitigations")
  L.append("    cycles: %s" % fmt(r(sc if calibrated else sc*scale)))
  L.append("    src: [%s]" % ("calib-spr" if calibrated else "calib-spr, ipc-scale"))
  L.append("""
disk:
  kind: network block storage (EBS gp3, GCP pd-balanced, Azure Premium SSD)
  read_latency_us: 500
  write_latency_us: 800
  sync_latency_us: 1000
  read_mbps: 125
  write_mbps: 125
  src: [ebs-gp3]

network:
  rtt_us: 100
  flow_gbps: 5
  connect_rtts: 1
  src: [cloud-net]

remote:
  http_server_us: 2000
  sql_query_us: 1000
  sql_exec_us: 1500
  src: [remote-est]""")
  open(os.path.join(OUT, p["name"] + ".yaml"), "w").write("\n".join(L) + "\n")
  print("wrote", p["name"])
