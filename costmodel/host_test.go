package costmodel

import (
	"os"
	"testing"
)

func TestMatches(t *testing.T) {
	p, err := LoadProfile("sapphirerapids")
	if err != nil {
		t.Fatal(err)
	}
	own := CPUID{Vendor: p.CPUID.Vendor, Family: p.CPUID.Family, Models: []int{p.CPUID.Models[0]}}
	for _, tc := range []struct {
		id   CPUID
		want bool
	}{
		{own, true},
		{CPUID{Vendor: "AuthenticAMD", Family: own.Family, Models: own.Models}, false},
		{CPUID{Vendor: own.Vendor, Family: own.Family, Models: []int{-1}}, false},
		{CPUID{Vendor: own.Vendor, Family: own.Family, Models: p.CPUID.Models}, len(p.CPUID.Models) == 1},
		{CPUID{}, false},
	} {
		if got := p.Matches(tc.id); got != tc.want {
			t.Errorf("Matches(%+v) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

func TestHostCPU(t *testing.T) {
	name, id := HostCPU()
	if name == "" {
		t.Fatal("empty processor name")
	}
	if _, err := os.Stat("/proc/cpuinfo"); err == nil && (id.Vendor == "" || len(id.Models) != 1) {
		t.Errorf("/proc/cpuinfo exists but HostCPU found no identity: %q %+v", name, id)
	}
}
