package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/perfcast/perfcast/manifest"
	"github.com/perfcast/perfcast/manifest/embedding"
)

// defaultManifests are the files embed looks for in DIR without -manifest.
var defaultManifests = []string{"perfcast.yaml", "perfcast.json"}

func init() {
	register(&command{
		name:  "embed",
		args:  "[-manifest FILE] DIR",
		short: "embed a manifest in a main package, so that its binary carries it",
		long: `Embed writes the manifest into the main package in DIR, so that every binary
built from it carries the manifest: perfcast inspect, perfcast diff and
embedding.Self read it back. It writes two files, which a later run replaces:

	DIR/` + embedding.DataFile + `  the manifest (canonical JSON) in a checksummed frame
	DIR/` + embedding.GoFile + `     a generated file that embeds it with //go:embed

The generated file imports only "embed": the program does not depend on
perfcast. It reads the embedded variable in an init function, because the
linker drops an embedded variable that no code uses. The manifest survives
-trimpath, -ldflags='-s -w' and cross-compilation. Run embed before go build;
delete both files to build without the manifest.

The manifest is read from -manifest FILE (YAML or JSON, or a binary that
carries one), by default from DIR/perfcast.yaml or DIR/perfcast.json, and is
validated before it is embedded.

Example:

	perfcast embed ./cmd/shop        # reads ./cmd/shop/perfcast.yaml
	perfcast embed -manifest shop.json ./cmd/shop
	go build -trimpath -ldflags='-s -w' -o shop ./cmd/shop
	perfcast inspect shop`,
		setup: func(fs *flag.FlagSet) func([]string) error {
			file := fs.String("manifest", "", "the manifest `FILE` to embed (default DIR/perfcast.yaml or DIR/perfcast.json)")
			return func(args []string) error {
				if len(args) != 1 {
					return usagef("embed takes one argument, the main package's directory")
				}
				dir := args[0]
				path := *file
				if path == "" {
					var err error
					if path, err = defaultManifest(dir); err != nil {
						return err
					}
				}
				m, err := loadManifest(path)
				if err != nil {
					return err
				}
				payload, err := canonicalManifest(m)
				if err != nil {
					return err
				}
				if mod := enclosingModule(dir); mod != "" && m.Module.Path != "" && mod != m.Module.Path {
					progressf("perfcast embed: warning: the manifest describes module %s but %s is in module %s", m.Module.Path, dir, mod)
				}
				if err := embedding.Generate(dir, payload); err != nil {
					return err
				}
				fmt.Fprintf(stdoutW, "embedded %s (%d functions, %d bytes, sha256 %x) in %s\n",
					path, len(m.Functions), len(payload), sha256.Sum256(payload), filepath.Join(dir, embedding.GoFile))
				return nil
			}
		},
	})
}

// defaultManifest finds the manifest file in dir when -manifest is not given.
func defaultManifest(dir string) (string, error) {
	var found []string
	for _, name := range defaultManifests {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("no manifest in %s (looked for %s); write one with perfcast analyze or name it with -manifest",
			dir, strings.Join(defaultManifests, " and "))
	case 1:
		return found[0], nil
	}
	return "", usagef("both %s exist; choose one with -manifest", strings.Join(found, " and "))
}

// canonicalManifest returns the bytes embed puts in a binary: the
// manifest's canonical JSON encoding.
func canonicalManifest(m *manifest.Manifest) ([]byte, error) {
	var b bytes.Buffer
	if err := manifest.Encode(&b, m, "json"); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// enclosingModule returns the module path declared by the go.mod file that
// governs dir, or "" if there is none or it cannot be read. A mismatch with
// the manifest's module usually means the wrong manifest.
func enclosingModule(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) >= 2 && f[0] == "module" {
					return strings.Trim(f[1], `"`)
				}
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}
