package loopsendstoself

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type fakePuller struct{ changed []string }

func (p fakePuller) Pull(string) ([]string, error) { return p.changed, nil }

func TestPullThenScan(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		f := NewFolder("default", fakePuller{changed: []string{"docs/a.txt"}})
		done := make(chan struct{})
		go func() { defer close(done); f.Serve() }()
		f.SchedulePull()
		time.Sleep(20 * time.Millisecond) // the pull runs
		if err := f.Scan(nil); err != nil {
			t.Error(err)
		}
		f.Stop()
		<-done
		if got := f.Scanned(); len(got) != 2 {
			t.Errorf("scanned = %v", got)
		}
	})
}
