package inflightwrongchan

import (
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// fetch is one in-flight load; done is closed when val and err are set.
type fetch struct {
	done chan struct{}
	val  []byte
	err  error
}

func (f *fetch) wait() ([]byte, error) {
	<-f.done
	return f.val, f.err
}

// ResourceCache loads remote resources once and shares concurrent loads of the same URL.
type ResourceCache struct {
	inflight sync.Map // url -> *fetch
	mu       sync.Mutex
	cached   map[string][]byte
	get      func(url string) ([]byte, error)
	logf     func(format string, args ...interface{})
}

func NewResourceCache(get func(string) ([]byte, error)) *ResourceCache {
	return &ResourceCache{cached: make(map[string][]byte), get: get, logf: log.Printf}
}

func (c *ResourceCache) lookup(url string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.cached[url]
	return b, ok
}

// Get returns the resource, loading it unless another caller is already doing so.
func (c *ResourceCache) Get(url string) ([]byte, error) {
	if b, ok := c.lookup(url); ok {
		return b, nil
	}
	f := &fetch{done: make(chan struct{})}
	if _, loaded := c.inflight.LoadOrStore(url, f); loaded {
		c.logf("resource %s: joining in-flight load", url)
		return f.wait()
	}
	f.val, f.err = c.get(url)
	if f.err == nil {
		c.mu.Lock()
		c.cached[url] = f.val
		c.mu.Unlock()
	}
	c.inflight.Delete(url)
	close(f.done)
	return f.val, f.err
}

func TestConcurrentGet(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		started := make(chan struct{})
		release := make(chan struct{})
		c := NewResourceCache(func(url string) ([]byte, error) {
			close(started)
			<-release
			return []byte("body of " + url), nil
		})
		c.logf = t.Logf
		const url = "https://example.org/data.json"
		first := make(chan error, 1)
		go func() {
			_, err := c.Get(url)
			first <- err
		}()
		<-started
		second := make(chan error, 1)
		go func() {
			_, err := c.Get(url)
			second <- err
		}()
		time.Sleep(20 * time.Millisecond) // the second Get joins the in-flight load
		close(release)
		<-first
		<-second
	})
}
