package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"
)

// formatFlag adds -format to fs. allowed lists the accepted values; the
// first is the default.
func formatFlag(fs *flag.FlagSet, allowed ...string) *string {
	return fs.String("format", allowed[0], "output `format`: "+joinOr(allowed))
}

func joinOr(xs []string) string {
	s := ""
	for i, x := range xs {
		switch {
		case i == 0:
		case i == len(xs)-1:
			s += " or "
		default:
			s += ", "
		}
		s += x
	}
	return s
}

// writeData writes v in format: "json" and "yaml" encode v; "text" calls text.
func writeData(w io.Writer, format string, v any, text func(io.Writer) error) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case "yaml":
		enc := yaml.NewEncoder(w)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return err
		}
		return enc.Close()
	case "text":
		if text == nil {
			return usagef("-format text is not available here")
		}
		return text(w)
	}
	return usagef("unknown -format %q", format)
}

// progressf writes a progress line on stderr.
func progressf(format string, args ...any) {
	fmt.Fprintf(stderrW, format+"\n", args...)
}

// writeOutput calls write with the file at path, created or truncated, or
// with stdout when path is "" (the -o flag's default); a file is closed and
// its close error reported, since a failed close can lose the data.
func writeOutput(path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdoutW)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
