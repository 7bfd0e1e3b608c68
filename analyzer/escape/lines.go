package escape

import (
	"os"
	"sync"
)

// lineCache holds source files read to translate go/ssa positions when no
// syntax tree is at hand.
type lineCache struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (c *lineCache) file(name string) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	if b, ok := c.files[name]; ok {
		return b
	}
	b, _ := os.ReadFile(name)
	c.files[name] = b
	return b
}
