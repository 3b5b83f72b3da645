package timerdrainconsumed

import (
	"sync"
	"time"
)

type LeaseID int64

type KeepAliveResponse struct {
	ID  LeaseID
	TTL int64
}

type sender interface {
	send(id LeaseID) error
}

// keepAliver renews one lease every interval and records the TTLs the server grants.
type keepAliver struct {
	id       LeaseID
	interval time.Duration
	s        sender
	respc    chan KeepAliveResponse
	stopc    chan struct{}
	donec    chan struct{}

	mu      sync.Mutex
	lastTTL int64
	sent    int
}

func newKeepAliver(id LeaseID, interval time.Duration, s sender) *keepAliver {
	k := &keepAliver{id: id, interval: interval, s: s,
		respc: make(chan KeepAliveResponse), stopc: make(chan struct{}), donec: make(chan struct{})}
	go k.run()
	return k
}

func (k *keepAliver) run() {
	defer close(k.donec)
	t := time.NewTimer(k.interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := k.s.send(k.id); err == nil {
				k.mu.Lock()
				k.sent++
				k.mu.Unlock()
			}
		case resp := <-k.respc:
			k.mu.Lock()
			k.lastTTL = resp.TTL
			k.mu.Unlock()
		case <-k.stopc:
			return
		}
		// Restart the interval after any activity: stop the timer and drain a pending tick first.
		if !t.Stop() {
			<-t.C
		}
		t.Reset(k.interval)
	}
}

func (k *keepAliver) Sent() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.sent
}

func (k *keepAliver) close() {
	close(k.stopc)
	<-k.donec
}

type fakeServer struct {
	mu   sync.Mutex
	seen []LeaseID
}

func (f *fakeServer) send(id LeaseID) error {
	f.mu.Lock()
	f.seen = append(f.seen, id)
	f.mu.Unlock()
	return nil
}
