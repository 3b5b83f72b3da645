package flightwaitunderlock

import (
	"strings"
	"sync"
	"time"
)

// call is one in-flight or finished creation of a resource.
type call struct {
	done chan struct{}
	val  *Resource
	err  error
}

// flightGroup makes concurrent requests for one key share a single creation.
type flightGroup struct {
	mu sync.Mutex
	m  map[string]*call
}

func (g *flightGroup) do(key string, fn func() (*Resource, error)) (*Resource, error) {
	g.mu.Lock()
	if g.m == nil {
		g.m = map[string]*call{}
	}
	if c, ok := g.m[key]; ok {
		<-c.done
		g.mu.Unlock()
		return c.val, c.err
	}
	c := &call{done: make(chan struct{})}
	g.m[key] = c
	g.mu.Unlock()

	c.val, c.err = fn()

	g.mu.Lock()
	delete(g.m, key)
	g.mu.Unlock()
	close(c.done)
	return c.val, c.err
}

type Resource struct {
	Name      string
	MediaType string
	Content   string
}

// ResourceCache builds processed resources (minified, fingerprinted) once per key.
type ResourceCache struct {
	flight flightGroup
	mu     sync.RWMutex
	cache  map[string]*Resource
	builds int
}

func NewResourceCache() *ResourceCache {
	return &ResourceCache{cache: map[string]*Resource{}}
}

func (c *ResourceCache) get(key string) (*Resource, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	r, ok := c.cache[key]
	return r, ok
}

func (c *ResourceCache) GetOrCreate(key string, create func() (*Resource, error)) (*Resource, error) {
	if r, ok := c.get(key); ok {
		return r, nil
	}
	return c.flight.do(key, func() (*Resource, error) {
		r, err := create()
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.cache[key] = r
		c.builds++
		c.mu.Unlock()
		return r, nil
	})
}

func minify(name, src string) func() (*Resource, error) {
	return func() (*Resource, error) {
		time.Sleep(30 * time.Millisecond) // runs the CSS pipeline
		return &Resource{Name: name, MediaType: "text/css", Content: strings.Join(strings.Fields(src), " ")}, nil
	}
}
