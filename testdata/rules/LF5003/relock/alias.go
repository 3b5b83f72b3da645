package relock

import "sync"

// The mutex is locked through a local pointer to it; notify locks it again by its field.
type aliasStore struct {
	mu   sync.Mutex
	data map[string]string
	subs []func(string)
}

func (s *aliasStore) Put(k, v string) {
	mu := &s.mu
	mu.Lock()
	defer mu.Unlock()
	s.data[k] = v
	s.notify(k) // want `this call reaches a Lock of s.mu \(through notify\) while Put still holds it`
}

func (s *aliasStore) notify(k string) {
	s.mu.Lock()
	subs := s.subs
	s.mu.Unlock()
	for _, f := range subs {
		f(k)
	}
}

// The fix: notify after the unlock through the same alias.
func (s *aliasStore) PutFixed(k, v string) {
	mu := &s.mu
	mu.Lock()
	s.data[k] = v
	mu.Unlock()
	s.notify(k)
}

// A pointer variable assigned twice names two mutexes: not followed.
func (s *aliasStore) Swap(other *aliasStore) {
	mu := &s.mu
	if other != nil {
		mu = &other.mu
	}
	mu.Lock()
	defer mu.Unlock()
	s.notify("")
}
