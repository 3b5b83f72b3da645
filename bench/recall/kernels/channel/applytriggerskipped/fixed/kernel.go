package applytriggerskipped

import (
	"errors"
	"fmt"
	"log"
	"sync"
)

var errStopped = errors.New("etcdserver: server stopped")

var errEmptyKey = errors.New("etcdserver: key is not provided")

// waitRegistry hands each proposal a channel keyed by its request ID; the apply loop triggers the channel
// with the proposal's result once the entry is applied.
type waitRegistry struct {
	mu sync.Mutex
	m  map[uint64]chan interface{}
}

func newWaitRegistry() *waitRegistry {
	return &waitRegistry{m: make(map[uint64]chan interface{})}
}

func (w *waitRegistry) Register(id uint64) <-chan interface{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := w.m[id]
	if ch == nil {
		ch = make(chan interface{}, 1)
		w.m[id] = ch
	} else {
		log.Printf("dup id %x", id)
	}
	return ch
}

func (w *waitRegistry) Trigger(id uint64, x interface{}) {
	w.mu.Lock()
	ch := w.m[id]
	delete(w.m, id)
	w.mu.Unlock()
	if ch != nil {
		ch <- x
		close(ch)
	}
}

func (w *waitRegistry) IsRegistered(id uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.m[id]
	return ok
}

type entry struct {
	id       uint64
	key, val string
}

type putResponse struct {
	Revision int64
	PrevKV   string
}

// KVServer proposes puts to its apply loop and waits for each to be applied.
type KVServer struct {
	w        *waitRegistry
	proposeC chan entry
	stopc    chan struct{}
	done     chan struct{}

	mu       sync.Mutex
	reqID    uint64
	store    map[string]string
	revision int64
}

func NewKVServer() *KVServer {
	s := &KVServer{
		w:        newWaitRegistry(),
		proposeC: make(chan entry),
		stopc:    make(chan struct{}),
		done:     make(chan struct{}),
		store:    map[string]string{},
	}
	go s.applyLoop()
	return s
}

func (s *KVServer) applyLoop() {
	defer close(s.done)
	for {
		select {
		case e := <-s.proposeC:
			s.applyEntry(e)
		case <-s.stopc:
			return
		}
	}
}

func (s *KVServer) applyEntry(e entry) {
	resp, err := s.applyPut(e)
	if err != nil {
		log.Printf("applying entry %d failed: %v", e.id, err)
		s.w.Trigger(e.id, err)
		return
	}
	s.w.Trigger(e.id, resp)
}

func (s *KVServer) applyPut(e entry) (*putResponse, error) {
	if e.key == "" {
		return nil, errEmptyKey
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.store[e.key]
	s.store[e.key] = e.val
	s.revision++
	return &putResponse{Revision: s.revision, PrevKV: prev}, nil
}

func (s *KVServer) nextID() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqID++
	return s.reqID
}

// Put proposes the write and waits until the apply loop has applied it.
func (s *KVServer) Put(key, val string) (*putResponse, error) {
	id := s.nextID()
	ch := s.w.Register(id)
	select {
	case s.proposeC <- entry{id: id, key: key, val: val}:
	case <-s.done:
		return nil, errStopped
	}
	x := <-ch
	switch v := x.(type) {
	case *putResponse:
		return v, nil
	case error:
		return nil, v
	}
	return nil, fmt.Errorf("unexpected result %T", x)
}

func (s *KVServer) Stop() {
	close(s.stopc)
	<-s.done
}
