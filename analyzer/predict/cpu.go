package predict

import "github.com/perfcast/perfcast/costmodel"

// cpuLine is the "cpu:" header of the predicted output. go test prints this
// host's processor name there; benchstat groups results by it, so when the
// profile describes this host's processor the same name is printed and the
// predicted and measured files compare directly. For another processor the
// profile's title is printed.
func cpuLine(p *costmodel.Profile) string {
	if name, id := costmodel.HostCPU(); p.Matches(id) {
		return name
	}
	return p.Title
}
