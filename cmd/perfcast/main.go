// Command perfcast estimates how a Go program will perform before it is
// load-tested: it analyzes code into a cost manifest, embeds the manifest in
// binaries, reads it back, and simulates workloads on modeled hardware.
//
// Each subcommand lives in its own file and registers itself in init, so
// that this file holds only the dispatch, the help and the exit codes.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// Exit codes, as for go vet and other Go tools.
const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2
	exitFindings = 3
)

// command is one perfcast subcommand.
type command struct {
	name  string // "inspect"
	args  string // "[flags] BINARY"
	short string // one line for the command list
	long  string // description and examples for -help
	// setup defines the command's flags on fs and returns the function that
	// runs it with the positional arguments.
	setup func(fs *flag.FlagSet) func(args []string) error
}

var commands []*command

func register(c *command) { commands = append(commands, c) }

// usageError is a mistake in how the command was called: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// findingsError means the command worked and found problems (a budget
// exceeded, a regression): exit code 3.
type findingsError struct{ msg string }

func (e findingsError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes perfcast with args and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	slices.SortFunc(commands, func(a, b *command) int { return strings.Compare(a.name, b.name) })
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				return runCommand(c, []string{"-help"}, stdout, stderr)
			}
		}
		w := stderr
		code := exitUsage
		if len(args) > 0 {
			w, code = stdout, exitOK
		}
		printUsage(w)
		return code
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "perfcast: unknown command %q\nRun 'perfcast help' for the list of commands.\n", args[0])
		return exitUsage
	}
	return runCommand(c, args[1:], stdout, stderr)
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func runCommand(c *command, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("perfcast "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	exec := c.setup(fs)
	help := func(o io.Writer) {
		fmt.Fprintf(o, "usage: perfcast %s %s\n\n%s\n", c.name, c.args, strings.TrimSpace(c.long))
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintf(o, "\nFlags:\n")
			fs.SetOutput(o)
			fs.PrintDefaults()
			fs.SetOutput(stderr)
		}
	}
	// flag prints its own message for a bad flag and then calls Usage; the
	// help is printed here instead, once, to stdout when asked for.
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			help(stdout)
			return exitOK
		}
		help(stderr)
		return exitUsage
	}
	stdoutW = stdout
	stderrW = stderr
	err := exec(fs.Args())
	var ue usageError
	var fe findingsError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "perfcast %s: %v\nRun 'perfcast %s -help' for usage.\n", c.name, err, c.name)
		return exitUsage
	case errors.As(err, &fe):
		fmt.Fprintf(stderr, "perfcast %s: %v\n", c.name, err)
		return exitFindings
	default:
		fmt.Fprintf(stderr, "perfcast %s: %v\n", c.name, err)
		return exitError
	}
}

// stdoutW and stderrW are where the running command writes; tests call run
// with buffers.
var stdoutW, stderrW io.Writer = os.Stdout, os.Stderr

func printUsage(w io.Writer) {
	fmt.Fprintf(w, `perfcast tells how a Go program will perform, where it should run, and what it will cost.

Usage:

	perfcast <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-10s %s\n", c.name, c.short)
	}
	fmt.Fprintf(w, `
Run 'perfcast help <command>' or 'perfcast <command> -help' for a command's flags and examples.

Exit codes: 0 ok, 1 error, 2 usage, 3 findings.
`)
}
