package handlermaprelock

import (
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type msgCode uint8

const (
	pingMsg msgCode = iota
	pongMsg
	statusMsg
)

type Msg struct {
	Code    msgCode
	Payload []byte
	Head    uint64
}

// Peer runs the wire protocol with one remote node.
type Peer struct {
	id       string
	mu       sync.Mutex
	head     uint64
	lastPing time.Time
	handlers map[msgCode]func(Msg) error
	in       chan Msg
	closed   chan struct{}
	errc     chan error
}

func NewPeer(id string) *Peer {
	p := &Peer{id: id, in: make(chan Msg), closed: make(chan struct{}), errc: make(chan error, 1)}
	p.handlers = map[msgCode]func(Msg) error{
		pingMsg:   p.handlePing,
		pongMsg:   func(Msg) error { return nil },
		statusMsg: p.handleStatus,
	}
	go p.readLoop()
	return p
}

func (p *Peer) readLoop() {
	defer close(p.closed)
	for msg := range p.in {
		if err := p.dispatch(msg); err != nil {
			p.errc <- err
			return
		}
	}
}

// dispatch serialises message handling with the peer's own state updates.
func (p *Peer) dispatch(msg Msg) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	h, ok := p.handlers[msg.Code]
	if !ok {
		return errors.New("unknown message code")
	}
	return h(msg)
}

func (p *Peer) handlePing(Msg) error {
	p.lastPing = time.Now()
	return nil
}

func (p *Peer) handleStatus(m Msg) error {
	p.setHead(m.Head)
	return nil
}

func (p *Peer) setHead(h uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if h > p.head {
		p.head = h
	}
}

func (p *Peer) Head() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.head
}

func TestStatusUpdatesHead(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		p := NewPeer("enode://a1b2")
		p.in <- Msg{Code: pingMsg}
		p.in <- Msg{Code: statusMsg, Head: 1200}
		close(p.in)
		<-p.closed
		if p.Head() != 1200 {
			t.Errorf("head = %d", p.Head())
		}
	})
}
