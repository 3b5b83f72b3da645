package waiting

import (
	"sync"
	"time"
)

// A token keeper expires tokens through a callback that takes the auth store's lock; the store stops the
// keeper (which waits for its loop to finish) while holding that lock.
type keeper struct {
	stopc  chan struct{}
	donec  chan struct{}
	expire func(string)
	tokens []string
}

func (k *keeper) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	defer close(k.donec)
	for {
		select {
		case <-t.C:
			for _, tok := range k.tokens {
				k.expire(tok)
			}
		case <-k.stopc:
			return
		}
	}
}

func (k *keeper) stop() {
	close(k.stopc)
	<-k.donec
}

type authStore struct {
	mu     sync.Mutex
	tokens map[string]bool
	keeper *keeper
}

func (as *authStore) deleteToken(t string) {
	as.mu.Lock()
	delete(as.tokens, t)
	as.mu.Unlock()
}

func (as *authStore) enable() {
	as.keeper = &keeper{stopc: make(chan struct{}), donec: make(chan struct{}), expire: as.deleteToken}
	go as.keeper.run()
}

func (as *authStore) disable() {
	as.mu.Lock()
	defer as.mu.Unlock()
	as.keeper.stop() // want `disable receives from as\.keeper\.donec \(in stop, line 35\) while holding as\.mu`
}

// Negative: the fix stops the keeper after releasing the lock.
func (as *authStore) disableFixed() {
	as.mu.Lock()
	k := as.keeper
	as.keeper = nil
	as.mu.Unlock()
	k.stop()
}

// Negative: a keeper whose loop takes no lock the stopper holds.
type quietKeeper struct {
	stopc chan struct{}
	donec chan struct{}
	n     int
}

func (k *quietKeeper) run() {
	defer close(k.donec)
	for {
		select {
		case <-time.After(time.Second):
			k.n++
		case <-k.stopc:
			return
		}
	}
}

func (k *quietKeeper) stop() {
	close(k.stopc)
	<-k.donec
}

type quietStore struct {
	mu     sync.Mutex
	keeper *quietKeeper
}

func (s *quietStore) enable() {
	s.keeper = &quietKeeper{stopc: make(chan struct{}), donec: make(chan struct{})}
	go s.keeper.run()
}

func (s *quietStore) disable() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keeper.stop()
}

// Negative: the callee's wait has a way out (a timeout), so it is no wait for ever.
type boundedKeeper struct {
	stopc  chan struct{}
	donec  chan struct{}
	expire func(string)
}

func (k *boundedKeeper) run() {
	defer close(k.donec)
	for {
		select {
		case <-time.After(time.Second):
			k.expire("x")
		case <-k.stopc:
			return
		}
	}
}

func (k *boundedKeeper) stop() {
	close(k.stopc)
	select {
	case <-k.donec:
	case <-time.After(time.Second):
	}
}

type boundedStore struct {
	mu     sync.Mutex
	keeper *boundedKeeper
}

func (s *boundedStore) drop(string) { s.mu.Lock(); s.mu.Unlock() }

func (s *boundedStore) enable() {
	s.keeper = &boundedKeeper{stopc: make(chan struct{}), donec: make(chan struct{}), expire: s.drop}
	go s.keeper.run()
}

func (s *boundedStore) disable() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keeper.stop()
}

// Negative: the callee receives only while the buffered channel holds values (a log syncing its waiters).
type wal struct {
	mu          sync.Mutex
	syncWaiters chan chan error
	closing     chan struct{}
}

func newWAL() *wal { return &wal{syncWaiters: make(chan chan error, 1024), closing: make(chan struct{})} }

func (l *wal) sync() {
	for len(l.syncWaiters) > 0 {
		errC := <-l.syncWaiters
		errC <- nil
	}
}

func (l *wal) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	close(l.closing)
	l.sync()
}

func (l *wal) scheduleSync() {
	go func() {
		l.mu.Lock()
		l.syncWaiters <- make(chan error, 1)
		l.mu.Unlock()
	}()
}
