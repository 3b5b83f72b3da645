package shimprocorder

import (
	"context"
	"sync"
	"syscall"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type fakeRunc struct{}

func (fakeRunc) Kill(context.Context, string, syscall.Signal) error { return nil }
func (fakeRunc) Delete(context.Context, string) error {
	time.Sleep(50 * time.Millisecond) // runc delete
	return nil
}

func TestKillWhileExiting(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := NewService()
		p := s.Create("redis", 1234, fakeRunc{})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { // reaper
			defer wg.Done()
			p.SetExited(137)
		}()
		go func() { // ctr task kill
			defer wg.Done()
			time.Sleep(10 * time.Millisecond)
			_ = s.Kill(context.Background(), "redis", syscall.SIGTERM)
		}()
		wg.Wait()
	})
}
