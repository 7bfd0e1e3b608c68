package costmodel

import (
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// WriteProfile writes p as YAML that ParseProfile reads back, with the
// compact layout of the built-in files (one line per operation class, cache
// level and malloc point). header, if not empty, becomes a leading comment.
func WriteProfile(w io.Writer, p *Profile, header string) error {
	var n yaml.Node
	if err := n.Encode(p); err != nil {
		return err
	}
	compact(&n, "")
	n.HeadComment = header
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return fmt.Errorf("writing profile %s: %w", p.Name, err)
	}
	return enc.Close()
}

// compact puts leaf groups into flow style: source lists, operation costs,
// cache levels, the malloc and steady-collection points, and the CPUID.
func compact(n *yaml.Node, key string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			switch {
			case k == "src" || k == "models" || k == "cpuid":
				v.Style = yaml.FlowStyle
			case key == "ops":
				v.Style = yaml.FlowStyle
				continue
			}
			compact(v, k)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if key == "caches" || key == "points" || key == "steady" {
				c.Style = yaml.FlowStyle
			}
			compact(c, "")
		}
	}
}
