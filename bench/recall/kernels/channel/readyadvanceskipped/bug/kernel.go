package readyadvanceskipped

import (
	"errors"
	"strings"
	"sync"
)

type Entry struct {
	Index uint64
	Data  string
}

// Ready carries the entries the application must apply before calling Advance.
type Ready struct {
	Entries []Entry
}

var ErrStopped = errors.New("node stopped")

// Node hands out batches of committed entries through Ready and waits for Advance before it hands
// out the next batch.
type Node struct {
	propc    chan string
	readyc   chan Ready
	advancec chan struct{}
	stopc    chan struct{}
	done     chan struct{}
}

func StartNode() *Node {
	n := &Node{
		propc:    make(chan string),
		readyc:   make(chan Ready),
		advancec: make(chan struct{}),
		stopc:    make(chan struct{}),
		done:     make(chan struct{}),
	}
	go n.run()
	return n
}

func (n *Node) run() {
	defer close(n.done)
	var (
		next     uint64 = 1
		pending  []Entry
		readyc   chan Ready
		advancec chan struct{}
	)
	for {
		if advancec == nil && len(pending) > 0 {
			readyc = n.readyc
		} else {
			readyc = nil
		}
		select {
		case data := <-n.propc:
			pending = append(pending, Entry{Index: next, Data: data})
			next++
		case readyc <- Ready{Entries: pending}:
			pending = nil
			advancec = n.advancec
		case <-advancec:
			advancec = nil
		case <-n.stopc:
			return
		}
	}
}

func (n *Node) Propose(data string) error {
	select {
	case n.propc <- data:
		return nil
	case <-n.done:
		return ErrStopped
	}
}

func (n *Node) Ready() <-chan Ready { return n.readyc }

func (n *Node) Advance() {
	select {
	case n.advancec <- struct{}{}:
	case <-n.done:
	}
}

func (n *Node) Stop() {
	close(n.stopc)
	<-n.done
}

// StateMachine applies committed entries; it rejects malformed ones.
type StateMachine struct {
	mu      sync.Mutex
	kv      map[string]string
	applied uint64
	errs    int
	changed *sync.Cond
}

func NewStateMachine() *StateMachine {
	sm := &StateMachine{kv: make(map[string]string)}
	sm.changed = sync.NewCond(&sm.mu)
	return sm
}

var errMalformed = errors.New("malformed entry")

func (sm *StateMachine) apply(ents []Entry) error {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	defer sm.changed.Broadcast()
	for _, e := range ents {
		k, v, ok := strings.Cut(e.Data, "=")
		if !ok {
			sm.errs++
			return errMalformed
		}
		sm.kv[k] = v
		sm.applied = e.Index
	}
	return nil
}

// WaitApplied blocks until the entry with index idx has been applied.
func (sm *StateMachine) WaitApplied(idx uint64) {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	for sm.applied < idx {
		sm.changed.Wait()
	}
}

// Server is the application loop between the node and the state machine.
type Server struct {
	node *Node
	sm   *StateMachine
	stop chan struct{}
	done chan struct{}
}

func NewServer(n *Node, sm *StateMachine) *Server {
	s := &Server{node: n, sm: sm, stop: make(chan struct{}), done: make(chan struct{})}
	go s.run()
	return s
}

func (s *Server) run() {
	defer close(s.done)
	for {
		select {
		case rd := <-s.node.Ready():
			if err := s.sm.apply(rd.Entries); err != nil {
				// a bad entry is skipped; the rest of the log keeps flowing
				continue
			}
			s.node.Advance()
		case <-s.stop:
			return
		}
	}
}

func (s *Server) Stop() {
	close(s.stop)
	<-s.done
}
