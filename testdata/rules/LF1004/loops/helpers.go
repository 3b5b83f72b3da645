package loops

import "sync"

type cacheEvent struct{ key string }

// A cache watcher's loop sends each event through a helper: the helper's send blocks the loop as much as the
// loop's own, and Stop (closing input) no longer ends the loop once its consumer stopped reading.
type cacheWatcher struct {
	mu      sync.Mutex
	input   chan cacheEvent
	result  chan cacheEvent
	stopped bool
}

func newCacheWatcher() *cacheWatcher {
	w := &cacheWatcher{input: make(chan cacheEvent, 10), result: make(chan cacheEvent)}
	go w.process()
	return w
}

func (c *cacheWatcher) ResultChan() <-chan cacheEvent { return c.result }

func (c *cacheWatcher) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.stopped {
		c.stopped = true
		close(c.input)
	}
}

func (c *cacheWatcher) send(ev cacheEvent) {
	c.result <- ev // want `process can stop on c.input \(line \d+\), but this send on the unbuffered c.result does not select on it`
}

func (c *cacheWatcher) process() {
	defer close(c.result)
	for {
		ev, ok := <-c.input
		if !ok {
			return
		}
		c.send(ev)
	}
}

// The fix: the helper selects on a done channel that Stop closes.
type fixedCacheWatcher struct {
	mu      sync.Mutex
	input   chan cacheEvent
	result  chan cacheEvent
	done    chan struct{}
	stopped bool
}

func newFixedCacheWatcher() *fixedCacheWatcher {
	w := &fixedCacheWatcher{input: make(chan cacheEvent, 10), result: make(chan cacheEvent), done: make(chan struct{})}
	go w.process()
	return w
}

func (c *fixedCacheWatcher) ResultChan() <-chan cacheEvent { return c.result }

func (c *fixedCacheWatcher) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.stopped {
		c.stopped = true
		close(c.done)
		close(c.input)
	}
}

func (c *fixedCacheWatcher) send(ev cacheEvent) {
	select {
	case c.result <- ev:
	case <-c.done:
	}
}

func (c *fixedCacheWatcher) process() {
	defer close(c.result)
	for {
		ev, ok := <-c.input
		if !ok {
			return
		}
		c.send(ev)
	}
}

// A helper that answers a request on the request's own reply channel: its requester waits for it.
type askRequest struct{ reply chan int }

type askServer struct {
	reqs chan *askRequest
	quit chan struct{}
}

func newAskServer() *askServer {
	s := &askServer{reqs: make(chan *askRequest), quit: make(chan struct{})}
	go s.loop()
	return s
}

func (s *askServer) answer(r *askRequest) { r.reply <- 1 }

func (s *askServer) loop() {
	for {
		select {
		case r := <-s.reqs:
			s.answer(r)
		case <-s.quit:
			return
		}
	}
}
