package conds

import "sync"

// A throttle: Acquire waits while every slot is taken; Release gives one back and wakes a waiter, Abort gives
// one back and wakes nobody, so a waiter sleeps with a slot free.
type throttle struct {
	mu     sync.Mutex
	cond   *sync.Cond
	active int
	limit  int
}

func newThrottle(limit int) *throttle {
	t := &throttle{limit: limit}
	t.cond = sync.NewCond(&t.mu)
	t.active = 0 // a value still being built: nobody waits on it yet
	return t
}

func (t *throttle) acquire() {
	t.mu.Lock()
	for t.active >= t.limit {
		t.cond.Wait()
	}
	t.active++ // the waiter's own change
	t.mu.Unlock()
}

// reserve takes a slot without waiting: counting up cannot end the wait, no wake-up needed.
func (t *throttle) reserve() {
	t.mu.Lock()
	t.active++
	t.mu.Unlock()
}

func (t *throttle) release() {
	t.mu.Lock()
	t.active--
	t.cond.Signal()
	t.mu.Unlock()
}

func (t *throttle) abort() {
	t.mu.Lock()
	t.active-- // want `abort counts t.active down, which can end the wait loop in acquire \(line 23\), but never calls Broadcast or Signal, as release does after the same change`
	t.mu.Unlock()
}

// releaseAll gives slots back through a helper, then broadcasts: the helper's change is woken for.
func (t *throttle) releaseAll(n int) {
	t.mu.Lock()
	t.drop(n)
	t.mu.Unlock()
	t.cond.Broadcast()
}

func (t *throttle) drop(n int) {
	t.active -= n
}

// A batcher: Next waits for pending values; Add appends and signals, AddAll appends and does not.
type batcher struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []int
	closed  bool
}

func newBatcher() *batcher {
	b := &batcher{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *batcher) add(v int) {
	b.mu.Lock()
	b.pending = append(b.pending, v)
	b.cond.Signal()
	b.mu.Unlock()
}

func (b *batcher) addAll(vs []int) {
	b.mu.Lock()
	b.pending = append(b.pending, vs...) // want `addAll adds to b.pending, which can end the wait loop in next \(line 92\), but never calls Broadcast or Signal, as add does after the same change`
	b.mu.Unlock()
}

func (b *batcher) next() []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.pending) == 0 && !b.closed {
		b.cond.Wait()
	}
	out := b.pending
	b.pending = nil
	return out
}

// discard empties the batch: removing values cannot end a wait for values.
func (b *batcher) discard() {
	b.mu.Lock()
	b.pending = b.pending[:0]
	b.mu.Unlock()
}

func (b *batcher) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	defer b.cond.Broadcast()
	b.closed = true
}

// A runner state compared with constants: stop changes it and broadcasts, crash changes it the same way and
// does not; pause sets the value the waiters wait through.
const (
	stateIdle = iota
	stateRunning
	stateStopped
)

type runner struct {
	mu    sync.Mutex
	cond  *sync.Cond
	state int
}

func newRunner() *runner {
	r := &runner{}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *runner) wait() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.state == stateRunning {
		r.cond.Wait()
	}
}

func (r *runner) stop() {
	r.mu.Lock()
	r.state = stateStopped
	r.cond.Broadcast()
	r.mu.Unlock()
}

func (r *runner) crash() {
	r.mu.Lock()
	r.state = stateStopped // want `crash sets r.state = stateStopped, which ends the wait loop in wait \(line 137\), but never calls Broadcast or Signal, as stop does after the same change`
	r.mu.Unlock()
}

func (r *runner) resume() {
	r.mu.Lock()
	r.state = stateRunning
	r.mu.Unlock()
}

// A registry of in-flight requests that Drain waits to empty: complete deletes and broadcasts, cancel deletes
// and does not.
type registry struct {
	mu      sync.Mutex
	drained *sync.Cond
	pending map[int]string
}

func newRegistry() *registry {
	r := &registry{pending: map[int]string{}}
	r.drained = sync.NewCond(&r.mu)
	return r
}

func (r *registry) drain() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.pending) > 0 {
		r.drained.Wait()
	}
}

func (r *registry) start(id int, what string) {
	r.mu.Lock()
	r.pending[id] = what // adding cannot end a wait for the map to empty
	r.mu.Unlock()
}

func (r *registry) complete(id int) {
	r.mu.Lock()
	delete(r.pending, id)
	r.drained.Broadcast()
	r.mu.Unlock()
}

func (r *registry) cancel(id int) {
	r.mu.Lock()
	delete(r.pending, id) // want `cancel removes from r.pending, which can end the wait loop in drain \(line 178\), but never calls Broadcast or Signal, as complete does after the same change`
	r.mu.Unlock()
}

// Either of two conditions keeps this loop going: changing one alone need not end it, nothing is judged.
type gate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	paused bool
	busy   int
}

func (g *gate) enter() {
	g.mu.Lock()
	for g.paused || g.busy > 0 {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *gate) leave() {
	g.mu.Lock()
	g.busy--
	g.cond.Broadcast()
	g.mu.Unlock()
}

func (g *gate) leaveQuietly() {
	g.mu.Lock()
	g.busy--
	g.mu.Unlock()
}

// A limiter whose Do gives the slot back through Abort when the context is already done and returns: Do
// signals on its other path (through Release), not after Abort.
type limiter struct {
	mu     sync.Mutex
	cond   *sync.Cond
	active int
}

func newLimiter() *limiter {
	l := &limiter{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *limiter) acquire() {
	l.mu.Lock()
	for l.active >= 4 {
		l.cond.Wait()
	}
	l.active++
	l.mu.Unlock()
}

func (l *limiter) release() {
	l.mu.Lock()
	l.active--
	l.cond.Signal()
	l.mu.Unlock()
}

func (l *limiter) abort() {
	l.mu.Lock()
	l.active-- // want `abort counts l.active down, which can end the wait loop in acquire \(line 247\), but never calls Broadcast or Signal, as release does after the same change`
	l.mu.Unlock()
}

func (l *limiter) do(failed bool, send func()) bool {
	l.acquire()
	if failed {
		l.abort()
		return false
	}
	send()
	l.release()
	return true
}

// The same helper followed by a signal on the caller's way out is the caller's business.
func (l *limiter) giveBack(n int) {
	for i := 0; i < n; i++ {
		l.forget()
	}
	l.cond.Broadcast()
}

func (l *limiter) forget() {
	l.mu.Lock()
	l.active--
	l.mu.Unlock()
}
