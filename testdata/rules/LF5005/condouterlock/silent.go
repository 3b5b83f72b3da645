package condouterlock

import "sync"

// The waker reaches its Broadcast without the outer lock on some path: silent.

type gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newGate() *gate {
	g := &gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *gate) wait() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *gate) release() {
	g.mu.Lock()
	g.open = true
	g.cond.Broadcast()
	g.mu.Unlock()
}

type Service struct {
	mu    sync.Mutex
	state string
	g     *gate
}

func NewService() *Service { return &Service{g: newGate()} }

// start releases the gate first and takes s.mu only after.
func (s *Service) start() {
	s.g.release()
	s.mu.Lock()
	s.state = "started"
	s.mu.Unlock()
}

// Ready is a second way to the release, with no lock.
func (s *Service) Ready() { s.g.release() }

func (s *Service) Run() { go s.start() }

func (s *Service) AwaitStarted() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.g.wait()
	return s.state
}
