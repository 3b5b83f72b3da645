package loopvarchancapture

import (
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

func TestThreeWatchersSeeTheWrite(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		n := NewNotifier()
		var ws []*Watcher
		for i := 0; i < 3; i++ {
			ws = append(ws, n.Watch("/registry/pods/"))
		}
		var wg sync.WaitGroup
		for _, w := range ws {
			wg.Add(1)
			go func(w *Watcher) {
				defer wg.Done()
				if ev := <-w.Events(); ev.Key != "/registry/pods/web-0" {
					t.Errorf("event %v", ev)
				}
			}(w)
		}
		n.Notify(Event{Type: Added, Key: "/registry/pods/web-0", Rev: 7})
		wg.Wait()
	})
}
