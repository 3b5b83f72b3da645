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
