package watchctxsend

import "context"

type WatchEvent struct {
	Type  string
	Key   string
	Value string
}

type Stream interface {
	Recv() (WatchEvent, error)
}

// Watch forwards the stream's events until it fails or ctx ends.
func Watch(ctx context.Context, s Stream) <-chan WatchEvent {
	out := make(chan WatchEvent)
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

// Collect gathers events until ctx ends.
func Collect(ctx context.Context, s Stream) []WatchEvent {
	var got []WatchEvent
	evs := Watch(ctx, s)
	for {
		select {
		case ev, ok := <-evs:
			if !ok {
				return got
			}
			got = append(got, ev)
		case <-ctx.Done():
			return got
		}
	}
}
