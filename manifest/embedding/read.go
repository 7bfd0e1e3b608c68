package embedding

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Embedded is a manifest found in an executable.
type Embedded struct {
	Payload []byte            // the manifest's bytes, verified against the frame
	SHA256  [sha256.Size]byte // sha256 of Payload
	Format  string            // "ELF", "Mach-O", "Mach-O universal", "PE", "WebAssembly", or "frame" for a bare frame file
	Arch    string            // the image's architecture as GOARCH names it ("amd64", "arm64"), when known
	Section string            // the section holding the frame (".rodata", "__TEXT,__rodata", ".rdata"), when known
	Offset  int64             // file offset of the frame
}

// Read returns the manifest embedded in the executable at path. For a
// universal Mach-O binary every architecture's slice must carry the same
// manifest; [ReadAll] returns them one by one. Errors are one line and,
// when about the file's content, an [*Error].
func Read(path string) ([]byte, error) {
	all, err := ReadAll(path)
	if err != nil {
		return nil, err
	}
	return same(all, path)
}

// ReadFrom is [Read] for an executable of size bytes read through r.
func ReadFrom(r io.ReaderAt, size int64) ([]byte, error) {
	all, err := ReadAllFrom(r, size)
	if err != nil {
		return nil, err
	}
	return same(all, "")
}

// same returns the payload all images agree on.
func same(all []Embedded, path string) ([]byte, error) {
	for _, e := range all[1:] {
		if e.SHA256 != all[0].SHA256 {
			var sums []string
			for _, e := range all {
				sums = append(sums, e.Arch+" sha256 "+hex.EncodeToString(e.SHA256[:8]))
			}
			return nil, &Error{Path: path, Kind: ErrDifferent, Detail: strings.Join(sums, ", ")}
		}
	}
	return all[0].Payload, nil
}

// ReadAll returns the manifest of every image in the executable at path: one
// for ELF, PE and thin Mach-O files, one per architecture for a universal
// Mach-O binary, in the order of its slices. Every slice must carry a valid
// manifest.
func ReadAll(path string) ([]Embedded, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &Error{Path: path, Kind: ErrNotBinary, Detail: "it is a directory"}
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Path: path, Kind: ErrNotBinary, Detail: "it is not a regular file"}
	}
	all, err := ReadAllFrom(f, st.Size())
	if e, ok := err.(*Error); ok {
		e.Path = path
	}
	return all, err
}

// ReadAllFrom is [ReadAll] for an executable of size bytes read through r.
func ReadAllFrom(r io.ReaderAt, size int64) ([]Embedded, error) {
	if size < 0 {
		return nil, fmt.Errorf("negative size %d", size)
	}
	head := make([]byte, min(size, 512))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		return nil, fmt.Errorf("reading the file header: %w", err)
	}
	imgs, err := identify(r, size, head)
	if err != nil {
		return nil, err
	}
	// The buffer is at most 64 KiB, and no larger than the file, but
	// always longer than the magic, which each needs to make progress.
	s := &scanner{r: r, buf: make([]byte, max(min(size, 64<<10), 4*magicLen))}
	var all []Embedded
	for _, im := range imgs {
		e, err := s.find(im)
		if err != nil {
			if fe, ok := err.(*Error); ok && len(imgs) > 1 {
				fe.Arch = im.arch
			}
			return nil, err
		}
		all = append(all, e)
	}
	return all, nil
}

// image is one executable image: a whole file, or one slice of a universal
// Mach-O binary.
type image struct {
	format  string
	arch    string
	base    int64     // file offset of the image
	size    int64     // bytes of the image, within the file
	data    []section // sections where gc and other linkers put data, searched first, in table order
	all     []section // every section with file contents, to name where a frame was found
	damaged error     // why the headers could not be parsed; the image is then scanned whole
}

// section is a range of an image's file contents, relative to image.base and
// within image.size.
type section struct {
	name      string
	off, size int64
}

// addSection records a section, clipped to the image: a truncated file's
// last sections are partly or wholly missing.
func (im *image) addSection(name string, off, size uint64, preferred bool) {
	if size == 0 || off >= uint64(im.size) {
		return
	}
	size = min(size, uint64(im.size)-off)
	s := section{name, int64(off), int64(size)}
	im.all = append(im.all, s)
	if preferred {
		im.data = append(im.data, s)
	}
}

// sectionAt names the section holding image offset off, or "".
func (im *image) sectionAt(off int64) string {
	for _, s := range im.all {
		if off >= s.off && off < s.off+s.size {
			return s.name
		}
	}
	return ""
}

// identify tells the file's format from its header and parses its sections.
func identify(r io.ReaderAt, size int64, head []byte) ([]*image, error) {
	whole := func(format string) *image { return &image{format: format, base: 0, size: size} }
	switch {
	case len(head) >= magicLen && bytes.Equal(head[:magicLen], magic[:]):
		return []*image{whole("frame")}, nil
	case bytes.HasPrefix(head, []byte(elf.ELFMAG)):
		return []*image{openELF(r, size)}, nil
	case len(head) >= 4 && isMachO(head):
		return []*image{openMachO(r, 0, size, "Mach-O")}, nil
	case len(head) >= 8 && (binary.BigEndian.Uint32(head) == macho.MagicFat || binary.BigEndian.Uint32(head) == magicFat64):
		if n := binary.BigEndian.Uint32(head[4:]); n == 0 || n > maxFatArches {
			// Java class files share the 0xcafebabe magic; there the next
			// word is a class file version, at least 45.
			return nil, &Error{Kind: ErrNotBinary, Detail: "looks like a Java class file"}
		}
		return openFat(r, size), nil
	case bytes.HasPrefix(head, []byte("MZ")):
		return []*image{openPE(r, size)}, nil
	case bytes.HasPrefix(head, []byte("\x00asm")):
		// Go's WebAssembly binaries keep embedded data in a data segment;
		// the whole-file scan finds it.
		im := whole("WebAssembly")
		im.arch = "wasm"
		return []*image{im}, nil
	}
	return nil, &Error{Kind: ErrNotBinary, Detail: "looks like " + describe(head, size)}
}

// magicFat64 starts a universal binary whose slice table has 64-bit
// offsets and sizes (lipo -fat64), which debug/macho does not read.
const magicFat64 = 0xcafebabf

// maxFatArches bounds the slices of a universal binary; real ones have a few.
const maxFatArches = 30

func isMachO(head []byte) bool {
	be, le := binary.BigEndian.Uint32(head), binary.LittleEndian.Uint32(head)
	return be == macho.Magic32 || be == macho.Magic64 || le == macho.Magic32 || le == macho.Magic64
}

// guard runs parse and turns a panic inside a debug package into an error:
// those packages are not hardened against every malformed input.
func guard(what string, parse func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s panicked: %v", what, p)
		}
	}()
	return parse()
}

func openELF(r io.ReaderAt, size int64) *image {
	im := &image{format: "ELF", size: size}
	im.damaged = guard("debug/elf", func() error {
		f, err := elf.NewFile(io.NewSectionReader(r, 0, size))
		if err != nil {
			return err
		}
		im.arch = elfArch(f)
		for _, s := range f.Sections {
			if s.Type == elf.SHT_NOBITS || s.Type == elf.SHT_NULL {
				continue
			}
			im.addSection(s.Name, s.Offset, s.Size, elfData[s.Name])
		}
		return nil
	})
	return im
}

// elfData lists the ELF sections where gc and external linkers put
// read-only and initialized data, in the order Go binaries use them.
var elfData = map[string]bool{".rodata": true, ".data.rel.ro": true, ".noptrdata": true, ".data": true}

func elfArch(f *elf.File) string {
	switch f.Machine {
	case elf.EM_X86_64:
		return "amd64"
	case elf.EM_386:
		return "386"
	case elf.EM_AARCH64:
		return "arm64"
	case elf.EM_ARM:
		return "arm"
	case elf.EM_RISCV:
		return "riscv64"
	case elf.EM_PPC64:
		if f.ByteOrder == binary.LittleEndian {
			return "ppc64le"
		}
		return "ppc64"
	case elf.EM_S390:
		return "s390x"
	case elf.EM_LOONGARCH:
		return "loong64"
	case elf.EM_MIPS:
		return "mips"
	}
	return strings.ToLower(strings.TrimPrefix(f.Machine.String(), "EM_"))
}

func openMachO(r io.ReaderAt, base, size int64, format string) *image {
	im := &image{format: format, base: base, size: size}
	im.damaged = guard("debug/macho", func() error {
		f, err := macho.NewFile(io.NewSectionReader(r, base, size))
		if err != nil {
			return err
		}
		im.arch = machoArch(f.Cpu)
		addMachOSections(im, f)
		return nil
	})
	return im
}

func addMachOSections(im *image, f *macho.File) {
	const (
		sectionType      = 0xff
		zerofill         = 0x1
		gbZerofill       = 0xc
		threadLocalZFill = 0x12
	)
	for _, s := range f.Sections {
		switch s.Flags & sectionType {
		case zerofill, gbZerofill, threadLocalZFill:
			continue
		}
		if s.Offset == 0 {
			continue
		}
		name := s.Seg + "," + s.Name
		im.addSection(name, uint64(s.Offset), s.Size, machoData(s.Seg, s.Name))
	}
}

// machoData reports whether a Mach-O section holds read-only or initialized
// data: Go puts its read-only data in __TEXT,__rodata.
func machoData(seg, name string) bool {
	switch seg {
	case "__TEXT":
		return name == "__rodata" || name == "__const"
	case "__DATA", "__DATA_CONST":
		return name != "__bss" && name != "__noptrbss"
	}
	return false
}

func machoArch(c macho.Cpu) string {
	switch c {
	case macho.CpuAmd64:
		return "amd64"
	case macho.CpuArm64:
		return "arm64"
	case macho.Cpu386:
		return "386"
	case macho.CpuArm:
		return "arm"
	case macho.CpuPpc64:
		return "ppc64"
	case macho.CpuPpc:
		return "ppc"
	}
	return fmt.Sprintf("cpu%#x", uint32(c))
}

// openFat opens every slice of a universal Mach-O binary. The fat header is
// read here rather than through macho.NewFatFile so that one damaged slice
// does not hide the others.
func openFat(r io.ReaderAt, size int64) []*image {
	const format = "Mach-O universal"
	var hdr [8]byte
	r.ReadAt(hdr[:], 0) // identify read at least these 8 bytes
	n := int64(binary.BigEndian.Uint32(hdr[4:]))
	// fat_arch: cputype, cpusubtype, offset, size, align, all uint32;
	// fat_arch_64: cputype, cpusubtype (uint32), offset, size (uint64),
	// align, reserved (uint32).
	archSize := int64(20)
	fat64 := binary.BigEndian.Uint32(hdr[:]) == magicFat64
	if fat64 {
		archSize = 32
	}
	if 8+n*archSize > size {
		return []*image{{format: format, size: size, damaged: fmt.Errorf("the universal header lists %d slices but the file ends at %d bytes", n, size)}}
	}
	table := make([]byte, n*archSize)
	if _, err := r.ReadAt(table, 8); err != nil {
		return []*image{{format: format, size: size, damaged: err}}
	}
	var imgs []*image
	for i := range n {
		a := table[i*archSize:]
		off, sz := uint64(binary.BigEndian.Uint32(a[8:])), uint64(binary.BigEndian.Uint32(a[12:]))
		if fat64 {
			off, sz = binary.BigEndian.Uint64(a[8:]), binary.BigEndian.Uint64(a[16:])
		}
		arch := machoArch(macho.Cpu(binary.BigEndian.Uint32(a)))
		if off >= uint64(size) || sz == 0 {
			imgs = append(imgs, &image{format: format, arch: arch, base: size, size: 0,
				damaged: fmt.Errorf("the %s slice at offset %d lies outside the %d-byte file", arch, off, size)})
			continue
		}
		sz = min(sz, uint64(size)-off)
		im := openMachO(r, int64(off), int64(sz), format)
		if im.arch == "" {
			im.arch = arch
		}
		imgs = append(imgs, im)
	}
	return imgs
}

func openPE(r io.ReaderAt, size int64) *image {
	im := &image{format: "PE", size: size}
	im.damaged = guard("debug/pe", func() error {
		f, err := pe.NewFile(io.NewSectionReader(r, 0, size))
		if err != nil {
			return err
		}
		im.arch = peArch(f.Machine)
		for _, s := range f.Sections {
			im.addSection(s.Name, uint64(s.Offset), uint64(s.Size), s.Name == ".rdata" || s.Name == ".data")
		}
		return nil
	})
	return im
}

func peArch(m uint16) string {
	switch m {
	case pe.IMAGE_FILE_MACHINE_AMD64:
		return "amd64"
	case pe.IMAGE_FILE_MACHINE_ARM64:
		return "arm64"
	case pe.IMAGE_FILE_MACHINE_I386:
		return "386"
	case pe.IMAGE_FILE_MACHINE_ARMNT:
		return "arm"
	}
	return fmt.Sprintf("machine%#x", m)
}

// scanner looks for frames, reusing one buffer.
type scanner struct {
	r   io.ReaderAt
	buf []byte
}

// find returns the manifest of im: the first valid frame in its data
// sections, or else anywhere in the image. A frame that fails verification
// is reported only if no valid one is found.
func (s *scanner) find(im *image) (Embedded, error) {
	var firstErr error
	for _, sec := range im.data {
		e, err := s.scan(im, sec.off, sec.size, sec.name)
		if err == nil {
			return e, nil
		}
		if !errors.Is(err, ErrNoManifest) && firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return Embedded{}, firstErr
	}
	// No frame where gc puts it: an unusual linker, stripped or damaged
	// section headers, or a format without sections. Scan everything.
	e, err := s.scan(im, 0, im.size, "")
	if err == nil {
		return e, nil
	}
	if errors.Is(err, ErrNoManifest) && im.damaged != nil {
		why := im.damaged.Error()
		if errors.Is(im.damaged, io.EOF) || errors.Is(im.damaged, io.ErrUnexpectedEOF) {
			why = "the file ends within them; was it truncated?"
		}
		return Embedded{}, &Error{Kind: ErrDamaged, Detail: fmt.Sprintf("the %s headers cannot be read (%s), and no manifest was found in it", im.format, why)}
	}
	return Embedded{}, err
}

// scan searches the image range [off, off+size) for frames. A frame must lie
// within the range. It returns the first valid frame; else the first invalid
// one's error; else ErrNoManifest.
func (s *scanner) scan(im *image, off, size int64, name string) (Embedded, error) {
	var firstErr error
	var found Embedded
	ok := false
	err := s.each(im.base+off, size, func(at int64) bool {
		rel := at - im.base
		where := name
		if where == "" {
			where = im.sectionAt(rel)
		}
		e, err := s.frame(at, off+size-rel)
		if err != nil {
			if fe, ok := err.(*Error); ok {
				fe.Where = describeWhere(where, at)
			}
			if firstErr == nil {
				firstErr = err
			}
			return false
		}
		e.Format, e.Arch, e.Section, e.Offset = im.format, im.arch, where, at
		found, ok = e, true
		return true
	})
	switch {
	case ok:
		return found, nil
	case firstErr != nil:
		return Embedded{}, firstErr
	case err != nil:
		return Embedded{}, err
	}
	return Embedded{}, &Error{Kind: ErrNoManifest}
}

func describeWhere(section string, off int64) string {
	if section == "" {
		return fmt.Sprintf("at file offset %#x", off)
	}
	return fmt.Sprintf("in %s at file offset %#x", section, off)
}

// each calls visit with the file offset of every occurrence of the magic in
// [start, start+n), reading through the buffer, until visit returns true.
func (s *scanner) each(start, n int64, visit func(off int64) bool) error {
	const overlap = magicLen - 1 // a marker split across two reads is found in the second
	end := start + n
	for pos := start; pos < end; {
		chunk := s.buf[:min(int64(len(s.buf)), end-pos)]
		m, err := s.r.ReadAt(chunk, pos)
		if m < len(chunk) {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return fmt.Errorf("reading at offset %d: %w", pos+int64(m), err)
		}
		for i := 0; ; {
			j := bytes.Index(chunk[i:], magic[:])
			if j < 0 {
				break
			}
			if visit(pos + int64(i+j)) {
				return nil
			}
			i += j + 1
		}
		if pos+int64(len(chunk)) >= end {
			break
		}
		pos += int64(len(chunk)) - overlap
	}
	return nil
}

// frame reads and verifies the frame at file offset off, which may span at
// most avail bytes.
func (s *scanner) frame(off, avail int64) (Embedded, error) {
	var hb [HeaderSize]byte
	n := int(min(avail, HeaderSize))
	if m, err := s.r.ReadAt(hb[:n], off); m < n {
		return Embedded{}, &Error{Kind: ErrTruncated, Detail: fmt.Sprintf("reading the header: %v", err)}
	}
	h, err := parseHeader(hb[:n], avail)
	if err != nil {
		return Embedded{}, err
	}
	// h.length is at most avail-HeaderSize, so within the file, and at most
	// MaxPayload: this allocation is bounded by what the file really holds.
	payload := make([]byte, h.length)
	if m, err := s.r.ReadAt(payload, off+HeaderSize); m < len(payload) {
		return Embedded{}, &Error{Kind: ErrTruncated, Detail: fmt.Sprintf("reading the payload: %v", err)}
	}
	if err := h.verify(payload); err != nil {
		return Embedded{}, err
	}
	return Embedded{Payload: payload, SHA256: h.sum}, nil
}
