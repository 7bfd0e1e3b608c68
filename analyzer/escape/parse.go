package escape

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// LogFile is one file of gc's -json=0 optimization log: the records whose
// outermost position lies in File, compiled as part of Package.
type LogFile struct {
	Package   string
	File      string
	GcVersion string
	Goos      string
	Goarch    string
	Records   []LogRecord
}

// LogRecord is one diagnostic of the optimization log.
type LogRecord struct {
	// Pos is the outermost position (in LogFile.File).
	Pos Position
	// Code is gc's name for the event: "escape", "escapes", "leak",
	// "canInlineFunction", "cannotInlineCall", "isInBounds", ...
	Code string
	// Message is the event's first argument, e.g. "cost: 7" or
	// "make([]byte, n) escapes to heap"; often empty.
	Message string
	// Inlined is the inlining stack of the event: the leading "inlineLoc"
	// related records, outermost call first, innermost position last.
	Inlined []Position
}

// The wire form of the log (cmd/compile/internal/logopt, version 0).
type logHeader struct {
	Version   *int   `json:"version"`
	Package   string `json:"package"`
	Goos      string `json:"goos"`
	Goarch    string `json:"goarch"`
	GcVersion string `json:"gc_version"`
	File      string `json:"file"`
}

type logPosition struct {
	Line      *int `json:"line"`
	Character *int `json:"character"`
}

type logRange struct {
	Start logPosition `json:"start"`
	End   logPosition `json:"end"`
}

type logDiagnostic struct {
	Range   *logRange `json:"range"`
	Code    string    `json:"code"`
	Message string    `json:"message"`
	Related []struct {
		Location struct {
			URI   string   `json:"uri"`
			Range logRange `json:"range"`
		} `json:"location"`
		Message string `json:"message"`
	} `json:"relatedInformation"`
}

// ParseLog reads one file of gc's -json=0 optimization log. name is used in
// errors, which have the form name:line: problem.
func ParseLog(r io.Reader, name string) (*LogFile, error) {
	return parseLog(r, name, nil)
}

// neededCodes are the record codes Compile uses; the others (bounds and nil
// checks, copies, calls not inlined) are most of a log and are skipped
// before decoding.
var neededCodes = map[string]bool{"escape": true, "escapes": true, "canInlineFunction": true}

// parseLog is ParseLog keeping only the records whose code keep accepts
// (all when keep is nil). Skipped lines are not validated.
func parseLog(r io.Reader, name string, keep map[string]bool) (*LogFile, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	lf := &LogFile{}
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		if line == 1 {
			var h logHeader
			if err := json.Unmarshal(text, &h); err != nil {
				return nil, fmt.Errorf("%s:%d: header: %v", name, line, err)
			}
			if h.Version == nil {
				return nil, fmt.Errorf("%s:%d: header: missing field version", name, line)
			}
			if *h.Version != 0 {
				return nil, fmt.Errorf("%s:%d: header: version %d, want 0", name, line, *h.Version)
			}
			if h.File == "" {
				return nil, fmt.Errorf("%s:%d: header: missing field file", name, line)
			}
			lf.Package, lf.File, lf.GcVersion, lf.Goos, lf.Goarch = h.Package, h.File, h.GcVersion, h.Goos, h.Goarch
			continue
		}
		if keep != nil {
			if code, ok := peekCode(text); ok && !keep[code] {
				continue
			}
		}
		var d logDiagnostic
		if err := json.Unmarshal(text, &d); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		if d.Range == nil {
			return nil, fmt.Errorf("%s:%d: missing field range", name, line)
		}
		if d.Code == "" {
			return nil, fmt.Errorf("%s:%d: missing field code", name, line)
		}
		p, err := logPos(d.Range.Start)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: range.start: %v", name, line, err)
		}
		p.File = lf.File
		rec := LogRecord{Pos: p, Code: d.Code, Message: d.Message}
		for i, rel := range d.Related {
			if rel.Message != "inlineLoc" {
				break
			}
			q, err := logPos(rel.Location.Range.Start)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: relatedInformation[%d].location.range.start: %v", name, line, i, err)
			}
			file, err := uriPath(rel.Location.URI)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: relatedInformation[%d].location.uri: %v", name, line, i, err)
			}
			q.File = file
			rec.Inlined = append(rec.Inlined, q)
		}
		lf.Records = append(lf.Records, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %v", name, line+1, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("%s: empty log file (no header)", name)
	}
	return lf, nil
}

// peekCode finds a record's code without decoding it: gc writes
// "code":"..." once per record, before the message and related information.
func peekCode(line []byte) (string, bool) {
	const key = `"code":"`
	i := bytes.Index(line, []byte(key))
	if i < 0 {
		return "", false
	}
	rest := line[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return string(rest[:j]), true
}

func logPos(p logPosition) (Position, error) {
	if p.Line == nil || p.Character == nil {
		return Position{}, fmt.Errorf("missing line or character")
	}
	if *p.Line < 0 || *p.Character < 0 {
		return Position{}, fmt.Errorf("negative line or character")
	}
	return Position{Line: *p.Line, Col: *p.Character}, nil
}

func uriPath(uri string) (string, error) {
	if !strings.HasPrefix(uri, "file://") {
		return "", fmt.Errorf("%q is not a file:// URI", uri)
	}
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	return filepath.FromSlash(u.Path), nil
}

// Diagnostic is one line of gc's -m output.
type Diagnostic struct {
	// Package is the import path from the go command's "# path" header.
	Package string
	// ForTest is set for a test variant, whose header is "# path
	// [fortest.test]": the import path of the package under test.
	ForTest string
	Pos     Position
	Message string
}

// ParseDiagnostics reads the go command's rendering of gc's -m output: "#
// importpath" or "# importpath [fortest.test]" headers followed by "file:line:col: message" lines. Relative file
// names are resolved against dir (the go command's working directory). Lines
// of any other shape (compiler errors without a column, indented
// continuations) are skipped: build failures are reported by the go command
// itself, per package.
func ParseDiagnostics(r io.Reader, dir string) ([]Diagnostic, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	var out []Diagnostic
	pkg, forTest := "", ""
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# ") {
			pkg, forTest = strings.TrimSpace(line[2:]), ""
			if i := strings.IndexByte(pkg, ' '); i >= 0 { // "# p [p.test]"
				variant := strings.TrimSpace(pkg[i+1:])
				pkg = pkg[:i]
				if v, ok := strings.CutPrefix(variant, "["); ok {
					if v, ok := strings.CutSuffix(v, ".test]"); ok {
						forTest = v
					}
				}
			}
			continue
		}
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		pos, msg, ok := splitDiagnostic(line)
		if !ok {
			continue
		}
		if !filepath.IsAbs(pos.File) && !strings.HasPrefix(pos.File, "<") {
			pos.File = filepath.Join(dir, pos.File)
		}
		out = append(out, Diagnostic{Package: pkg, ForTest: forTest, Pos: pos, Message: msg})
	}
	return out, sc.Err()
}

// splitDiagnostic splits "file:line:col: message". The file name may itself
// contain colons, so the first ":digits:digits: " decides.
func splitDiagnostic(line string) (Position, string, bool) {
	for i := 0; i < len(line); i++ {
		if line[i] != ':' {
			continue
		}
		j := i + 1
		for j < len(line) && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j == i+1 || j >= len(line) || line[j] != ':' {
			continue
		}
		k := j + 1
		for k < len(line) && line[k] >= '0' && line[k] <= '9' {
			k++
		}
		if k == j+1 || k+1 >= len(line) || line[k] != ':' || line[k+1] != ' ' {
			continue
		}
		ln, err1 := strconv.Atoi(line[i+1 : j])
		col, err2 := strconv.Atoi(line[j+1 : k])
		if err1 != nil || err2 != nil || i == 0 {
			return Position{}, "", false
		}
		return Position{File: line[:i], Line: ln, Col: col}, line[k+2:], true
	}
	return Position{}, "", false
}
