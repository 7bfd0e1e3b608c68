package costmodel

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// HoursPerMonth is the month cloud providers bill by: 730 hours
// (365 days × 24 h / 12), as in the AWS, GCP and Azure pricing calculators.
const HoursPerMonth = 730

// Instance is one cloud instance type with its on-demand price.
type Instance struct {
	Name         string   `yaml:"name" json:"name"`                   // "c7i.large", "n2-standard-4", "Standard_D4s_v5"
	Provider     string   `yaml:"provider" json:"provider"`           // "aws", "gcp" or "azure"
	Region       string   `yaml:"region" json:"region"`               // where PricePerHour applies
	VCPUs        int      `yaml:"vcpus" json:"vcpus"`                 // hardware threads
	MemoryGiB    float64  `yaml:"memory_gib" json:"memory_gib"`       //
	Profile      string   `yaml:"profile" json:"profile"`             // built-in profile name of its processor
	CPU          string   `yaml:"cpu" json:"cpu"`                     // processor model as the provider documents it
	NetworkGbps  float64  `yaml:"network_gbps" json:"network_gbps"`   // baseline (sustained) bandwidth
	NetworkBurst bool     `yaml:"network_burst" json:"network_burst"` // the provider advertises "up to" NetworkGbps
	PricePerHour float64  `yaml:"price_per_hour" json:"price_per_hour"`
	PriceDate    string   `yaml:"price_date" json:"price_date"` // YYYY-MM-DD the price was read
	Src          []string `yaml:"src" json:"src"`               // keys of the catalog's sources
}

// MonthlyCost returns the on-demand price of running the instance for a
// month of HoursPerMonth hours.
func (i *Instance) MonthlyCost() float64 { return i.PricePerHour * HoursPerMonth }

// PricePerVCPUHour returns the on-demand price of one vCPU for an hour.
func (i *Instance) PricePerVCPUHour() float64 { return i.PricePerHour / float64(i.VCPUs) }

// Catalog is the cloud instance catalog with the citations of its data.
type Catalog struct {
	Sources   map[string]string `yaml:"sources" json:"sources"`
	Instances []*Instance       `yaml:"instances" json:"instances"`
}

//go:embed data/instances.yaml
var catalogYAML []byte

var builtinCatalog = sync.OnceValues(func() (*Catalog, error) {
	return ParseCatalog("builtin:instances.yaml", catalogYAML)
})

// BuiltinCatalog returns the embedded catalog (shared: do not modify).
func BuiltinCatalog() *Catalog {
	c, err := builtinCatalog()
	if err != nil {
		panic("costmodel: built-in catalog is broken: " + err.Error())
	}
	return c
}

// Instances returns the built-in instance types sorted by provider and name.
// The slice is shared: do not modify it.
func Instances() []*Instance { return BuiltinCatalog().Instances }

// LookupInstance returns the built-in instance type called name. An unknown
// name is an error that lists the closest names.
func LookupInstance(name string) (*Instance, error) {
	var names []string
	for _, i := range Instances() {
		if i.Name == name {
			return i, nil
		}
		names = append(names, i.Name)
	}
	return nil, UnknownNameError("instance type", name, names)
}

// HardwareProfile returns the hardware profile of the instance's processor.
func (i *Instance) HardwareProfile() (*Profile, error) { return LoadProfile(i.Profile) }

// ParseCatalog decodes and validates an instance catalog; file names it in
// errors.
func ParseCatalog(file string, data []byte) (*Catalog, error) {
	d := newDecoder(file)
	c := new(Catalog)
	if err := d.decodeDocument(data, c); err != nil {
		return nil, err
	}
	v := validator{d: d, sources: c.Sources}
	if len(c.Instances) == 0 {
		v.fail("instances", "must list at least one instance type")
	}
	var profiles []string
	for _, p := range Profiles() {
		profiles = append(profiles, p.Name)
	}
	seen := map[string]bool{}
	for k, i := range c.Instances {
		f := fmt.Sprintf("instances[%d]", k)
		if i == nil {
			v.fail(f, "is empty")
			continue
		}
		v.nonEmpty(f+".name", i.Name)
		if seen[i.Name] {
			v.fail(f+".name", "duplicate instance type %q", i.Name)
		}
		seen[i.Name] = true
		v.oneOf(f+".provider", i.Provider, "aws", "gcp", "azure")
		v.nonEmpty(f+".region", i.Region)
		v.positive(f+".vcpus", float64(i.VCPUs))
		v.positive(f+".memory_gib", i.MemoryGiB)
		if !slices.Contains(profiles, i.Profile) {
			v.fail(f+".profile", "%v", UnknownNameError("profile", i.Profile, profiles))
		}
		v.nonEmpty(f+".cpu", i.CPU)
		v.positive(f+".network_gbps", i.NetworkGbps)
		v.positive(f+".price_per_hour", i.PricePerHour)
		if !validDate(i.PriceDate) {
			v.fail(f+".price_date", "want a date YYYY-MM-DD, got %q", i.PriceDate)
		}
		v.src(f+".src", i.Src)
	}
	if v.err != nil {
		return nil, v.err
	}
	slices.SortFunc(c.Instances, func(a, b *Instance) int {
		if x := strings.Compare(a.Provider, b.Provider); x != 0 {
			return x
		}
		return strings.Compare(a.Name, b.Name)
	})
	return c, nil
}

func validDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, r := range s {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return false
		}
	}
	return s[5:7] >= "01" && s[5:7] <= "12" && s[8:10] >= "01" && s[8:10] <= "31"
}
