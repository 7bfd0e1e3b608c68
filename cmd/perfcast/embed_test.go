package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/manifest/embedding"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// perfcast runs the CLI in process and returns its exit code and output.
func perfcast(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// mainPackage copies testdata/embed into a new module directory: a main
// package with a perfcast.yaml.
func mainPackage(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for src, dst := range map[string]string{"main.go": "main.go", "perfcast.yaml": "perfcast.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "embed", src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/hello\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEmbedInspect embeds the manifest with the CLI, builds the program and
// inspects the binary: the JSON printed is the embedded manifest, identical
// to what embed wrote.
func TestEmbedInspect(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := mainPackage(t)
	code, out, errOut := perfcast("embed", dir)
	if code != 0 {
		t.Fatalf("embed exited %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "embedded "+filepath.Join(dir, "perfcast.yaml")+" (2 functions, ") || errOut != "" {
		t.Errorf("embed printed %q and %q", out, errOut)
	}
	// A manifest of another module is embedded, with a warning.
	other := mainPackage(t)
	os.WriteFile(filepath.Join(other, "go.mod"), []byte("module example.com/other\n"), 0o644)
	if code, _, errOut := perfcast("embed", other); code != 0 || !strings.Contains(errOut,
		"warning: the manifest describes module example.com/hello but "+other+" is in module example.com/other") {
		t.Errorf("embed of another module's manifest: exit %d, stderr %q", code, errOut)
	}
	frame, err := os.ReadFile(filepath.Join(dir, embedding.DataFile))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := embedding.Unframe(frame)
	if err != nil {
		t.Fatal(err)
	}

	bin := filepath.Join(t.TempDir(), "hello")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-buildvcs=false")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}

	code, out, errOut = perfcast("inspect", "-format", "json", bin)
	if code != 0 {
		t.Fatalf("inspect exited %d: %s", code, errOut)
	}
	if !sameManifest(out, payload) {
		t.Errorf("inspect -format json printed a different manifest:\n%s\nwant\n%s", out, payload)
	}
	code, out, _ = perfcast("inspect", bin)
	if code != 0 || !strings.Contains(out, "functions  2\n") || !strings.Contains(out, "example.com/hello.main") {
		t.Errorf("inspect (text) exited %d:\n%s", code, out)
	}
	code, out, _ = perfcast("inspect", "-format", "yaml", bin)
	if code != 0 || !strings.HasPrefix(out, "schema: 1\n") {
		t.Errorf("inspect -format yaml exited %d:\n%s", code, out)
	}

	// The binary is also a manifest source for embed.
	other = mainPackage(t)
	if code, _, errOut := perfcast("embed", "-manifest", bin, other); code != 0 {
		t.Fatalf("embed -manifest BINARY exited %d: %s", code, errOut)
	}
	frame2, _ := os.ReadFile(filepath.Join(other, embedding.DataFile))
	if !bytes.Equal(frame, frame2) {
		t.Errorf("embedding from the binary wrote a different frame than embedding from the file")
	}

	// Damaged copies of the binary: a one-line error, exit 1.
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, embedding.Magic())
	tmp := t.TempDir()
	flipped := bytes.Clone(data)
	flipped[at+embedding.HeaderSize+10] ^= 0x01
	bad := map[string][]byte{
		"empty":     {},
		"notes.txt": []byte("a text file\n"),
		"truncated": data[:at+embedding.HeaderSize+len(payload)/2],
		"cut-early": data[:len(data)/10],
		"flipped":   flipped,
	}
	wantMsg := map[string]string{
		"empty":     "not an executable binary: looks like an empty file",
		"notes.txt": "not an executable binary: looks like a text file",
		"truncated": "truncated perfcast manifest",
		"cut-early": "damaged executable",
		"flipped":   "perfcast manifest checksum mismatch",
	}
	for name, b := range bad {
		path := filepath.Join(tmp, name)
		if err := os.WriteFile(path, b, 0o755); err != nil {
			t.Fatal(err)
		}
		checkOneLineError(t, path, wantMsg[name])
	}
	if _, err := os.Stat("/bin/ls"); err == nil {
		checkOneLineError(t, "/bin/ls", "no perfcast manifest (was `perfcast embed` run before the build?)")
	}
}

// sameManifest reports whether inspect -format json printed exactly the
// embedded payload (plus a final newline if the payload has none).
func sameManifest(out string, payload []byte) bool {
	if !bytes.HasSuffix(payload, []byte("\n")) {
		payload = append(bytes.Clone(payload), '\n')
	}
	return sha256.Sum256([]byte(out)) == sha256.Sum256(payload)
}

func checkOneLineError(t *testing.T, path, want string) {
	t.Helper()
	code, out, errOut := perfcast("inspect", path)
	prefix := "perfcast inspect: " + path + ": " + want
	if code != exitError || out != "" || !strings.HasPrefix(errOut, prefix) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("inspect %s: exit %d, stdout %q, stderr %q; want exit 1 and one line starting %q", path, code, out, errOut, prefix)
	}
}

// TestInspectText checks the text summary against a golden file. It
// inspects the bare frame that embed writes, which inspect also reads, so
// that the output does not depend on the toolchain's layout.
func TestInspectText(t *testing.T) {
	dir := mainPackage(t)
	if code, _, errOut := perfcast("embed", dir); code != 0 {
		t.Fatalf("embed exited %d: %s", code, errOut)
	}
	frame := filepath.Join(dir, embedding.DataFile)
	code, out, errOut := perfcast("inspect", frame)
	if code != 0 {
		t.Fatalf("inspect exited %d: %s", code, errOut)
	}
	out = strings.ReplaceAll(out, frame, "FRAME")
	golden := filepath.Join("testdata", "embed", "inspect.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("inspect output:\n%s\nwant (%s):\n%s", out, golden, want)
	}
}

func TestEmbedErrors(t *testing.T) {
	lib := mainPackage(t) // with a valid perfcast.yaml
	os.Remove(filepath.Join(lib, "main.go"))
	os.WriteFile(filepath.Join(lib, "lib.go"), []byte("package lib\n"), 0o644)
	both := mainPackage(t)
	os.WriteFile(filepath.Join(both, "perfcast.json"), []byte(`{"schema":1}`), 0o644)
	bad := mainPackage(t)
	os.WriteFile(filepath.Join(bad, "perfcast.yaml"), []byte("schema: 1\nfunctions:\n  - name: f\n    costs: {}\n"), 0o644)
	future := mainPackage(t)
	os.WriteFile(filepath.Join(future, "perfcast.yaml"), []byte("schema: 9\n"), 0o644)
	empty := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"not main", []string{lib}, exitError, "holds package lib, not a main package"},
		{"no manifest", []string{empty}, exitError, "no manifest in " + empty},
		{"two manifests", []string{both}, exitUsage, "perfcast.yaml and " + filepath.Join(both, "perfcast.json") + " exist; choose one with -manifest"},
		{"unknown field", []string{bad}, exitError, `functions[0].costs: unknown field "costs"`},
		{"future schema", []string{future}, exitError, "schema: unsupported schema version 9"},
		{"missing dir", []string{"-manifest", filepath.Join(lib, "perfcast.yaml"), filepath.Join(lib, "nope")}, exitError, "no such file or directory"},
		{"no args", nil, exitUsage, "embed takes one argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := perfcast(append([]string{"embed"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.msg) || !strings.HasPrefix(errOut, "perfcast embed: ") {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.msg)
			}
		})
	}
	for _, dir := range []string{lib, bad, future} {
		if _, err := os.Stat(filepath.Join(dir, embedding.GoFile)); err == nil {
			t.Errorf("a failed embed wrote %s", filepath.Join(dir, embedding.GoFile))
		}
	}
}

// TestEmbedExample is the end-to-end check on the example service:
// perfcast embed into a copy of examples/shop, go build natively, stripped
// and for darwin/arm64 and windows/amd64, and perfcast inspect must print
// the identical manifest (same sha256) from every binary. The manifest is
// the example's own, generated by perfcast analyze
// (examples/shop/deploy/shop.manifest.yaml).
func TestEmbedExample(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	src := filepath.Join("..", "..", "examples", "shop")
	files, err := filepath.Glob(filepath.Join(src, "*.go"))
	if err != nil || len(files) == 0 {
		t.Skipf("no example in %s", src)
	}
	dir := t.TempDir()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/shop\n\ngo 1.26\n"), 0o644)
	manifestFile := filepath.Join(src, "deploy", "shop.manifest.yaml")
	t.Logf("embedding %s", manifestFile)
	if code, _, errOut := perfcast("embed", "-manifest", manifestFile, dir); code != 0 {
		t.Fatalf("embed exited %d: %s", code, errOut)
	}
	frame, err := os.ReadFile(filepath.Join(dir, embedding.DataFile))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := embedding.Unframe(frame)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(payload)

	builds := []struct {
		name, goos, goarch string
		flags              []string
	}{
		{name: "native"},
		{name: "trimpath-stripped", flags: []string{"-trimpath", "-ldflags=-s -w"}},
		{name: "darwin-arm64", goos: "darwin", goarch: "arm64"},
		{name: "windows-amd64", goos: "windows", goarch: "amd64"},
	}
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			if b.name != "native" && testing.Short() {
				t.Skip("cross and -trimpath builds of net/http are slow; run without -short")
			}
			bin := filepath.Join(t.TempDir(), "shop")
			cmd := exec.Command("go", append(append([]string{"build", "-o", bin}, b.flags...), ".")...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-buildvcs=false")
			if b.goos != "" {
				cmd.Env = append(cmd.Env, "GOOS="+b.goos, "GOARCH="+b.goarch)
			}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			code, out, errOut := perfcast("inspect", "-format", "json", bin)
			if code != 0 {
				t.Fatalf("inspect exited %d: %s", code, errOut)
			}
			if !sameManifest(out, payload) {
				t.Errorf("inspect printed a manifest with sha256 %x, want %x", sha256.Sum256([]byte(out)), want)
			}
		})
	}
}
