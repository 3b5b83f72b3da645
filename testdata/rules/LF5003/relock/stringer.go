package relock

import (
	"errors"
	"fmt"
	"log"
	"sync"
)

// A peer whose String locks it, logged while it is locked: fmt calls String, which waits for the lock.
type peer struct {
	mu    sync.Mutex
	addr  string
	state string
}

func (p *peer) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Sprintf("%s(%s)", p.addr, p.state)
}

func (p *peer) setState(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	log.Printf("peer %v: %s -> %s", p, p.state, s) // want `this call reaches a Lock of p.mu \(through String, which log.Printf calls to format p\) while setState still holds it locked`
	p.state = s
}

func (p *peer) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return fmt.Errorf("closing %s", p) // want `this call reaches a Lock of p.mu \(through String, which fmt.Errorf calls to format p\)`
}

// The fixes and the calls fmt does not make: after the unlock; the fields, not the value; %p and %d print
// no String; %#v calls GoString; a value (a copy, with its own mutex) formats without touching p.mu.
func (p *peer) setStateFixed(s string) {
	p.mu.Lock()
	old := p.state
	p.state = s
	p.mu.Unlock()
	log.Printf("peer %v: %s -> %s", p, old, s)
}

func (p *peer) logFields() {
	p.mu.Lock()
	defer p.mu.Unlock()
	log.Printf("peer %s: %s", p.addr, p.state)
	log.Printf("peer at %p, %d bytes", p, len(p.addr))
	log.Printf("%#v", p)
}

// A String on a value receiver formats a copy: another mutex.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c counter) String() string { return fmt.Sprint(c.n) }

func (c *counter) bump() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	log.Println("counter", c)
}

// An Error that reads without the lock.
type opError struct {
	mu  sync.Mutex
	op  string
	err error
}

func (e *opError) Error() string { return e.op + ": " + e.err.Error() }

func (e *opError) wrap() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return fmt.Errorf("retry: %w %v", errors.New("x"), e)
}
