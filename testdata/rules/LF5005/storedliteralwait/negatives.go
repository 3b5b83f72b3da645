package storedliteralwait

import "sync"

// The wait made before the lock. Silent.
type Index struct {
	mu      sync.Mutex
	keys    map[string]bool
	built   chan struct{}
	waitFor func()
}

func NewIndex() *Index {
	x := &Index{keys: map[string]bool{}, built: make(chan struct{})}
	x.waitFor = func() { <-x.built }
	go x.build()
	return x
}

func (x *Index) build() {
	x.mu.Lock()
	x.keys["a"] = true
	x.mu.Unlock()
	close(x.built)
}

func (x *Index) Has(k string) bool {
	x.waitFor()
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.keys[k]
}

// The closer never takes the lock. Silent.
type Snapshot struct {
	mu    sync.Mutex
	data  []byte
	done  chan struct{}
	await func()
}

func NewSnapshot(data []byte) *Snapshot {
	s := &Snapshot{done: make(chan struct{})}
	s.await = func() { <-s.done }
	go func() {
		s.data = data
		close(s.done)
	}()
	return s
}

func (s *Snapshot) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.await()
	return s.data
}
