package helpers

import (
	"context"
	"log"
	"time"
)

type loggerKey struct{}
type requestKey struct{}

// A request-scoped logger attached to a fresh context instead of the one given: the watch handler that
// selects on the result's Done never sees its client leave.
func WithLogger(ctx context.Context, l *log.Logger) context.Context {
	return context.WithValue(context.Background(), loggerKey{}, l) // want `WithLogger is given ctx but returns a context built on context.Background\(\), and never reads ctx`
}

// The same through a chain of derivations and a local.
func withRequest(ctx context.Context, id string, timeout time.Duration) (context.Context, context.CancelFunc) {
	base := context.WithValue(context.TODO(), requestKey{}, id) // want `withRequest is given ctx but returns a context built on context.TODO\(\)`
	return context.WithTimeout(base, timeout)
}

// The fixes and the look-alikes. Silent.

func WithLoggerFixed(ctx context.Context, l *log.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

// Detaching on purpose keeps the values it reads from ctx: ctx is read.
func Detach(ctx context.Context) context.Context {
	return context.WithValue(context.Background(), requestKey{}, ctx.Value(requestKey{}))
}

// A blank parameter says it is ignored on purpose.
func rootFor(_ context.Context) context.Context {
	return context.Background()
}

// A context returned only on some paths from a root: the other path gives the caller's.
func maybeDetached(ctx context.Context, detach bool) context.Context {
	if detach {
		return context.Background()
	}
	return ctx
}

// No context parameter: a constructor of a root context.
func newRootContext(id string) context.Context {
	return context.WithValue(context.Background(), requestKey{}, id)
}

// A method may implement an interface whose other types use the context.
type tracer struct{}

func (tracer) Start(ctx context.Context, name string) context.Context {
	return context.WithValue(context.Background(), requestKey{}, name)
}

// Returns nil on an error path: not judged.
func withDeadline(ctx context.Context, d time.Duration) (context.Context, error) {
	if d <= 0 {
		return nil, context.DeadlineExceeded
	}
	c, _ := context.WithTimeout(context.Background(), d)
	return c, nil
}

// Two contexts given: which one should carry on is not ours to say.
func merge(a, b context.Context) context.Context {
	return context.Background()
}
