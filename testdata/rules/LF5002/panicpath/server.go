package panicpath

import (
	"log"
	"sync"
)

// A server recovers a handler's panic so that one bad call cannot crash it, but dispatch holds s.mu across the
// handler and unlocks with a plain call: after a panic the mutex stays locked, and the next call blocks for ever.

type handler func(args []string) (string, error)

type server struct {
	mu       sync.Mutex
	handlers map[string]handler
	calls    map[string]int
}

func (s *server) Serve(method string, args []string, reply func(string)) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Printf("%s panicked: %v", method, r)
				reply("internal error")
			}
		}()
		reply(s.dispatch(method, args))
	}()
}

func (s *server) dispatch(method string, args []string) string {
	s.mu.Lock()
	h, ok := s.handlers[method]
	if !ok {
		s.mu.Unlock()
		return "no such method"
	}
	s.calls[method]++
	out, err := h(args) // want `dispatch runs under a recover \(line \d+\) and calls code it does not know here with s.mu locked, unlocking it only with a plain Unlock afterwards`
	s.mu.Unlock()
	if err != nil {
		return err.Error()
	}
	return out
}

// Fixed: the unlock is deferred, so it runs on the panic path too.
type safeServer struct {
	mu       sync.Mutex
	handlers map[string]handler
}

func (s *safeServer) Serve(method string, args []string, reply func(string)) {
	go func() {
		defer func() {
			if r := recover(); r != nil {
				reply("internal error")
			}
		}()
		reply(s.dispatch(method, args))
	}()
}

func (s *safeServer) dispatch(method string, args []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.handlers[method]
	if !ok {
		return "no such method"
	}
	out, _ := h(args)
	return out
}

// The handler is called after the unlock: a panic leaves nothing locked.
type copyingServer struct {
	mu       sync.Mutex
	handlers map[string]handler
}

func (s *copyingServer) Serve(method string, args []string, reply func(string)) {
	go func() {
		defer func() {
			if recover() != nil {
				reply("internal error")
			}
		}()
		reply(s.dispatch(method, args))
	}()
}

func (s *copyingServer) dispatch(method string, args []string) string {
	s.mu.Lock()
	h := s.handlers[method]
	s.mu.Unlock()
	out, _ := h(args)
	return out
}

// Nothing recovers: a panic takes the process down, and the plain unlock is this rule's business no more.
type plainServer struct {
	mu       sync.Mutex
	handlers map[string]handler
}

func (s *plainServer) dispatch(method string, args []string) string {
	s.mu.Lock()
	out, _ := s.handlers[method](args)
	s.mu.Unlock()
	return out
}

// Only known code runs under the lock.
type countingServer struct {
	mu    sync.Mutex
	calls map[string]int
}

func (s *countingServer) Serve(method string, reply func(string)) {
	go func() {
		defer func() { _ = recover() }()
		s.count(method)
		reply("ok")
	}()
}

func (s *countingServer) count(method string) {
	s.mu.Lock()
	s.calls[method]++
	s.mu.Unlock()
}

// A recover that cleans up and panics again (a terminal UI restoring the screen): the panic goes on and takes the
// process down, nothing goes on with the mutex locked. Silent.
type screenApp struct {
	mu      sync.Mutex
	draw    func()
	restore func()
}

func (a *screenApp) Run() {
	defer func() {
		if p := recover(); p != nil {
			a.restore()
			panic(p)
		}
	}()
	a.redraw()
}

func (a *screenApp) redraw() {
	a.mu.Lock()
	a.draw()
	a.mu.Unlock()
}

// A local closure run under the lock is known code: one that only reads fields cannot throw. Silent.
type keyRegistry struct {
	sync.RWMutex
	keys map[uint64]string
	next uint64
}

func (s *keyRegistry) Serve(reply func(string)) {
	go func() {
		defer func() { _ = recover() }()
		reply(s.latest())
	}()
}

func (s *keyRegistry) latest() string {
	current := func() (string, bool) {
		k, ok := s.keys[s.next]
		return k, ok
	}
	s.RLock()
	k, ok := current()
	s.RUnlock()
	if ok {
		return k
	}
	return ""
}
