package escape

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Options configures Compile.
type Options struct {
	// GoCmd is the go command to run; "go" (from PATH) if empty.
	GoCmd string
	// Env is appended to the current environment of the go command
	// (e.g. "GOOS=linux", "GOARCH=amd64", "GOFLAGS=-mod=mod").
	Env []string
	// BuildFlags are extra flags for the go command, e.g. "-tags=netgo".
	// They must not contain -gcflags.
	BuildFlags []string
	// GCFlags are extra compiler flags for the analyzed packages (not their
	// dependencies), e.g. "-l" to disable inlining as $GOROOT/test's
	// escape tests do. They change gc's decisions, so leave them empty to
	// see what a normal build does.
	GCFlags []string
	// LogDir, if set, is where the compiler logs are written (in a fresh
	// subdirectory per run: DIR/N/ holds the -json log of the package on
	// line N of packages.txt, diagnostics.txt the -m output) and kept; otherwise they go to a temporary directory that is removed
	// before Compile returns.
	LogDir string
}

// Failure is a package that could not be loaded or compiled.
type Failure struct {
	Path string
	Err  string
}

// Decisions are gc's allocation and inlining decisions for a set of
// packages. Build them with Compile or NewDecisions. Their methods are safe
// for concurrent use; Classify caches an index of each function's syntax.
type Decisions struct {
	// Packages are the compiled packages, sorted by import path.
	Packages []*Package
	// Failures are the packages that failed to load or compile, sorted by
	// import path; their sites are absent.
	Failures []Failure

	byPos    map[Position][]*Site
	inlByPos map[Position]*Inlinable
	inlByNam map[string]*Inlinable
	inlCalls map[Position]bool
	lines    lineCache
	syntax   syntaxCache

	byFileOnce sync.Once
	byFile     map[string][]*Site
}

// NewDecisions indexes packages built elsewhere (e.g. from saved logs).
func NewDecisions(pkgs []*Package, failures []Failure) *Decisions {
	d := &Decisions{Packages: pkgs, Failures: failures}
	slices.SortFunc(d.Packages, func(a, b *Package) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(d.Failures, func(a, b Failure) int { return strings.Compare(a.Path, b.Path) })
	d.byPos = map[Position][]*Site{}
	d.inlByPos = map[Position]*Inlinable{}
	d.inlByNam = map[string]*Inlinable{}
	d.inlCalls = map[Position]bool{}
	for _, p := range d.Packages {
		for _, s := range p.Sites {
			d.byPos[s.Pos] = append(d.byPos[s.Pos], s)
		}
		for i := range p.Inlinable {
			in := &p.Inlinable[i]
			if _, ok := d.inlByPos[in.Pos]; !ok {
				d.inlByPos[in.Pos] = in
			}
			if _, ok := d.inlByNam[in.Name]; !ok {
				d.inlByNam[in.Name] = in
			}
		}
		for _, c := range p.InlinedCalls {
			d.inlCalls[c] = true
		}
	}
	return d
}

// listedPackage is the part of `go list -json` that Compile reads.
type listedPackage struct {
	ImportPath string
	Name       string
	Dir        string
	GoFiles    []string
	CgoFiles   []string
	Export     string
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
}

// Compile compiles the packages matched by patterns (go command patterns,
// e.g. "./...", "std", "net/url") in module directory dir with gc's
// optimization diagnostics on, and returns gc's decisions. Packages that fail
// to load or compile are listed in Decisions.Failures and the rest are still
// returned; the error is non-nil only when the go command cannot run at all
// or ctx is cancelled.
//
// Compile runs `go list -export`, which compiles without linking and keeps
// outputs in the build cache, so nothing is written into dir. The log
// directory is new on every run; it is part of the -gcflags value and so of
// the go command's action key, which forces a fresh compile of the requested
// packages (a compile served from the cache would write no log) while their
// dependencies still come from the cache.
func Compile(ctx context.Context, dir string, patterns []string, opts Options) (*Decisions, error) {
	gocmd := opts.GoCmd
	if gocmd == "" {
		gocmd = "go"
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for _, f := range opts.BuildFlags {
		if strings.HasPrefix(strings.TrimLeft(f, "-"), "gcflags") {
			return nil, fmt.Errorf("escape: Options.BuildFlags must not set -gcflags (got %q)", f)
		}
	}
	env := append(os.Environ(), opts.Env...)
	env = append(env, "GOFLAGS="+withoutTrimpath(lookupEnv(env, "GOFLAGS")))
	run := func(args []string, stdout, stderr io.Writer) error {
		cmd := exec.CommandContext(ctx, gocmd, args...)
		cmd.Dir = absDir
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = stdout, stderr
		err := cmd.Run()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}

	// 1. Expand the patterns, so each package gets its own -gcflags.
	var out, errb bytes.Buffer
	args := append([]string{"list", "-e", "-json=ImportPath,Name,Dir,GoFiles,CgoFiles,Error,DepsErrors"}, opts.BuildFlags...)
	args = append(append(args, "--"), patterns...)
	if err := run(args, &out, &errb); err != nil {
		return nil, fmt.Errorf("escape: go list %s: %v: %s", strings.Join(patterns, " "), err, strings.TrimSpace(errb.String()))
	}
	listed, err := decodeList(&out)
	if err != nil {
		return nil, fmt.Errorf("escape: go list: %v", err)
	}
	var failures []Failure
	var todo []*listedPackage
	for _, lp := range listed {
		if lp.Error != nil {
			failures = append(failures, Failure{lp.ImportPath, strings.TrimSpace(lp.Error.Err)})
			continue
		}
		todo = append(todo, lp)
	}

	// 2. Compile with -m and a log directory per package.
	root := opts.LogDir
	if root != "" {
		if err := os.MkdirAll(root, 0o755); err != nil {
			return nil, err
		}
	}
	logRoot, err := os.MkdirTemp(root, "perfcast-escape-")
	if err != nil {
		return nil, err
	}
	if opts.LogDir == "" {
		defer os.RemoveAll(logRoot)
	}
	var pkgs []*Package
	if len(todo) > 0 {
		args = []string{"list", "-e", "-export", "-json=ImportPath,Export,Error,DepsErrors"}
		args = append(args, opts.BuildFlags...)
		for i, lp := range todo {
			u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(logRoot, strconv.Itoa(i)))}
			flags := append([]string{"-m", "-json=0," + u.String()}, opts.GCFlags...)
			args = append(args, fmt.Sprintf("-gcflags=%s=%s", lp.ImportPath, strings.Join(flags, " ")))
		}
		args = append(args, "--")
		for _, lp := range todo {
			args = append(args, lp.ImportPath)
		}
		out.Reset()
		errb.Reset()
		if err := run(args, &out, &errb); err != nil {
			return nil, fmt.Errorf("escape: go list -export: %v: %s", err, tail(errb.String(), 2000))
		}
		compiled, err := decodeList(&out)
		if err != nil {
			return nil, fmt.Errorf("escape: go list -export: %v", err)
		}
		failed := map[string]bool{}
		for _, lp := range compiled {
			if lp.Error != nil {
				failed[lp.ImportPath] = true
				failures = append(failures, Failure{lp.ImportPath, strings.TrimSpace(lp.Error.Err)})
			} else if lp.Export == "" && len(lp.DepsErrors) > 0 {
				failed[lp.ImportPath] = true
				failures = append(failures, Failure{lp.ImportPath, "dependency failed: " + strings.TrimSpace(lp.DepsErrors[0].Err)})
			}
		}
		if opts.LogDir != "" {
			var index strings.Builder
			for i, lp := range todo {
				fmt.Fprintf(&index, "%d\t%s\n", i, lp.ImportPath)
			}
			if err := os.WriteFile(filepath.Join(logRoot, "packages.txt"), []byte(index.String()), 0o644); err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(logRoot, "diagnostics.txt"), errb.Bytes(), 0o644); err != nil {
				return nil, err
			}
		}
		diags, err := ParseDiagnostics(&errb, absDir)
		if err != nil {
			return nil, err
		}
		byPkg := map[string][]Diagnostic{}
		for _, d := range diags {
			byPkg[d.Package] = append(byPkg[d.Package], d)
		}
		for i, lp := range todo {
			if failed[lp.ImportPath] {
				continue
			}
			logs, err := readLogs(filepath.Join(logRoot, strconv.Itoa(i)))
			if err != nil {
				failures = append(failures, Failure{lp.ImportPath, err.Error()})
				continue
			}
			p := buildPackage(lp.ImportPath, byPkg[lp.ImportPath], logs)
			p.Dir = lp.Dir
			for _, f := range append(slices.Clone(lp.GoFiles), lp.CgoFiles...) {
				p.Files = append(p.Files, filepath.Join(lp.Dir, f))
			}
			pkgs = append(pkgs, p)
		}
	}
	return NewDecisions(pkgs, failures), nil
}

// lookupEnv returns the last value of key in env.
func lookupEnv(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// withoutTrimpath drops -trimpath from GOFLAGS: with it gc prints
// module-relative file names that cannot be matched to go/ssa positions.
func withoutTrimpath(goflags string) string {
	var keep []string
	for _, f := range strings.Fields(goflags) {
		if f != "-trimpath" && f != "--trimpath" && f != "-trimpath=true" {
			keep = append(keep, f)
		}
	}
	return strings.Join(keep, " ")
}

func decodeList(r io.Reader) ([]*listedPackage, error) {
	dec := json.NewDecoder(r)
	var out []*listedPackage
	for {
		lp := new(listedPackage)
		if err := dec.Decode(lp); err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		out = append(out, lp)
	}
}

// readLogs reads every log file gc wrote under dir (one subdirectory per
// compiled package, named by its escaped -p path).
func readLogs(dir string) ([]*LogFile, error) {
	var logs []*LogFile
	err := filepath.WalkDir(dir, func(path string, de os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) && path == dir {
				return filepath.SkipDir // the package logged nothing
			}
			return err
		}
		if de.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		lf, err := parseLog(f, path, neededCodes)
		if err != nil {
			return err
		}
		logs = append(logs, lf)
		return nil
	})
	return logs, err
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
