package taskwaitnocancel

import (
	"context"
	"errors"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// fakeShim: the task's process never starts, so it never exits.
type fakeShim struct{}

func (fakeShim) Start(context.Context, string) error {
	return errors.New("OCI runtime create failed: exec: \"/app\": permission denied")
}
func (fakeShim) Wait(ctx context.Context, id string) (uint32, error) {
	<-ctx.Done()
	return 0, ctx.Err()
}
func (fakeShim) Delete(context.Context, string) error { return nil }

func TestStartContainerFails(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		c := &criService{monitors: map[string]<-chan ExitStatus{}}
		tk := &task{id: "9d3e", tasks: fakeShim{}}
		if err := c.StartContainer(context.Background(), tk); err == nil {
			t.Errorf("expected start to fail")
		}
	})
}
