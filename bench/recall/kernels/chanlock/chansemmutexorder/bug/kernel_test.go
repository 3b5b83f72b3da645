package chansemmutexorder

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestGCDuringPull(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		m := NewImageManager(fakeRuntime{})
		m.Pull("pause")
		m.rt = fakeRuntime{pullDelay: 50 * time.Millisecond}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); m.Pull("nginx") }()
		time.Sleep(10 * time.Millisecond)
		go func() { defer wg.Done(); m.GarbageCollect(100) }()
		wg.Wait()
		if n := m.Count(); n != 1 {
			t.Errorf("%d images", n)
		}
	})
}
