package namedchanqueue

import (
	"errors"
	"sync"
)

const (
	statusMsg uint64 = 0x00
	txMsg     uint64 = 0x02
	blockMsg  uint64 = 0x07
)

type Msg struct {
	Code    uint64
	Payload []byte
}

// msgQueue is the peer's outbound queue; Send blocks until the writer loop takes the message.
type msgQueue chan Msg

func (q msgQueue) Send(m Msg) { q <- m }

// MsgWriter writes encoded messages to the wire; rlpxWriter and meteredWriter implement it.
type MsgWriter interface {
	WriteMsg(Msg) error
}

type rlpxWriter struct {
	mu      sync.Mutex
	written []Msg
}

func (w *rlpxWriter) WriteMsg(m Msg) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.written = append(w.written, m)
	return nil
}

type meteredWriter struct {
	inner   MsgWriter
	packets int
	bytes   int
}

func (w *meteredWriter) WriteMsg(m Msg) error {
	w.packets++
	w.bytes += len(m.Payload)
	return w.inner.WriteMsg(m)
}

var errClosed = errors.New("peer closed")

// peer is a connected node; lock guards what we know the peer knows.
type peer struct {
	id       string
	lock     sync.RWMutex
	knownTxs map[string]struct{}
	head     string
	queue    msgQueue
	rw       MsgWriter
	term     chan struct{}
}

func newPeer(id string, rw MsgWriter) *peer {
	p := &peer{id: id, knownTxs: map[string]struct{}{}, queue: make(msgQueue), rw: rw, term: make(chan struct{})}
	go p.broadcastLoop()
	return p
}

// broadcastLoop writes queued messages and records what the peer has been sent.
func (p *peer) broadcastLoop() {
	for {
		select {
		case m := <-p.queue:
			if err := p.rw.WriteMsg(m); err != nil {
				return
			}
			p.markSent(m)
		case <-p.term:
			return
		}
	}
}

func (p *peer) markSent(m Msg) {
	p.lock.Lock()
	defer p.lock.Unlock()
	switch m.Code {
	case txMsg:
		p.knownTxs[string(m.Payload)] = struct{}{}
	case blockMsg:
		p.head = string(m.Payload)
	}
}

// SendTransactions queues the transactions the peer is not known to have.
func (p *peer) SendTransactions(txs []string) {
	p.lock.RLock()
	defer p.lock.RUnlock()
	for _, tx := range txs {
		if _, ok := p.knownTxs[tx]; ok {
			continue
		}
		p.queue.Send(Msg{Code: txMsg, Payload: []byte(tx)})
	}
}

func (p *peer) KnownTx(tx string) bool {
	p.lock.RLock()
	defer p.lock.RUnlock()
	_, ok := p.knownTxs[tx]
	return ok
}

func (p *peer) Close() { close(p.term) }
