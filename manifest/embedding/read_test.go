package embedding

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var testPayload = []byte(`{"schema":1,"functions":[]}`)

func TestFrameRoundTrip(t *testing.T) {
	for _, payload := range [][]byte{{}, []byte("x"), testPayload, bytes.Repeat([]byte("abc"), 10000)} {
		f := Frame(payload)
		if len(f) != HeaderSize+len(payload) {
			t.Fatalf("Frame(%d bytes) has %d bytes, want %d", len(payload), len(f), HeaderSize+len(payload))
		}
		got, err := Unframe(append(f, "trailing data"...))
		if err != nil {
			t.Fatalf("Unframe: %v", err)
		}
		if !bytes.Equal(got, payload) {
			t.Fatalf("Unframe returned %q, want %q", got, payload)
		}
	}
}

// mutate returns a copy of b changed by fn.
func mutate(b []byte, fn func([]byte) []byte) []byte { return fn(bytes.Clone(b)) }

func TestUnframeErrors(t *testing.T) {
	f := Frame(testPayload)
	tests := []struct {
		name string
		in   []byte
		kind error
		msg  string
	}{
		{"empty", nil, ErrNoManifest, "no frame magic"},
		{"no magic", []byte("hello, world, this is not a frame at all, no"), ErrNoManifest, "no frame magic"},
		{"header cut", f[:HeaderSize-1], ErrTruncated, "header needs 60 bytes but only 59 remain"},
		{"payload cut", f[:len(f)-1], ErrTruncated, "announces a 27-byte payload but only 26 bytes remain"},
		{"flipped payload byte", mutate(f, func(b []byte) []byte { b[HeaderSize+3] ^= 1; return b }), ErrChecksum, "sha256 of the 27-byte payload"},
		{"flipped checksum byte", mutate(f, func(b []byte) []byte { b[40] ^= 0x80; return b }), ErrChecksum, "but the frame says"},
		{"version 2", mutate(f, func(b []byte) []byte { b[16] = 2; return b }), ErrVersion, "frame version 2"},
		{"version 0", mutate(f, func(b []byte) []byte { b[16] = 0; return b }), ErrVersion, "frame version 0"},
		{"huge length", mutate(f, func(b []byte) []byte { binary.LittleEndian.PutUint64(b[20:], 1<<62); return b }), ErrTruncated, "4611686018427387904-byte payload"},
		{"over limit", mutate(append(f, make([]byte, MaxPayload+1)...), func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[20:], MaxPayload+1)
			return b
		}), ErrTooLarge, "more than the 268435456-byte limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Unframe(tt.in)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("Unframe error %v, want kind %v", err, tt.kind)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

func TestMagicNotInCode(t *testing.T) {
	// The test binary contains this package; it must not contain the
	// marker, or perfcast would find a broken manifest in itself.
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Skip(err)
	}
	if n := bytes.Count(b, magic[:]); n != 0 {
		t.Errorf("the test binary contains the frame magic %d times", n)
	}
	if _, err := Read(exe); !errors.Is(err, ErrNoManifest) {
		t.Errorf("Read(test binary) = %v, want ErrNoManifest", err)
	}
}

func TestReadSynthetic(t *testing.T) {
	frame := Frame(testPayload)
	sum := sha256.Sum256(testPayload)
	tests := []struct {
		name         string
		file         []byte
		format, arch string
		sections     []string // one per image
	}{
		{"ELF .rodata", synthELF(".rodata", padded(frame)), "ELF", "amd64", []string{".rodata"}},
		{"ELF other section", synthELF(".mystery", padded(frame)), "ELF", "amd64", []string{".mystery"}},
		{"Mach-O __TEXT,__rodata", synthMachO(0x01000007, "__TEXT", "__rodata", padded(frame)), "Mach-O", "amd64", []string{"__TEXT,__rodata"}},
		{"Mach-O __DATA_CONST", synthMachO(0x0100000c, "__DATA_CONST", "__const", padded(frame)), "Mach-O", "arm64", []string{"__DATA_CONST,__const"}},
		{"PE .rdata", synthPE(".rdata", padded(frame)), "PE", "amd64", []string{".rdata"}},
		{"universal", universal(12,
			synthMachO(0x01000007, "__TEXT", "__rodata", padded(frame)),
			synthMachO(0x0100000c, "__TEXT", "__rodata", padded(frame))), "Mach-O universal", "", []string{"__TEXT,__rodata", "__TEXT,__rodata"}},
		{"universal, 64-bit table", universal64(12,
			synthMachO(0x01000007, "__TEXT", "__rodata", padded(frame)),
			synthMachO(0x0100000c, "__DATA", "__noptrdata", padded(frame))), "Mach-O universal", "", []string{"__TEXT,__rodata", "__DATA,__noptrdata"}},
		{"bare frame", frame, "frame", "", []string{""}},
		{"WebAssembly", append([]byte("\x00asm\x01\x00\x00\x00"), padded(frame)...), "WebAssembly", "wasm", []string{""}},
		{"ELF with a damaged section table", mutate(synthELF(".rodata", padded(frame)), func(b []byte) []byte {
			le.PutUint16(b[0x3e:], 99) // e_shstrndx out of range
			return b
		}), "ELF", "", []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all, err := ReadAllFrom(bytes.NewReader(tt.file), int64(len(tt.file)))
			if err != nil {
				t.Fatalf("ReadAllFrom: %v", err)
			}
			if len(all) != len(tt.sections) {
				t.Fatalf("found %d manifests, want %d", len(all), len(tt.sections))
			}
			for i, e := range all {
				if !bytes.Equal(e.Payload, testPayload) || e.SHA256 != sum {
					t.Errorf("image %d: payload %q, want %q", i, e.Payload, testPayload)
				}
				if e.Format != tt.format || (tt.arch != "" && e.Arch != tt.arch) || e.Section != tt.sections[i] {
					t.Errorf("image %d: found in %s/%s %q, want %s/%s %q", i, e.Format, e.Arch, e.Section, tt.format, tt.arch, tt.sections[i])
				}
				if !bytes.Equal(tt.file[e.Offset:e.Offset+int64(len(frame))], frame) {
					t.Errorf("image %d: Offset %#x does not point at the frame", i, e.Offset)
				}
			}
			if got, err := ReadFrom(bytes.NewReader(tt.file), int64(len(tt.file))); err != nil || !bytes.Equal(got, testPayload) {
				t.Errorf("ReadFrom = %q, %v", got, err)
			}
		})
	}
}

func TestReadUniversalArches(t *testing.T) {
	other := []byte(`{"schema":1,"other":true}`)
	fat := universal(12,
		synthMachO(0x01000007, "__TEXT", "__rodata", padded(Frame(testPayload))),
		synthMachO(0x0100000c, "__TEXT", "__rodata", padded(Frame(other))))
	all, err := ReadAllFrom(bytes.NewReader(fat), int64(len(fat)))
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Arch != "amd64" || all[1].Arch != "arm64" ||
		!bytes.Equal(all[0].Payload, testPayload) || !bytes.Equal(all[1].Payload, other) {
		t.Fatalf("ReadAllFrom = %+v", all)
	}
	_, err = ReadFrom(bytes.NewReader(fat), int64(len(fat)))
	if !errors.Is(err, ErrDifferent) || !strings.Contains(err.Error(), "amd64 sha256") {
		t.Errorf("ReadFrom of differing slices: %v, want ErrDifferent naming the slices", err)
	}

	// One slice without a manifest: the error names it.
	fat = universal(12,
		synthMachO(0x01000007, "__TEXT", "__rodata", padded(Frame(testPayload))),
		synthMachO(0x0100000c, "__TEXT", "__rodata", []byte("no manifest here, just data")))
	_, err = ReadAllFrom(bytes.NewReader(fat), int64(len(fat)))
	if !errors.Is(err, ErrNoManifest) || !strings.HasPrefix(err.Error(), "arm64 slice: no perfcast manifest") {
		t.Errorf("universal with a bare slice: %v", err)
	}
}

// TestReadErrors checks each failure's kind and its whole one-line message.
func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	frame := Frame(testPayload)
	elfFile := synthELF(".rodata", padded(frame))
	frameAt := bytes.Index(elfFile, magic[:])
	files := []struct {
		name string
		data []byte
		kind error
		msg  string
	}{
		{"empty", nil, ErrNotBinary, "not an executable binary: looks like an empty file"},
		{"notes.txt", []byte("just some notes\nabout nothing\n"), ErrNotBinary, "not an executable binary: looks like a text file"},
		{"perfcast.yaml", []byte("schema: 1\nfunctions: []\n"), ErrNotBinary, "not an executable binary: looks like a text file (a manifest in YAML?)"},
		{"random", []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, ErrNotBinary, "not an executable binary: looks like unrecognized data starting 00 01 02 03 04 05 06 07"},
		{"archive.a", []byte("!<arch>\n__.PKGDEF"), ErrNotBinary, "not an executable binary: looks like an ar archive (a compiled package or static library, not a linked program)"},
		{"Foo.class", []byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52}, ErrNotBinary, "not an executable binary: looks like a Java class file"},
		{"no-manifest", synthELF(".rodata", []byte("plain data")), ErrNoManifest, "no perfcast manifest (was `perfcast embed` run before the build?)"},
		{"flipped", mutate(elfFile, func(b []byte) []byte { b[frameAt+HeaderSize+5] ^= 0x20; return b }), ErrChecksum,
			"perfcast manifest checksum mismatch in .rodata at file offset 0x68: sha256 of the 27-byte payload is "},
		{"cut-in-frame", synthELF(".rodata", append(bytes.Repeat([]byte("ro"), 20), frame[:HeaderSize+10]...)), ErrTruncated,
			"truncated perfcast manifest in .rodata at file offset 0x68: the frame announces a 27-byte payload but only 10 bytes remain"},
		{"cut-file", elfFile[:frameAt+HeaderSize+3], ErrTruncated,
			"truncated perfcast manifest at file offset 0x68: the frame announces a 27-byte payload but only 3 bytes remain"},
		{"cut-header", elfFile[:40], ErrDamaged, "damaged executable: the ELF headers cannot be read (the file ends within them; was it truncated?), and no manifest was found in it"},
		{"version", mutate(elfFile, func(b []byte) []byte { b[frameAt+16] = 9; return b }), ErrVersion,
			"unsupported perfcast manifest frame version in .rodata at file offset 0x68: frame version 9 (this perfcast reads version 1; a newer perfcast may read it)"},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			path := filepath.Join(dir, f.name)
			if err := os.WriteFile(path, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path)
			if !errors.Is(err, f.kind) {
				t.Fatalf("Read: %v, want kind %v", err, f.kind)
			}
			msg := err.Error()
			if want := path + ": " + f.msg; !strings.HasPrefix(msg, want) {
				t.Errorf("error:\n%s\nwant prefix:\n%s", msg, want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error has several lines: %q", msg)
			}
		})
	}
	if _, err := Read(dir); !errors.Is(err, ErrNotBinary) || !strings.Contains(err.Error(), "it is a directory") {
		t.Errorf("Read(dir) = %v", err)
	}
	if _, err := Read(filepath.Join(dir, "missing")); err == nil || !os.IsNotExist(err) {
		t.Errorf("Read(missing) = %v", err)
	}
}

// TestReadLyingHeaders feeds section tables whose offsets and sizes point
// far outside the file: the reader must clip them, not allocate or panic.
func TestReadLyingHeaders(t *testing.T) {
	frame := Frame(testPayload)
	elfFile := synthELF(".rodata", padded(frame))
	shoff := le.Uint64(elfFile[0x28:])
	machoFile := synthMachO(0x0100000c, "__TEXT", "__rodata", padded(frame))
	tests := []struct {
		name string
		file []byte
	}{
		{"ELF section size 2^63", mutate(elfFile, func(b []byte) []byte { le.PutUint64(b[shoff+64+32:], 1<<63); return b })},
		{"ELF section offset 2^40", mutate(elfFile, func(b []byte) []byte { le.PutUint64(b[shoff+64+24:], 1<<40); return b })},
		{"ELF 65535 sections", mutate(elfFile, func(b []byte) []byte { le.PutUint16(b[0x3c:], 0xffff); return b })},
		{"Mach-O section size 2^60", mutate(machoFile, func(b []byte) []byte { le.PutUint64(b[32+72+40:], 1<<60); return b })},
		{"Mach-O 2^31 load commands", mutate(machoFile, func(b []byte) []byte { le.PutUint32(b[16:], 1<<31); return b })},
		{"universal with 29 slices", mutate(universal(12, machoFile), func(b []byte) []byte { binary.BigEndian.PutUint32(b[4:], 29); return b })},
		{"universal slice past the end", mutate(universal(12, machoFile), func(b []byte) []byte { binary.BigEndian.PutUint32(b[16:], 1<<31); return b })},
		{"PE 65535 sections", mutate(synthPE(".rdata", padded(frame)), func(b []byte) []byte { le.PutUint16(b[0x46:], 0xffff); return b })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all, err := ReadAllFrom(bytes.NewReader(tt.file), int64(len(tt.file)))
			// Either the frame is still found (by the whole-file scan) or
			// the error is a clear one; never a panic or a huge allocation.
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v (%T) is not an *Error", err, err)
				}
				return
			}
			for _, e := range all {
				if !bytes.Equal(e.Payload, testPayload) {
					t.Errorf("payload %q", e.Payload)
				}
			}
		})
	}
}
