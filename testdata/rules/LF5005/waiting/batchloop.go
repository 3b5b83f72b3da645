package waiting

import "sync"

type podStatus struct{ name string }

// A status manager whose sync goroutine loops over a helper that takes one update from the channel and then
// locks the map to forget it: SetStatus sends under that lock, so a second update waits for a receiver that
// waits for the lock.
type statusManager struct {
	mu       sync.Mutex
	statuses map[string]podStatus
	updates  chan podStatus
}

func newStatusManager() *statusManager {
	return &statusManager{statuses: map[string]podStatus{}, updates: make(chan podStatus)}
}

func (s *statusManager) Start() {
	go func() {
		for {
			s.syncOne()
		}
	}()
}

func (s *statusManager) syncOne() {
	st := <-s.updates
	s.forget(st.name)
}

func (s *statusManager) forget(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.statuses, name)
}

func (s *statusManager) SetStatus(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := podStatus{name}
	s.statuses[name] = st
	s.updates <- st // want `SetStatus sends on unbuffered s.updates while holding s.mu \(locked at line 40\), but the function literal at line 21, which receives from it in a loop, locks statusManager.mu between receives`
}

// The fix: record under the lock, send after releasing it.
type statusManagerFixed struct {
	mu       sync.Mutex
	statuses map[string]podStatus
	updates  chan podStatus
}

func (s *statusManagerFixed) Start() {
	go func() {
		for {
			s.syncOne()
		}
	}()
}

func (s *statusManagerFixed) syncOne() {
	st := <-s.updates
	s.mu.Lock()
	delete(s.statuses, st.name)
	s.mu.Unlock()
}

func (s *statusManagerFixed) SetStatus(name string) {
	s.mu.Lock()
	st := podStatus{name}
	s.statuses[name] = st
	s.mu.Unlock()
	s.updates <- st
}

// The loop's helper locks another mutex than the one the sender holds: the receiver never waits for it.
type statusManagerOtherLock struct {
	mu       sync.Mutex
	seenMu   sync.Mutex
	seen     map[string]bool
	statuses map[string]podStatus
	updates  chan podStatus
}

func (s *statusManagerOtherLock) Start() {
	go func() {
		for {
			s.syncOne()
		}
	}()
}

func (s *statusManagerOtherLock) syncOne() {
	st := <-s.updates
	s.seenMu.Lock()
	s.seen[st.name] = true
	s.seenMu.Unlock()
}

func (s *statusManagerOtherLock) SetStatus(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := podStatus{name}
	s.statuses[name] = st
	s.updates <- st
}

// A helper that receives once and locks, called once (not in a loop): one value is taken and the goroutine
// ends; the sender is not waiting on a receiver stuck on the lock.
type handoff struct {
	mu    sync.Mutex
	n     int
	ready chan int
}

func (h *handoff) take() {
	v := <-h.ready
	h.mu.Lock()
	h.n = v
	h.mu.Unlock()
}

func (h *handoff) Run() {
	go h.take()
}

func (h *handoff) Give(v int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ready <- v
}
