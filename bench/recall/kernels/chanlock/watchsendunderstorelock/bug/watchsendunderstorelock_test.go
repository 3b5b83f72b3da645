package watchsendunderstorelock

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

const chanBufLen = 1

type WatchID int64

type Event struct {
	Key   string
	Value string
}

type WatchResponse struct {
	WatchID  WatchID
	Events   []Event
	Revision int64
}

type watcher struct {
	id     WatchID
	key    string
	minRev int64
	victim bool
	ch     chan<- WatchResponse
}

func (w *watcher) send(wr WatchResponse) bool {
	w.ch <- wr
	return true
}

type watchableStore struct {
	mu      sync.RWMutex
	rev     int64
	kvs     map[string]string
	synced  map[*watcher]struct{}
	victims map[*watcher][]Event // retried by syncVictimsLoop
}

func newWatchableStore() *watchableStore {
	return &watchableStore{kvs: map[string]string{}, synced: map[*watcher]struct{}{}, victims: map[*watcher][]Event{}}
}

// Put is a one-op write txn; End() notifies the synced watchers while s.mu is held.
func (s *watchableStore) Put(key, value string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rev++
	s.kvs[key] = value
	s.notify(s.rev, []Event{{Key: key, Value: value}})
	return s.rev
}

func (s *watchableStore) notify(rev int64, evs []Event) {
	for w := range s.synced {
		var eb []Event
		for _, ev := range evs {
			if ev.Key == w.key {
				eb = append(eb, ev)
			}
		}
		if len(eb) == 0 {
			continue
		}
		if !w.send(WatchResponse{WatchID: w.id, Events: eb, Revision: rev}) {
			// move slow watcher to victims
			w.minRev = rev + 1
			w.victim = true
			s.victims[w] = eb
			delete(s.synced, w)
		}
	}
}

func (s *watchableStore) watch(id WatchID, key string, ch chan<- WatchResponse) func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &watcher{id: id, key: key, minRev: s.rev + 1, ch: ch}
	s.synced[w] = struct{}{}
	return func() { s.cancelWatcher(w) }
}

func (s *watchableStore) cancelWatcher(w *watcher) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.synced, w)
	delete(s.victims, w)
}

func TestCancelWhileWritesStream(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := newWatchableStore()
		ch := make(chan WatchResponse, chanBufLen)
		cancel := s.watch(1, "/leader", ch)

		done := make(chan struct{})
		go func() { // serverWatchStream.sendLoop
			defer close(done)
			<-ch
			time.Sleep(50 * time.Millisecond) // gRPC Send to a slow client
			cancel()                          // the client asked to cancel watch 1
		}()
		for i := 0; i < 3; i++ {
			s.Put("/leader", "node-1")
		}
		<-done
	})
}
