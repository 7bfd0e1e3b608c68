package predict

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/perfcast/perfcast/costmodel"
)

// cpuLine is the "cpu:" header of the predicted output. go test prints this
// host's processor name there; benchstat groups results by it, so when the
// profile describes this host's processor the same name is printed and the
// predicted and measured files compare directly. For another processor the
// profile's title is printed.
func cpuLine(p *costmodel.Profile) string {
	name, vendor, family, model := hostCPU()
	if name != "" && p.CPUID.Vendor == vendor && p.CPUID.Family == family && slices.Contains(p.CPUID.Models, model) {
		return name
	}
	return p.Title
}

// hostCPU reads the processor's name and identity from /proc/cpuinfo
// (empty on other systems).
func hostCPU() (name, vendor string, family, model int) {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "", "", 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			if name != "" {
				break // first processor only
			}
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "model name":
			name = v
		case "vendor_id":
			vendor = v
		case "cpu family":
			family, _ = strconv.Atoi(v)
		case "model":
			model, _ = strconv.Atoi(v)
		}
	}
	return name, vendor, family, model
}
