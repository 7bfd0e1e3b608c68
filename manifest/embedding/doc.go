// Package embedding owns the perfcast manifest's life inside a built Go
// program: the frame that wraps it, the generated Go file that embeds it in
// a main package, and the reader that finds it again in ELF, Mach-O (thin and
// universal) and PE executables.
//
// # Frame
//
// The manifest (its canonical JSON bytes, the payload) is wrapped in a frame
// so that a reader can find it among megabytes of other data and trust what
// it finds. All integers are little-endian:
//
//	offset  size  field
//	0       16    magic: 89 'p' 'e' 'r' 'f' 'c' 'a' 's' 't' '.' 'm' 'f' 0d 0a 1a 0a
//	16      4     frame format version (FrameVersion, currently 1)
//	20      8     payload length in bytes
//	28      32    sha256 of the payload
//	60      n     payload
//
// The magic follows PNG's design: the high byte 0x89 makes it invalid as
// ASCII and UTF-8 text on its own, "perfcast.mf" names it for anyone looking
// at a hex dump, and the CR LF, Ctrl-Z, LF tail detects line-ending
// conversion. Sixteen such bytes do not occur by chance in compiled code or
// data, and cannot occur inside JSON at all. The version lets a later
// perfcast change the layout and an older one refuse it clearly; the length
// and checksum let a reader bound what it reads and detect corruption.
//
// # Why the data survives linking
//
// [Generate] writes two files into the program's main package: the framed
// manifest and a Go file that embeds it with //go:embed into a string
// variable. The compiler puts an embedded string's bytes in the read-only
// data of the binary (.rodata in ELF, __TEXT,__rodata in Mach-O, .rdata in
// PE), which neither -trimpath nor stripping (-ldflags='-s -w') touches:
// stripping removes the symbol table and DWARF, not data. But the linker
// removes every symbol that no reachable code refers to, and an embedded
// variable that nothing reads is such a symbol; so the generated file also
// has an init function that stores the variable's length into another
// package variable. That store is a reference the compiler cannot discard
// and it costs one load and one store at start-up. The generated file imports
// only "embed", so the program does not depend on perfcast's module.
//
// # Reading
//
// [Read] and [ReadFrom] identify the executable format from its header, open
// it with debug/elf, debug/macho or debug/pe, and scan the data sections
// where the frame lives for the magic, then verify the frame's version,
// length and checksum. If the format's headers cannot be parsed, or the data
// sections hold no frame, the reader scans the whole file, so that a binary
// whose section table was stripped or damaged still yields its manifest.
// Every offset and size read from a file is checked against the file's
// size before it is used, panics inside the debug packages are recovered,
// and failures are returned as an [*Error] whose Kind tells them apart.
//
// [Self] reads the running program's own manifest, for example to serve it
// on a debug endpoint.
package embedding
