package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/perfcast/perfcast/costmodel"
	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/expr"
)

func init() {
	register(&command{
		name:  "profiles",
		args:  "[-format text|json|yaml] [-profile P] [-cost CLASS=EXPR ... -set VAR=VALUE ...] [NAME]",
		short: "list hardware profiles and cloud instance types with prices",
		long: `Profiles lists the built-in hardware profiles (x86 microarchitectures) and
the cloud instance types of the catalog, with their processor profile,
on-demand price per hour and per month (730 hours), and the date and region
of the price.

With NAME, it prints that profile or instance type in full (a profile as the
YAML that -profile flags accept, with every source).

With -cost, it evaluates operation counts on every profile (or on -profile
only): each -cost gives one class's count as a cost expression, -set gives a
size variable's value, and the result is the CPU time per call with its
uncertainty band.

Example:

	perfcast profiles
	perfcast profiles -format json
	perfcast profiles zen4
	perfcast profiles c7i.large
	perfcast profiles -cost 'int=40+6*len(s)' -cost 'load=len(s)' -set 'len(s)=1000'`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			format := formatFlag(fs, "text", "json", "yaml")
			only := fs.String("profile", "", "evaluate -cost on this `profile` (a name or a YAML file) only")
			var costs, sets multiFlag
			fs.Var(&costs, "cost", "operation count `CLASS=EXPR` to evaluate (repeatable)")
			fs.Var(&sets, "set", "size variable `VAR=VALUE` for -cost (repeatable)")
			return func(args []string) error {
				if len(args) > 1 {
					return usagef("profiles takes at most one NAME")
				}
				if len(costs) > 0 {
					if len(args) > 0 {
						return usagef("-cost and NAME cannot be combined")
					}
					return evalCosts(*format, *only, costs, sets)
				}
				if len(args) == 1 {
					return showOne(*format, args[0])
				}
				return listAll(*format)
			}
		},
	})
}

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// profileRow and instanceRow are the listing's records.
type profileRow struct {
	Name              string  `json:"name" yaml:"name"`
	Title             string  `json:"title" yaml:"title"`
	Microarchitecture string  `json:"microarchitecture" yaml:"microarchitecture"`
	TurboAllCoreGHz   float64 `json:"turbo_all_core_ghz" yaml:"turbo_all_core_ghz"`
	SMT               int     `json:"smt" yaml:"smt"`
	Instances         int     `json:"instances" yaml:"instances"`
}

type instanceRow struct {
	Name          string  `json:"name" yaml:"name"`
	Provider      string  `json:"provider" yaml:"provider"`
	Region        string  `json:"region" yaml:"region"`
	VCPUs         int     `json:"vcpus" yaml:"vcpus"`
	MemoryGiB     float64 `json:"memory_gib" yaml:"memory_gib"`
	Profile       string  `json:"profile" yaml:"profile"`
	NetworkGbps   float64 `json:"network_gbps" yaml:"network_gbps"`
	PricePerHour  float64 `json:"price_per_hour" yaml:"price_per_hour"`
	PricePerMonth float64 `json:"price_per_month" yaml:"price_per_month"`
	PriceDate     string  `json:"price_date" yaml:"price_date"`
}

type listing struct {
	Profiles  []profileRow  `json:"profiles" yaml:"profiles"`
	Instances []instanceRow `json:"instances" yaml:"instances"`
}

func listAll(format string) error {
	var l listing
	count := map[string]int{}
	for _, i := range costmodel.Instances() {
		count[i.Profile]++
		l.Instances = append(l.Instances, instanceRow{
			Name: i.Name, Provider: i.Provider, Region: i.Region, VCPUs: i.VCPUs, MemoryGiB: i.MemoryGiB,
			Profile: i.Profile, NetworkGbps: i.NetworkGbps, PricePerHour: i.PricePerHour,
			PricePerMonth: roundCents(i.MonthlyCost()), PriceDate: i.PriceDate,
		})
	}
	for _, p := range costmodel.Profiles() {
		l.Profiles = append(l.Profiles, profileRow{
			Name: p.Name, Title: p.Title, Microarchitecture: p.Microarchitecture,
			TurboAllCoreGHz: p.Clock.TurboAllCoreGHz, SMT: p.Clock.SMT, Instances: count[p.Name],
		})
	}
	return writeData(stdoutW, format, l, func(w io.Writer) error {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "PROFILE\tMICROARCHITECTURE\tALL-CORE GHz\tINSTANCES\tTITLE\n")
		for _, p := range l.Profiles {
			fmt.Fprintf(tw, "%s\t%s\t%.2f\t%d\t%s\n", p.Name, p.Microarchitecture, p.TurboAllCoreGHz, p.Instances, p.Title)
		}
		fmt.Fprintf(tw, "\nINSTANCE\tPROVIDER\tREGION\tvCPU\tMEM GiB\tPROFILE\tNET Gbps\t$/HOUR\t$/MONTH\tPRICE DATE\n")
		for _, i := range l.Instances {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%g\t%s\t%g\t%.5g\t%.2f\t%s\n", i.Name, i.Provider, i.Region, i.VCPUs, i.MemoryGiB,
				i.Profile, i.NetworkGbps, i.PricePerHour, i.PricePerMonth, i.PriceDate)
		}
		fmt.Fprintf(tw, "\n$/MONTH is %d hours at the on-demand price; sources: perfcast profiles -format yaml NAME\n", costmodel.HoursPerMonth)
		return tw.Flush()
	})
}

func roundCents(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 2, 64), 64)
	return v
}

// showOne prints one profile or instance type.
func showOne(format, name string) error {
	if i, err := costmodel.LookupInstance(name); err == nil {
		return writeData(stdoutW, format, i, func(w io.Writer) error {
			fmt.Fprintf(w, "%s (%s, %s): %d vCPUs, %g GiB, %s → profile %s\n", i.Name, i.Provider, i.Region, i.VCPUs, i.MemoryGiB, i.CPU, i.Profile)
			fmt.Fprintf(w, "network %g Gbps", i.NetworkGbps)
			if i.NetworkBurst {
				fmt.Fprintf(w, " (burst: \"up to\")")
			}
			fmt.Fprintf(w, "\non-demand $%.5g/hour, $%.2f/month (%d h), price of %s\nsources:\n", i.PricePerHour, i.MonthlyCost(), costmodel.HoursPerMonth, i.PriceDate)
			for _, s := range i.Src {
				fmt.Fprintf(w, "  %s: %s\n", s, costmodel.BuiltinCatalog().Sources[s])
			}
			return nil
		})
	}
	p, err := costmodel.LoadProfile(name)
	if err != nil {
		var names []string
		for _, i := range costmodel.Instances() {
			names = append(names, i.Name)
		}
		for _, p := range costmodel.Profiles() {
			names = append(names, p.Name)
		}
		return costmodel.UnknownNameError("profile or instance type", name, names)
	}
	return writeData(stdoutW, format, p, func(w io.Writer) error {
		return costmodel.WriteProfile(w, p, "")
	})
}

// evalCosts evaluates -cost counts on the profiles.
func evalCosts(format, only string, costs, sets []string) error {
	f := &manifest.Function{Name: "cost", CPU: map[manifest.OpClass]expr.Expr{}}
	for _, c := range costs {
		class, text, ok := strings.Cut(c, "=")
		if !ok {
			return usagef("-cost %q: want CLASS=EXPR", c)
		}
		if !slices.Contains(manifest.OpClasses, manifest.OpClass(class)) {
			var names []string
			for _, k := range manifest.OpClasses {
				names = append(names, string(k))
			}
			return usagef("-cost %q: %v", c, costmodel.UnknownNameError("operation class", class, names))
		}
		e, err := expr.Parse(text)
		if err != nil {
			return usagef("-cost %q: %v", c, err)
		}
		f.CPU[manifest.OpClass(class)] = expr.Add(f.CPU[manifest.OpClass(class)], e)
	}
	vars := map[string]float64{}
	for _, s := range sets {
		name, val, ok := strings.Cut(s, "=")
		x, err := strconv.ParseFloat(val, 64)
		if !ok || err != nil {
			return usagef("-set %q: want VAR=NUMBER", s)
		}
		vars[name] = x
	}
	profiles := costmodel.Profiles()
	if only != "" {
		p, err := costmodel.LoadProfile(only)
		if err != nil {
			return err
		}
		profiles = []*costmodel.Profile{p}
	}
	type row struct {
		Profile string             `json:"profile" yaml:"profile"`
		CPU     costmodel.Estimate `json:"cpu" yaml:"cpu"`
		Cycles  float64            `json:"cycles" yaml:"cycles"`
	}
	var rows []row
	for _, p := range profiles {
		c, err := p.Evaluate(f, func(n string) (float64, bool) { v, ok := vars[n]; return v, ok })
		if err != nil {
			return err
		}
		rows = append(rows, row{p.Name, c.CPU, c.Cycles})
	}
	return writeData(stdoutW, format, rows, func(w io.Writer) error {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "PROFILE\tCPU\tLOW\tHIGH\tCYCLES\n")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.4g\n", r.Profile, costmodel.FormatNS(r.CPU.NS), costmodel.FormatNS(r.CPU.Low), costmodel.FormatNS(r.CPU.High), r.Cycles)
		}
		return tw.Flush()
	})
}
