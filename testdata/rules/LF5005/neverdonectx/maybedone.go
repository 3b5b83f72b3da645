package neverdonectx

import (
	"context"
	"sync"
)

// Contexts that may be done: the select has a way out, as before. Silent.

type feed struct {
	id  int
	out chan string
	r   *Relay
}

func (f *feed) C() <-chan string { return f.out }

func (f *feed) Stop() { f.r.drop(f.id) }

func (f *feed) send(ctx context.Context, msg string) {
	select {
	case f.out <- msg:
	case <-ctx.Done():
	}
}

type Relay struct {
	mu     sync.Mutex
	feeds  map[int]*feed
	next   int
	cancel context.CancelFunc
	// ctx is stored twice: Background by the constructor, and a cancellable child by Restart.
	ctx context.Context
}

func NewRelay() *Relay {
	r := &Relay{feeds: map[int]*feed{}, ctx: context.Background()}
	return r
}

func (r *Relay) Restart() {
	r.ctx, r.cancel = context.WithCancel(context.Background())
}

func (r *Relay) Stop() {
	if r.cancel != nil {
		r.cancel()
	}
}

func (r *Relay) Feed() *feed {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.next++
	f := &feed{id: r.next, out: make(chan string), r: r}
	r.feeds[f.id] = f
	return f
}

func (r *Relay) drop(id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if f, ok := r.feeds[id]; ok {
		delete(r.feeds, id)
		close(f.out)
	}
}

// The field is not only Background: Restart stores a context its cancel ends.
func (r *Relay) Broadcast(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.feeds {
		select {
		case f.out <- msg:
		case <-r.ctx.Done():
			return
		}
	}
}

// An exported method's context comes from its caller.
func (r *Relay) BroadcastContext(ctx context.Context, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.feeds {
		f.send(ctx, msg)
	}
}

// An unexported helper called with TODO by one caller and a cancellable context by another: its summary keeps the way out.
func (r *Relay) relay(ctx context.Context, msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.feeds {
		f.send(ctx, msg)
	}
}

func (r *Relay) RelayOnce(msg string) { r.relay(context.TODO(), msg) }

func (r *Relay) RelayUntil(ctx context.Context, msg string) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.relay(ctx, msg)
}

// A context derived from Background with a cancel is done when cancelled.
func (r *Relay) BroadcastOnce(msg string) {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, 1))
	defer cancel()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range r.feeds {
		f.send(ctx, msg)
	}
}
