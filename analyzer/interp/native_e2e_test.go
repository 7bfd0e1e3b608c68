package interp

import (
	"errors"
	"strings"
	"testing"

	"github.com/perfcast/perfcast/analyzer/interp/testdata/nativeprog"
)

// TestNativeEndToEnd runs the functions of testdata/nativeprog, which
// build strings with the standard library (callbacks, adapters, write-back,
// maps, errors), through the interpreter and compares each result with the
// compiled function's. It needs core's instruction loop: on the native
// branch alone (stub_core.go) it skips.
func TestNativeEndToEnd(t *testing.T) {
	prog, pkg := loadTestProg(t, "./testdata/nativeprog")
	tests := []struct {
		name        string
		f           func() string
		unsupported string // the run must fail with an *Unsupported saying this
	}{
		{"Builder", nativeprog.Builder, ""},
		{"SortStructs", nativeprog.SortStructs, ""},
		{"SortInterface", nativeprog.SortInterface, ""},
		{"HeapOrder", nativeprog.HeapOrder, ""},
		{"ErrorsChain", nativeprog.ErrorsChain, ""},
		{"Stringers", nativeprog.Stringers, ""},
		{"Bytes", nativeprog.Bytes, ""},
		{"Readers", nativeprog.Readers, ""},
		{"JSON", nativeprog.JSON, ""},
		{"Regexp", nativeprog.Regexp, ""},
		{"Seeded", nativeprog.Seeded, ""},
		{"BigInt", nativeprog.BigInt, ""},
		{"List", nativeprog.List, ""},
		{"Maps", nativeprog.Maps, ""},
		{"Callbacks", nativeprog.Callbacks, ""},
		{"Times", nativeprog.Times, ""},
		{"URL", nativeprog.URL, ""},
		{"Writer", nativeprog.Writer, ""},
		{"Sync", nativeprog.Sync, ""},
		{"Embedded", nativeprog.Embedded, ""},
		{"FieldMutex", nativeprog.FieldMutex, ""},
		{"Buffer", nativeprog.Buffer, ""},
		{"Hashes", nativeprog.Hashes, ""},
		{"Scan", nativeprog.Scan, ""},
		{"Search", nativeprog.Search, ""},
		{"JSONNested", nativeprog.JSONNested, ""},
		{"Runes", nativeprog.Runes, ""},
		{"Verbs", nativeprog.Verbs, ""},
		{"PtrStringer", nativeprog.PtrStringer, ""},
		{"Errors", nativeprog.Errors, ""},
		{"Retained", nativeprog.Retained, ""},
		{"Pool", nativeprog.Pool, ""},
		{"Recursive", nativeprog.Recursive, "recursive type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn := pkg.Func(tt.name)
			if fn == nil {
				t.Fatalf("no function %s", tt.name)
			}
			got, err := New(prog, Config{Seed: 1}).Call(fn)
			var u *Unsupported
			if errors.As(err, &u) && u.What == "stub" {
				t.Skip("core's instruction loop is a stub on this branch")
			}
			if tt.unsupported != "" {
				if !errors.As(err, &u) || !strings.Contains(u.What, tt.unsupported) {
					t.Fatalf("err %v, want an *Unsupported about %q", err, tt.unsupported)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.f(); got != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}
