package analyzer

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/perfcast/perfcast/analyzer/stdsummary"
)

// StdTable holds the shipped summaries of standard-library functions, so
// that analyzing a module (or vetting a package, where facts for std may be
// missing) does not analyze std again.
type StdTable struct {
	GoVersion string // toolchain the table was generated with
	Packages  []string

	pkgs map[string]bool
	data []byte // compressed file, for lazy indexing

	indexOnce sync.Once
	mu        sync.Mutex
	raw       map[string][]byte   // undecoded JSON line by function name
	sums      map[string]*Summary // decoded on first use
}

// stdHeader is the first line of the table file.
type stdHeader struct {
	Format    int      `json:"format"`
	GoVersion string   `json:"go"`
	Packages  []string `json:"packages"`
	Functions int      `json:"functions"`
}

const stdFormat = 1

var (
	stdOnce  sync.Once
	stdTable *StdTable
)

// LoadStdTable returns the shipped table. Only its header is decoded here
// (vet runs over std packages need nothing more); the entries are indexed
// on the first Lookup. A missing or unreadable table is empty.
func LoadStdTable() *StdTable {
	stdOnce.Do(func() {
		t, err := readStdHeader(stdsummary.Data)
		if err != nil {
			t = &StdTable{raw: map[string][]byte{}, sums: map[string]*Summary{}}
		}
		stdTable = t
	})
	return stdTable
}

func readStdHeader(data []byte) (*StdTable, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("std table: %w", err)
	}
	br := bufio.NewReader(zr)
	line, err := br.ReadBytes('\n')
	if err != nil {
		return nil, fmt.Errorf("std table:1: %w", err)
	}
	var h stdHeader
	if err := json.Unmarshal(line, &h); err != nil {
		return nil, fmt.Errorf("std table:1: header: %w", err)
	}
	if h.Format != stdFormat {
		return nil, fmt.Errorf("std table:1: format %d, want %d", h.Format, stdFormat)
	}
	t := &StdTable{GoVersion: h.GoVersion, Packages: h.Packages, pkgs: map[string]bool{}, data: data}
	for _, p := range h.Packages {
		t.pkgs[p] = true
	}
	return t, nil
}

// index decodes the entries' names once.
func (t *StdTable) index() {
	t.indexOnce.Do(func() {
		if t.raw != nil {
			return
		}
		full, err := ReadStdTable(bytes.NewReader(t.data))
		if err != nil {
			t.raw, t.sums = map[string][]byte{}, map[string]*Summary{}
			return
		}
		t.raw, t.sums = full.raw, full.sums
	})
}

// Lookup returns the summary of the std function named key, or nil.
func (t *StdTable) Lookup(key string) *Summary {
	if t == nil {
		return nil
	}
	t.index()
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, ok := t.sums[key]; ok {
		return s
	}
	line, ok := t.raw[key]
	if !ok {
		return nil
	}
	s := new(Summary)
	if err := json.Unmarshal(line, s); err != nil {
		s = nil // a corrupt entry counts as missing
	}
	t.sums[key] = s
	return s
}

// HasPackage reports whether the table covers the package path: its
// functions are looked up here and the package need not be analyzed.
func (t *StdTable) HasPackage(path string) bool { return t != nil && t.pkgs[path] }

// Len is the number of functions in the table.
func (t *StdTable) Len() int { t.index(); return len(t.raw) }

// WriteStdTable writes sums (sorted by name) as a gzip-compressed file of
// JSON lines: a header, then one Summary per line.
func WriteStdTable(w io.Writer, goVersion string, packages []string, sums []*Summary) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(zw)
	if err := enc.Encode(stdHeader{Format: stdFormat, GoVersion: goVersion, Packages: packages, Functions: len(sums)}); err != nil {
		return err
	}
	for _, s := range sums {
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	return zw.Close()
}

// ReadStdTable reads a table written by WriteStdTable.
func ReadStdTable(r io.Reader) (*StdTable, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("std table: %w", err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	t := &StdTable{raw: map[string][]byte{}, sums: map[string]*Summary{}}
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			var h stdHeader
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil {
				return nil, fmt.Errorf("std table:1: header: %w", err)
			}
			if h.Format != stdFormat {
				return nil, fmt.Errorf("std table:1: format %d, want %d", h.Format, stdFormat)
			}
			t.GoVersion, t.Packages = h.GoVersion, h.Packages
			t.pkgs = map[string]bool{}
			for _, p := range h.Packages {
				t.pkgs[p] = true
			}
			continue
		}
		// Only the name is decoded now; the rest on first Lookup.
		var head struct{ Name string }
		if err := json.Unmarshal(sc.Bytes(), &head); err != nil || head.Name == "" {
			return nil, fmt.Errorf("std table:%d: bad entry: %v", line, err)
		}
		t.raw[head.Name] = bytes.Clone(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("std table: %w", err)
	}
	return t, nil
}
