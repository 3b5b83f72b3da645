package replayafterstop

import (
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type Entry struct {
	Index int
	Data  string
}

type Store struct {
	applied int
	last    string
}

// Replay applies the entries on a goroutine of its own, then marks the end of the replay.
func Replay(s *Store, entries []Entry) {
	entryc := make(chan Entry)
	stopc := make(chan struct{})
	go func() {
		for {
			select {
			case e := <-entryc:
				s.applied++
				s.last = e.Data
			case <-stopc:
				return
			}
		}
	}()
	for _, e := range entries {
		entryc <- e
	}
	time.Sleep(5 * time.Millisecond) // sync the WAL before the marker
	entryc <- Entry{Index: -1, Data: "snapshot-marker"}
	close(stopc)
}

func TestReplay(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		s := &Store{}
		Replay(s, []Entry{{1, "a"}, {2, "b"}})
		time.Sleep(10 * time.Millisecond)
		if s.applied < 2 {
			t.Errorf("applied %d", s.applied)
		}
	})
}
