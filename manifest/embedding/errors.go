package embedding

import (
	"errors"
	"fmt"
	"strings"
)

// Kinds of failure, for errors.Is on an [*Error].
var (
	// ErrNotBinary: the file is not an executable this package reads.
	ErrNotBinary = errors.New("not an executable binary")
	// ErrDamaged: the file is an executable whose headers cannot be
	// parsed, and no manifest was found by scanning it whole.
	ErrDamaged = errors.New("damaged executable")
	// ErrNoManifest: the executable carries no manifest frame.
	ErrNoManifest = errors.New("no perfcast manifest (was `perfcast embed` run before the build?)")
	// ErrChecksum: a frame's payload does not match its sha256.
	ErrChecksum = errors.New("perfcast manifest checksum mismatch")
	// ErrTruncated: a frame runs past the end of its section or file.
	ErrTruncated = errors.New("truncated perfcast manifest")
	// ErrVersion: a frame has a format version this package does not read.
	ErrVersion = errors.New("unsupported perfcast manifest frame version")
	// ErrTooLarge: a frame announces a payload larger than MaxPayload.
	ErrTooLarge = errors.New("perfcast manifest too large")
	// ErrDifferent: the slices of a universal binary carry different
	// manifests, so there is no one answer; ReadAll returns each.
	ErrDifferent = errors.New("the slices of this universal binary carry different manifests")
)

// Error is a failure to find or verify a manifest. Its message is one line:
// "PATH: kind [where]: detail", e.g. "shop: perfcast manifest checksum
// mismatch in .rodata at file offset 0x1c2e40: sha256 of the …".
type Error struct {
	Path   string // the file read, when known
	Arch   string // the slice of a universal binary, when relevant
	Kind   error  // one of the Err* values above
	Where  string // where the frame was found: "in .rodata at file offset 0x1c2e40"
	Detail string // specifics, without the kind
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		if e.Arch != "" {
			fmt.Fprintf(&b, " (%s slice)", e.Arch)
		}
		b.WriteString(": ")
	} else if e.Arch != "" {
		fmt.Fprintf(&b, "%s slice: ", e.Arch)
	}
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
	} else {
		b.WriteString("perfcast manifest error")
	}
	if e.Where != "" {
		b.WriteString(" ")
		b.WriteString(e.Where)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	// One line, whatever a debug package's message held.
	return strings.ReplaceAll(b.String(), "\n", " ")
}

// Unwrap returns the Kind, so that errors.Is(err, ErrChecksum) works.
func (e *Error) Unwrap() error { return e.Kind }
