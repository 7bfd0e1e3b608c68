// Package cache is a bounded cache whose cost per operation at go test's
// b.N (the cache full) is not what its first few hundred operations show
// (the cache filling), for perfcast predict's doubling past them.
package cache

// entry is a cached value and its place in the eviction ring.
type entry struct {
	key, val int
	pad      [6]int
}

// Cache holds at most cap entries and evicts the oldest.
type Cache struct {
	m    map[int]*entry
	ring []int
	next int
}

// New returns an empty cache of capacity n.
func New(n int) *Cache {
	return &Cache{m: make(map[int]*entry), ring: make([]int, 0, n)}
}

// Get returns the value of key, allocating its entry on a miss.
func (c *Cache) Get(key int) int {
	if e, ok := c.m[key]; ok {
		return e.val
	}
	e := &entry{key: key, val: key * 2}
	if len(c.ring) < cap(c.ring) {
		c.ring = append(c.ring, key)
	} else {
		delete(c.m, c.ring[c.next])
		c.ring[c.next] = key
		c.next = (c.next + 1) % len(c.ring)
	}
	c.m[key] = e
	return e.val
}
