package producers

import (
	"context"
	"errors"
)

type event struct{ key, value string }

type stream interface {
	Recv() (event, error)
}

// A watch helper: the caller ranges over the events until its context ends, then leaves; the producer is
// stuck on its next send.
func Watch(ctx context.Context, s stream) <-chan event {
	out := make(chan event)
	go func() {
		defer close(out)
		for {
			ev, err := s.Recv()
			if err != nil {
				return
			}
			out <- ev // want `this goroutine sends on out, which Watch returns to its caller, without selecting on ctx.Done\(\)`
		}
	}()
	return out
}

// A paginated lister with an error channel of its own.
func List(ctx context.Context, pages [][]string) (<-chan string, <-chan error) {
	names := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(names)
		for _, p := range pages {
			if len(p) == 0 {
				errc <- errors.New("empty page")
				return
			}
			for _, n := range p {
				names <- n // want `this goroutine sends on names, which List returns to its caller`
			}
		}
	}()
	return names, errc
}

// The fixes, and producers that need none.

func WatchFixed(ctx context.Context, s stream) <-chan event {
	out := make(chan event)
	go func() {
		defer close(out)
		for {
			ev, err := s.Recv()
			if err != nil {
				return
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Room for every value: the send never blocks.
func Single(ctx context.Context, s stream) <-chan event {
	out := make(chan event, 1)
	go func() {
		ev, _ := s.Recv()
		out <- ev
	}()
	return out
}

// No context to leave on: the caller is expected to drain (another rule's business).
func Drain(s stream) <-chan event {
	out := make(chan event)
	go func() {
		defer close(out)
		for {
			ev, err := s.Recv()
			if err != nil {
				return
			}
			out <- ev
		}
	}()
	return out
}

// The channel stays here: received from in this function.
func First(ctx context.Context, s stream) (event, error) {
	out := make(chan event)
	go func() {
		ev, _ := s.Recv()
		select {
		case out <- ev:
		case <-ctx.Done():
		}
	}()
	select {
	case ev := <-out:
		return ev, nil
	case <-ctx.Done():
		return event{}, ctx.Err()
	}
}

// A producer checking the context between sends has a way out we do not judge.
func Checked(ctx context.Context, items []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, it := range items {
			if ctx.Err() != nil {
				return
			}
			out <- it
		}
	}()
	return out
}
