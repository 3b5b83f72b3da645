package watchreqafterexit

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type fakeStream struct{}

func (fakeStream) Send(string) error { return nil }

// fakeRemote accepts the first stream; reconnecting fails slowly with an auth error.
type fakeRemote struct {
	mu    sync.Mutex
	calls int
}

func (r *fakeRemote) Watch(ctx context.Context) (WatchStream, error) {
	r.mu.Lock()
	r.calls++
	n := r.calls
	r.mu.Unlock()
	if n == 1 {
		return fakeStream{}, nil
	}
	time.Sleep(100 * time.Millisecond)
	return nil, errors.New("etcdserver: permission denied")
}

func TestWatchAfterStreamFails(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		w := NewWatcher(&fakeRemote{})
		ctx := context.Background()
		_ = w.Watch(ctx, "/registry/pods")

		w.mu.Lock()
		wgs := w.streams[""]
		w.mu.Unlock()
		wgs.errc <- errors.New("rpc error: code = Unavailable desc = transport is closing")

		time.Sleep(20 * time.Millisecond) // run() is reconnecting
		wch := w.Watch(ctx, "/registry/services")
		for resp := range wch {
			if !resp.Canceled {
				t.Errorf("expected canceled response, got %+v", resp)
			}
		}
	})
}
