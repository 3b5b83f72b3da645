package mutexes

import (
	"errors"
	"sync"
)

var errTooLarge = errors.New("request too large")

// A call on another field of the mutex's owner (`j.out.Flush()`) cannot reach the mutex; a call given the
// owner itself, or the mutex, may unlock it.

type flusher interface{ Flush() error }

type journal struct {
	mu  sync.Mutex
	out flusher
	n   int
}

func (j *journal) commit() error {
	j.mu.Lock() // want `j.mu is locked here, but the return at line 24 is reached without j.mu.Unlock\(\)`
	if err := j.out.Flush(); err != nil {
		return err
	}
	j.n++
	j.mu.Unlock()
	return nil
}

// The error path hands the journal to a helper that unlocks it. Silent.
func (j *journal) commitReleasing() error {
	j.mu.Lock()
	if err := j.out.Flush(); err != nil {
		releaseJournal(j)
		return err
	}
	j.n++
	j.mu.Unlock()
	return nil
}

func releaseJournal(j *journal) { j.mu.Unlock() }

// A method of the owner may unlock it. Silent.
func (j *journal) commitThroughMethod() error {
	j.mu.Lock()
	if err := j.out.Flush(); err != nil {
		j.abort()
		return err
	}
	j.n++
	j.mu.Unlock()
	return nil
}

func (j *journal) abort() {
	j.n = 0
	j.mu.Unlock()
}

// The same with the mutex embedded: `m.policy.Allocate(m.state)` uses fields of the owner, not the mutex.
type allocPolicy struct{ reserved int }

func (p *allocPolicy) Allocate(free []int, n int) ([]int, error) {
	if n > len(free)-p.reserved {
		return nil, errTooLarge
	}
	return free[:n], nil
}

type cpuManager struct {
	sync.Mutex
	policy *allocPolicy
	free   []int
	owners map[string][]int
}

func (m *cpuManager) Add(id string, n int) error {
	m.Lock() // want `m is locked here, but the return at line \d+ is reached without m.Unlock\(\)`
	cpus, err := m.policy.Allocate(m.free, n)
	if err != nil {
		return err
	}
	m.owners[id] = cpus
	m.Unlock()
	return nil
}

// Fixed: the error path unlocks. Silent.
func (m *cpuManager) AddFixed(id string, n int) error {
	m.Lock()
	cpus, err := m.policy.Allocate(m.free, n)
	if err != nil {
		m.Unlock()
		return err
	}
	m.owners[id] = cpus
	m.Unlock()
	return nil
}

// The embedded mutex handed on as the owner itself: the callee may unlock it. Silent.
func (m *cpuManager) AddReleasing(id string, n int) error {
	m.Lock()
	if _, err := m.policy.Allocate(m.free, n); err != nil {
		unlockManager(m)
		return err
	}
	m.Unlock()
	return nil
}

func unlockManager(m *cpuManager) { m.Unlock() }

// A method of the owner that calls nothing able to unlock (a readiness check) does not release it.
type shard struct {
	mu      sync.RWMutex
	enabled bool
	series  map[string][]float64
}

func (s *shard) ready() error {
	if !s.enabled {
		return errTooLarge
	}
	return nil
}

func (s *shard) values(m string) ([]float64, error) {
	s.mu.RLock() // want `s.mu is locked here, but the return at line \d+ is reached without s.mu.RUnlock\(\)`
	if err := s.ready(); err != nil {
		return nil, err
	}
	v := append([]float64(nil), s.series[m]...)
	s.mu.RUnlock()
	return v, nil
}

// A method of the owner that calls something unknown may unlock it. Silent.
func (s *shard) readyOrHook(hook func(*shard) error) error {
	if !s.enabled {
		return hook(s)
	}
	return nil
}

func (s *shard) valuesHooked(m string, hook func(*shard) error) ([]float64, error) {
	s.mu.RLock()
	if err := s.readyOrHook(hook); err != nil {
		return nil, err
	}
	v := s.series[m]
	s.mu.RUnlock()
	return v, nil
}

// A method of the owner that unlocks on failure (an unlock helper). Silent.
func (s *shard) readyOrRelease() error {
	if !s.enabled {
		s.mu.RUnlock()
		return errTooLarge
	}
	return nil
}

func (s *shard) valuesReleased(m string) ([]float64, error) {
	s.mu.RLock()
	if err := s.readyOrRelease(); err != nil {
		return nil, err
	}
	v := s.series[m]
	s.mu.RUnlock()
	return v, nil
}
