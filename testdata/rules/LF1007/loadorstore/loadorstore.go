package loadorstore

import "sync"

type pull struct {
	done  chan struct{}
	layer string
	err   error
}

func (p *pull) wait() (string, error) {
	<-p.done
	return p.layer, p.err
}

type Puller struct {
	inflight sync.Map // ref -> *pull
	fetch    func(string) (string, error)
}

// The loser of the race waits on its own fresh pull, which was never stored and which nothing closes.
func (pl *Puller) Pull(ref string) (string, error) {
	p := &pull{done: make(chan struct{})}
	if _, loaded := pl.inflight.LoadOrStore(ref, p); loaded {
		return p.wait() // want `LoadOrStore found another caller's entry \(loaded is true\), so p was never stored and nobody else can see it: this waits on p.done`
	}
	p.layer, p.err = pl.fetch(ref)
	pl.inflight.Delete(ref)
	close(p.done)
	return p.layer, p.err
}

type call struct {
	ready chan struct{}
	val   int
}

var calls sync.Map

// The same with loaded tested on its own line and the receive written out.
func Do(key string, fn func() int) int {
	c := &call{ready: make(chan struct{})}
	_, loaded := calls.LoadOrStore(key, c)
	if !loaded {
		c.val = fn()
		calls.Delete(key)
		close(c.ready)
		return c.val
	} else {
		<-c.ready // want `so c was never stored and nobody else can see it: this waits on c.ready`
		return c.val
	}
}

// --- negatives ---

// The fix: wait on the entry LoadOrStore returned.
func (pl *Puller) PullFixed(ref string) (string, error) {
	p := &pull{done: make(chan struct{})}
	if actual, loaded := pl.inflight.LoadOrStore(ref, p); loaded {
		return actual.(*pull).wait()
	}
	p.layer, p.err = pl.fetch(ref)
	pl.inflight.Delete(ref)
	close(p.done)
	return p.layer, p.err
}

// The loaded value is taken into the variable first.
func DoLoaded(key string, fn func() int) int {
	c := &call{ready: make(chan struct{})}
	v, loaded := calls.LoadOrStore(key, c)
	if loaded {
		c = v.(*call)
		<-c.ready
		return c.val
	}
	c.val = fn()
	close(c.ready)
	return c.val
}

var pending []*call

// The entry is handed elsewhere before the offer: someone else may close it.
func DoShared(key string, fn func() int) int {
	c := &call{ready: make(chan struct{})}
	pending = append(pending, c)
	if _, loaded := calls.LoadOrStore(key, c); loaded {
		<-c.ready
		return c.val
	}
	c.val = fn()
	close(c.ready)
	return c.val
}

// A loser that does not wait.
func DoOnce(key string, fn func() int) (int, bool) {
	c := &call{ready: make(chan struct{})}
	if _, loaded := calls.LoadOrStore(key, c); loaded {
		return 0, false
	}
	c.val = fn()
	close(c.ready)
	return c.val, true
}

// The channel is shared with the caller's, not made for the entry.
func DoWith(key string, ready chan struct{}) int {
	c := &call{ready: ready}
	if _, loaded := calls.LoadOrStore(key, c); loaded {
		<-c.ready
		return c.val
	}
	return 0
}
