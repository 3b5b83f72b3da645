package donebehindonce

import "sync"

type listener struct {
	addr      string
	readyOnce sync.Once
}

// Every listener reports ready through one Once on the server: only the first Done comes.
type Server struct {
	ready     sync.WaitGroup
	readyOnce sync.Once
}

func (s *Server) markReady(l *listener) {
	s.readyOnce.Do(s.ready.Done) // want `the only Done of s.ready runs behind s.readyOnce, one Once for every goroutine s.ready counts: the Add at line 22 counts it up more than once`
}

func (s *Server) Start(addrs []string) {
	for _, a := range addrs {
		s.ready.Add(1)
		go s.serve(&listener{addr: a})
	}
}

func (s *Server) serve(l *listener) { s.markReady(l) }

func (s *Server) WaitReady() { s.ready.Wait() }

// The same through a literal, and a group counted by a constant of 3.
type pool struct {
	started sync.WaitGroup
	once    sync.Once
}

func (p *pool) Run() {
	p.started.Add(3)
	for i := 0; i < 3; i++ {
		go func() {
			p.once.Do(func() { // want `the only Done of p.started runs behind p.once`
				p.started.Done()
			})
		}()
	}
	p.started.Wait()
}

// A package-level Once guarding a package-level group.
var (
	warm     sync.WaitGroup
	warmOnce sync.Once
)

func warmUp(keys []string) {
	for range keys {
		warm.Add(1)
		go func() { warmOnce.Do(warm.Done) }() // want `the only Done of warm runs behind warmOnce`
	}
	warm.Wait()
}
