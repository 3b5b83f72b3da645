package waiting

import "sync"

// A store flushing dirty replicas in parallel while it holds the read lock; each worker marks its replica
// clean under the write lock, which waits for Flush's read lock: Flush waits for the workers for ever.
type replica struct{ dirty bool }

type store struct {
	mu       sync.RWMutex
	replicas map[int]*replica
	flushes  int
}

func (s *store) markClean(r *replica) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.dirty = false
	s.flushes++
}

func (s *store) Flush() {
	var wg sync.WaitGroup
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, r := range s.replicas {
		if !r.dirty {
			continue
		}
		wg.Add(1)
		go func(r *replica) {
			defer wg.Done()
			s.markClean(r)
		}(r)
	}
	wg.Wait() // want `Flush waits for wg while holding s.mu`
}

// The fix: collect under the read lock, release it, then start and wait. (Workers that only read-lock are no fix
// while anything write-locks the store: a writer queued behind the held read lock makes their RLock wait too.)

func (s *store) FlushFixed() {
	s.mu.RLock()
	var dirty []*replica
	for _, r := range s.replicas {
		if r.dirty {
			dirty = append(dirty, r)
		}
	}
	s.mu.RUnlock()
	var wg sync.WaitGroup
	for _, r := range dirty {
		wg.Add(1)
		go func(r *replica) {
			defer wg.Done()
			s.markClean(r)
		}(r)
	}
	wg.Wait()
}

func (s *store) count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.replicas)
}

func (s *store) Census() int {
	var wg sync.WaitGroup
	s.mu.RLock()
	defer s.mu.RUnlock()
	total := 0
	var mu sync.Mutex
	for range s.replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := s.count()
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait() // want `Census waits for wg while holding s.mu .*\(a read lock: once a writer waits for it, new readers wait behind that writer\)`
	return total
}
