package embedding

import (
	"errors"
	"os"
	"runtime"
	"sync"
)

// Self returns the manifest embedded in the running program. The program's
// executable is read once; later calls return the same bytes, which callers
// must not modify. On Linux it is read through /proc/self/exe, which is the
// file that is running even if its path has since been replaced by a new
// build.
func Self() ([]byte, error) { return self() }

var self = sync.OnceValues(func() ([]byte, error) {
	exe, err := os.Executable()
	path := exe
	if runtime.GOOS == "linux" {
		path = "/proc/self/exe"
	} else if err != nil {
		return nil, err
	}
	b, err := Read(path)
	if err != nil && path != exe && exe != "" && !errors.As(err, new(*Error)) {
		b, err = Read(exe) // no /proc
	}
	var e *Error
	if errors.As(err, &e) && exe != "" {
		e.Path = exe
	}
	return b, err
})
