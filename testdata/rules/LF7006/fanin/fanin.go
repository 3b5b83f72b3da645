package fanin

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func query(string) string { return "" }

// First answer wins: the other goroutines still send on the channel the function closes.
func first(servers []string) string {
	ch := make(chan string)
	for _, s := range servers {
		go func() { ch <- query(s) }()
	}
	r := <-ch
	close(ch) // want `ch is closed here while the goroutine started at line 17 may still send on it \(line 17\)`
	return r
}

// A timeout: the goroutine may still send after the function closes.
func withTimeout(s string, d time.Duration) (string, bool) {
	ch := make(chan string)
	defer close(ch) // want `ch is closed here while the goroutine started at line 28 may still send on it \(line 28\)`
	go func() { ch <- query(s) }()
	select {
	case r := <-ch:
		return r, true
	case <-time.After(d):
		return "", false
	}
}

// A cancel does not wait: the producer may be between its check and its send.
func stream(ctx context.Context, items []string) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan string, 1)
	go func() {
		for _, it := range items {
			select {
			case out <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	cancel()
	close(out) // want `out is closed here while the goroutine started at line 41 may still send on it \(line 44\)`
}

// Negative cases.

// Close after the WaitGroup of the senders.
func gather(servers []string) []string {
	ch := make(chan string, len(servers))
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- query(s)
		}()
	}
	wg.Wait()
	close(ch)
	var out []string
	for r := range ch {
		out = append(out, r)
	}
	return out
}

// Close after errgroup's Wait.
func gatherErrgroup(servers []string) []string {
	ch := make(chan string, len(servers))
	var g errgroup.Group
	for _, s := range servers {
		g.Go(func() error {
			ch <- query(s)
			return nil
		})
	}
	_ = g.Wait()
	close(ch)
	var out []string
	for r := range ch {
		out = append(out, r)
	}
	return out
}

// Receive every answer, then close.
func drainAll(servers []string) []string {
	ch := make(chan string)
	for _, s := range servers {
		go func() { ch <- query(s) }()
	}
	var out []string
	for range servers {
		out = append(out, <-ch)
	}
	close(ch)
	return out
}

// One goroutine sending once: the receive takes its only send.
func one(s string) string {
	ch := make(chan string)
	go func() { ch <- query(s) }()
	r := <-ch
	close(ch)
	return r
}

// The sender closes its own channel.
func produce(items []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, it := range items {
			out <- it
		}
	}()
	return out
}

// Leaving the channel open on timeout (buffered, the sender never blocks): no close, no panic.
func leaveOpen(s string, d time.Duration) (string, bool) {
	ch := make(chan string, 1)
	go func() { ch <- query(s) }()
	select {
	case r := <-ch:
		return r, true
	case <-time.After(d):
		return "", false
	}
}
