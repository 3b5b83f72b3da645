package rlockbackpointer

import "sync"

type Store struct {
	mu       sync.RWMutex
	replicas map[int]*Replica
	queue    *scanQueue
	// onQueue runs as each replica is queued (a test hook).
	onQueue func()
}

type Replica struct {
	id    int
	store *Store
}

type scanQueue struct {
	mu      sync.Mutex
	pending []int
}

func NewStore() *Store {
	return &Store{replicas: map[int]*Replica{}, queue: &scanQueue{}, onQueue: func() {}}
}

func (s *Store) Add(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replicas[id] = &Replica{id: id, store: s}
}

func (s *Store) Count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.replicas)
}

func (r *Replica) needsScan() bool { return r.store.Count() > 1 }

func (q *scanQueue) maybeAdd(r *Replica) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if r.needsScan() {
		q.pending = append(q.pending, r.id)
	}
}

// Scan queues every replica that needs a scan.
func (s *Store) Scan() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, r := range s.replicas {
		s.onQueue()
		s.queue.maybeAdd(r)
	}
}
