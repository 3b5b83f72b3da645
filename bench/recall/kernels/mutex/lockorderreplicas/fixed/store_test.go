package lockorderreplicas

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Store struct {
	beatMu   sync.Mutex
	beats    int
	replicas []*Replica
	// pause runs between taking the first lock and the second (a test hook).
	pause func()
}

type Replica struct {
	mu    sync.Mutex
	store *Store
	acked int
}

func (r *Replica) ack() {
	r.mu.Lock()
	r.acked++
	r.mu.Unlock()
}

func (s *Store) ackAll() {
	for i := 0; i < len(s.replicas); i++ {
		r := s.replicas[i]
		r.ack()
	}
}

// SendHeartbeats resets the count under beatMu and acknowledges the replicas after releasing it.
func (s *Store) SendHeartbeats() {
	s.beatMu.Lock()
	s.beats = 0
	s.pause()
	s.beatMu.Unlock()
	s.ackAll()
}

func (r *Replica) queueBeat() {
	r.store.beatMu.Lock()
	r.store.beats++
	r.store.beatMu.Unlock()
}

func (r *Replica) maybeQuiesce() { r.queueBeat() }

func (r *Replica) tickLocked() { r.maybeQuiesce() }

func (r *Replica) Tick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.store.pause()
	r.tickLocked()
}

func TestTickDuringHeartbeat(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		var both sync.WaitGroup
		both.Add(2)
		s := &Store{pause: func() { both.Done(); time.Sleep(50 * time.Millisecond) }}
		r := &Replica{store: s}
		s.replicas = append(s.replicas, r)
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); s.SendHeartbeats() }()
		go func() { defer wg.Done(); r.Tick() }()
		wg.Wait()
	})
}
