package ctxconds

import (
	"context"
	"sync"
	"time"
)

// A transfer limiter: Acquire checks ctx only between Waits, and only Release signals. A caller whose deadline passes
// while every slot is held sleeps until a transfer ends.
type limiter struct {
	mu    sync.Mutex
	cond  *sync.Cond
	inUse int
	max   int
}

func newLimiter(max int) *limiter {
	l := &limiter{max: max}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *limiter) Acquire(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.inUse >= l.max {
		if err := ctx.Err(); err != nil {
			return err
		}
		l.cond.Wait() // want `Acquire checks ctx only between Waits on l.cond, but Cond.Wait does not wake when ctx ends, and nothing signals l.cond when it does .*only Release signals it`
	}
	l.inUse++
	return nil
}

func (l *limiter) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inUse--
	l.cond.Signal()
}

// A queue whose Pop checks the context in the loop's condition, with a non-blocking select; Push and Close
// broadcast, neither on the context's end.
type queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []int
	closed bool
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) Pop(ctx context.Context) (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		select {
		case <-ctx.Done():
			return 0, false
		default:
		}
		q.cond.Wait() // want `Pop checks ctx only between Waits on q.cond`
	}
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

func (q *queue) Push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Fixed with a watcher goroutine that broadcasts when ctx ends. Silent.
type watchedLimiter struct {
	mu    sync.Mutex
	cond  *sync.Cond
	inUse int
	max   int
}

func (l *watchedLimiter) Acquire(ctx context.Context) error {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-ctx.Done():
			l.mu.Lock()
			l.cond.Broadcast()
			l.mu.Unlock()
		case <-stop:
		}
	}()
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.inUse >= l.max {
		if err := ctx.Err(); err != nil {
			return err
		}
		l.cond.Wait()
	}
	l.inUse++
	return nil
}

func (l *watchedLimiter) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inUse--
	l.cond.Signal()
}

// Fixed with context.AfterFunc (Go 1.21). Silent.
type afterFuncLimiter struct {
	mu    sync.Mutex
	cond  *sync.Cond
	inUse int
	max   int
}

func (l *afterFuncLimiter) Acquire(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.cond.Broadcast()
	})
	defer stop()
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.inUse >= l.max {
		if err := ctx.Err(); err != nil {
			return err
		}
		l.cond.Wait()
	}
	l.inUse++
	return nil
}

func (l *afterFuncLimiter) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inUse--
	l.cond.Signal()
}

// A method value handed to AfterFunc by the caller. Silent.
type wakeLimiter struct {
	mu    sync.Mutex
	cond  *sync.Cond
	inUse int
	max   int
}

func (l *wakeLimiter) acquire(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.inUse >= l.max {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		l.cond.Wait()
	}
	l.inUse++
	return nil
}

func (l *wakeLimiter) wake() {
	l.mu.Lock()
	l.cond.Broadcast()
	l.mu.Unlock()
}

func (l *wakeLimiter) Acquire(ctx context.Context) error {
	stop := context.AfterFunc(ctx, l.wake)
	defer stop()
	return l.acquire(ctx)
}

// A pool woken periodically by a janitor's ticker: the context's end is seen within a tick. Silent.
type pool struct {
	mu   sync.Mutex
	cond *sync.Cond
	free int
}

func (p *pool) Get(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.free == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		p.cond.Wait()
	}
	p.free--
	return nil
}

func (p *pool) Put() {
	p.mu.Lock()
	p.free++
	p.mu.Unlock()
	p.cond.Signal()
}

func (p *pool) janitor(stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.cond.Broadcast()
		}
	}
}

// A loop that waits on ctx.Done() itself, not on the Cond (a select without default). Silent.
type ticketDesk struct {
	mu     sync.Mutex
	cond   *sync.Cond
	ready  chan struct{}
	served int
}

func (t *ticketDesk) Wait(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.ready:
			return nil
		}
	}
}

// No context check at all: not this form. Silent here.
type plainGate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func (g *plainGate) Wait() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open {
		g.cond.Wait()
	}
}

func (g *plainGate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// The Cond is handed to a helper that may broadcast it on the context's end. Silent.
type handedGate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func (g *handedGate) Wait(ctx context.Context) error {
	wakeOnDone(ctx, g.cond)
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open {
		if err := ctx.Err(); err != nil {
			return err
		}
		g.cond.Wait()
	}
	return nil
}

func (g *handedGate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

func wakeOnDone(ctx context.Context, c *sync.Cond) {
	context.AfterFunc(ctx, c.Broadcast)
}

// The signaller is called by a loop that watches a Done channel. Silent.
type feed struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []string
}

func (f *feed) Next(ctx context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for len(f.items) == 0 {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		f.cond.Wait()
	}
	s := f.items[0]
	f.items = f.items[1:]
	return s, nil
}

func (f *feed) notify() {
	f.mu.Lock()
	f.cond.Broadcast()
	f.mu.Unlock()
}

func (f *feed) pump(ctx context.Context, in <-chan string) {
	for {
		select {
		case <-ctx.Done():
			f.notify()
			return
		case s := <-in:
			f.mu.Lock()
			f.items = append(f.items, s)
			f.mu.Unlock()
			f.notify()
		}
	}
}
