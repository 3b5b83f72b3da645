package droppednotify

import (
	"sort"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

// FolderSyncer pushes dirty files to peers. MarkDirty pokes the sync loop without blocking the
// scanner that calls it.
type FolderSyncer struct {
	mu      sync.Mutex
	dirty   map[string]bool
	notify  chan struct{}
	pushed  chan string
	stop    chan struct{}
	done    chan struct{}
	onFlush func() // test hook, runs at the start of every flush
}

func NewFolderSyncer(onFlush func()) *FolderSyncer {
	s := &FolderSyncer{
		dirty:   make(map[string]bool),
		notify:  make(chan struct{}, 1),
		pushed:  make(chan string, 16),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		onFlush: onFlush,
	}
	go s.run()
	return s
}

func (s *FolderSyncer) MarkDirty(name string) {
	s.mu.Lock()
	s.dirty[name] = true
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default: // the loop is busy; it will pick the file up
	}
}

func (s *FolderSyncer) run() {
	defer close(s.done)
	for {
		select {
		case <-s.notify:
			s.flush()
		case <-s.stop:
			return
		}
	}
}

func (s *FolderSyncer) flush() {
	s.mu.Lock()
	names := make([]string, 0, len(s.dirty))
	for n := range s.dirty {
		names = append(names, n)
	}
	s.dirty = make(map[string]bool)
	s.mu.Unlock()
	if s.onFlush != nil {
		s.onFlush()
	}
	sort.Strings(names)
	for _, n := range names {
		s.pushed <- n
	}
}

func (s *FolderSyncer) Stop() {
	close(s.stop)
	<-s.done
}

func TestFileChangedDuringFlushIsPushed(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		inFlush, resume := make(chan struct{}), make(chan struct{})
		first := true
		s := NewFolderSyncer(func() {
			if first {
				first = false
				inFlush <- struct{}{}
				<-resume
			}
		})
		defer s.Stop()
		s.MarkDirty("a.txt")
		<-inFlush
		s.MarkDirty("b.txt") // arrives while the loop is pushing a.txt
		close(resume)
		got := map[string]bool{}
		for len(got) < 2 {
			got[<-s.pushed] = true
		}
	})
}
