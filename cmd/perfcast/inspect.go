package main

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/embedding"
	"github.com/perfcast/perfcast/manifest/expr"
)

func init() {
	register(&command{
		name:  "inspect",
		args:  "[-format text|json|yaml] [-arch ARCH] BINARY",
		short: "print the manifest embedded in a binary",
		long: `Inspect finds the perfcast manifest in a built program (ELF, Mach-O, universal
Mach-O or PE, for any target), verifies its frame's version, length and sha256,
and prints it.

-format text prints a summary: where the manifest was found, its size and
sha256, the module, Go version and target it was computed for, and a table
of the functions with their entry kinds, confidence, CPU operations,
allocations and I/O per call. -format json prints the embedded bytes exactly
as they are (canonical JSON, so their sha256 is the one shown by text);
-format yaml prints the same manifest as YAML.

A universal binary's slices are read one by one; -arch selects one. A binary
without a manifest, a damaged frame or a file that is not a binary is an
error (exit 1).

Example:

	perfcast inspect ./shop
	perfcast inspect -format json ./shop > shop.json
	perfcast inspect -arch arm64 ./shop-universal`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			format := formatFlag(fs, "text", "json", "yaml")
			arch := fs.String("arch", "", "read only the `ARCH` slice of a universal binary (amd64, arm64)")
			return func(args []string) error {
				if len(args) != 1 {
					return usagef("inspect takes one binary")
				}
				if !slices.Contains([]string{"text", "json", "yaml"}, *format) {
					return usagef("unknown -format %q", *format)
				}
				return inspect(args[0], *format, *arch)
			}
		},
	})
}

func inspect(path, format, arch string) error {
	all, err := embedding.ReadAll(path)
	if err != nil {
		return err
	}
	if arch != "" {
		var archs []string
		var keep []embedding.Embedded
		for _, e := range all {
			archs = append(archs, e.Arch)
			if e.Arch == arch {
				keep = append(keep, e)
			}
		}
		if len(keep) == 0 {
			return fmt.Errorf("%s: no %s image (it has %s)", path, arch, strings.Join(archs, ", "))
		}
		all = keep
	}
	// Slices that carry the same manifest are printed once.
	groups := map[[32]byte][]embedding.Embedded{}
	var order [][32]byte
	for _, e := range all {
		if groups[e.SHA256] == nil {
			order = append(order, e.SHA256)
		}
		groups[e.SHA256] = append(groups[e.SHA256], e)
	}
	if len(order) > 1 && format != "text" {
		return fmt.Errorf("%s: the slices carry different manifests; choose one with -arch", path)
	}
	for i, sum := range order {
		g := groups[sum]
		m, err := manifest.Decode(path+" (embedded manifest)", g[0].Payload)
		if err != nil {
			return err
		}
		switch format {
		case "json":
			w := stdoutW
			if _, err := w.Write(g[0].Payload); err != nil {
				return err
			}
			if !bytes.HasSuffix(g[0].Payload, []byte("\n")) {
				_, err = io.WriteString(w, "\n")
			}
			return err
		case "yaml":
			return manifest.Encode(stdoutW, m, "yaml")
		}
		if i > 0 {
			fmt.Fprintln(stdoutW)
		}
		if err := writeInspectText(stdoutW, path, g, m); err != nil {
			return err
		}
	}
	return nil
}

// writeInspectText writes the summary of manifest m found in images found
// of the binary at path.
func writeInspectText(w io.Writer, path string, found []embedding.Embedded, m *manifest.Manifest) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "binary\t%s\n", path)
	for _, e := range found {
		where := fmt.Sprintf("file offset %#x", e.Offset)
		if e.Section != "" {
			where = e.Section + " at " + where
		}
		img := strings.TrimSpace(e.Format + " " + e.Arch)
		fmt.Fprintf(tw, "found in\t%s, %s\n", img, where)
	}
	e := found[0]
	fmt.Fprintf(tw, "manifest\t%d bytes, sha256 %s\n", len(e.Payload), hex.EncodeToString(e.SHA256[:]))
	fmt.Fprintf(tw, "schema\t%d, written by %s\n", m.Schema, orDash(m.Generator))
	fmt.Fprintf(tw, "module\t%s %s\n", orDash(m.Module.Path), m.Module.Version)
	target := m.Build.GOOS + "/" + m.Build.GOARCH
	if m.Build.GOAMD64 != "" {
		target += " GOAMD64=" + m.Build.GOAMD64
	}
	fmt.Fprintf(tw, "go\t%s %s\n", orDash(m.Build.GoVersion), target)
	fmt.Fprintf(tw, "functions\t%d\n", len(m.Functions))
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(m.Functions) == 0 {
		return nil
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "FUNCTION\tENTRY\tCONFIDENCE\tCPU OPS\tALLOCS\tALLOC BYTES\tI/O")
	for _, f := range m.Functions {
		var cpu []expr.Expr
		for _, class := range slices.Sorted(maps.Keys(f.CPU)) {
			cpu = append(cpu, f.CPU[class])
		}
		var entry []string
		for _, k := range f.Entry {
			entry = append(entry, string(k))
		}
		var ops []string
		for _, x := range f.IO {
			ops = append(ops, fmt.Sprintf("%s×%s", x.Kind, x.Count))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Name, orDash(strings.Join(entry, ",")), orDash(string(f.Confidence)),
			expr.Add(cpu...).RoundSig(4), f.Alloc.Count.RoundSig(4), f.Alloc.Bytes.RoundSig(4), orDash(strings.Join(ops, " ")))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
