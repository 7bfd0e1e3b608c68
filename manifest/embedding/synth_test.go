package embedding

import (
	"bytes"
	"encoding/binary"
)

// The builders below make the smallest executables that debug/elf,
// debug/macho and debug/pe accept, with one data section holding data. They
// let the reader's unit tests and fuzz seeds cover every format without
// multi-megabyte real binaries.

var le = binary.LittleEndian

// synthELF returns a 64-bit little-endian x86-64 ELF file whose only
// section besides the string table is section name (e.g. ".rodata"),
// holding data.
func synthELF(name string, data []byte) []byte {
	shstr := append([]byte("\x00"), name...)
	shstr = append(shstr, "\x00.shstrtab\x00"...)
	dataOff := uint64(64)
	strOff := dataOff + uint64(len(data))
	shOff := (strOff + uint64(len(shstr)) + 7) &^ 7
	var b bytes.Buffer
	b.Write([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	binary.Write(&b, le, struct {
		Type, Machine              uint16
		Version                    uint32
		Entry, Phoff, Shoff        uint64
		Flags                      uint32
		Ehsize, Phentsize, Phnum   uint16
		Shentsize, Shnum, Shstrndx uint16
	}{2, 62, 1, 0, 0, shOff, 0, 64, 56, 0, 64, 3, 2})
	b.Write(data)
	b.Write(shstr)
	for uint64(b.Len()) < shOff {
		b.WriteByte(0)
	}
	type shdr struct {
		Name, Type             uint32
		Flags, Addr, Off, Size uint64
		Link, Info             uint32
		Addralign, Entsize     uint64
	}
	binary.Write(&b, le, shdr{})
	binary.Write(&b, le, shdr{Name: 1, Type: 1, Flags: 2, Addr: 0x400000, Off: dataOff, Size: uint64(len(data)), Addralign: 1})
	binary.Write(&b, le, shdr{Name: uint32(len(name) + 2), Type: 3, Off: strOff, Size: uint64(len(shstr)), Addralign: 1})
	return b.Bytes()
}

// synthMachO returns a 64-bit Mach-O executable for cpu with one segment
// seg holding one section sect with data.
func synthMachO(cpu uint32, seg, sect string, data []byte) []byte {
	const hdrSize, segSize, sectSize = 32, 72, 80
	dataOff := uint32(hdrSize + segSize + sectSize)
	var b bytes.Buffer
	binary.Write(&b, le, [8]uint32{0xfeedfacf, cpu, 0, 2, 1, segSize + sectSize, 0, 0})
	name16 := func(s string) (n [16]byte) { copy(n[:], s); return n }
	binary.Write(&b, le, struct {
		Cmd, Len                    uint32
		Name                        [16]byte
		Addr, Memsz, Offset, Filesz uint64
		Maxprot, Prot, Nsect, Flag  uint32
	}{0x19, segSize + sectSize, name16(seg), 0x100000000, uint64(len(data)), uint64(dataOff), uint64(len(data)), 5, 5, 1, 0})
	binary.Write(&b, le, struct {
		Name, Seg                            [16]byte
		Addr, Size                           uint64
		Offset, Align, Reloff, Nreloc, Flags uint32
		Reserved1, Reserved2, Reserved3      uint32
	}{name16(sect), name16(seg), 0x100000000, uint64(len(data)), dataOff, 0, 0, 0, 0, 0, 0, 0})
	b.Write(data)
	return b.Bytes()
}

// synthPE returns an x86-64 PE file with one section name holding data.
func synthPE(name string, data []byte) []byte {
	var b bytes.Buffer
	dos := make([]byte, 0x40)
	copy(dos, "MZ")
	le.PutUint32(dos[0x3c:], 0x40)
	b.Write(dos)
	b.WriteString("PE\x00\x00")
	binary.Write(&b, le, struct {
		Machine, NumberOfSections                            uint16
		TimeDateStamp, PointerToSymbolTable, NumberOfSymbols uint32
		SizeOfOptionalHeader, Characteristics                uint16
	}{0x8664, 1, 0, 0, 0, 0, 0x22})
	var n [8]byte
	copy(n[:], name)
	dataOff := uint32(b.Len() + 40)
	binary.Write(&b, le, struct {
		Name                                                         [8]byte
		VirtualSize, VirtualAddress, SizeOfRawData, PointerToRawData uint32
		PointerToRelocations, PointerToLineNumbers                   uint32
		NumberOfRelocations, NumberOfLineNumbers                     uint16
		Characteristics                                              uint32
	}{n, uint32(len(data)), 0x1000, uint32(len(data)), dataOff, 0, 0, 0, 0, 0x40000040})
	b.Write(data)
	return b.Bytes()
}

// universal assembles a universal Mach-O binary from thin ones, each slice
// aligned to 2^align bytes as lipo does.
func universal(align uint32, thin ...[]byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, [2]uint32{0xcafebabe, uint32(len(thin))})
	off := uint32(8 + 20*len(thin))
	var offs []uint32
	for _, t := range thin {
		off = (off + 1<<align - 1) &^ (1<<align - 1)
		offs = append(offs, off)
		binary.Write(&b, binary.BigEndian, [5]uint32{le.Uint32(t[4:]), le.Uint32(t[8:]), off, uint32(len(t)), align})
		off += uint32(len(t))
	}
	for i, t := range thin {
		for uint32(b.Len()) < offs[i] {
			b.WriteByte(0)
		}
		b.Write(t)
	}
	return b.Bytes()
}

// universal64 is universal with the 64-bit slice table.
func universal64(align uint32, thin ...[]byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, [2]uint32{0xcafebabf, uint32(len(thin))})
	off := uint64(8 + 32*len(thin))
	var offs []uint64
	for _, t := range thin {
		off = (off + 1<<align - 1) &^ (1<<align - 1)
		offs = append(offs, off)
		binary.Write(&b, binary.BigEndian, struct {
			Cpu, SubCpu     uint32
			Offset, Size    uint64
			Align, Reserved uint32
		}{le.Uint32(t[4:]), le.Uint32(t[8:]), off, uint64(len(t)), align, 0})
		off += uint64(len(t))
	}
	for i, t := range thin {
		for uint64(b.Len()) < offs[i] {
			b.WriteByte(0)
		}
		b.Write(t)
	}
	return b.Bytes()
}

// padded surrounds a frame with other data, as in a real section.
func padded(frame []byte) []byte {
	return append(append(bytes.Repeat([]byte("ro"), 20), frame...), bytes.Repeat([]byte{0}, 24)...)
}
