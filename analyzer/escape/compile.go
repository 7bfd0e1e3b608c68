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
	// line N of packages.txt, diagnostics.txt the -m output,
	// diagnostics-tests.txt that of the test variants) and kept; otherwise
	// they go to a temporary directory that is removed before Compile
	// returns. With Tests, the internal test variant's compile rewrites
	// the package's own log files in DIR/N/ after Compile has read them.
	LogDir string
	// Tests also compiles the packages' test variants, as go test builds
	// them: "p [p.test]", the package with its _test.go files, and the
	// external test package "p_test [p.test]". Their decisions are
	// returned as Packages of their own (ForTest set); see Compile.
	Tests bool
}

// Failure is a package that could not be loaded or compiled.
type Failure struct {
	Path string // import path; "p [p.test]" for a test variant
	Err  string // the go command's error
}

// Decisions are gc's allocation and inlining decisions for a set of
// packages. Build them with Compile or NewDecisions. Their methods are safe
// for concurrent use; Classify caches an index of each function's syntax.
type Decisions struct {
	// Packages are the compiled packages, sorted by import path, a
	// package before its test variants (Package.ForTest).
	Packages []*Package
	// Failures are the packages that failed to load or compile, sorted by
	// import path (go list's "p [p.test]" for a test variant); their sites
	// are absent.
	Failures []Failure

	byPos    map[Position][]*Site
	inlByPos map[Position]*Inlinable
	inlByNam map[string]*Inlinable
	inlCalls map[Position]bool
	bounds   map[Position]int // bounds checks gc kept, by position
	compiled map[string]bool  // files whose bounds checks are known
	lines    lineCache
	syntax   syntaxCache

	byFileOnce sync.Once
	byFile     map[string][]*Site
}

// NewDecisions indexes packages built elsewhere (e.g. from saved logs).
func NewDecisions(pkgs []*Package, failures []Failure) *Decisions {
	d := &Decisions{Packages: pkgs, Failures: failures}
	// A package before its test variant: where both decided a position
	// (they never should), the package's own compile wins.
	slices.SortFunc(d.Packages, func(a, b *Package) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.ForTest, b.ForTest)
	})
	slices.SortFunc(d.Failures, func(a, b Failure) int { return strings.Compare(a.Path, b.Path) })
	d.byPos = map[Position][]*Site{}
	d.inlByPos = map[Position]*Inlinable{}
	d.inlByNam = map[string]*Inlinable{}
	d.inlCalls = map[Position]bool{}
	d.bounds = map[Position]int{}
	d.compiled = map[string]bool{}
	for _, p := range d.Packages {
		for _, f := range p.Files {
			d.compiled[f] = true
		}
		// A test variant recompiles its package's files: a position
		// counts the checks of one compile only.
		seen := map[Position]int{}
		for _, b := range p.BoundsChecks {
			seen[b]++
		}
		for b, n := range seen {
			d.bounds[b] = max(d.bounds[b], n)
			d.compiled[b.File] = true
		}
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
	ImportPath   string
	ForTest      string
	Name         string
	Dir          string
	GoFiles      []string
	CgoFiles     []string
	TestGoFiles  []string
	XTestGoFiles []string
	Export       string
	Error        *struct{ Err string }
	DepsErrors   []*struct{ Err string }
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
//
// With Options.Tests, a second run, `go list -test -export` with the same
// flags, compiles the test variants of the packages that have _test.go
// files. The go command gives a package's test variants the package's own
// -gcflags, so they log into the package's directory, and the package
// itself, which `go list -test` lists too, into the same one: the second
// run therefore comes after the package's own logs are read, and its
// package compiles are served from the cache (same flags). The external
// test package logs under its own path ("p_test"). The internal variant
// recompiles the package's own files too, rewriting their logs; what it
// decided at a position the package's own compile did not report (generic
// code instantiated only by the tests, with the inlining stacks of its
// log) is kept, the rest is dropped, so a position is decided once.
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
	args := append([]string{"list", "-e", "-json=ImportPath,Name,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Error,DepsErrors"}, opts.BuildFlags...)
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
	if len(todo) == 0 {
		return NewDecisions(nil, failures), nil
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
	// The same flags serve both runs: the second then finds the packages'
	// own compiles in the cache.
	var gcflags []string
	for i, lp := range todo {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(logRoot, strconv.Itoa(i)))}
		flags := append([]string{"-m", "-json=0," + u.String(), "-d=ssa/check_bce/debug=1"}, opts.GCFlags...)
		gcflags = append(gcflags, fmt.Sprintf("-gcflags=%s=%s", lp.ImportPath, strings.Join(flags, " ")))
	}
	args = []string{"list", "-e", "-export", "-json=ImportPath,Export,Error,DepsErrors"}
	args = append(append(args, opts.BuildFlags...), gcflags...)
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
		if f, ok := compileFailure(lp); ok {
			failed[lp.ImportPath] = true
			failures = append(failures, f)
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
		if d.ForTest == "" {
			byPkg[d.Package] = append(byPkg[d.Package], d)
		}
	}
	var pkgs []*Package
	own := map[string]*Package{}
	for i, lp := range todo {
		if failed[lp.ImportPath] {
			continue
		}
		logs, err := readLogs(filepath.Join(logRoot, strconv.Itoa(i)), nil)
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
		own[lp.ImportPath] = p
	}

	// 3. The test variants, in a second run (see above).
	if opts.Tests {
		var tested []string
		index := map[string]int{}
		for i, lp := range todo {
			index[lp.ImportPath] = i
			if own[lp.ImportPath] != nil && len(lp.TestGoFiles)+len(lp.XTestGoFiles) > 0 {
				tested = append(tested, lp.ImportPath)
			}
		}
		if len(tested) > 0 {
			args = []string{"list", "-e", "-test", "-export", "-json=ImportPath,ForTest,Dir,GoFiles,Export,Error,DepsErrors"}
			args = append(append(args, opts.BuildFlags...), gcflags...)
			args = append(append(args, "--"), tested...)
			out.Reset()
			errb.Reset()
			// The packages' own decisions stand if the tests cannot be
			// compiled at all: each test variant is a failure then.
			testsFailed := func(msg string) (*Decisions, error) {
				for _, path := range tested {
					failures = append(failures, Failure{path + " [" + path + ".test]", msg})
				}
				return NewDecisions(pkgs, failures), nil
			}
			if err := run(args, &out, &errb); err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return testsFailed(fmt.Sprintf("go list -test -export: %v: %s", err, tail(errb.String(), 2000)))
			}
			variants, err := decodeList(&out)
			if err != nil {
				return testsFailed(fmt.Sprintf("go list -test -export: %v", err))
			}
			if opts.LogDir != "" {
				if err := os.WriteFile(filepath.Join(logRoot, "diagnostics-tests.txt"), errb.Bytes(), 0o644); err != nil {
					return nil, err
				}
			}
			diags, err := ParseDiagnostics(&errb, absDir)
			if err != nil {
				return nil, err
			}
			type variantKey struct{ path, forTest string }
			byVariant := map[variantKey][]Diagnostic{}
			for _, d := range diags {
				if d.ForTest != "" {
					k := variantKey{d.Package, d.ForTest}
					byVariant[k] = append(byVariant[k], d)
				}
			}
			for _, lp := range variants {
				path, _, _ := strings.Cut(lp.ImportPath, " [")
				i, ok := index[lp.ForTest]
				internal := path == lp.ForTest
				if !ok || own[lp.ForTest] == nil || (!internal && path != lp.ForTest+"_test") {
					continue // the test main, or a dependency rebuilt for the test
				}
				if f, bad := compileFailure(lp); bad {
					failures = append(failures, f)
					continue
				}
				// The internal variant's logs of the package's own files are
				// its recompile's: they carry the inlining stacks of what
				// only the tests instantiate (threadSafeSet[int].Clone's
				// inlined make), and dropDecided below leaves nothing else
				// of them.
				logs, err := readLogs(filepath.Join(logRoot, strconv.Itoa(i), url.PathEscape(path)), func(string) bool { return true })
				if err != nil {
					failures = append(failures, Failure{lp.ImportPath, err.Error()})
					continue
				}
				p := buildPackage(path, byVariant[variantKey{path, lp.ForTest}], logs)
				p.ForTest, p.Dir = lp.ForTest, lp.Dir
				for _, f := range lp.GoFiles {
					p.Files = append(p.Files, filepath.Join(lp.Dir, f))
				}
				if internal {
					p.dropDecided(own[lp.ForTest])
				}
				pkgs = append(pkgs, p)
			}
		}
	}
	return NewDecisions(pkgs, failures), nil
}

// compileFailure reports whether go list -export failed to compile lp.
func compileFailure(lp *listedPackage) (Failure, bool) {
	switch {
	case lp.Error != nil:
		return Failure{lp.ImportPath, strings.TrimSpace(lp.Error.Err)}, true
	case lp.Export == "" && len(lp.DepsErrors) > 0:
		return Failure{lp.ImportPath, "dependency failed: " + strings.TrimSpace(lp.DepsErrors[0].Err)}, true
	}
	return Failure{}, false
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
// compiled package, named by its escaped -p path) whose name keep accepts
// (all if keep is nil).
func readLogs(dir string, keep func(name string) bool) ([]*LogFile, error) {
	var logs []*LogFile
	err := filepath.WalkDir(dir, func(path string, de os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) && path == dir {
				return filepath.SkipDir // the package logged nothing
			}
			return err
		}
		if de.IsDir() || !strings.HasSuffix(path, ".json") || (keep != nil && !keep(de.Name())) {
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
