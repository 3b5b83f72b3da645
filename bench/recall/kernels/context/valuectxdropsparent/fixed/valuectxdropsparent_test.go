package valuectxdropsparent

import (
	"context"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type loggerKey struct{}

// WithLogger returns a context carrying l.
func WithLogger(ctx context.Context, l *log.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// LoggerFrom returns the context's logger, or a discarding one.
func LoggerFrom(ctx context.Context) *log.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*log.Logger); ok {
		return l
	}
	return log.New(io.Discard, "", 0)
}

// Broker fans revision events out to subscribers.
type Broker struct {
	mu   sync.Mutex
	subs map[chan string]struct{}
}

func NewBroker() *Broker { return &Broker{subs: map[chan string]struct{}{}} }

func (b *Broker) Subscribe() chan string {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan string, 8)
	b.subs[ch] = struct{}{}
	return ch
}

func (b *Broker) Unsubscribe(ch chan string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, ch)
}

type Handler struct {
	broker *Broker
	base   *log.Logger
}

// ServeWatch streams events to the client until it goes away.
func (h *Handler) ServeWatch(ctx context.Context, reqID string, send func(string) error) error {
	ctx = WithLogger(ctx, log.New(h.base.Writer(), "watch "+reqID+" ", 0))
	sub := h.broker.Subscribe()
	defer h.broker.Unsubscribe(sub)
	return h.streamEvents(ctx, sub, send)
}

func (h *Handler) streamEvents(ctx context.Context, sub <-chan string, send func(string) error) error {
	for {
		select {
		case ev := <-sub:
			if err := send(ev); err != nil {
				return err
			}
		case <-ctx.Done():
			LoggerFrom(ctx).Print("client went away")
			return ctx.Err()
		}
	}
}

func TestWatchEndsWhenClientLeaves(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		h := &Handler{broker: NewBroker(), base: log.New(io.Discard, "", 0)}
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(20 * time.Millisecond)
			cancel() // the client closes the connection
		}()
		err := h.ServeWatch(ctx, "req-1", func(string) error { return nil })
		if err != context.Canceled {
			t.Errorf("err = %v", err)
		}
	})
}
