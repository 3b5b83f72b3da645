package slotreturnedquietly

import (
	"context"
	"sync"
)

type Limiter struct {
	mu     sync.Mutex
	cond   *sync.Cond
	active int
	limit  int
}

func NewLimiter(limit int) *Limiter {
	l := &Limiter{limit: limit}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Limiter) Acquire() {
	l.mu.Lock()
	for l.active >= l.limit {
		l.cond.Wait()
	}
	l.active++
	l.mu.Unlock()
}

func (l *Limiter) Release() {
	l.mu.Lock()
	l.active--
	l.cond.Signal()
	l.mu.Unlock()
}

// Abort gives the slot back when the request's context ended before the request was sent.
func (l *Limiter) Abort() {
	l.mu.Lock()
	l.active--
	l.mu.Unlock()
}

// Do runs send in a slot, unless ctx is already done.
func (l *Limiter) Do(ctx context.Context, send func()) error {
	l.Acquire()
	if err := ctx.Err(); err != nil {
		l.Abort()
		return err
	}
	send()
	l.Release()
	return nil
}
