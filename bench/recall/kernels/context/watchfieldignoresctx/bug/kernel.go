package watchfieldignoresctx

import "context"

type Event struct {
	Key   string
	Value string
}

// Stream yields a store's changes.
type Stream interface {
	Recv(ctx context.Context) (Event, error)
}

type Watcher struct {
	stream Stream
	events chan Event
}

func Watch(ctx context.Context, s Stream) *Watcher {
	w := &Watcher{stream: s, events: make(chan Event)}
	go w.run(ctx)
	return w
}

func (w *Watcher) run(ctx context.Context) {
	for {
		ev, err := w.stream.Recv(ctx)
		if err != nil {
			return
		}
		w.events <- ev
	}
}

// Next returns the next change, or the context's error once it is done.
func (w *Watcher) Next(ctx context.Context) (Event, error) {
	select {
	case ev := <-w.events:
		return ev, nil
	case <-ctx.Done():
		return Event{}, ctx.Err()
	}
}
