package interp

import (
	"errors"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

// xtoolsDivergent are x/tools interpreter test programs whose expected
// panic messages are that interpreter's own (this one gives gc's) or
// assume 32-bit ints.
var xtoolsDivergent = map[string]bool{"convert": true, "slice2arrayptr": true, "width32": true}

// TestXToolsPrograms runs the SSA-semantics test programs of x/tools'
// own interpreter (go/ssa/interp/testdata, read from the module cache):
// each main panics when a check fails. Programs the interpreter refuses
// (goroutines, select, reflection, the stubbed native side) are skipped.
func TestXToolsPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("loads many programs")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/tools").Output()
	if err != nil {
		t.Skipf("x/tools not in the module cache: %v", err)
	}
	src := filepath.Join(strings.TrimSpace(string(out)), "go", "ssa", "interp", "testdata")
	files, _ := filepath.Glob(filepath.Join(src, "*.go"))
	if len(files) == 0 {
		t.Skip("no x/tools test programs")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".go")
		t.Run(name, func(t *testing.T) {
			if xtoolsDivergent[name] {
				t.Skip("expectations of x/tools' interpreter")
			}
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module xt\n\ngo 1.26\n"), 0o644)
			os.WriteFile(filepath.Join(dir, "main.go"), text, 0o644)
			mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
				packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedTypesSizes
			pkgs, err := packages.Load(&packages.Config{Mode: mode, Dir: dir}, ".")
			if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 || pkgs[0].Name != "main" {
				t.Skip("not a main package of this Go version")
			}
			p := pkgs[0]
			prog := ssa.NewProgram(p.Fset, ssa.InstantiateGenerics)
			created := map[*types.Package]bool{p.Types: true}
			var create func(*types.Package)
			create = func(tp *types.Package) {
				for _, q := range tp.Imports() {
					if !created[q] {
						created[q] = true
						create(q)
						prog.CreatePackage(q, nil, nil, true)
					}
				}
			}
			create(p.Types)
			sp := prog.CreatePackage(p.Types, p.Syntax, p.TypesInfo, true)
			prog.Build()
			in := New(prog, Config{Budget: 100_000_000})
			_, err = in.Call(sp.Func("main"))
			var u *Unsupported
			if errors.As(err, &u) {
				t.Skipf("refused: %v", err)
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
