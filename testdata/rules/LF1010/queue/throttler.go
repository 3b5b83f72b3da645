package queue

import "errors"

type waiter struct {
	ready chan struct{}
}

// A throttler that queues requests until there is capacity, and stops with them still queued.
type throttler struct {
	capacity int
	inFlight int
	reqCh    chan *waiter
	release  chan struct{}
	stopCh   chan struct{}
	done     chan struct{}
}

func newThrottler(capacity int) *throttler {
	t := &throttler{capacity: capacity, reqCh: make(chan *waiter), release: make(chan struct{}),
		stopCh: make(chan struct{}), done: make(chan struct{})}
	go t.loop()
	return t
}

func (t *throttler) loop() {
	defer close(t.done)
	var queue []*waiter
	for {
		select {
		case <-t.stopCh:
			return
		case w := <-t.reqCh:
			queue = append(queue, w)
		case <-t.release:
			t.inFlight--
		}
		for t.inFlight < t.capacity && len(queue) > 0 {
			close(queue[0].ready)
			queue = queue[1:]
			t.inFlight++
		}
	}
}

var errStopped = errors.New("throttler stopped")

func (t *throttler) try(f func()) error {
	w := &waiter{ready: make(chan struct{})}
	select {
	case t.reqCh <- w:
	case <-t.done:
		return errStopped
	}
	<-w.ready // want `try waits on w.ready for the answer to the request it handed to loop over throttler.reqCh; loop queues requests to answer later and can return \(line 32 when it receives from throttler.stopCh\)`
	f()
	select {
	case t.release <- struct{}{}:
	case <-t.done:
	}
	return nil
}

// The fix: wait for the answer or for the loop's end.
func (t *throttler) tryFixed(f func()) error {
	w := &waiter{ready: make(chan struct{})}
	select {
	case t.reqCh <- w:
	case <-t.done:
		return errStopped
	}
	select {
	case <-w.ready:
	case <-t.done:
		return errStopped
	}
	f()
	return nil
}

func (t *throttler) stop() {
	close(t.stopCh)
	<-t.done
}

// A request/reply loop answering in the case it receives: nothing is left queued when it returns.
type request struct {
	key   string
	reply chan string
}

type lookup struct {
	reqCh  chan request
	stopCh chan struct{}
	data   map[string]string
}

func newLookup() *lookup {
	l := &lookup{reqCh: make(chan request), stopCh: make(chan struct{}), data: map[string]string{}}
	go l.serve()
	return l
}

func (l *lookup) serve() {
	for {
		select {
		case <-l.stopCh:
			return
		case r := <-l.reqCh:
			r.reply <- l.data[r.key]
		}
	}
}

func (l *lookup) get(key string) string {
	r := request{key: key, reply: make(chan string, 1)}
	select {
	case l.reqCh <- r:
	case <-l.stopCh:
		return ""
	}
	return <-r.reply
}

// A loop that fails every queued request before it returns.
type batcher struct {
	reqCh  chan chan error
	stopCh chan struct{}
}

func newBatcher() *batcher {
	b := &batcher{reqCh: make(chan chan error), stopCh: make(chan struct{})}
	go b.run()
	return b
}

func (b *batcher) run() {
	var pending []chan error
	for {
		select {
		case <-b.stopCh:
			for _, p := range pending {
				p <- errStopped
			}
			return
		case r := <-b.reqCh:
			pending = append(pending, r)
		}
		if len(pending) == 8 {
			for _, p := range pending {
				p <- nil
			}
			pending = nil
		}
	}
}

func (b *batcher) flush() error {
	r := make(chan error, 1)
	select {
	case b.reqCh <- r:
	case <-b.stopCh:
		return errStopped
	}
	return <-r
}
