package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is perfcast's own version, reported in manifests it writes.
const version = "v0.1.0-dev"

func init() {
	register(&command{
		name:  "version",
		args:  "",
		short: "print perfcast's version",
		long: `Version prints perfcast's version and the Go toolchain it was built with.

Example:

	perfcast version`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			return func(args []string) error {
				if len(args) > 0 {
					return usagef("version takes no arguments")
				}
				mod := ""
				if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
					mod = " (module " + bi.Main.Version + ")"
				}
				fmt.Fprintf(stdoutW, "perfcast %s%s %s %s/%s\n", version, mod, runtime.Version(), runtime.GOOS, runtime.GOARCH)
				return nil
			}
		},
	})
}
