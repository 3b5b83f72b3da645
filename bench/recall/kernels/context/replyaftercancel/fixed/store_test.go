package replyaftercancel

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type lookup struct {
	name   string
	result chan *entry
}

type entry struct {
	name    string
	version int64
}

type configStore struct {
	lookups  chan lookup
	updates  chan *entry
	stop     chan struct{}
	served   int64
	byName   map[string]*entry
	slowSeen func() // test hook: runs before an answer is sent
}

func newConfigStore() *configStore {
	s := &configStore{
		lookups:  make(chan lookup),
		updates:  make(chan *entry),
		stop:     make(chan struct{}),
		byName:   map[string]*entry{},
		slowSeen: func() {},
	}
	go s.run()
	return s
}

func (s *configStore) run() {
	for {
		select {
		case <-s.stop:
			return
		case e := <-s.updates:
			s.byName[e.name] = e
		case l := <-s.lookups:
			atomic.AddInt64(&s.served, 1)
			s.slowSeen()
			l.result <- s.byName[l.name]
		}
	}
}

func (s *configStore) Lookup(ctx context.Context, name string) (*entry, error) {
	l := lookup{name: name, result: make(chan *entry, 1)} // the answer fits even when nobody waits for it any more
	select {
	case s.lookups <- l:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	select {
	case e := <-l.result:
		return e, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *configStore) Stop() { close(s.stop) }

func TestLookupCancelled(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := newConfigStore()
		s.updates <- &entry{name: "mesh", version: 1}
		s.slowSeen = func() { time.Sleep(30 * time.Millisecond) }
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		if _, err := s.Lookup(ctx, "mesh"); err == nil {
			t.Errorf("want the context's error")
		}
		time.Sleep(50 * time.Millisecond)
		s.Stop()
	})
}
