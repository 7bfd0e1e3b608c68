package predict

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// depLoad is what an analysis loads besides the patterns' packages.
type depLoad struct {
	patterns []string        // the patterns and the dependencies to analyze with them
	roots    map[string]bool // import paths the patterns match: their benchmarks are predicted
	// flags, if not nil, are go command flags for the analysis: -modfile
	// naming a temporary go.mod that requires the modules of dependencies
	// the main module's go.mod does not list.
	flags   []string
	cleanup func()
}

// withModuleDeps returns patterns with the packages outside std that the
// packages they match import, directly or not (their tests' imports
// included), and the import paths the patterns match. A call into a
// package that is not analyzed has no summary and counts as a call only,
// so a benchmark whose work is done by another package (an internal/
// package of its module, a grapheme segmenter of another module, the
// other implementations a comparison benchmark runs) would be priced at
// the calls alone; std keeps its table.
//
// Every package is analyzed with its tests (go list -test), and go lists a
// package named on its command line only from a module the main module's
// go.mod requires: a package that only another module's tests import (the
// rival implementation a comparison benchmark runs) is in the build, but
// naming it makes go ask for go.mod to change. Such packages are analyzed
// through a temporary copy of go.mod that requires their modules at the
// versions already selected (go -modfile; the project's go.mod is never
// written), provided that leaves every other module's version as it was. A
// package that still does not load with its tests stays calls, as before.
func withModuleDeps(ctx context.Context, dir string, patterns []string) (depLoad, error) {
	dl := depLoad{cleanup: func() {}}
	lcfg := &packages.Config{Context: ctx, Dir: dir, Tests: true,
		Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedModule}
	pkgs, err := packages.Load(lcfg, patterns...)
	if err != nil {
		return dl, fmt.Errorf("loading packages: %w", err)
	}
	roots := map[string]bool{}
	mods := map[string]bool{}
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") {
			continue // the generated test main
		}
		roots[strings.TrimSuffix(p.PkgPath, "_test")] = true
		if p.Module != nil {
			mods[p.Module.Path] = true
		}
	}
	var extra, pending []string
	need := map[string]string{} // module path → selected version
	seen := map[string]bool{}
	added := map[string]bool{}
	packages.Visit(pkgs, func(p *packages.Package) bool {
		if seen[p.ID] {
			return false
		}
		seen[p.ID] = true
		switch {
		case strings.HasSuffix(p.ID, ".test"), strings.HasSuffix(p.PkgPath, "_test"), strings.Contains(p.ID, " ["):
			// A root's test main, external test package or test
			// variant: what it imports counts.
		case !roots[p.PkgPath] && p.Module != nil && !added[p.PkgPath]:
			added[p.PkgPath] = true
			switch {
			case mods[p.Module.Path] || testsLoad(ctx, dir, nil, p.PkgPath):
				extra = append(extra, p.PkgPath)
			case p.Module.Version != "" && !p.Module.Main:
				// Required at the version the build selected (a replace
				// directive of the main module still applies to it).
				pending = append(pending, p.PkgPath)
				need[p.Module.Path] = p.Module.Version
			}
		}
		return true
	}, nil)
	if len(pending) > 0 {
		flags, cleanup, err := requireModules(ctx, dir, need)
		if err == nil {
			n := len(extra)
			for _, path := range pending {
				if testsLoad(ctx, dir, flags, path) {
					extra = append(extra, path)
				}
			}
			if len(extra) > n {
				dl.flags, dl.cleanup = flags, cleanup
			} else {
				cleanup()
			}
		}
	}
	sort.Strings(extra)
	dl.patterns = append(slices.Clone(patterns), extra...)
	dl.roots = roots
	return dl, nil
}

// testsLoad reports whether go list loads the package at path with its
// tests and everything they import without asking for go.mod to change
// (flags: extra go command flags): a test importing a package whose module
// is not in the module cache would leave the package's analysis with
// errors.
func testsLoad(ctx context.Context, dir string, flags []string, path string) bool {
	cfg := &packages.Config{Context: ctx, Dir: dir, BuildFlags: flags, Tests: true,
		Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps}
	pkgs, err := packages.Load(cfg, path)
	if err != nil {
		return false
	}
	bad := false
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Errors) > 0 {
			bad = true
		}
	})
	return !bad
}

// requireModules writes a temporary go.mod (and go.sum) that is the main
// module's with need (module path → version) added as requirements, and
// returns the go command flags that use it (-modfile) and a function that
// removes it. It fails, writing nothing that stays,
// where -modfile does not apply (no go.mod, a workspace, -modfile already
// given) or where the new requirements would change the version of a
// module already in the build.
func requireModules(ctx context.Context, dir string, need map[string]string) ([]string, func(), error) {
	goenv, err := goCommand(ctx, dir, "env", "GOMOD", "GOWORK", "GOFLAGS")
	if err != nil {
		return nil, nil, err
	}
	lines := strings.Split(strings.TrimRight(goenv, "\n"), "\n")
	if len(lines) != 3 {
		return nil, nil, fmt.Errorf("go env: unexpected output %q", goenv)
	}
	gomod, gowork, goflags := lines[0], lines[1], lines[2]
	switch {
	case gomod == "" || gomod == os.DevNull:
		return nil, nil, fmt.Errorf("no go.mod")
	case gowork != "" && gowork != "off":
		return nil, nil, fmt.Errorf("workspace mode: go -modfile does not apply")
	case strings.Contains(goflags, "-modfile"):
		return nil, nil, fmt.Errorf("GOFLAGS already names a go.mod")
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil, nil, err
	}
	f, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return nil, nil, err
	}
	paths := make([]string, 0, len(need))
	for p := range need {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		// Indirect, as go mod tidy would mark a module the main module
		// does not import itself.
		f.AddNewRequire(p, need[p], true)
	}
	f.Cleanup()
	out, err := f.Format()
	if err != nil {
		return nil, nil, err
	}
	tmp, err := os.MkdirTemp("", "perfcast-modfile-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	fail := func(err error) ([]string, func(), error) {
		cleanup()
		return nil, nil, err
	}
	mod := filepath.Join(tmp, "go.mod")
	if err := os.WriteFile(mod, out, 0o644); err != nil {
		return fail(err)
	}
	sum, err := os.ReadFile(strings.TrimSuffix(gomod, ".mod") + ".sum")
	if err != nil && !os.IsNotExist(err) {
		return fail(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o644); err != nil {
		return fail(err)
	}
	flags := []string{"-modfile=" + mod}
	before, err := goCommand(ctx, dir, "list", "-m", "all")
	if err != nil {
		return fail(err)
	}
	after, err := goCommand(ctx, dir, "list", "-m", flags[0], "all")
	if err != nil {
		return fail(err)
	}
	if m := moduleVersions(after); !sameVersions(moduleVersions(before), m) {
		return fail(fmt.Errorf("requiring %s would change the versions of modules in the build", strings.Join(paths, ", ")))
	}
	return flags, cleanup, nil
}

// goCommand runs the go command in dir and returns its standard output.
func goCommand(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// moduleVersions reads go list -m all's lines (path, version, maybe a
// replacement) into module path → the rest of the line.
func moduleVersions(out string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		path, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		if path != "" {
			m[path] = rest
		}
	}
	return m
}

// sameVersions reports whether every module of before has the same
// version in after (after may list more modules).
func sameVersions(before, after map[string]string) bool {
	for path, v := range before {
		if w, ok := after[path]; ok && w != v {
			return false
		}
	}
	return true
}
