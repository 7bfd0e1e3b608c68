package embedding

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
)

// FrameVersion is the frame format version this package writes and reads.
const FrameVersion = 1

// HeaderSize is the size of a frame before its payload.
const HeaderSize = magicLen + 4 + 8 + sha256.Size

// MaxPayload bounds a manifest's size. A frame that announces more is
// rejected before anything is allocated for it. A manifest of 100,000
// functions takes about 50 MB.
const MaxPayload = 256 << 20

const magicLen = 16

// magic is the frame marker. It is assembled at run time from a masked copy
// so that perfcast's own executable, which contains this package, does not
// carry the marker and look like it had a (broken) manifest.
var magic = func() [magicLen]byte {
	masked := [magicLen]byte{
		0x89 ^ 0x5a, 'p' ^ 0x5a, 'e' ^ 0x5a, 'r' ^ 0x5a, 'f' ^ 0x5a, 'c' ^ 0x5a, 'a' ^ 0x5a, 's' ^ 0x5a,
		't' ^ 0x5a, '.' ^ 0x5a, 'm' ^ 0x5a, 'f' ^ 0x5a, '\r' ^ 0x5a, '\n' ^ 0x5a, 0x1a ^ 0x5a, '\n' ^ 0x5a,
	}
	for i := range masked {
		masked[i] ^= 0x5a
	}
	return masked
}()

// Magic returns the 16 bytes that start every frame.
func Magic() []byte { return bytes.Clone(magic[:]) }

// Frame wraps payload in a frame: magic, version, length, sha256, payload.
func Frame(payload []byte) []byte {
	b := make([]byte, HeaderSize+len(payload))
	copy(b, magic[:])
	binary.LittleEndian.PutUint32(b[magicLen:], FrameVersion)
	binary.LittleEndian.PutUint64(b[magicLen+4:], uint64(len(payload)))
	sum := sha256.Sum256(payload)
	copy(b[magicLen+12:], sum[:])
	copy(b[HeaderSize:], payload)
	return b
}

// Unframe parses the frame at the start of b, verifies its magic, version,
// length and checksum, and returns its payload (a subslice of b). Bytes after
// the frame are ignored, as a frame found inside a binary is followed by
// other data. Errors are [*Error] values.
func Unframe(b []byte) ([]byte, error) {
	h, err := parseHeader(b, int64(len(b)))
	if err != nil {
		return nil, err
	}
	payload := b[HeaderSize : HeaderSize+int(h.length)]
	if err := h.verify(payload); err != nil {
		return nil, err
	}
	return payload, nil
}

// header is a parsed frame header.
type header struct {
	version uint32
	length  uint64
	sum     [sha256.Size]byte
}

// parseHeader checks the frame header at the start of b. avail is how many
// bytes the frame may span from its start (the rest of the section or file);
// b must hold at least min(avail, HeaderSize) bytes.
func parseHeader(b []byte, avail int64) (header, error) {
	var h header
	if avail < magicLen || !bytes.Equal(b[:magicLen], magic[:]) {
		return h, &Error{Kind: ErrNoManifest, Detail: "no frame magic"}
	}
	if avail < HeaderSize {
		return h, &Error{Kind: ErrTruncated, Detail: fmt.Sprintf("the frame header needs %d bytes but only %d remain", HeaderSize, avail)}
	}
	h.version = binary.LittleEndian.Uint32(b[magicLen:])
	h.length = binary.LittleEndian.Uint64(b[magicLen+4:])
	copy(h.sum[:], b[magicLen+12:HeaderSize])
	if h.version != FrameVersion {
		return h, &Error{Kind: ErrVersion, Detail: fmt.Sprintf("frame version %d (this perfcast reads version %d; a newer perfcast may read it)", h.version, FrameVersion)}
	}
	if rest := uint64(avail - HeaderSize); h.length > rest {
		return h, &Error{Kind: ErrTruncated, Detail: fmt.Sprintf("the frame announces a %d-byte payload but only %d bytes remain", h.length, rest)}
	}
	if h.length > MaxPayload {
		return h, &Error{Kind: ErrTooLarge, Detail: fmt.Sprintf("the frame announces a %d-byte payload, more than the %d-byte limit", h.length, MaxPayload)}
	}
	return h, nil
}

// verify checks payload against the header's checksum.
func (h header) verify(payload []byte) error {
	if got := sha256.Sum256(payload); got != h.sum {
		return &Error{Kind: ErrChecksum, Detail: fmt.Sprintf("sha256 of the %d-byte payload is %s but the frame says %s",
			len(payload), hex.EncodeToString(got[:8]), hex.EncodeToString(h.sum[:8]))}
	}
	return nil
}
