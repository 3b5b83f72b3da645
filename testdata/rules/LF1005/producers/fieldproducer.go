package producers

import "context"

// A watcher's goroutine feeds an unbuffered field its consumers read with a select that leaves on their
// context: once they give up, the goroutine blocks on its send for ever.
type eventStream interface {
	Recv(ctx context.Context) (string, error)
}

type fieldWatcher struct {
	stream eventStream
	events chan string
}

func newFieldWatcher(ctx context.Context, s eventStream) *fieldWatcher {
	w := &fieldWatcher{stream: s, events: make(chan string)}
	go w.run(ctx)
	return w
}

func (w *fieldWatcher) run(ctx context.Context) {
	for {
		ev, err := w.stream.Recv(ctx)
		if err != nil {
			return
		}
		w.events <- ev // want `run runs as a goroutine and is given ctx, but sends on w.events without selecting on ctx.Done\(\)`
	}
}

func (w *fieldWatcher) Next(ctx context.Context) (string, error) {
	select {
	case ev := <-w.events:
		return ev, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// The fix: the send selects on the context too.
type fieldWatcherFixed struct {
	stream eventStream
	events chan string
}

func newFieldWatcherFixed(ctx context.Context, s eventStream) *fieldWatcherFixed {
	w := &fieldWatcherFixed{stream: s, events: make(chan string)}
	go w.run(ctx)
	return w
}

func (w *fieldWatcherFixed) run(ctx context.Context) {
	for {
		ev, err := w.stream.Recv(ctx)
		if err != nil {
			return
		}
		select {
		case w.events <- ev:
		case <-ctx.Done():
			return
		}
	}
}

func (w *fieldWatcherFixed) Next(ctx context.Context) (string, error) {
	select {
	case ev := <-w.events:
		return ev, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Consumers that drain (a range, a plain receive) and a buffered field are not judged.
type drainedWatcher struct {
	stream eventStream
	events chan string
}

func newDrainedWatcher(ctx context.Context, s eventStream) *drainedWatcher {
	w := &drainedWatcher{stream: s, events: make(chan string)}
	go w.run(ctx)
	return w
}

func (w *drainedWatcher) run(ctx context.Context) {
	for {
		ev, err := w.stream.Recv(ctx)
		if err != nil {
			close(w.events)
			return
		}
		w.events <- ev
	}
}

func (w *drainedWatcher) All() []string {
	var out []string
	for ev := range w.events {
		out = append(out, ev)
	}
	return out
}

type bufferedWatcher struct {
	stream eventStream
	events chan string
}

func newBufferedWatcher(ctx context.Context, s eventStream) *bufferedWatcher {
	w := &bufferedWatcher{stream: s, events: make(chan string, 64)}
	go w.run(ctx)
	return w
}

func (w *bufferedWatcher) run(ctx context.Context) {
	for {
		ev, err := w.stream.Recv(ctx)
		if err != nil {
			return
		}
		w.events <- ev
	}
}

func (w *bufferedWatcher) Next(ctx context.Context) (string, error) {
	select {
	case ev := <-w.events:
		return ev, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
