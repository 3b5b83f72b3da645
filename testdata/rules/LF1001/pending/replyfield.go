package pending

import (
	"context"
	"time"
)

// A cache's loop answers each request on the request's own reply channel. Get gives up when its context ends;
// the loop's next answer then waits for ever, and every later request queues behind it.
type request struct {
	key   string
	reply chan string
}

type cache struct {
	reqs chan request
	data map[string]string
}

func newCache() *cache {
	c := &cache{reqs: make(chan request), data: map[string]string{}}
	go c.loop()
	return c
}

func (c *cache) loop() {
	for r := range c.reqs {
		r.reply <- c.data[r.key] // want `this send on r\.reply blocks for ever once Get has stopped waiting: request\.reply is made unbuffered and every receive from it is a select case beside one that leaves when ctx\.Done\(\) fires \(line 42, in Get\)`
	}
}

func (c *cache) Get(ctx context.Context, key string) (string, error) {
	r := request{key: key, reply: make(chan string)}
	select {
	case c.reqs <- r:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	select {
	case v := <-r.reply:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// A pending call kept in a map, answered by a dispatcher; the caller gives up after a timer.
type pendingCall struct {
	id   int
	done chan error
}

type mux struct {
	calls map[int]*pendingCall
}

func (m *mux) do(id int, d time.Duration) error {
	pc := &pendingCall{id: id}
	pc.done = make(chan error)
	m.calls[id] = pc
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case err := <-pc.done:
		return err
	case <-t.C:
		return context.DeadlineExceeded
	}
}

func (m *mux) dispatch(id int, err error) {
	pc := m.calls[id]
	delete(m.calls, id)
	go func() {
		pc.done <- err // want `this send on pc\.done blocks for ever once do has stopped waiting: pendingCall\.done is made unbuffered`
	}()
}
