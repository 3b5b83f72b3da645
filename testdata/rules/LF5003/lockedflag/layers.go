package lockedflag

import "sync"

// A layer store whose delete takes the lock only when told the caller does not hold it (moby's layer store).
type layer struct {
	id     string
	parent *layer
	refs   int
}

type store struct {
	mu     sync.Mutex
	layers map[string]*layer
}

const alreadyLocked = true

// deleteLayer forgets l; locked says whether the caller holds s.mu.
func (s *store) deleteLayer(l *layer, locked bool) {
	if !locked {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	delete(s.layers, l.id)
}

// releaseLayer walks down the chain; its callers hold s.mu, but it passes false.
func (s *store) releaseLayer(l *layer) {
	for l != nil {
		l.refs--
		if l.refs > 0 {
			return
		}
		s.deleteLayer(l, false)
		l = l.parent
	}
}

func (s *store) Release(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releaseLayer(s.layers[id]) // want `this call reaches a Lock of s.mu \(through releaseLayer → deleteLayer\) while Release still holds it locked`
}

// The caller holding the lock passes false itself.
func (s *store) Drop(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.layers[id]; ok {
		s.deleteLayer(l, false) // want `this call reaches a Lock of s.mu \(through deleteLayer\) while Drop still holds it locked`
	}
}

// The fix: true under the lock, false without it; a named constant is a constant too.
func (s *store) DropFixed(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.layers[id]; ok {
		s.deleteLayer(l, true)
	}
}

func (s *store) DropConst(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteLayer(s.layers[id], alreadyLocked)
}

func (s *store) Prune(l *layer) { s.deleteLayer(l, false) }

// The flag passed on: the caller's own parameter decides, and its callers decide in turn.
func (s *store) removeChain(l *layer, locked bool) {
	for ; l != nil; l = l.parent {
		s.deleteLayer(l, locked)
	}
}

func (s *store) PruneChain(l *layer) { s.removeChain(l, false) }

func (s *store) ReleaseChain(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeChain(s.layers[id], true)
}

func (s *store) ReleaseChainWrong(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeChain(s.layers[id], false) // want `through removeChain → deleteLayer`
}

// Passed on negated: forget locks when unlocked is true.
func (s *store) forget(l *layer, unlocked bool) { s.deleteLayer(l, !unlocked) }

func (s *store) ForgetHeld(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forget(s.layers[id], false)
}

func (s *store) ForgetWrong(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forget(s.layers[id], true) // want `through forget → deleteLayer`
}

// `if lock {`: true asks the callee to lock.
func (s *store) lookup(id string, lock bool) *layer {
	if lock {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.layers[id]
}

func (s *store) Parent(id string) *layer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.lookup(id, false); l != nil {
		return l.parent
	}
	return nil
}

func (s *store) ParentWrong(id string) *layer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lookup(id, true).parent // want `through lookup\) while ParentWrong still holds it locked`
}

func (s *store) Get(id string) *layer { return s.lookup(id, true) }

// Flags that are no constant and no parameter: unknown, so silent.
func (s *store) DropMaybe(id string, held func() bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteLayer(s.layers[id], held())
}

func (s *store) DropVar(id string) {
	locked := true
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteLayer(s.layers[id], locked)
}

// A function locking under its own flag calls the callee with the flag that says it holds the lock.
func (s *store) sweep(locked bool) {
	if !locked {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	for _, l := range s.layers {
		if l.refs == 0 {
			s.deleteLayer(l, true)
		}
	}
}

func (s *store) Sweep() { s.sweep(false) }

func (s *store) Compact() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(true)
}

// A deferred call passing false after the deferred unlock runs with the lock held.
func (s *store) Replace(id string, l *layer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.layers[id]
	defer s.deleteLayer(old, false) // want `this deferred call reaches a Lock of s.mu \(through deleteLayer\)`
	l.parent = old
}

// A flag that is a field of the caller (or a lock-named field tested by the callee) is not followed.
type conn struct {
	mu     sync.Mutex
	locked bool
	n      int
}

func (c *conn) bump() {
	if !c.locked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	c.n++
}

func (c *conn) Bump() {
	c.mu.Lock()
	c.locked = true
	c.bump()
	c.locked = false
	c.mu.Unlock()
}
