package waiting

import "sync"

// A publisher that sends each event to every subscriber while it holds its lock. A subscriber that stops
// reading and unsubscribes waits for that lock, held by the publisher waiting for it to read: both wait for ever.
type Publisher struct {
	mu   sync.Mutex
	subs []chan string
}

func (p *Publisher) Subscribe() <-chan string {
	ch := make(chan string)
	p.mu.Lock()
	p.subs = append(p.subs, ch)
	p.mu.Unlock()
	return ch
}

func (p *Publisher) Unsubscribe(ch <-chan string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, s := range p.subs {
		if s == ch {
			p.subs = append(p.subs[:i], p.subs[i+1:]...)
			return
		}
	}
}

func (p *Publisher) Publish(ev string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.subs {
		s <- ev // want `Publish sends on unbuffered s while holding p.mu \(locked at line 32\); the channel is handed to consumers outside the package, and their way to stop, Unsubscribe, which removes it from the list the send ranges over, locks Publisher.mu first`
	}
}

// The same with subscribers kept by id in a map.
type Hub struct {
	mu     sync.RWMutex
	nextID int
	subs   map[int]chan int
}

func (h *Hub) Subscribe() (int, <-chan int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := make(chan int)
	h.nextID++
	h.subs[h.nextID] = ch
	return h.nextID, ch
}

func (h *Hub) Unsubscribe(id int) {
	h.mu.Lock()
	delete(h.subs, id)
	h.mu.Unlock()
}

func (h *Hub) Broadcast(v int) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for _, ch := range h.subs {
		ch <- v // want `Broadcast sends on unbuffered ch while holding h.mu`
	}
}

// The fixes: never block under the lock (a buffered channel and a select with default drops the event for a
// slow subscriber), or copy the list under the lock and send after releasing it.
type DroppingPublisher struct {
	mu   sync.Mutex
	subs []chan string
}

func (p *DroppingPublisher) Subscribe() <-chan string {
	ch := make(chan string, 16)
	p.mu.Lock()
	p.subs = append(p.subs, ch)
	p.mu.Unlock()
	return ch
}

func (p *DroppingPublisher) Unsubscribe(ch <-chan string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, s := range p.subs {
		if s == ch {
			p.subs = append(p.subs[:i], p.subs[i+1:]...)
			return
		}
	}
}

func (p *DroppingPublisher) Publish(ev string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.subs {
		select {
		case s <- ev:
		default:
		}
	}
}

type CopyingPublisher struct {
	mu   sync.Mutex
	subs []chan string
}

func (p *CopyingPublisher) Subscribe() <-chan string {
	ch := make(chan string)
	p.mu.Lock()
	p.subs = append(p.subs, ch)
	p.mu.Unlock()
	return ch
}

func (p *CopyingPublisher) Unsubscribe(ch <-chan string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, s := range p.subs {
		if s == ch {
			p.subs = append(p.subs[:i], p.subs[i+1:]...)
			return
		}
	}
}

func (p *CopyingPublisher) Publish(ev string) {
	p.mu.Lock()
	subs := append([]chan string(nil), p.subs...)
	p.mu.Unlock()
	for _, s := range subs {
		s <- ev
	}
}

// Channels the callers bring (capacity unknown): nothing to judge.
type GivenPublisher struct {
	mu   sync.Mutex
	subs []chan string
}

func (p *GivenPublisher) Add(ch chan string) {
	p.mu.Lock()
	p.subs = append(p.subs, ch)
	p.mu.Unlock()
}

func (p *GivenPublisher) Remove(i int) {
	p.mu.Lock()
	p.subs = append(p.subs[:i], p.subs[i+1:]...)
	p.mu.Unlock()
}

func (p *GivenPublisher) Publish(ev string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.subs {
		s <- ev
	}
}

// Subscribers kept as structs holding their channel: removing the struct is the unsubscribe.
type topicSub struct {
	ch    chan string
	topic string
}

type TopicHub struct {
	mu   sync.Mutex
	subs map[*topicSub]bool
}

func (h *TopicHub) Subscribe(topic string) (<-chan string, func()) {
	s := &topicSub{ch: make(chan string), topic: topic}
	h.mu.Lock()
	h.subs[s] = true
	h.mu.Unlock()
	return s.ch, func() { h.unsubscribe(s) }
}

func (h *TopicHub) unsubscribe(s *topicSub) {
	h.mu.Lock()
	delete(h.subs, s)
	h.mu.Unlock()
}

func (h *TopicHub) Publish(topic, ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		if s.topic == topic {
			s.ch <- ev // want `Publish sends on unbuffered s.ch while holding h.mu \(locked at line 191\); the channel is handed to consumers outside the package, and their way to stop, unsubscribe, which removes it from the list the send ranges over`
		}
	}
}

// The fix: a send that gives up on a subscriber that is not reading.
type dropSub struct {
	ch    chan string
	topic string
}

type DroppingTopicHub struct {
	mu   sync.Mutex
	subs map[*dropSub]bool
}

func (h *DroppingTopicHub) Subscribe(topic string) (<-chan string, func()) {
	s := &dropSub{ch: make(chan string), topic: topic}
	h.mu.Lock()
	h.subs[s] = true
	h.mu.Unlock()
	return s.ch, func() { h.unsubscribe(s) }
}

func (h *DroppingTopicHub) unsubscribe(s *dropSub) {
	h.mu.Lock()
	delete(h.subs, s)
	h.mu.Unlock()
}

func (h *DroppingTopicHub) Publish(topic, ev string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		if s.topic == topic {
			select {
			case s.ch <- ev:
			default:
			}
		}
	}
}

// etcd's test bridge: Reset holds the lock while each connection's Close waits for its done channel, which the
// connection's goroutine closes before it takes the lock to remove itself. Removing a connection is not what ends
// the wait: the close before the lock is.
type bridgeConn struct{ donec chan struct{} }

func (c *bridgeConn) Close() { <-c.donec }

type bridge struct {
	mu    sync.Mutex
	conns map[*bridgeConn]struct{}
}

func (b *bridge) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for c := range b.conns {
		c.Close()
	}
}

func (b *bridge) serve(c *bridgeConn) {
	defer func() {
		close(c.donec)
		b.mu.Lock()
		delete(b.conns, c)
		b.mu.Unlock()
	}()
}

func (b *bridge) accept() {
	c := &bridgeConn{donec: make(chan struct{})}
	b.mu.Lock()
	b.conns[c] = struct{}{}
	b.mu.Unlock()
	go b.serve(c)
}
