package watcherrecvafterctx

import (
	"context"
	"errors"
)

type Address struct{ Addr string }

type Watcher struct {
	updates chan []Address
	done    chan struct{}
	source  <-chan []Address
}

func NewWatcher(ctx context.Context, source <-chan []Address) *Watcher {
	w := &Watcher{updates: make(chan []Address), done: make(chan struct{}), source: source}
	go w.run(ctx)
	return w
}

func (w *Watcher) run(ctx context.Context) {
	defer close(w.done)
	for {
		select {
		case <-ctx.Done():
			return
		case addrs := <-w.source:
			select {
			case w.updates <- addrs:
			case <-ctx.Done():
				return
			}
		}
	}
}

var errClosed = errors.New("resolver: watcher closed")

// Next blocks until the next address update.
func (w *Watcher) Next() ([]Address, error) {
	select {
	case a := <-w.updates:
		return a, nil
	case <-w.done:
		return nil, errClosed
	}
}
