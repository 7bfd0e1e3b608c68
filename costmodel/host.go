package costmodel

import (
	"bufio"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// HostCPU returns this machine's processor name and identity, read from
// cpu0 in /proc/cpuinfo. Elsewhere the name is runtime.GOARCH and the
// identity is empty, which matches no profile.
func HostCPU() (name string, id CPUID) {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH, id
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if !ok {
			if name != "" {
				break // end of cpu0
			}
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "model name":
			name = v
		case "vendor_id":
			id.Vendor = v
		case "cpu family":
			id.Family, _ = strconv.Atoi(v)
		case "model":
			m, _ := strconv.Atoi(v)
			id.Models = []int{m}
		}
	}
	if name == "" {
		name = runtime.GOARCH
	}
	return name, id
}

// Matches reports whether p describes the processor identified by id (one
// model, as HostCPU returns it).
func (p *Profile) Matches(id CPUID) bool {
	return id.Vendor != "" && p.CPUID.Vendor == id.Vendor && p.CPUID.Family == id.Family &&
		len(id.Models) == 1 && slices.Contains(p.CPUID.Models, id.Models[0])
}
