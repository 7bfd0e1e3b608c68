package interp

import (
	"testing"
	"time"
)

// BenchmarkInterp measures the interpreter's speed in SSA instructions
// per second on a loop-heavy program (Sieve) and a call-heavy one.
func BenchmarkInterp(b *testing.B) {
	_, pkg := load(b, "progs")
	for _, name := range []string{"Sieve", "Calls", "MapHeavy"} {
		b.Run(name, func(b *testing.B) {
			fn := pkg.Func(name)
			var steps int64
			start := time.Now()
			for b.Loop() {
				in := New(pkg.Prog, Config{})
				if _, err := in.Call(fn); err != nil {
					b.Fatal(err)
				}
				steps += in.Steps()
			}
			b.ReportMetric(float64(steps)/time.Since(start).Seconds(), "instr/s")
		})
	}
}
