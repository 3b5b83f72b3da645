package chanhelper

import "sync"

type Msg struct {
	Code    int
	Payload string
}

// A named channel type whose Send is a plain send: no channel operation shows at its callers.
type msgQueue chan Msg

func (q msgQueue) Send(m Msg) { q <- m }

// TrySend gives up when the writer is busy: it never blocks.
func (q msgQueue) TrySend(m Msg) bool {
	select {
	case q <- m:
		return true
	default:
		return false
	}
}

// deliver is a helper that sends on the channel it is given.
func deliver(out chan<- Msg, m Msg) { out <- m }

type peer struct {
	lock  sync.RWMutex
	known map[string]bool
	queue msgQueue
	acks  chan Msg
	term  chan struct{}
}

func newPeer() *peer {
	p := &peer{known: map[string]bool{}, queue: make(msgQueue), acks: make(chan Msg), term: make(chan struct{})}
	go p.broadcastLoop()
	go p.ackLoop()
	return p
}

// broadcastLoop takes one message at a time and records it under the write lock.
func (p *peer) broadcastLoop() {
	for {
		select {
		case m := <-p.queue:
			p.markSent(m)
		case <-p.term:
			return
		}
	}
}

func (p *peer) markSent(m Msg) {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.known[m.Payload] = true
}

// ackLoop never locks.
func (p *peer) ackLoop() {
	for {
		select {
		case m := <-p.acks:
			_ = m
		case <-p.term:
			return
		}
	}
}

// The read lock is held across the send hidden in Send; the loop needs the write lock between receives.
func (p *peer) SendAll(txs []string) {
	p.lock.RLock()
	defer p.lock.RUnlock()
	for _, tx := range txs {
		if p.known[tx] {
			continue
		}
		p.queue.Send(Msg{Payload: tx}) // want `SendAll sends on unbuffered p.queue \(in Send, line 13\) while holding p.lock`
	}
}

// The same through a function given the channel.
func (p *peer) SendOne(tx string) {
	p.lock.Lock()
	defer p.lock.Unlock()
	deliver(p.queue, Msg{Payload: tx}) // want `SendOne sends on unbuffered p.queue \(in deliver, line 26\) while holding p.lock`
}

// Fixed: collect under the read lock, send after it. Silent.
func (p *peer) SendAllFixed(txs []string) {
	var unknown []string
	p.lock.RLock()
	for _, tx := range txs {
		if !p.known[tx] {
			unknown = append(unknown, tx)
		}
	}
	p.lock.RUnlock()
	for _, tx := range unknown {
		p.queue.Send(Msg{Payload: tx})
	}
}

// A send that never blocks. Silent.
func (p *peer) Offer(tx string) bool {
	p.lock.RLock()
	defer p.lock.RUnlock()
	return p.queue.TrySend(Msg{Payload: tx})
}

// The ack loop never takes the lock. Silent.
func (p *peer) Ack(tx string) {
	p.lock.Lock()
	defer p.lock.Unlock()
	deliver(p.acks, Msg{Payload: tx})
}
