package cancelfield

import (
	"context"
	"sync"
)

// A result set that closes itself when its query's context ends: awaitDone waits on the derived context, whose
// cancel Close was meant to call. Nothing does, so each result set keeps a goroutine until the parent context
// ends, for ever under context.Background().
type resultRows struct {
	closemu sync.RWMutex
	closed  bool
	cancel  func()
	lasterr error
}

func (rs *resultRows) initContextClose(ctx context.Context) {
	ctx, rs.cancel = context.WithCancel(ctx) // want `initContextClose keeps the cancel of the context awaitDone waits on in rs.cancel, but nothing in the package ever calls rs.cancel`
	go rs.awaitDone(ctx)
}

func (rs *resultRows) awaitDone(ctx context.Context) {
	<-ctx.Done()
	rs.close(ctx.Err())
}

func (rs *resultRows) Close() error { return rs.close(nil) }

func (rs *resultRows) close(err error) error {
	rs.closemu.Lock()
	defer rs.closemu.Unlock()
	if rs.closed {
		return nil
	}
	rs.closed = true
	rs.lasterr = err
	return err
}

// The fix: close calls the cancel, so awaitDone returns as soon as the rows are closed.
type fixedRows struct {
	closemu sync.Mutex
	closed  bool
	cancel  func()
}

func (rs *fixedRows) initContextClose(ctx context.Context) {
	ctx, rs.cancel = context.WithCancel(ctx)
	go rs.awaitDone(ctx)
}

func (rs *fixedRows) awaitDone(ctx context.Context) {
	<-ctx.Done()
	rs.close()
}

func (rs *fixedRows) close() {
	rs.closemu.Lock()
	defer rs.closemu.Unlock()
	if rs.closed {
		return
	}
	rs.closed = true
	if rs.cancel != nil {
		rs.cancel()
	}
}

// The cancel is handed out (a caller of the package may call it): not ours to judge.
type handedRows struct {
	cancel func()
}

func (h *handedRows) start(ctx context.Context) {
	ctx, h.cancel = context.WithCancel(ctx)
	go h.wait(ctx)
}

func (h *handedRows) wait(ctx context.Context) { <-ctx.Done() }

func (h *handedRows) Canceller() func() { return h.cancel }

// An exported field: other packages may call it.
type exportedRows struct {
	Cancel func()
}

func (e *exportedRows) start(ctx context.Context) {
	ctx, e.Cancel = context.WithCancel(ctx)
	go e.wait(ctx)
}

func (e *exportedRows) wait(ctx context.Context) { <-ctx.Done() }

// A goroutine that can also end another way: the rule stays silent.
type pollRows struct {
	cancel func()
	done   chan struct{}
}

func (p *pollRows) start(ctx context.Context) {
	ctx, p.cancel = context.WithCancel(ctx)
	go func() {
		select {
		case <-ctx.Done():
		case <-p.done:
		}
	}()
}
