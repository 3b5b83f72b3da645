package closers

import (
	"sync"
	"sync/atomic"
)

func fetch(int) int { return 0 }

// A fan-out where every worker closes the results channel when it is done.
func fanOut(n int) <-chan int {
	results := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() {
			results <- fetch(i)
			close(results) // want `every goroutine this loop starts closes results`
		}()
	}
	return results
}

func fanOutDeferred(ids []int) chan int {
	out := make(chan int, len(ids))
	for _, id := range ids {
		go func() {
			defer close(out) // want `every goroutine this loop starts closes out`
			out <- fetch(id)
		}()
	}
	return out
}

// A server whose loop closes done on a fatal error while Stop closes it too.
type server struct {
	done chan struct{}
	errs chan error
}

func (s *server) run() {
	for err := range s.errs {
		_ = err
		close(s.done)
		return
	}
}

func (s *server) Stop() {
	close(s.done) // want `done is also closed at line 42 in another function, and neither close is guarded`
}

// Negative cases: the guards.

// Close once, after every worker is done.
func fanOutJoined(n int) <-chan int {
	results := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- fetch(i)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// The last worker out closes.
func lastOut(n int) <-chan int {
	results := make(chan int, n)
	left := int32(n)
	for i := 0; i < n; i++ {
		go func() {
			results <- fetch(i)
			if atomic.AddInt32(&left, -1) == 0 {
				close(results)
			}
		}()
	}
	return results
}

// Guarded by sync.Once.
type onceCloser struct {
	once sync.Once
	quit chan struct{}
}

func (c *onceCloser) loop() { c.once.Do(func() { close(c.quit) }) }

func (c *onceCloser) Close() { c.once.Do(func() { close(c.quit) }) }

// Guarded by the closed-check select under a mutex.
type selectCloser struct {
	mu   sync.Mutex
	quit chan struct{}
}

func (c *selectCloser) fail() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.quit:
	default:
		close(c.quit)
	}
}

func (c *selectCloser) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.quit:
		return
	default:
	}
	close(c.quit)
}

// Guarded by a flag checked under the same mutex.
type flagCloser struct {
	mu     sync.Mutex
	closed bool
	quit   chan struct{}
}

func (c *flagCloser) fail() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closed = true
		close(c.quit)
	}
}

func (c *flagCloser) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	close(c.quit)
}

// The only sender closes in a defer, once.
func produce(ids []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, id := range ids {
			out <- fetch(id)
		}
	}()
	return out
}

// A reset: the channel is replaced after the close.
type pulse struct{ tick chan struct{} }

func (p *pulse) Broadcast() {
	close(p.tick)
	p.tick = make(chan struct{})
}

func (p *pulse) reset() {
	close(p.tick)
	p.tick = make(chan struct{})
}

// A loop that leaves right after starting its one goroutine.
func startOne(ids []int, done chan struct{}) {
	for range ids {
		go func() { close(done) }()
		return
	}
}

// Each follower's stopCh is closed once: the closes name different objects.
type follower struct{ stopCh chan struct{} }

type leader struct{ followers map[string]*follower }

func (l *leader) stepDown() {
	for _, f := range l.followers {
		close(f.stopCh)
	}
}

func (l *leader) remove(id string) {
	f := l.followers[id]
	close(f.stopCh)
	delete(l.followers, id)
}

// Two constructors, each closing the channel of the object it builds.
type session struct{ handshakeDone chan struct{} }

func newClientSession(register func(func())) *session {
	s := &session{handshakeDone: make(chan struct{})}
	register(func() { close(s.handshakeDone) })
	return s
}

func newServerSession(register func(func())) *session {
	s := &session{handshakeDone: make(chan struct{})}
	register(func() { close(s.handshakeDone) })
	return s
}

// A reconnect loop: each iteration makes the channel anew and waits for its goroutines.
type client struct{ closeChan chan struct{} }

func (c *client) loop(recv func() error) {
	for {
		c.closeChan = make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			_ = recv()
			close(c.closeChan)
			wg.Done()
		}()
		wg.Wait()
	}
}
