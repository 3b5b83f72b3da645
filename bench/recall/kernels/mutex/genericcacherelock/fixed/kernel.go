package genericcacherelock

import (
	"errors"
	"sync"
)

// Loader fetches a value that is not cached yet.
type Loader[K comparable, V any] func(key K) (V, error)

// Cache is a read-through cache shared by the endpoint and the secret stores.
type Cache[K comparable, V any] struct {
	mu    sync.RWMutex
	items map[K]V
	load  Loader[K, V]
	hits  int
}

func NewCache[K comparable, V any](load Loader[K, V]) *Cache[K, V] {
	return &Cache[K, V]{items: make(map[K]V), load: load}
}

// Get returns the cached value for key, loading and remembering it on a miss.
func (c *Cache[K, V]) Get(key K) (V, error) {
	c.mu.RLock()
	v, ok := c.items[key]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := c.load(key)
	if err != nil {
		return v, err
	}
	c.remember(key, v)
	return v, nil
}

func (c *Cache[K, V]) remember(key K, v V) {
	c.mu.Lock()
	c.items[key] = v
	c.mu.Unlock()
}

// Len reports how many values are cached.
func (c *Cache[K, V]) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.items)
}

type Endpoint struct {
	Service string
	Addrs   []string
}

var errNoService = errors.New("no such service")

// EndpointStore resolves services through a cache in front of the discovery backend.
type EndpointStore struct {
	backend map[string][]string
	cache   *Cache[string, *Endpoint]
}

func NewEndpointStore(backend map[string][]string) *EndpointStore {
	s := &EndpointStore{backend: backend}
	s.cache = NewCache[string, *Endpoint](s.fetch)
	return s
}

func (s *EndpointStore) fetch(service string) (*Endpoint, error) {
	addrs, ok := s.backend[service]
	if !ok {
		return nil, errNoService
	}
	return &Endpoint{Service: service, Addrs: addrs}, nil
}

func (s *EndpointStore) Resolve(service string) ([]string, error) {
	ep, err := s.cache.Get(service)
	if err != nil {
		return nil, err
	}
	return ep.Addrs, nil
}
