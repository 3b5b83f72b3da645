package workers

import (
	"sync"
	"time"
)

type event struct{ name string }

// A server whose Stop closes the events channel while the worker started by Start may still send on it.
type Server struct {
	events chan event
	quit   chan struct{}
}

func (s *Server) Start() {
	go s.watch()
}

func (s *Server) watch() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
			s.events <- event{"tick"}
		}
	}
}

func (s *Server) Stop() {
	close(s.quit)
	close(s.events) // want `Stop closes s\.events while the goroutine Start starts \(line 17\) may still send on it \(line 28\)`
}

// A worker literal sending results; Close closes the results channel at once.
type Pool struct {
	jobs    chan int
	results chan int
}

func (p *Pool) Run() {
	go func() {
		for j := range p.jobs {
			p.results <- j * 2
		}
	}()
}

func (p *Pool) Close() {
	close(p.jobs)
	close(p.results) // want `Close closes p\.results while the goroutine Run starts \(line 45\) may still send on it \(line 47\)`
}

// Negative cases: the idiomatic orderings.

// Stop waits for the workers before closing what they send on.
type Waited struct {
	wg   sync.WaitGroup
	out  chan int
	quit chan struct{}
}

func (w *Waited) Start(n int) {
	for i := 0; i < n; i++ {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for {
				select {
				case <-w.quit:
					return
				case w.out <- i:
				}
			}
		}()
	}
}

func (w *Waited) Stop() {
	close(w.quit)
	w.wg.Wait()
	close(w.out)
}

// The sole sender closes when it is done.
type Producer struct{ out chan int }

func (p *Producer) Start(items []int) {
	go func() {
		defer close(p.out)
		for _, i := range items {
			p.out <- i
		}
	}()
}

// Stop only closes the quit channel; the worker's own channel stays open.
type Ticker struct {
	c    chan time.Time
	quit chan struct{}
}

func (t *Ticker) Start() {
	go func() {
		for {
			select {
			case <-t.quit:
				return
			case now := <-time.After(time.Second):
				select {
				case t.c <- now:
				case <-t.quit:
					return
				}
			}
		}
	}()
}

func (t *Ticker) Stop() { close(t.quit) }

// Stop waits for the worker's exit signal before closing.
type Acked struct {
	out  chan int
	quit chan struct{}
	done chan struct{}
}

func (a *Acked) Start() {
	go func() {
		defer close(a.done)
		for i := 0; ; i++ {
			select {
			case <-a.quit:
				return
			case a.out <- i:
			}
		}
	}()
}

func (a *Acked) Stop() {
	close(a.quit)
	<-a.done
	close(a.out)
}

// A closed flag checked under the mutex both sides take.
type Guarded struct {
	mu     sync.Mutex
	closed bool
	out    chan int
}

func (g *Guarded) Start() {
	go func() {
		for i := 0; ; i++ {
			g.mu.Lock()
			if g.closed {
				g.mu.Unlock()
				return
			}
			g.out <- i
			g.mu.Unlock()
		}
	}()
}

func (g *Guarded) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = true
	close(g.out)
}

// The close comes from a goroutine that waits for the senders first.
type Fanned struct {
	wg  sync.WaitGroup
	out chan int
}

func (f *Fanned) Start(n int) {
	for i := 0; i < n; i++ {
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			f.out <- i
		}()
	}
	go func() {
		f.wg.Wait()
		close(f.out)
	}()
}

// The channel is closed before the sender starts (a constructor's error path).
type Early struct{ out chan int }

func NewEarly(fail bool) *Early {
	e := &Early{out: make(chan int)}
	if fail {
		close(e.out)
		return e
	}
	go func() { e.out <- 1 }()
	return e
}

// A pipe of two ends of one type: the goroutine sends on the server end's channel, CloseSend closes the
// client end's. Same field, different objects.
type end struct {
	sendc chan<- int
	recvc <-chan int
}

func (e *end) CloseSend() { close(e.sendc) }

func newPipe(handle func(*end) error) *end {
	a, b := make(chan int, 1), make(chan int)
	cli := &end{sendc: b, recvc: a}
	srv := &end{sendc: a, recvc: b}
	go func() {
		if err := handle(srv); err != nil {
			srv.sendc <- 1
		}
	}()
	return cli
}

// The close runs only once the stream's sender has marked itself closing on its way out.
type stream struct {
	closing bool
	outc    chan int
}

func (s *stream) serve(in <-chan int) {
	defer func() { s.closing = true }()
	for v := range in {
		s.outc <- v
	}
}

func (s *stream) Start(in <-chan int) { go s.serve(in) }

func (s *stream) Cancel() {
	if s.closing {
		close(s.outc)
	}
}
