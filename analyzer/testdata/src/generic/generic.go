// Package generic exercises interface calls made from generic code.
package generic

// Store is the interface through which Cache holds its store.
type Store[K comparable, V any] interface {
	Get(key K) (V, bool)
	Put(key K, value V)
}

// mapStore is the only Store: a map.
type mapStore[K comparable, V any] struct{ m map[K]V }

func (s *mapStore[K, V]) Get(key K) (V, bool) {
	v, ok := s.m[key]
	return v, ok
}

func (s *mapStore[K, V]) Put(key K, value V) { s.m[key] = value }

// Cache holds a Store behind the interface, as generic packages wire their
// types together.
type Cache[K comparable, V any] struct {
	store Store[K, V]
	hits  int
}

// New returns a Cache over a mapStore.
func New[K comparable, V any]() *Cache[K, V] {
	return &Cache[K, V]{store: &mapStore[K, V]{m: map[K]V{}}}
}

// Get looks the key up through the interface: a map read, reached only by
// instantiating mapStore with Store's type arguments.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	v, ok := c.store.Get(key)
	if ok {
		c.hits++
	}
	return v, ok
}

// Pair has two type parameters in the other order than Store: it does not
// implement Store[K, V], and instantiating it like Store must not pretend
// it does.
type Pair[V any, K comparable] struct{ k K }

func (p *Pair[V, K]) Get(key K) (V, bool) {
	var v V
	return v, key == p.k
}

func (p *Pair[V, K]) Put(key K, value V) {}
