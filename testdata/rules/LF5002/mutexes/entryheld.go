package mutexes

import (
	"errors"
	"runtime"
	"sync"
	"time"
)

// Functions entered with the mutex held (precision corpus: nats-server, docker devicemapper, quic-go): they
// unlock around a slow call and lock again, leaving the mutex as they found it. Silent.

type store struct {
	mu      sync.Mutex
	blocks  []int
	onEvict func(int)
}

var errBusy = errors.New("busy")

// Unlock first, then lock again before returning: the caller holds the lock.
func (s *store) evict(i int) bool {
	if s.onEvict != nil {
		s.mu.Unlock()
		s.onEvict(i)
		s.mu.Lock()
	}
	return true
}

// A retry loop that releases the caller's lock while it sleeps.
func (s *store) removeWithRetry(remove func() error) error {
	var err error
	for i := 0; i < 200; i++ {
		err = remove()
		if err == nil {
			break
		}
		if err != errBusy {
			return err
		}
		s.mu.Unlock()
		time.Sleep(100 * time.Millisecond)
		s.mu.Lock()
	}
	return err
}

// The Go convention: a name ending in Locked is called with the lock held.
func (s *store) compactLocked() {
	if len(s.blocks) == 0 {
		s.mu.Lock()
		return
	}
	s.mu.Lock()
	s.mu.Unlock()
}

// flushOutbound flushes the buffer. Lock must be held.
func (s *store) flushOutbound(busy bool) bool {
	if busy {
		s.mu.Lock()
		return false
	}
	runtime.Gosched()
	s.mu.Unlock()
	return true
}

// A callback run by a Range that holds the lock.
func (s *store) each(visit func(func(int) bool)) {
	visit(func(i int) bool {
		s.mu.Unlock()
		time.Sleep(time.Duration(i))
		s.mu.Lock()
		return true
	})
}

// A lock helper: returns holding the lock when it succeeds, unlocks only when it fails (lib/pq's
// acquireSenderLock). Its last return keeps the lock, so keeping it is the point.
func (s *store) acquire(closed bool) error {
	s.mu.Lock()
	if closed {
		s.mu.Unlock()
		return errBusy
	}
	return nil
}

// Still reported when entered unlocked: the early return keeps the lock the function took.
func (s *store) size(closed bool) (int, error) {
	s.mu.Lock() // want `s.mu is locked here, but the returns at lines 95 and 98 are reached without s.mu.Unlock\(\)`
	if closed {
		return 0, errBusy
	}
	if len(s.blocks) > 10 {
		return 10, nil
	}
	n := len(s.blocks)
	s.mu.Unlock()
	return n, nil
}

// The same unchanged flag decides the lock and the unlock (math/big's divisor cache, generalised): silent.
func (s *store) maybeLocked(shared bool) int {
	if shared {
		s.mu.Lock()
	}
	n := len(s.blocks)
	if n == 0 {
		if shared {
			s.mu.Unlock()
		}
		return 0
	}
	if shared {
		s.mu.Unlock()
	}
	return n
}
