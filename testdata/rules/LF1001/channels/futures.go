package channels

import (
	"context"
	"errors"
	"time"
)

// Futures: a function returns an unbuffered channel its goroutine sends one result on. A caller that can return
// without receiving (the first of two answers wins, or a timeout) leaves that goroutine on its send for ever.

type answer struct {
	addrs []string
	err   error
}

type resolver interface {
	Lookup(host string) <-chan answer
}

type hostsResolver struct{ entries map[string][]string }

func (h *hostsResolver) Lookup(host string) <-chan answer {
	ch := make(chan answer)
	go func() {
		if a, ok := h.entries[host]; ok {
			ch <- answer{addrs: a}
			return
		}
		ch <- answer{err: errors.New("not found")}
	}()
	return ch
}

type dnsResolver struct{ latency time.Duration }

func (d *dnsResolver) Lookup(host string) <-chan answer {
	ch := make(chan answer)
	go func() {
		time.Sleep(d.latency)
		ch <- answer{addrs: []string{"10.0.0.7"}}
	}()
	return ch
}

type dialer struct {
	primary, fallback resolver
}

func (d *dialer) resolve(host string) ([]string, error) {
	a, b := d.primary.Lookup(host), d.fallback.Lookup(host) // want `kept here in a, but resolve can return at line \d+ without receiving from a` `kept here in b, but resolve can return at line \d+ without receiving from b`
	for i := 0; i < 2; i++ {
		select {
		case r := <-a:
			if r.err == nil {
				return r.addrs, nil
			}
			a = nil
		case r := <-b:
			if r.err == nil {
				return r.addrs, nil
			}
			b = nil
		}
	}
	return nil, errors.New("no such host")
}

func fetchAsync(key string) <-chan error {
	done := make(chan error)
	go func() {
		time.Sleep(time.Millisecond)
		done <- nil
	}()
	return done
}

func fetchWithin(ctx context.Context, key string) error {
	done := fetchAsync(key) // want `the goroutine fetchAsync starts \(line \d+\) sends its one result on the unbuffered channel fetchAsync returns, kept here in done, but fetchWithin can return at line \d+ without receiving from done`
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Fixed: a buffer of one lets the goroutine finish whoever receives.
func fetchAsyncBuffered(key string) <-chan error {
	done := make(chan error, 1)
	go func() { done <- nil }()
	return done
}

func fetchWithinBuffered(ctx context.Context, key string) error {
	done := fetchAsyncBuffered(key)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The caller always receives.
func fetchAndWait(key string) error {
	done := fetchAsync(key)
	return <-done
}

// The future's goroutine selects on its own way out: not a plain send.
func fetchAsyncStoppable(ctx context.Context, key string) <-chan error {
	done := make(chan error)
	go func() {
		select {
		case done <- nil:
		case <-ctx.Done():
		}
	}()
	return done
}

func fetchWithinStoppable(ctx context.Context, key string) error {
	done := fetchAsyncStoppable(ctx, key)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The channel is handed on: another function may receive.
func fetchAndForward(key string, keep func(<-chan error)) {
	done := fetchAsync(key)
	keep(done)
}

// An interface with an implementation that is no future: the call is not judged.
type source interface {
	Open(name string) <-chan answer
}

type syncSource struct{}

func (syncSource) Open(name string) <-chan answer {
	ch := make(chan answer, 1)
	ch <- answer{}
	return ch
}

type asyncSource struct{}

func (asyncSource) Open(name string) <-chan answer {
	ch := make(chan answer)
	go func() { ch <- answer{} }()
	return ch
}

func openFirst(s source, ctx context.Context) error {
	ch := s.Open("x")
	select {
	case r := <-ch:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}
