package analyzer

import (
	"path/filepath"
	"testing"

	"github.com/perfcast/perfcast/analyzer/escape"
)

// TestSitePos checks that standard library positions are recorded relative
// to GOROOT/src and read back as gc reports them, and others kept whole.
func TestSitePos(t *testing.T) {
	std := escape.Position{File: filepath.Join(goroot, "src", "strings", "reader.go"), Line: 156, Col: 43}
	other := escape.Position{File: "/work/mod/p/p.go", Line: 3, Col: 9}
	for _, tc := range []struct {
		pos  escape.Position
		text string
	}{
		{std, "strings/reader.go:156:43"},
		{other, "/work/mod/p/p.go:3:9"},
	} {
		text := sitePos(tc.pos)
		if text != tc.text {
			t.Errorf("sitePos(%v) = %q, want %q", tc.pos, text, tc.text)
		}
		back, ok := parseSitePos(text)
		if !ok || back != tc.pos {
			t.Errorf("parseSitePos(%q) = %v, %v; want %v", text, back, ok, tc.pos)
		}
	}
	for _, bad := range []string{"", "reader.go", "reader.go:x:1", "reader.go:1"} {
		if _, ok := parseSitePos(bad); ok {
			t.Errorf("parseSitePos(%q) accepted", bad)
		}
	}
}
