package keepalivechanfull

import (
	"context"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type LeaseID int64

type LeaseKeepAliveResponse struct {
	ID  LeaseID
	TTL int64
}

const LeaseResponseChSize = 1

type keepAlive struct {
	chs      []chan<- *LeaseKeepAliveResponse
	deadline time.Time
}

// lessor keeps leases alive on behalf of the client.
type lessor struct {
	mu         sync.Mutex
	keepAlives map[LeaseID]*keepAlive
	// stream delivers the server's keep-alive responses.
	stream  chan *LeaseKeepAliveResponse
	stopCtx context.Context
	stop    context.CancelFunc
	donec   chan struct{}
}

func NewLease() *lessor {
	l := &lessor{
		keepAlives: map[LeaseID]*keepAlive{},
		stream:     make(chan *LeaseKeepAliveResponse),
		donec:      make(chan struct{}),
	}
	l.stopCtx, l.stop = context.WithCancel(context.Background())
	go l.recvKeepAliveLoop()
	return l
}

func (l *lessor) KeepAlive(id LeaseID) <-chan *LeaseKeepAliveResponse {
	ch := make(chan *LeaseKeepAliveResponse, LeaseResponseChSize)
	l.mu.Lock()
	ka, ok := l.keepAlives[id]
	if !ok {
		ka = &keepAlive{}
		l.keepAlives[id] = ka
	}
	ka.chs = append(ka.chs, ch)
	l.mu.Unlock()
	return ch
}

func (l *lessor) recvKeepAliveLoop() {
	defer close(l.donec)
	for {
		select {
		case resp := <-l.stream:
			l.recvKeepAlive(resp)
		case <-l.stopCtx.Done():
			return
		}
	}
}

// recvKeepAlive updates a lease based on its keep-alive response.
func (l *lessor) recvKeepAlive(resp *LeaseKeepAliveResponse) {
	l.mu.Lock()
	ka, ok := l.keepAlives[resp.ID]
	if !ok {
		l.mu.Unlock()
		return
	}
	ka.deadline = time.Now().Add(time.Duration(resp.TTL) * time.Second)
	chs := append([]chan<- *LeaseKeepAliveResponse(nil), ka.chs...)
	l.mu.Unlock()
	for _, ch := range chs {
		ch <- resp
	}
}

func (l *lessor) Close() error {
	l.stop()
	<-l.donec
	return nil
}

func TestKeepAliveConsumerSlow(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		l := NewLease()
		ch := l.KeepAlive(42)
		l.stream <- &LeaseKeepAliveResponse{ID: 42, TTL: 5}
		if resp := <-ch; resp.TTL != 5 {
			t.Errorf("ttl %d", resp.TTL)
		}
		// The application stops draining the channel; keep-alives keep coming.
		for i := 0; i < 3; i++ {
			l.stream <- &LeaseKeepAliveResponse{ID: 42, TTL: 5}
		}
		_ = l.Close()
	})
}
