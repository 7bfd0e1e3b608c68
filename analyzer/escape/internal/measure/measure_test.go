package measure

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/perfcast/perfcast/analyzer/escape"
)

var (
	stdFlag    = flag.Bool("std", false, "measure precision and recall on the eight std packages of docs/escape.md")
	gorootFlag = flag.Bool("goroot", false, "check the annotated $GOROOT/test/escape*.go cases")
)

var stdSet = []string{"strings", "bytes", "strconv", "encoding/json", "net/url", "sort", "bufio", "text/template"}

// TestStd prints the table of docs/escape.md and requires 98% precision
// and recall per package (go test ./analyzer/escape/internal/measure -std -v).
func TestStd(t *testing.T) {
	if !*stdFlag {
		t.Skip("run with -std")
	}
	rows, _, err := Run(context.Background(), ".", stdSet, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	Print(&b, rows)
	t.Logf("\n%s", b.String())
	if len(rows) != len(stdSet) {
		t.Errorf("%d rows, want %d", len(rows), len(stdSet))
	}
	for _, r := range rows {
		if r.Compiler.Precision() < 0.98 || r.Compiler.Recall() < 0.98 {
			t.Errorf("%s: precision %.3f recall %.3f, want >= 0.98\nmisses: %v\nfalse heap: %v",
				r.Package, r.Compiler.Precision(), r.Compiler.Recall(), r.Misses, r.FalseHeap)
		}
	}
}

// annotation is one expected heap message of a $GOROOT/test file.
type annotation struct {
	file string
	line int
	re   *regexp.Regexp
}

var errorComment = regexp.MustCompile(`// ERROR (.*)$`)

// heapAnnotations reads the `// ERROR "re" "re"` comments of file whose
// regexps expect a heap decision.
func heapAnnotations(file string) ([]annotation, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var out []annotation
	for i, line := range strings.Split(string(src), "\n") {
		m := errorComment.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rest := strings.TrimSpace(m[1])
		for rest != "" {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				break
			}
			rest = strings.TrimSpace(rest[len(q):])
			s, _ := strconv.Unquote(q)
			if !strings.Contains(s, "escapes to heap") && !strings.Contains(s, "moved to heap") {
				continue
			}
			re, err := regexp.Compile(s)
			if err != nil {
				continue
			}
			out = append(out, annotation{file, i + 1, re})
		}
	}
	return out, nil
}

// message is how gc printed a site under -m.
func message(s *escape.Site) string {
	if s.Kind == escape.KindVar {
		return "moved to heap: " + s.Expr
	}
	return s.Expr + " escapes to heap"
}

// TestGorootEscape checks the `// ERROR "... escapes to heap"` and
// "moved to heap" annotations of $GOROOT/test/escape*.go (compiled with
// their own flags): every annotated heap message must be among the parsed
// sites, and the share of them that some go/ssa instruction is classified
// heap at is reported (go test ./analyzer/escape/internal/measure -goroot -v).
func TestGorootEscape(t *testing.T) {
	if !*gorootFlag {
		t.Skip("run with -goroot")
	}
	files, _ := filepath.Glob(filepath.Join(runtime.GOROOT(), "test", "escape*.go"))
	groups := map[string][]string{} // compiler flags -> files
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(src), "\n")
		switch strings.TrimSpace(first) {
		case "// errorcheck -0 -m -l":
			groups["-l"] = append(groups["-l"], f)
		case "// errorcheck -0 -m":
			groups[""] = append(groups[""], f)
		}
	}
	total, parsed, mapped := 0, 0, 0
	for flags, fs := range groups {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module goroottest\n\ngo 1.26\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var anns []annotation
		for _, f := range fs {
			pkgDir := filepath.Join(dir, strings.TrimSuffix(filepath.Base(f), ".go"))
			os.MkdirAll(pkgDir, 0o755)
			src, _ := os.ReadFile(f)
			dst := filepath.Join(pkgDir, filepath.Base(f))
			if err := os.WriteFile(dst, src, 0o644); err != nil {
				t.Fatal(err)
			}
			// Like errorcheck (no -complete): functions declared without
			// a body are allowed when the package has assembly.
			if err := os.WriteFile(filepath.Join(pkgDir, "stub.s"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			a, err := heapAnnotations(dst)
			if err != nil {
				t.Fatal(err)
			}
			anns = append(anns, a...)
		}
		var gcflags []string
		if flags != "" {
			gcflags = []string{flags}
		}
		dec, err := escape.Compile(context.Background(), dir, []string{"./..."}, escape.Options{GCFlags: gcflags})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range dec.Failures {
			t.Logf("%s failed to compile (skipped): %.200s", f.Path, f.Err)
		}
		failed := map[string]bool{}
		for _, f := range dec.Failures {
			failed[filepath.Join(dir, strings.TrimPrefix(f.Path, "goroottest/"))] = true
		}
		heapOn := map[string][]*escape.Site{}
		for _, p := range dec.Packages {
			for _, s := range p.Sites {
				if s.Heap {
					k := fmt.Sprintf("%s:%d", s.Pos.File, s.Pos.Line)
					heapOn[k] = append(heapOn[k], s)
				}
			}
		}
		classified := classifyAllHeap(t, dir, dec)
		for _, a := range anns {
			if failed[filepath.Dir(a.file)] {
				continue
			}
			total++
			k := fmt.Sprintf("%s:%d", a.file, a.line)
			found, hit := false, false
			for _, s := range heapOn[k] {
				if a.re.MatchString(message(s)) {
					found = true
					if classified[s] {
						hit = true
					}
				}
			}
			if found {
				parsed++
			} else {
				t.Errorf("%s: annotated %q not among parsed heap sites %v", k, a.re, heapOn[k])
			}
			if hit {
				mapped++
			} else if *testingVerbose {
				t.Logf("no go/ssa instruction classified heap for %s %q", k, a.re)
			}
		}
	}
	t.Logf("annotated heap messages: %d, parsed: %d, classified heap on a go/ssa instruction: %d (%.3f)",
		total, parsed, mapped, float64(mapped)/float64(max(total, 1)))
}

var testingVerbose = flag.Bool("goroot.v", false, "list the annotated heap sites no instruction maps to")

// classifyAllHeap loads the packages in dir and returns the gc sites some
// instruction is classified heap at.
func classifyAllHeap(t *testing.T, dir string, dec *escape.Decisions) map[*escape.Site]bool {
	cfg := &packages.Config{Dir: dir, Mode: packages.LoadSyntax}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	prog, spkgs := ssautil.Packages(pkgs, 0)
	prog.Build()
	out := map[*escape.Site]bool{}
	var fset *token.FileSet = prog.Fset
	for _, sp := range spkgs {
		if sp == nil {
			continue
		}
		for _, fn := range functions(sp) {
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					if v := dec.Classify(fset, in); v.Heap && v.Site != nil {
						out[v.Site] = true
					}
					// Sites inlined into a call reach the analyzer
					// through the call.
					if c, ok := in.(ssa.CallInstruction); ok {
						for _, s := range dec.InlinedAtCall(fset, c) {
							if s.Heap {
								out[s] = true
							}
						}
					}
				}
			}
		}
	}
	return out
}

// BenchmarkClassifyStd measures Decisions.Classify over every instruction
// of the eight std packages (compile and SSA construction excluded).
func BenchmarkClassifyStd(b *testing.B) {
	dec, err := escape.Compile(context.Background(), ".", stdSet, escape.Options{})
	if err != nil {
		b.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax}, stdSet...)
	if err != nil {
		b.Fatal(err)
	}
	prog, spkgs := ssautil.Packages(pkgs, 0)
	prog.Build()
	var instrs []ssa.Instruction
	for _, sp := range spkgs {
		for _, fn := range functions(sp) {
			for _, blk := range fn.Blocks {
				instrs = append(instrs, blk.Instrs...)
			}
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, in := range instrs {
			dec.Classify(prog.Fset, in)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(instrs)), "ns/instr")
	b.ReportMetric(float64(len(instrs)), "instrs/op")
}
