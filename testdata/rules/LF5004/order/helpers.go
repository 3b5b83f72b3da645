package order

import "sync"

// An image store serialises runtime operations with a one-slot channel taken and given back by two helpers,
// and keeps its bookkeeping under a mutex. Pull takes the slot, then the mutex; Prune takes the mutex and,
// through remove, the slot. The helper whose whole body is the acquisition is the lock itself, not a call
// level that could hide the state keeping the two orders apart.
type imageStore struct {
	ops    chan struct{}
	mu     sync.Mutex
	images map[string]int64
}

func newImageStore() *imageStore {
	return &imageStore{ops: make(chan struct{}, 1), images: map[string]int64{}}
}

func (s *imageStore) acquire() { s.ops <- struct{}{} }
func (s *imageStore) release() { <-s.ops }

func (s *imageStore) Pull(ref string, size int64) {
	s.acquire()
	defer s.release()
	s.mu.Lock() // want `lock-order inversion: Pull takes s.mu \(imageStore.mu\) while holding s.ops \(imageStore.ops, since line 23\), but Prune takes imageStore.ops while holding imageStore.mu`
	s.images[ref] = size
	s.mu.Unlock()
}

func (s *imageStore) Prune() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ref := range s.images {
		s.remove(ref)
		delete(s.images, ref)
	}
}

func (s *imageStore) remove(ref string) {
	s.acquire()
	defer s.release()
	_ = ref
}

// The fix: Prune collects under the mutex and removes after releasing it, so the slot is never wanted while
// the mutex is held.
type fixedImageStore struct {
	ops    chan struct{}
	mu     sync.Mutex
	images map[string]int64
}

func newFixedImageStore() *fixedImageStore {
	return &fixedImageStore{ops: make(chan struct{}, 1), images: map[string]int64{}}
}

func (s *fixedImageStore) acquire() { s.ops <- struct{}{} }
func (s *fixedImageStore) release() { <-s.ops }

func (s *fixedImageStore) Pull(ref string, size int64) {
	s.acquire()
	defer s.release()
	s.mu.Lock()
	s.images[ref] = size
	s.mu.Unlock()
}

func (s *fixedImageStore) Prune() {
	s.mu.Lock()
	var refs []string
	for ref := range s.images {
		refs = append(refs, ref)
	}
	s.mu.Unlock()
	for _, ref := range refs {
		s.remove(ref)
	}
}

func (s *fixedImageStore) remove(ref string) {
	s.acquire()
	defer s.release()
	s.mu.Lock()
	delete(s.images, ref)
	s.mu.Unlock()
}

// Two calls deep between two mutexes of one type, where the last callee does more than lock: the state that
// keeps the orders apart may hide there (a phase set before the second lock is ever taken), so it stays silent.
type phasedConn struct {
	in, out   sync.Mutex
	handshake bool
}

func (c *phasedConn) Write() {
	c.out.Lock()
	defer c.out.Unlock()
	c.renegotiate()
}

func (c *phasedConn) renegotiate() { c.lockIn() }

func (c *phasedConn) lockIn() {
	if !c.handshake {
		return
	}
	c.in.Lock()
	c.handshake = false
	c.in.Unlock()
}

func (c *phasedConn) Read() {
	c.in.Lock()
	defer c.in.Unlock()
	c.out.Lock()
	c.out.Unlock()
}
