package doinsyncunderlock

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"recallbench/internal/leakcheck"
)

type folderState int

const (
	stateIdle folderState = iota
	stateScanning
	stateSyncing
)

var errStopped = errors.New("folder stopped")

// matcher holds the folder's ignore patterns.
type matcher struct{ patterns []string }

func (m *matcher) Match(name string) bool {
	for _, p := range m.patterns {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// puller fetches what the folder needs; sendReceivePuller and receiveOnlyPuller implement it.
type puller interface {
	pull(files []string) int
}

type sendReceivePuller struct{ pulled int }

func (p *sendReceivePuller) pull(files []string) int { p.pulled += len(files); return len(files) }

type receiveOnlyPuller struct{ reverted int }

func (p *receiveOnlyPuller) pull(files []string) int { p.reverted++; return 0 }

type syncRequest struct {
	fn  func() error
	err chan error
}

type folder struct {
	id           string
	stateMu      sync.Mutex
	state        folderState
	ignores      *matcher
	files        []string
	puller       puller
	doInSyncChan chan syncRequest
	pullNow      chan struct{}
	stop         chan struct{}
	done         chan struct{}
}

func newFolder(id string, files []string, p puller) *folder {
	f := &folder{id: id, files: files, puller: p, ignores: &matcher{},
		doInSyncChan: make(chan syncRequest), pullNow: make(chan struct{}, 1),
		stop: make(chan struct{}), done: make(chan struct{})}
	go f.serve()
	return f
}

// serve runs pulls, scans and the functions given to doInSync one at a time.
func (f *folder) serve() {
	defer close(f.done)
	for {
		select {
		case req := <-f.doInSyncChan:
			req.err <- req.fn()
		case <-f.pullNow:
			f.setState(stateSyncing)
			f.puller.pull(f.files)
			f.setState(stateIdle)
		case <-f.stop:
			return
		}
	}
}

func (f *folder) doInSync(fn func() error) error {
	req := syncRequest{fn: fn, err: make(chan error, 1)}
	select {
	case f.doInSyncChan <- req:
		return <-req.err
	case <-f.done:
		return errStopped
	}
}

func (f *folder) setState(s folderState) {
	f.stateMu.Lock()
	f.state = s
	f.stateMu.Unlock()
}

func (f *folder) scanIgnored(m *matcher) int {
	n := 0
	for _, name := range f.files {
		if m.Match(name) {
			n++
		}
	}
	return n
}

// SetIgnores replaces the ignore patterns and rescans on the serve loop, so that the rescan does
// not race with a pull.
func (f *folder) SetIgnores(patterns []string) error {
	f.stateMu.Lock()
	defer f.stateMu.Unlock()
	m := &matcher{patterns: patterns}
	f.ignores = m
	return f.doInSync(func() error {
		f.setState(stateScanning)
		defer f.setState(stateIdle)
		f.scanIgnored(m)
		return nil
	})
}

func (f *folder) Stop() {
	close(f.stop)
	<-f.done
}

func TestSetIgnores(t *testing.T) {
	leakcheck.Run(t, 2*time.Second, func() {
		f := newFolder("default", []string{"docs/a.md", "build/out.bin"}, &sendReceivePuller{})
		f.pullNow <- struct{}{}
		if err := f.SetIgnores([]string{"build/"}); err != nil {
			t.Error(err)
		}
		f.Stop()
	})
}
