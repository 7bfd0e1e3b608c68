package embedding

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the fuzz seed corpora in testdata/fuzz")

// readSeeds are small synthetic executables, whole, cut and corrupted.
func readSeeds() map[string][]byte {
	frame := Frame(testPayload)
	elfFile := synthELF(".rodata", padded(frame))
	machoFile := synthMachO(0x0100000c, "__TEXT", "__rodata", padded(frame))
	peFile := synthPE(".rdata", padded(frame))
	fat := universal(12, synthMachO(0x01000007, "__TEXT", "__rodata", padded(frame)), machoFile)
	at := bytes.Index(elfFile, magic[:])
	seeds := map[string][]byte{
		"elf":             elfFile,
		"elf-other":       synthELF(".data", padded(frame)),
		"elf-none":        synthELF(".rodata", []byte("no frame")),
		"elf-cut-header":  elfFile[:40],
		"elf-cut-frame":   elfFile[:at+HeaderSize+4],
		"elf-flipped":     mutate(elfFile, func(b []byte) []byte { b[at+HeaderSize+1] ^= 1; return b }),
		"elf-version":     mutate(elfFile, func(b []byte) []byte { b[at+16] = 2; return b }),
		"elf-length":      mutate(elfFile, func(b []byte) []byte { binary.LittleEndian.PutUint64(b[at+20:], 1<<40); return b }),
		"elf-shstrndx":    mutate(elfFile, func(b []byte) []byte { le.PutUint16(b[0x3e:], 99); return b }),
		"macho":           machoFile,
		"macho-cut":       machoFile[:len(machoFile)/2],
		"macho-data":      synthMachO(0x01000007, "__DATA", "__noptrdata", padded(frame)),
		"universal":       fat,
		"universal-cut":   fat[:len(fat)-30],
		"universal64":     universal64(12, machoFile),
		"universal-fewer": mutate(fat, func(b []byte) []byte { binary.BigEndian.PutUint32(b[4:], 1); return b }),
		"pe":              peFile,
		"pe-cut":          peFile[:0x50],
		"wasm":            append([]byte("\x00asm\x01\x00\x00\x00"), padded(frame)...),
		"frame":           frame,
		"java":            []byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52},
		"text":            []byte("schema: 1\n"),
		"empty":           {},
	}
	return seeds
}

func frameSeeds() map[string][]byte {
	f := Frame(testPayload)
	return map[string][]byte{
		"frame":       f,
		"frame-empty": Frame(nil),
		"trailing":    append(bytes.Clone(f), "more"...),
		"cut-header":  f[:30],
		"cut-payload": f[:len(f)-2],
		"flipped":     mutate(f, func(b []byte) []byte { b[HeaderSize] ^= 0x40; return b }),
		"version":     mutate(f, func(b []byte) []byte { b[16] = 7; return b }),
		"huge-length": mutate(f, func(b []byte) []byte { binary.LittleEndian.PutUint64(b[20:], ^uint64(0)); return b }),
		"magic-only":  magic[:],
		"not-a-frame": []byte("{\"schema\":1}"),
	}
}

// TestFuzzSeeds keeps the seed corpora in testdata/fuzz in step with the
// builders above; go test -run TestFuzzSeeds -update rewrites them.
func TestFuzzSeeds(t *testing.T) {
	for target, seeds := range map[string]map[string][]byte{"FuzzRead": readSeeds(), "FuzzFrame": frameSeeds()} {
		dir := filepath.Join("testdata", "fuzz", target)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for name, data := range seeds {
			path := filepath.Join(dir, "seed-"+name)
			want := []byte("go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n")
			if *update {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s is missing or stale (%v); run go test -run TestFuzzSeeds -update", path, err)
			}
		}
	}
}

// checkReadResult asserts what must hold for any input: a found manifest
// verifies and sits where it says; a failure is a one-line *Error.
func checkReadResult(t *testing.T, data []byte, all []Embedded, err error) {
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is a %T, not an *Error", err, err)
		}
		if strings.Contains(err.Error(), "\n") {
			t.Fatalf("error has several lines: %q", err)
		}
		return
	}
	if len(all) == 0 {
		t.Fatal("no error and no manifest")
	}
	for _, e := range all {
		if sha256.Sum256(e.Payload) != e.SHA256 {
			t.Fatalf("payload does not match its sha256")
		}
		if e.Offset < 0 || e.Offset > int64(len(data)) {
			t.Fatalf("offset %d outside the %d-byte file", e.Offset, len(data))
		}
		p, err := Unframe(data[e.Offset:])
		if err != nil || !bytes.Equal(p, e.Payload) {
			t.Fatalf("the frame at the reported offset %#x does not hold the payload: %v", e.Offset, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range readSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		all, err := ReadAllFrom(bytes.NewReader(data), int64(len(data)))
		checkReadResult(t, data, all, err)
	})
}

func FuzzFrame(f *testing.F) {
	for _, s := range frameSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Unframe(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("bad error %q (%T)", err, err)
			}
			return
		}
		if fr := Frame(p); !bytes.HasPrefix(data, fr) {
			t.Fatalf("Unframe accepted %s that Frame does not produce", fmt.Sprintf("%.80x", data))
		}
	})
}
