package relock

import "sync"

// Handlers kept in a map field, filled with method values by a map literal; dispatch holds the mutex while it calls
// the handler it looks up, and one handler locks the same mutex.

type message struct {
	code int
	head uint64
}

type wirePeer struct {
	mu       sync.Mutex
	head     uint64
	handlers map[int]func(message) error
}

func newWirePeer() *wirePeer {
	p := &wirePeer{}
	p.handlers = map[int]func(message) error{
		1: p.handlePing,
		2: func(message) error { return nil },
		3: p.handleStatus,
	}
	return p
}

func (p *wirePeer) dispatch(m message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	h, ok := p.handlers[m.code]
	if !ok {
		return nil
	}
	return h(m) // want `this call reaches a Lock of p.mu \(through handleStatus → setHead\) while dispatch still holds it`
}

func (p *wirePeer) handlePing(message) error { return nil }

func (p *wirePeer) handleStatus(m message) error {
	p.setHead(m.head)
	return nil
}

func (p *wirePeer) setHead(h uint64) {
	p.mu.Lock()
	p.head = h
	p.mu.Unlock()
}

// Fixed: the handler runs after the unlock.
type calmPeer struct {
	mu       sync.Mutex
	head     uint64
	handlers map[int]func(message) error
}

func newCalmPeer() *calmPeer {
	p := &calmPeer{}
	p.handlers = map[int]func(message) error{3: p.handleStatus}
	return p
}

func (p *calmPeer) dispatch(m message) error {
	p.mu.Lock()
	h, ok := p.handlers[m.code]
	p.mu.Unlock()
	if !ok {
		return nil
	}
	return h(m)
}

func (p *calmPeer) handleStatus(m message) error {
	p.mu.Lock()
	p.head = m.head
	p.mu.Unlock()
	return nil
}

// A handler registered from outside (a parameter): unknown, not followed.
type openPeer struct {
	mu       sync.Mutex
	handlers map[int]func(message) error
}

func (p *openPeer) Handle(code int, h func(message) error) { p.handlers[code] = h }

func (p *openPeer) dispatch(m message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if h, ok := p.handlers[m.code]; ok {
		return h(m)
	}
	return nil
}
