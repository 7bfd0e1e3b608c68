package embedding

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// serverBinary builds testdata/server, about 10 MB, with a manifest of the
// usual size for a small service embedded, once per test binary run.
var serverBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "perfcast-bench")
	if err != nil {
		return "", err
	}
	benchDir = dir
	src, err := os.ReadFile(filepath.Join("testdata", "server", "main.go"))
	if err != nil {
		return "", err
	}
	os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/server\n\ngo 1.26\n"), 0o644)
	if err := Generate(dir, benchPayload()); err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", "server", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-buildvcs=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &Error{Kind: ErrNoManifest, Detail: string(out)}
	}
	return filepath.Join(dir, "server"), nil
})

// benchDir holds the server binary; TestMain removes it.
var benchDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchPayload is a 64 KiB manifest-sized payload (about 100 functions).
func benchPayload() []byte {
	return bytes.Repeat([]byte(`{"name":"example.com/server.handler","cpu":{"int":"4 + 2*len(s)"}},`), 1000)[:64<<10]
}

func benchRead(b *testing.B, path string) {
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Size())/1e6, "MB-binary")
}

// BenchmarkReadServer reads the manifest out of a real 10 MB Go binary.
func BenchmarkReadServer(b *testing.B) {
	path, err := serverBinary()
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, path)
}

// BenchmarkReadWorstCase reads a 10 MB ELF file whose data section is all
// random bytes with the frame at its very end: every byte is scanned.
func BenchmarkReadWorstCase(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 10<<20)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	f := Frame(benchPayload())
	copy(data[len(data)-len(f):], f)
	path := filepath.Join(b.TempDir(), "worst")
	if err := os.WriteFile(path, synthELF(".rodata", data), 0o644); err != nil {
		b.Fatal(err)
	}
	benchRead(b, path)
}

// BenchmarkReadNoManifest reads a 10 MB binary without a manifest: the data
// sections, then the whole file, are scanned before the answer is known.
func BenchmarkReadNoManifest(b *testing.B) {
	path, err := serverBinary()
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	at := bytes.Index(data, magic[:])
	data[at] ^= 0xff // no longer a frame
	bare := filepath.Join(b.TempDir(), "bare")
	if err := os.WriteFile(bare, data, 0o644); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(bare)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bare); err == nil {
			b.Fatal("found a manifest")
		}
	}
}
