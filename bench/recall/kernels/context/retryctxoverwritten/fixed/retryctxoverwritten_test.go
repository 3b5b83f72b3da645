package retryctxoverwritten

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

var (
	errUnavailable = errors.New("rpc error: code = Unavailable")
	errExhausted   = errors.New("watch: retries exhausted")
)

type WatchEvent struct {
	Key      string
	Revision int64
}

// watchStream is one attempt's stream from a cluster member.
type watchStream struct {
	member string
	events []WatchEvent
	err    error
	mu     sync.Mutex
	pings  int
}

func (s *watchStream) ping() {
	s.mu.Lock()
	s.pings++
	s.mu.Unlock()
}

func (s *watchStream) recvAll() ([]WatchEvent, error) { return s.events, s.err }

// Client watches keys, retrying on another member when a stream breaks.
type Client struct {
	dial        func(ctx context.Context, key string) (*watchStream, error)
	maxAttempts int
	keepalive   time.Duration
	logf        func(format string, args ...interface{})
}

// keepAlive pings the stream until the attempt's context ends.
func (c *Client) keepAlive(ctx context.Context, s *watchStream) {
	t := time.NewTicker(c.keepalive)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.ping()
		}
	}
}

func retryable(err error) bool { return errors.Is(err, errUnavailable) }

// Watch collects a key's events, opening a new stream each time one fails with a retryable error.
func (c *Client) Watch(parent context.Context, key string) ([]WatchEvent, error) {
	ctx, cancel := context.WithCancel(parent)
	// Deferred as a closure: cancel is replaced on every retry, and the last attempt's must run.
	defer func() { cancel() }()
	var got []WatchEvent
	for attempt := 1; attempt <= c.maxAttempts; attempt++ {
		s, err := c.dial(ctx, key)
		if err != nil {
			return got, err
		}
		go c.keepAlive(ctx, s)
		evs, err := s.recvAll()
		got = append(got, evs...)
		if err == nil {
			return got, nil
		}
		if !retryable(err) {
			return got, err
		}
		c.logf("watch %s on %s, attempt %d: %v; retrying", key, s.member, attempt, err)
		cancel() // ends this attempt's keepalive
		ctx, cancel = context.WithCancel(parent)
	}
	return got, errExhausted
}

func TestWatchRetriesOnce(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		n := 0
		c := &Client{
			maxAttempts: 3,
			keepalive:   5 * time.Millisecond,
			logf:        log.Printf,
			dial: func(ctx context.Context, key string) (*watchStream, error) {
				n++
				s := &watchStream{member: fmt.Sprintf("member-%d", n), events: []WatchEvent{{Key: key, Revision: int64(n)}}}
				if n == 1 {
					s.err = errUnavailable
				}
				return s, nil
			},
		}
		c.logf = t.Logf
		if evs, err := c.Watch(context.Background(), "/config/app"); err != nil || len(evs) != 2 {
			t.Errorf("watch: %v %v", evs, err)
		}
	})
}
