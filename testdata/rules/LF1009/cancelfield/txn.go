package cancelfield

import "context"

// A transaction whose watcher goroutine waits on the context only Rollback cancels: a caller that drops the
// transaction leaks the watcher.
type txn struct {
	cancel context.CancelFunc
	ctx    context.Context
}

type store struct{}

func (s *store) begin(ctx context.Context) *txn {
	ctx, cancel := context.WithCancel(ctx)
	tx := &txn{cancel: cancel, ctx: ctx}
	go tx.awaitDone()
	return tx
}

func (tx *txn) awaitDone() {
	<-tx.ctx.Done()
}

func (tx *txn) Rollback() {
	tx.cancel()
}

func (s *store) probe(ctx context.Context) {
	s.begin(ctx) // want `the txn begin returns is dropped here, and awaitDone, the goroutine begin started for it, ends only when the context whose cancel the txn keeps in cancel is cancelled \(only its Rollback calls it\)`
}

func (s *store) probeBlank(ctx context.Context) {
	_ = s.begin(ctx) // want `the txn begin returns is dropped here`
}

// The fix: keep the transaction and end it.
func (s *store) probeFixed(ctx context.Context) {
	tx := s.begin(ctx)
	defer tx.Rollback()
}

// A watcher that also ends by itself (a timeout select, an error return) is not one only the cancel ends.
type lease struct {
	cancel context.CancelFunc
	ctx    context.Context
	expiry chan struct{}
}

func grant(ctx context.Context) *lease {
	ctx, cancel := context.WithCancel(ctx)
	l := &lease{cancel: cancel, ctx: ctx, expiry: make(chan struct{})}
	go l.watch()
	return l
}

func (l *lease) watch() {
	for {
		select {
		case <-l.ctx.Done():
			return
		case <-l.expiry:
			return
		}
	}
}

func grantAndForget(ctx context.Context) {
	grant(ctx)
}

// A constructor that cancels on an error path before returning nil still returns the owner on the other.
type session struct {
	cancel context.CancelFunc
}

func openSession(ctx context.Context, name string) (*session, error) {
	ctx, cancel := context.WithCancel(ctx)
	s := &session{cancel: cancel}
	go func() {
		<-ctx.Done()
	}()
	return s, nil
}

func useSession(ctx context.Context) error {
	s, err := openSession(ctx, "a")
	if err != nil {
		return err
	}
	defer s.cancel()
	return nil
}
