package chanlock

import (
	"errors"
	"time"
)

// An image store whose lock is a capacity-one channel (so that a caller could give up waiting for it): a send
// takes it, a receive gives it back. Prune takes it and then calls Delete, which takes it again.
type imageStore struct {
	lock   chan struct{}
	images map[string]int64
	freed  int64
}

func newImageStore() *imageStore {
	return &imageStore{lock: make(chan struct{}, 1), images: map[string]int64{}}
}

func (s *imageStore) acquire() { s.lock <- struct{}{} }
func (s *imageStore) release() { <-s.lock }

func (s *imageStore) Delete(id string) error {
	s.acquire()
	defer s.release()
	size, ok := s.images[id]
	if !ok {
		return errors.New("no such image")
	}
	delete(s.images, id)
	s.freed += size
	return nil
}

func (s *imageStore) Prune(ids []string) int {
	s.acquire()
	defer s.release()
	n := 0
	for _, id := range ids {
		if s.Delete(id) == nil { // want `this call reaches a send taking s.lock again \(through Delete → acquire\) while Prune still holds it since line 36`
			n++
		}
	}
	return n
}

// The fix: a variant for callers that hold the lock. Silent.
func (s *imageStore) deleteLocked(id string) error {
	size, ok := s.images[id]
	if !ok {
		return errors.New("no such image")
	}
	delete(s.images, id)
	s.freed += size
	return nil
}

func (s *imageStore) PruneFixed(ids []string) int {
	s.acquire()
	defer s.release()
	n := 0
	for _, id := range ids {
		if s.deleteLocked(id) == nil {
			n++
		}
	}
	return n
}

// The lock taken and given back by the statements themselves, a deferred literal giving it back.
type registry struct {
	sem   chan bool
	names []string
}

func newRegistry() *registry {
	r := &registry{}
	r.sem = make(chan bool, 1)
	return r
}

func (r *registry) add(name string) {
	r.sem <- true
	defer func() { <-r.sem }()
	r.names = append(r.names, name)
}

func (r *registry) AddAll(names []string) {
	r.sem <- true
	for _, n := range names {
		r.add(n) // want `this call reaches a send taking r.sem again \(through add\) while AddAll still holds it since line 89`
	}
	<-r.sem
}

// A cancellable acquire (a select case) is no event; the plain one still pairs. Taken, given back, taken
// again: silent.
func (r *registry) TryAdd(name string, d time.Duration) bool {
	select {
	case r.sem <- true:
	case <-time.After(d):
		return false
	}
	defer func() { <-r.sem }()
	r.names = append(r.names, name)
	return true
}

func (r *registry) Twice(a, b string) {
	r.add(a)
	r.add(b)
}

// A kick: a capacity-one channel a loop receives from, sent on by others. No function sends and then
// receives: a signal, not a lock. Two sends in a row are no re-lock. Silent.
type syncer struct {
	kick  chan struct{}
	stop  chan struct{}
	dirty int
}

func newSyncer() *syncer {
	return &syncer{kick: make(chan struct{}, 1), stop: make(chan struct{})}
}

func (s *syncer) loop() {
	for {
		<-s.kick
		s.dirty = 0
	}
}

func (s *syncer) poke() { s.kick <- struct{}{} }

func (s *syncer) PokeTwice() {
	s.poke()
	s.kick <- struct{}{}
}

// A semaphore of two slots: a second acquire through a callee does not wait for itself, so it is no re-lock of a
// channel lock; but two callers each holding one slot wait for a second for ever: the counting-semaphore form.
type limiter struct {
	slots chan struct{}
	busy  int
}

func newLimiter() *limiter { return &limiter{slots: make(chan struct{}, 2)} }

func (l *limiter) one() {
	l.slots <- struct{}{}
	defer func() { <-l.slots }()
	l.busy++
}

func (l *limiter) Nested() {
	l.slots <- struct{}{}
	defer func() { <-l.slots }()
	l.one() // want `Nested holds a slot of the semaphore l.slots \(taken at line 156\) and calls one, which takes another \(line 150\)`
}

// A token channel filled once and taken by a receive, given back by a send: the other way round. Silent.
type tokenPool struct {
	token chan struct{}
	uses  int
}

func newTokenPool() *tokenPool {
	p := &tokenPool{token: make(chan struct{}, 1)}
	p.fill()
	return p
}

func (p *tokenPool) fill() { p.token <- struct{}{} }

func (p *tokenPool) use() {
	<-p.token
	p.uses++
	p.token <- struct{}{}
}

func (p *tokenPool) UseTwice() {
	p.fill()
	p.use()
}

// A result channel whose received value is used: data, not a lock. Silent.
type prober struct {
	result chan int
}

func newProber() *prober { return &prober{result: make(chan int, 1)} }

func (p *prober) put(v int) { p.result <- v }

func (p *prober) Probe() int {
	p.put(1)
	p.put(2)
	return <-p.result
}

// A lock given back by a goroutine: where it is held is beyond a function's flow. Silent.
type handoff struct {
	lock chan struct{}
	n    int
}

func newHandoff() *handoff { return &handoff{lock: make(chan struct{}, 1)} }

func (h *handoff) bump() {
	h.lock <- struct{}{}
	h.n++
	<-h.lock
}

func (h *handoff) Start() {
	h.lock <- struct{}{}
	go func() {
		h.n++
		<-h.lock
	}()
	h.bump()
}
