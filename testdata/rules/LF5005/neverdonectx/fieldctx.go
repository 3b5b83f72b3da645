package neverdonectx

import (
	"context"
	"sync"
)

// A hub keeps the context.Background() its constructor made in a field (through WithValue): every store of the field
// is never done, so the select in push waits on the send alone, under h.mu.
type listener struct {
	id int
	ch chan int
	h  *Hub
}

func (l *listener) Events() <-chan int { return l.ch }

func (l *listener) Close() { l.h.drop(l.id) }

type ctxKey struct{}

type Hub struct {
	mu        sync.Mutex
	ctx       context.Context
	listeners map[int]*listener
	next      int
}

func NewHub() *Hub {
	return &Hub{ctx: context.WithValue(context.Background(), ctxKey{}, "hub"), listeners: map[int]*listener{}}
}

func (h *Hub) Listen() *listener {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next++
	l := &listener{id: h.next, ch: make(chan int), h: h}
	h.listeners[l.id] = l
	return l
}

func (h *Hub) drop(id int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if l, ok := h.listeners[id]; ok {
		delete(h.listeners, id)
		close(l.ch)
	}
}

func (h *Hub) Emit(v int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, l := range h.listeners {
		select {
		case l.ch <- v: // want `Emit sends on unbuffered l.ch \(its select's other case waits on h.ctx.Done\(\), which is never done: it is context.Background\(\) at line 30\) while holding h.mu`
		case <-h.ctx.Done():
			return
		}
	}
}
