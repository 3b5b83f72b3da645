package calledself

import (
	"sync"
	"time"
)

// The fixes and the shapes that are fine: the loop does the work itself; hands the request to another goroutine;
// sends on a buffered channel; sends in a select with a default or a timeout; sends on a channel another goroutine
// also receives; calls the method on another value; defers the call; a pool of workers sharing the channel.
type FolderFixed struct {
	scanReq chan []string
	pullReq chan struct{}
	stop    chan struct{}
	mu      sync.Mutex
	scanned []string
}

func NewFolderFixed() *FolderFixed {
	return &FolderFixed{scanReq: make(chan []string), pullReq: make(chan struct{}, 1), stop: make(chan struct{})}
}

func (f *FolderFixed) Serve() {
	for {
		select {
		case dirs := <-f.scanReq:
			f.scanSubdirs(dirs)
		case <-f.pullReq:
			f.pull()
		case <-f.stop:
			return
		}
	}
}

func (f *FolderFixed) Stop() { close(f.stop) }

func (f *FolderFixed) Scan(dirs []string) {
	select {
	case f.scanReq <- dirs:
	case <-f.stop:
	}
}

func (f *FolderFixed) pull() {
	// On the loop already: scan directly.
	f.scanSubdirs([]string{"."})
}

func (f *FolderFixed) scanSubdirs(dirs []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scanned = append(f.scanned, dirs...)
}

// The loop hands the rescan to another goroutine, which waits until the loop comes back to its select.
type Handoff struct {
	scanReq chan []string
	pullReq chan struct{}
	stop    chan struct{}
}

func NewHandoff() *Handoff {
	h := &Handoff{scanReq: make(chan []string), pullReq: make(chan struct{}), stop: make(chan struct{})}
	go h.serve()
	return h
}

func (h *Handoff) serve() {
	for {
		select {
		case <-h.scanReq:
		case <-h.pullReq:
			go h.Scan([]string{"a"})
			go func() { h.Scan([]string{"b"}) }()
			defer h.Scan(nil)
		case <-h.stop:
			return
		}
	}
}

func (h *Handoff) Stop() { close(h.stop) }

func (h *Handoff) Scan(dirs []string) {
	select {
	case h.scanReq <- dirs:
	case <-h.stop:
	}
}

// A buffered request channel with room for the loop's own request; a non-blocking send; a send with a timeout.
type Buffered struct {
	reqs  chan int
	tries chan int
	wake  chan struct{}
	kick  chan struct{}
	quit  chan struct{}
}

func NewBuffered() *Buffered {
	b := &Buffered{reqs: make(chan int, 1), tries: make(chan int), wake: make(chan struct{}), kick: make(chan struct{}), quit: make(chan struct{})}
	go b.loop()
	return b
}

func (b *Buffered) loop() {
	for {
		select {
		case n := <-b.reqs:
			b.requeue(n)
		case n := <-b.tries:
			b.retry(n)
			b.maybeRetry(n)
		case <-b.wake:
			b.Kick()
		case <-b.quit:
			return
		}
	}
}

func (b *Buffered) requeue(n int) { b.reqs <- n + 1 }

func (b *Buffered) retry(n int) {
	select {
	case b.tries <- n + 1:
	default:
	}
}

func (b *Buffered) maybeRetry(n int) {
	select {
	case b.tries <- n + 1:
	case <-time.After(time.Second):
	case <-b.quit:
	}
}

// kick is received outside the loop too: another goroutine may take the send.
func (b *Buffered) Kick() { b.kick <- struct{}{} }

func (b *Buffered) Kicked() { <-b.kick }

func (b *Buffered) Close() { close(b.quit) }

// A loop asking another value of its type: that value's loop receives.
type Peer struct {
	in   chan string
	peer *Peer
	stop chan struct{}
}

func NewPeer() *Peer {
	p := &Peer{in: make(chan string), stop: make(chan struct{})}
	go p.run()
	return p
}

func (p *Peer) run() {
	for {
		select {
		case m := <-p.in:
			if p.peer != nil {
				p.peer.Send(m)
			}
		case <-p.stop:
			return
		}
	}
}

func (p *Peer) Send(m string) {
	select {
	case p.in <- m:
	case <-p.stop:
	}
}

// A pool of workers sharing one job channel: a worker requeueing a job is received by another worker.
type Pool struct {
	jobs chan int
	done chan struct{}
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan int), done: make(chan struct{})}
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	for {
		select {
		case j := <-p.jobs:
			if j > 0 {
				p.Submit(j - 1)
			}
		case <-p.done:
			return
		}
	}
}

func (p *Pool) Submit(j int) {
	select {
	case p.jobs <- j:
	case <-p.done:
	}
}
