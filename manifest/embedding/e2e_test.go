package embedding

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// build is one way of building the test program.
type build struct {
	name         string
	goos, goarch string
	flags        []string
	cgo          bool
	format       string // expected executable format
	section      string // where gc puts the embedded string
}

// goBuild builds the main package in dir into out.
func goBuild(t *testing.T, dir, out string, b build) {
	t.Helper()
	args := append([]string{"build", "-o", out}, b.flags...)
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = dir
	cgo := "CGO_ENABLED=0"
	if b.cgo {
		cgo = "CGO_ENABLED=1"
	}
	cmd.Env = append(os.Environ(), cgo, "GOWORK=off", "GOFLAGS=-mod=mod -buildvcs=false", "GOPROXY=off")
	if b.goos != "" {
		cmd.Env = append(cmd.Env, "GOOS="+b.goos, "GOARCH="+b.goarch)
	}
	if outb, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", b.name, err, outb)
	}
}

// copyProgram copies testdata/NAME into a new module in a temporary directory.
func copyProgram(t *testing.T, name, gomod string) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", name, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestEndToEnd embeds a manifest in a small program, builds it natively,
// stripped and for other systems, and reads the manifest back from every
// binary: it must be the input, byte for byte, and there must be one copy.
func TestEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	payload, err := os.ReadFile(filepath.Join("testdata", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(payload)
	dir := copyProgram(t, "hello", "module example.com/hello\n\ngo 1.26\n")
	if err := Generate(dir, payload); err != nil {
		t.Fatal(err)
	}

	// Where gc puts an embedded string, by executable format.
	sections := map[string]string{"ELF": ".rodata", "Mach-O": "__TEXT,__rodata", "PE": ".rdata"}
	nativeFormat := map[string]string{"darwin": "Mach-O", "windows": "PE"}[runtime.GOOS]
	if nativeFormat == "" {
		nativeFormat = "ELF"
	}
	nativeSection := sections[nativeFormat]
	builds := []build{
		{name: "native", format: nativeFormat, section: nativeSection},
		{name: "trimpath-stripped", flags: []string{"-trimpath", "-ldflags=-s -w"}, format: nativeFormat, section: nativeSection},
		{name: "darwin-arm64", goos: "darwin", goarch: "arm64", format: "Mach-O", section: "__TEXT,__rodata"},
		{name: "darwin-amd64", goos: "darwin", goarch: "amd64", format: "Mach-O", section: "__TEXT,__rodata"},
		{name: "windows-amd64", goos: "windows", goarch: "amd64", format: "PE", section: ".rdata"},
		{name: "linux-arm64-stripped", goos: "linux", goarch: "arm64", flags: []string{"-trimpath", "-ldflags=-s -w"}, format: "ELF", section: ".rodata"},
	}
	if _, err := exec.LookPath("gcc"); err == nil && runtime.GOOS == "linux" {
		// cgo's external linking: the system linker lays out the sections.
		builds = append(builds, build{name: "external-linker", flags: []string{"-ldflags=-linkmode=external"}, cgo: true, format: "ELF", section: ".rodata"})
	}
	bins := map[string]string{}
	binDir := t.TempDir() // outlives the subtests, which share the binaries
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			if (b.goos != "" || b.cgo) && testing.Short() {
				t.Skip("cross and cgo builds are slow; run without -short")
			}
			out := filepath.Join(binDir, "hello-"+b.name)
			goBuild(t, dir, out, b)
			bins[b.name] = out
			all, err := ReadAll(out)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != 1 {
				t.Fatalf("found %d manifests, want 1", len(all))
			}
			e := all[0]
			if e.SHA256 != want || !bytes.Equal(e.Payload, payload) {
				t.Errorf("read manifest sha256 %x, want %x", e.SHA256, want)
			}
			wantArch := b.goarch
			if wantArch == "" {
				wantArch = runtime.GOARCH
			}
			if e.Format != b.format || e.Arch != wantArch || e.Section != b.section {
				t.Errorf("found in %s %s %s, want %s %s %s", e.Format, e.Arch, e.Section, b.format, wantArch, b.section)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(data, magic[:]); n != 1 {
				t.Errorf("the binary holds %d copies of the frame, want 1", n)
			}
			t.Logf("%s: %d-byte binary, manifest at %#x in %s", b.name, len(data), e.Offset, e.Section)
		})
	}

	t.Run("universal", func(t *testing.T) {
		arm, amd := bins["darwin-arm64"], bins["darwin-amd64"]
		if arm == "" || amd == "" {
			t.Skip("needs the darwin builds")
		}
		a, err := os.ReadFile(amd)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(arm)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "hello-universal")
		if err := os.WriteFile(out, universal(14, a, b), 0o755); err != nil {
			t.Fatal(err)
		}
		all, err := ReadAll(out)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].Arch != "amd64" || all[1].Arch != "arm64" {
			t.Fatalf("ReadAll found %+v, want amd64 and arm64 slices", all)
		}
		for _, e := range all {
			if e.SHA256 != want || e.Format != "Mach-O universal" || e.Section != "__TEXT,__rodata" {
				t.Errorf("%s slice: sha256 %x in %s %s", e.Arch, e.SHA256, e.Format, e.Section)
			}
		}
		if all[1].Offset < int64(len(a)) {
			t.Errorf("arm64 frame offset %#x is not in the second slice", all[1].Offset)
		}
		if got, err := Read(out); err != nil || !bytes.Equal(got, payload) {
			t.Errorf("Read(universal) = %d bytes, %v", len(got), err)
		}
	})

	t.Run("runs", func(t *testing.T) {
		out, err := exec.Command(bins["native"]).CombinedOutput()
		if err != nil || string(out) != "hello\n" {
			t.Errorf("the program with the embed printed %q, %v", out, err)
		}
	})

	t.Run("regenerate", func(t *testing.T) {
		next := bytes.Replace(payload, []byte(`"exact"`), []byte(`"bounded"`), 1)
		if err := Generate(dir, next); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "hello-next")
		goBuild(t, dir, out, build{name: "native again"})
		got, err := Read(out)
		if err != nil || !bytes.Equal(got, next) {
			t.Errorf("after regenerating, Read = %q, %v; want the new manifest", got, err)
		}
	})

	t.Run("corrupted", func(t *testing.T) {
		data, err := os.ReadFile(bins["native"])
		if err != nil {
			t.Fatal(err)
		}
		at := bytes.Index(data, magic[:])
		tmp := t.TempDir()
		cases := []struct {
			name string
			data []byte
			kind error
		}{
			{"flipped", mutate(data, func(b []byte) []byte { b[at+HeaderSize+len(payload)/2] ^= 1; return b }), ErrChecksum},
			{"truncated-in-frame", data[:at+HeaderSize+len(payload)/2], ErrTruncated},
			{"truncated-before-frame", data[:at/2], ErrDamaged},
			{"truncated-to-4k", data[:4096], ErrDamaged},
		}
		for _, c := range cases {
			path := filepath.Join(tmp, c.name)
			if err := os.WriteFile(path, c.data, 0o755); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path)
			if !errors.Is(err, c.kind) || strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("%s: %v, want a one-line %v", c.name, err, c.kind)
			}
			t.Logf("%s: %v", c.name, err)
		}
	})

	t.Run("bin-ls", func(t *testing.T) {
		if _, err := os.Stat("/bin/ls"); err != nil {
			t.Skip("no /bin/ls")
		}
		_, err := Read("/bin/ls")
		if want := "/bin/ls: no perfcast manifest (was `perfcast embed` run before the build?)"; err == nil || err.Error() != want {
			t.Errorf("Read(/bin/ls) = %v, want %s", err, want)
		}
	})
}

// TestSelf builds a program that reads its own manifest with Self.
func TestSelf(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/selfprint\n\ngo 1.26\n\nrequire github.com/perfcast/perfcast v0.0.0\n\nreplace github.com/perfcast/perfcast => " + root + "\n"
	dir := copyProgram(t, "selfprint", gomod)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	payload, err := os.ReadFile(filepath.Join("testdata", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Generate(dir, payload); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "selfprint")
	goBuild(t, dir, out, build{name: "selfprint"})
	got, err := exec.Command(out).CombinedOutput()
	want := sha256.Sum256(payload)
	if err != nil || strings.TrimSpace(string(got)) != hex.EncodeToString(want[:]) {
		t.Errorf("selfprint printed %q, %v; want %x", got, err, want)
	}
}
